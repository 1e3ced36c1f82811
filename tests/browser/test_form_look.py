"""How the registration form looks in a real browser: sizes and directions as people see them."""

import pytest

pytestmark = pytest.mark.browser

FORM = "/{language}/dorpaanzet/inschrijven/"
COMPUTED = """selector => {
    const el = document.querySelector(selector);
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {fontSize: parseFloat(style.fontSize), fontWeight: parseInt(style.fontWeight, 10),
            direction: style.direction, width: box.width, height: box.height,
            naturalWidth: el.naturalWidth || 0, complete: el.complete === undefined ? true : el.complete};
}"""
PRIMARY = "form.registration-form p > button.button--primary"
SECONDARY = "form.registration-form .captcha__refresh"


def measure(page, selector):
    return page.evaluate(COMPUTED, selector)


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_send_button_is_at_least_as_prominent_as_show_another_sum(page, language):
    """Issue 8: "Inschrijving versturen" had the browser's 13 px, "Toon een andere som" 16 px."""
    page.goto(FORM.format(language=language))
    primary, secondary = measure(page, PRIMARY), measure(page, SECONDARY)
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert primary["fontSize"] >= secondary["fontSize"], (primary, secondary)
    assert primary["fontSize"] >= body >= 16
    assert primary["fontWeight"] >= secondary["fontWeight"]
    assert primary["height"] >= secondary["height"] - 0.5


def test_the_sum_picture_is_shown_large(page):
    """Issue 8: the sum's picture was about 60×20 px."""
    page.goto(FORM.format(language="nl"))
    page.wait_for_function("() => document.querySelector('.captcha__image').complete")
    image = measure(page, ".captcha__image")
    assert image["naturalWidth"] >= 200
    assert image["width"] >= 200 and image["height"] >= 70
    # On a narrow phone it still fits the screen.
    page.set_viewport_size({"width": 320, "height": 640})
    narrow = measure(page, ".captcha__image")
    assert narrow["width"] <= 320 - 16


def test_arabic_e_mail_address_is_typed_left_to_right(page):
    """Issue 8: "yousef@" showed as "@yousef" in the right-to-left form."""
    page.goto(FORM.format(language="ar"))
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    email = page.locator("#id_e-mailadres")
    email.fill("yousef@")
    assert measure(page, "#id_e-mailadres")["direction"] == "ltr"
    assert measure(page, "#id_naam")["direction"] == "rtl"
    # Still lined up with its label on the right, like the other answers.
    assert email.evaluate("el => getComputedStyle(el).textAlign") == "right"
