"""Staff read the admin in their own language: Wagtail's and wagtail-localize's strings too.

wagtail-localize ships almost no Turkish and Wagtail's admin lacks Ukrainian and Turkish
strings; some of their Dutch, French, Arabic and Ukrainian translations glue a word to a
number ("1-6van 6pagina's") or drop a space the code relies on ("Publiceer inArabisch").
``locale/`` completes and corrects them (``cms/borrowed_strings.py``); these tests read the
catalogues exactly as the admin's views do, so they fail when a string shows in English.
"""

import re
from pathlib import Path

import polib
import pytest
import wagtail
import wagtail_localize
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse
from django.utils.translation.trans_real import DjangoTranslation, translation
from django.views.i18n import JavaScriptCatalog
from wagtail.users.models import UserProfile

from campaign.models import ThemePage
from forms.models import RegistrationFormPage

ADMIN_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
LOCALIZE = Path(wagtail_localize.__file__).parent / "locale"
WAGTAIL_ADMIN = Path(wagtail.__file__).parent / "admin" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def msgids(locale_dir, domain):
    """Every string of a package's catalogue, as the keys of a gettext catalogue."""
    keys = []
    for entry in polib.pofile(str(locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po")):
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        keys.append((msgid, 0) if entry.msgid_plural else msgid)
    return keys


def same_language(catalogue, language):
    header = catalogue.info().get("language", "") if hasattr(catalogue, "info") else ""
    return re.split(r"[-_]", header.lower())[0] == language


def served(language):
    """``{key: translation}`` in this language that the admin's templates and code get.

    gettext also follows fallbacks: other compiled catalogues of the same language (a package
    may ship an ``nl_NL`` one beside a stale ``nl``), then Django's fallback to the site's
    main language. That last one would show Dutch to a Turkish translator, so it is left out.
    """
    strings, current = {}, translation(language)
    while current is not None:
        for key, value in current._catalog.items():
            strings.setdefault(key, value)
        current = current._fallback
        if isinstance(current, DjangoTranslation) or not same_language(current, language):
            break
    return strings


def js_catalogue(language, locale_dir):
    """What a package's JavaScriptCatalog view serves in this language: its own catalogue plus
    ``LOCALE_PATHS`` (without the view's fallback to the site's main language)."""
    view = JavaScriptCatalog()
    view.translation = DjangoTranslation(language, domain="djangojs", localedirs=[str(locale_dir)])
    view.translation._fallback = None
    catalogue = {}
    for key, value in view.get_catalog().items():
        catalogue[key] = value
        if isinstance(value, list):
            catalogue[(key, 0)] = value[0]
    return catalogue


@pytest.mark.parametrize("language", ADMIN_LANGUAGES)
def test_wagtail_localize_is_complete(language):
    strings = served(language)
    missing = [key for key in msgids(LOCALIZE, "django") if key not in strings]
    assert missing == [], f"{language}: wagtail-localize strings shown in English"
    strings = js_catalogue(language, LOCALIZE)
    missing = [key for key in msgids(LOCALIZE, "djangojs") if key not in strings]
    assert missing == [], f"{language}: wagtail-localize's editor strings shown in English"


@pytest.mark.parametrize("language", ADMIN_LANGUAGES)
def test_wagtail_admin_javascript_is_complete(language):
    strings = js_catalogue(language, WAGTAIL_ADMIN)
    missing = [key for key in msgids(WAGTAIL_ADMIN, "djangojs") if key not in strings]
    assert missing == [], f"{language}: Wagtail admin script strings shown in English"


def spacing(text):
    """For each placeholder: is a letter glued to it on the left, on the right?"""
    glued = {}
    for match in PLACEHOLDER.finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        glued[match.group()] = (before.isalnum(), after.isalnum())
    return glued


@pytest.mark.parametrize("language", ADMIN_LANGUAGES)
def test_no_word_is_glued_to_a_number_or_name(language):
    """A translation keeps the spaces around placeholders and at the ends that the code needs."""
    catalogues = {
        "django": served(language),
        "localize js": js_catalogue(language, LOCALIZE),
        "wagtail js": js_catalogue(language, WAGTAIL_ADMIN),
    }
    sources = [
        ("django", LOCALIZE, "django"),
        ("django", WAGTAIL_ADMIN, "django"),
        ("localize js", LOCALIZE, "djangojs"),
        ("wagtail js", WAGTAIL_ADMIN, "djangojs"),
    ]
    wrong = []
    for catalogue, locale_dir, domain in sources:
        for key in msgids(locale_dir, domain):
            if not isinstance(key, str) or key not in catalogues[catalogue]:
                continue
            msgid, text = key.split("\x04")[-1], catalogues[catalogue][key]
            ours, theirs = spacing(msgid), spacing(text)
            glued = [
                p for p in ours if p in theirs and (theirs[p][0] > ours[p][0] or theirs[p][1] > ours[p][1])
            ]
            trailing = msgid.endswith(" ") and not text.endswith(" ")
            if glued or trailing:
                wrong.append((msgid, text))
    assert wrong == [], f"{language}: {wrong}"


def visible_texts(html):
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    texts = set(soup.stripped_strings)
    for element in soup.find_all(True):
        texts.update(element[name] for name in ("title", "aria-label", "placeholder") if element.get(name))
    return {re.sub(r"\s+", " ", text).strip() for text in texts}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ADMIN_LANGUAGES)
def test_admin_screens_of_editors_and_translators_show_no_english(client, admin_user, language):
    """The screens of the editor's and translator's path, in each admin language."""
    english = set()
    for locale_dir in (LOCALIZE, WAGTAIL_ADMIN, WAGTAIL_ADMIN.parent.parent / "locale"):
        english |= {key for key in msgids(locale_dir, "django") if isinstance(key, str) and "\x04" not in key}
    strings = served(language)
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    form = RegistrationFormPage.objects.get(slug="inschrijven", locale__language_code="nl")
    arabic_form = RegistrationFormPage.objects.get(slug="inschrijven", locale__language_code="ar")
    campaign = form.get_campaign()
    theme = ThemePage.objects.child_of(campaign).first()
    screens = [
        reverse("wagtailadmin_explore", args=[campaign.pk]),
        reverse("wagtailadmin_pages:edit", args=[campaign.pk]),
        reverse("wagtailadmin_pages:edit", args=[theme.pk]),
        reverse("wagtailadmin_pages:edit", args=[form.pk]),
        reverse("wagtailadmin_pages:edit", args=[arabic_form.pk]),  # the translation editor
        reverse("wagtailadmin_pages:add_subpage", args=[campaign.pk]),
        reverse("wagtailadmin_pages:history", args=[form.pk]),
        reverse("wagtail_localize:submit_page_translation", args=[campaign.pk]),
    ]
    client.force_login(admin_user)
    shown = {}
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        for text in visible_texts(response.content.decode()):
            if text in english and text not in strings:
                shown.setdefault(text, url)
    client.logout()
    login = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'lang="{language}"' in login
    for text in visible_texts(login):
        if text in english and text not in strings:
            shown.setdefault(text, "login")
    assert "Password" not in visible_texts(login)
    assert shown == {}, f"{language}: English on the admin screens"
