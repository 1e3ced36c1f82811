"""Keyboard use: the skip link comes first and works; the language switcher is reachable."""

import pytest

pytestmark = pytest.mark.browser

FOCUSED = """() => {
    const el = document.activeElement;
    return {
        cls: el.className, id: el.id, lang: el.lang, text: el.textContent.trim(),
        inMain: !!el.closest("main"), inSwitcher: !!el.closest(".language-switcher"),
        outline: getComputedStyle(el).outlineStyle,
    };
}"""


@pytest.mark.parametrize("language", ["nl", "en", "fr", "ar", "uk", "tr"])
def test_skip_link_is_first_and_moves_focus_to_the_content(page, language):
    page.goto(f"/{language}/dorpaanzet/")

    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["cls"] == "skip-link"
    skip_link = page.locator(".skip-link").bounding_box()
    assert skip_link["y"] >= 0 and skip_link["height"] > 0, "the focused skip link must be on screen"

    page.keyboard.press("Enter")
    # The jump to #main lands a moment after the key press: wait for it, then check.
    page.wait_for_url(f"**/{language}/dorpaanzet/#main")
    assert page.url.endswith(f"/{language}/dorpaanzet/#main")
    assert page.evaluate(FOCUSED)["id"] == "main"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "Tab after the skip link must stay in the content"


@pytest.mark.parametrize("language", ["nl", "en", "fr", "ar", "uk", "tr"])
def test_language_switcher_by_keyboard(page, language):
    page.goto(f"/{language}/dorpaanzet/armoede/")
    links = page.locator(".language-switcher a")
    codes = [links.nth(i).get_attribute("lang") for i in range(links.count())]
    assert codes == ["nl", "en", "fr", "ar", "uk", "tr"]

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["cls"] == "skip-link"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["cls"] == "site-name"
    reached = []
    for _ in codes:
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["inSwitcher"], focused
        assert focused["outline"] != "none", "a focused language link must show a focus ring"
        reached.append(focused["lang"])
    assert reached == codes

    target = "ar" if language == "nl" else "nl"
    page.keyboard.press("Shift+Tab")
    while page.evaluate(FOCUSED)["lang"] != target:
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{target}/dorpaanzet/armoede/")
    assert page.evaluate("document.documentElement.lang") == target
