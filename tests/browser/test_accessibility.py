"""Every public page type, in all six languages, passes axe-core, reflows and takes larger text.

All of axe's rules run: WCAG A and AA, best practice, and the experimental, AAA and WCAG 2.2
rules that axe leaves out by default; at 1280 and at 320 CSS pixels wide, with no sideways
scrolling at 320 (WCAG 1.4.10), and at 200 % text size without losing content (WCAG 1.4.4).
See ``checks.py``. The registration form in its states is in ``test_registration.py``.
"""

import pytest

from tests.demo_extras import CAMPAIGN_SLUG, FORM_SLUG, THEME_SLUG

from .checks import assert_accessible
from .conftest import BASE_DIR

pytestmark = pytest.mark.browser

LANGUAGES = ["nl", "en", "fr", "ar", "uk", "tr"]
THEMES = [
    "kansen-voor-kinderen-en-jongeren",
    "armoede",
    "zorg-in-buurten-en-verbinding",
    "nieuwkomers",
    "iedereen-mee",
]
PAGES = {
    "home": "/{language}/",
    "campaign": "/{language}/dorpaanzet/",
    # The themes share a template; each language takes another one, so all five are seen.
    "theme": "/{language}/dorpaanzet/{theme}/",
    "accessibility statement": "/{language}/toegankelijkheid/",
    "privacy statement": "/{language}/privacy/",
    "campaign without sessions": f"/{{language}}/{CAMPAIGN_SLUG}/",
    "theme without sessions": f"/{{language}}/{CAMPAIGN_SLUG}/{THEME_SLUG}/",
    "general form": f"/{{language}}/{FORM_SLUG}/",
    "not found": "/{language}/deze-pagina-bestaat-niet/",
}


@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_is_accessible(page, run_axe, language, kind):
    theme = THEMES[LANGUAGES.index(language) % len(THEMES)]
    path = PAGES[kind].format(language=language, theme=theme)
    response = page.goto(path)
    assert response.status == (404 if kind == "not found" else 200)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        language,
        "rtl" if language == "ar" else "ltr",
    ]
    assert_accessible(page, run_axe, f"{path} ({kind})")


def test_server_error_page_is_accessible(page, run_axe):
    """The 500 page is plain HTML without the stylesheet (nothing may fail while showing it)."""
    page.set_content((BASE_DIR / "cms" / "templates" / "500.html").read_text(encoding="utf-8"))
    assert page.locator("h2[lang]").count() == 5
    assert_accessible(page, run_axe, "500 page", styled=False)
