"""Arabic is laid out right to left, Dutch left to right: not only ``dir``, the layout mirrors."""

import pytest

pytestmark = pytest.mark.browser

BOX = "element => { const r = element.getBoundingClientRect(); return {left: r.left, right: r.right}; }"
# Where the first line of a heading's text sits, not the heading's full-width box. Mixed
# Arabic and Latin text gives one rectangle per bidi run: take them all on that line.
TEXT_BOX = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const rects = Array.from(range.getClientRects());
    const line = rects.filter(r => Math.abs(r.top - rects[0].top) < 2);
    return {left: Math.min(...line.map(r => r.left)), right: Math.max(...line.map(r => r.right))};
}"""


def centre(box):
    return (box["left"] + box["right"]) / 2


@pytest.mark.parametrize(
    ("path", "direction"),
    [("/nl/", "ltr"), ("/ar/", "rtl"), ("/nl/dorpaanzet/", "ltr"), ("/ar/dorpaanzet/", "rtl")],
)
def test_direction_follows_the_language(page, path, direction):
    page.goto(path)

    assert page.evaluate("document.documentElement.dir") == direction
    assert page.evaluate("getComputedStyle(document.body).direction") == direction

    site_name = page.locator(".site-name").evaluate(BOX)
    switcher = page.locator(".language-switcher").evaluate(BOX)
    heading = page.locator("main h1").evaluate(BOX)
    heading_text = page.locator("main h1").evaluate(TEXT_BOX)
    if direction == "rtl":
        assert centre(site_name) > centre(switcher), (site_name, switcher)
        assert heading_text["right"] == pytest.approx(heading["right"], abs=1)
        assert heading_text["left"] > heading["left"] + 20
    else:
        assert centre(site_name) < centre(switcher), (site_name, switcher)
        assert heading_text["left"] == pytest.approx(heading["left"], abs=1)
        assert heading_text["right"] < heading["right"] - 20


def test_arabic_theme_cards_mirror(page):
    """The coloured edge of a theme card marks where reading starts: the right in Arabic."""
    page.goto("/ar/dorpaanzet/")
    card = page.locator(".card").first
    assert card.evaluate("el => getComputedStyle(el).borderRightWidth") == "6px"
    assert card.evaluate("el => getComputedStyle(el).borderLeftWidth") == "1px"

    page.goto("/nl/dorpaanzet/")
    card = page.locator(".card").first
    assert card.evaluate("el => getComputedStyle(el).borderLeftWidth") == "6px"
