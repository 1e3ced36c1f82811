"""The registration form in a real browser: accessible in every state, usable by keyboard alone.

Every state is checked in all six languages with ``checks.assert_accessible``: axe-core with
every rule at 1280 and 320 px, no sideways scrolling at 320 px, 200 % text size.

The captcha is solved for real: the test reads the answer to the sum from the server's own
SQLite file (read only), by the key in the hidden ``captcha_0`` input, and types it in Eastern
Arabic digits, so the server's digit handling is exercised too.
"""

import datetime
import io
import re
import sqlite3
import uuid
from contextlib import closing, contextmanager
from types import SimpleNamespace

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from PIL import ImageChops

from forms.mail.tokens import make_token
from forms.models import Booking, Registration, RegistrationFormPage

from .checks import assert_accessible

pytestmark = pytest.mark.browser

LANGUAGES = ["nl", "en", "fr", "ar", "uk", "tr"]
FORM = "/{language}/dorpaanzet/inschrijven/"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# The form's fields (their language-neutral keys, as the demo builds them).
NAME, EMAIL, POSTCODE = "id_naam", "id_e-mailadres", "id_postcode-of-gemeente"
SESSIONS, ROLE, LANGUAGE_HELP = "id_sessies", "id_ik-kom-als", "id_hebt-u-hulp-met-de-taal-nodig"
REMARKS = "id_opmerkingen"
CONSENT = "id_ik-geef-de-gemeente-herent-toestemming-om-mijn-gegevens"
CAPTCHA = "id_captcha_1"

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
        checked: !!el.checked, role: el.getAttribute("role"), inForm: !!el.closest("form.registration-form"),
        outline: style.outlineStyle, outlineWidth: style.outlineWidth, boxShadow: style.boxShadow,
        full: !!(el.closest("label") && el.closest("label").querySelector(".session-option__seats--full")),
    };
}"""


# Fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_db(base_url, tmp_path_factory):
    """The SQLite file the test server runs on (``base_url`` makes it in ``browser-site*``)."""
    files = {path.resolve() for path in tmp_path_factory.getbasetemp().glob("browser-site*/db.sqlite3")}
    assert len(files) == 1, files
    return files.pop()


def query(site_db, sql, *params):
    """Rows from the server's database, opened read only."""
    with closing(sqlite3.connect(f"file:{site_db}?mode=ro", uri=True, timeout=10)) as connection:
        return connection.execute(sql, params).fetchall()


def captcha_answer(page, site_db):
    key = page.locator("input[name=captcha_0]").input_value()
    rows = query(site_db, f"SELECT response FROM {CaptchaStore._meta.db_table} WHERE hashkey = ?", key)  # noqa: S608
    assert rows, f"no captcha with key {key}"
    return rows[0][0]


def captcha_challenge(page, site_db):
    key = page.locator("input[name=captcha_0]").input_value()
    return query(site_db, f"SELECT challenge FROM {CaptchaStore._meta.db_table} WHERE hashkey = ?", key)[0][0]  # noqa: S608


def check_axe(page, run_axe, where):
    assert_accessible(page, run_axe, where)


def focused(page):
    return page.evaluate(FOCUSED)


def press_until(page, key, wanted, limit=60):
    """Press ``key`` until ``wanted(focused)`` holds; returns the focused element."""
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if wanted(now):
            return now
    pytest.fail(f"{key} never reached the wanted element; last focus: {now}")


def tab_to(page, element_id):
    return press_until(page, "Tab", lambda f: f["id"] == element_id)


def unique_email(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"


def register(page, site_db, language, email, full_session_too=False):
    """Fill in and send the form the quick way (the keyboard test does it the slow way).

    ``full_session_too``: also choose a full session, so the visitor goes on its waiting list.
    """
    page.goto(FORM.format(language=language))
    page.fill(f"#{NAME}", "Test Persoon")
    page.fill(f"#{EMAIL}", email)
    page.locator("input[name=sessies]:not(:has(~ .session-option__seats--full)) >> nth=0").check()
    if full_session_too:
        page.locator("input[name=sessies]:has(~ .session-option__seats--full) >> nth=0").check()
    page.check(f"#{ROLE}_0")
    page.check(f"#{LANGUAGE_HELP}_0")
    page.check(f"#{CONSENT}")
    page.fill(f"#{CAPTCHA}", captcha_answer(page, site_db))
    page.locator("form.registration-form button.button--primary").click()
    page.wait_for_url("**/thank-you/?r=*")


def registration_id(site_db, email):
    rows = query(site_db, f"SELECT id FROM {Registration._meta.db_table} WHERE email = ?", email)  # noqa: S608
    assert len(rows) == 1, rows
    return rows[0][0]


@contextmanager
def form_window(site_db, column, days):
    """Set the demo form's ``opens_at`` or ``closes_at`` to ``days`` from now for the block.

    Every form of every language; the server sees it at once (the stored copy checks both).
    """
    assert column in ("opens_at", "closes_at")
    table = RegistrationFormPage._meta.db_table
    moment = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    with closing(sqlite3.connect(site_db, timeout=10)) as connection:
        saved = connection.execute(f"SELECT page_ptr_id, {column} FROM {table}").fetchall()  # noqa: S608
        with connection:
            connection.execute(f"UPDATE {table} SET {column} = ?", (moment,))  # noqa: S608
        try:
            yield
        finally:
            with connection:
                connection.executemany(
                    f"UPDATE {table} SET {column} = ? WHERE page_ptr_id = ?",  # noqa: S608
                    [(value, pk) for pk, value in saved],
                )


def form_closed(site_db):
    """Close the demo form (every language version) for the duration of the block."""
    return form_window(site_db, "closes_at", -1)


# 1. Accessible in every state, in every language --------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_clean_and_with_errors_is_accessible(page, run_axe, language):
    response = page.goto(FORM.format(language=language))
    assert response.status == 200
    # The seed filled the first session: the form shows a full session with its waiting list.
    assert page.locator(".session-option__seats--full").count() >= 1
    check_axe(page, run_axe, f"{language} form")

    # Send it empty with the keyboard: Enter in the first field.
    page.focus(f"#{NAME}")
    page.keyboard.press("Enter")
    page.wait_for_selector("#error-summary")
    assert page.locator(".field__error").count() >= 5
    assert page.locator("[aria-invalid=true]").count() >= 5
    check_axe(page, run_axe, f"{language} form with errors")


@pytest.mark.parametrize("language", LANGUAGES)
def test_thank_you_and_cancel_pages_are_accessible(page, run_axe, site_db, language):
    email = unique_email(f"axe-{language}")
    register(page, site_db, language, email, full_session_too=True)
    assert page.locator(".bookings li").count() == 2
    assert page.locator(".booking__status--waiting").count() == 1
    check_axe(page, run_axe, f"{language} thank-you page with a waiting list")

    registration = SimpleNamespace(pk=registration_id(site_db, email))
    expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    with translation.override(language):
        cancel = reverse("forms:cancel", kwargs={"token": make_token(registration, expires=expires)})
        expired = reverse(
            "forms:cancel",
            kwargs={"token": make_token(registration, expires=expires - datetime.timedelta(days=60))},
        )
    assert page.goto(cancel).status == 200
    check_axe(page, run_axe, f"{language} cancel page")

    # Untick every session and confirm: the page comes back with its error.
    for box in page.locator("input[name=booking]").all():
        box.uncheck()
    page.locator("main button[value=cancel]").click()
    page.wait_for_selector(".field--error")
    check_axe(page, run_axe, f"{language} cancel page with error")

    page.locator("input[name=booking]").first.check()
    page.locator("main button[value=cancel]").click()
    page.wait_for_selector("main ul li")
    with translation.override(language):
        assert page.locator("main h1").inner_text() == translation.gettext("Your registration is cancelled")
    check_axe(page, run_axe, f"{language} cancel done page")

    assert page.goto(cancel[:-3] + "xx/").status == 400
    check_axe(page, run_axe, f"{language} changed cancel link")
    assert page.goto(expired).status == 400
    with translation.override(language):
        assert page.locator("main h1").inner_text() == translation.gettext("This link has expired")
    check_axe(page, run_axe, f"{language} expired cancel link")


@pytest.mark.parametrize("language", LANGUAGES)
def test_closed_and_not_yet_open_form_are_accessible(page, run_axe, site_db, language):
    with translation.override(language):
        closed_title = translation.gettext("Registration is closed")
        not_open_title = translation.gettext("Registration has not opened yet")
    page.goto(FORM.format(language=language))
    with form_closed(site_db):
        # A visitor who opened the form before it closed and sends it: a clear 403 page.
        page.focus(f"#{NAME}")
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.keyboard.press("Enter")
        assert posted.value.status == 403
        page.wait_for_load_state()
        assert page.locator("main h1").inner_text() == closed_title
        check_axe(page, run_axe, f"{language} post to a closed form")

        page.goto(FORM.format(language=language))
        assert page.locator("main [role=status] h2").inner_text() == closed_title
        assert page.locator("form.registration-form").count() == 0
        check_axe(page, run_axe, f"{language} closed form")
    with form_window(site_db, "opens_at", 1):
        page.goto(FORM.format(language=language))
        assert page.locator("main [role=status] h2").inner_text() == not_open_title
        check_axe(page, run_axe, f"{language} form not open yet")


@pytest.mark.parametrize("language", LANGUAGES)
def test_rejected_and_rate_limited_pages_are_accessible(page, run_axe, language):
    """A filled-in honeypot (400), then too many posts from one address (429)."""
    form = FORM.format(language=language)
    page.goto(form)
    page.locator("input[name=website]").evaluate("el => { el.value = 'http://spam.example'; }")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("form.registration-form button.button--primary").click()
    assert posted.value.status == 400
    page.wait_for_load_state()
    with translation.override(language):
        assert page.locator("main h1").inner_text() == translation.gettext(
            "Your registration could not be sent"
        )
    check_axe(page, run_axe, f"{language} rejected registration")

    # This test's own address (conftest) uses up its posts, then sends the form once more.
    page.goto(form)
    token = page.locator("input[name=csrfmiddlewaretoken]").input_value()
    statuses = {page.request.post(form, form={"csrfmiddlewaretoken": token}).status for _ in range(20)}
    assert statuses <= {400, 429}
    page.focus(f"#{NAME}")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.keyboard.press("Enter")
    assert posted.value.status == 429
    page.wait_for_load_state()
    with translation.override(language):
        assert page.locator("main h1").inner_text() == translation.gettext("Please wait a moment")
    check_axe(page, run_axe, f"{language} too many registrations")


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_form_reflows_at_320_css_pixels(page, run_axe, language):
    """WCAG 1.4.10: no sideways scrolling at 320 px; a session's details stack beside its box."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(FORM.format(language=language))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    title, when = (
        page.locator(f"label[for={SESSIONS}_0] .session-option__{part}") for part in ("title", "when")
    )
    assert when.bounding_box()["y"] >= title.bounding_box()["y"] + title.bounding_box()["height"] - 1


# 2. Keyboard only, in Arabic --------------------------------------------------------------------


def test_register_in_arabic_with_the_keyboard_alone(page, run_axe, site_db):
    email = unique_email("keyboard-ar")
    page.goto(FORM.format(language="ar"))
    assert page.evaluate("document.documentElement.dir") == "rtl"

    assert tab_to(page, NAME)["tag"] == "input"
    page.keyboard.type("سامي حداد")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == EMAIL
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == POSTCODE
    page.keyboard.type("3020 Herent")

    # Sessions: Tab past any full session to the first with seats left, tick it with Space.
    session = press_until(page, "Tab", lambda f: f["name"] == "sessies" and not f["full"])
    page.keyboard.press("Space")
    assert focused(page)["checked"]
    chosen_session = page.evaluate("document.activeElement.value")
    chosen_title = page.evaluate(
        "document.activeElement.closest('label').querySelector('.session-option__title').textContent"
    )

    # "I come as": into the radio group, then the arrow keys choose.
    press_until(page, "Tab", lambda f: f["name"] == "ik-kom-als")
    assert focused(page)["id"] == f"{ROLE}_0"
    page.keyboard.press("ArrowDown")
    now = focused(page)
    assert (now["id"], now["checked"]) == (f"{ROLE}_1", True)
    page.keyboard.press("ArrowUp")
    now = focused(page)
    assert (now["id"], now["checked"]) == (f"{ROLE}_0", True)

    # Language help: Space chooses the focused option; one Tab stop per radio group.
    page.keyboard.press("Tab")
    now = focused(page)
    assert now["name"] == "hebt-u-hulp-met-de-taal-nodig", now
    page.keyboard.press("Space")
    assert focused(page)["checked"]

    page.keyboard.press("Tab")
    assert focused(page)["id"] == REMARKS
    page.keyboard.type("لا شيء")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == CONSENT
    page.keyboard.press("Space")
    assert focused(page)["checked"]

    # The honeypot is out of the tab order: the next stops are the privacy link, then the sum.
    tab_to(page, CAPTCHA)
    # "Show another sum" from the keyboard: a new sum, announced, and focus back in the box.
    first_key = page.locator("input[name=captcha_0]").input_value()
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "new_challenge"
    page.keyboard.press("Enter")
    # A function, not a string: Playwright runs a string with eval, which the site's policy blocks.
    page.wait_for_function(
        "key => document.querySelector('input[name=captcha_0]').value !== key", arg=first_key
    )
    assert focused(page)["id"] == CAPTCHA
    assert page.locator("[data-captcha-status]").inner_text() != ""
    # The new sum's words, in Arabic, for a screen reader (the same words only if the sum is).
    new_text = page.locator("img.captcha__image").get_attribute("alt")
    with translation.override("ar"):
        assert new_text.startswith(
            translation.gettext("The sum in the picture: %(sum)s. Type its answer in the box below.").split(
                "%(sum)s"
            )[0]
        )
    assert re.findall(r"\d+", new_text) == re.findall(r"\d+", captcha_challenge(page, site_db))
    page.keyboard.type(captcha_answer(page, site_db).translate(ARABIC_DIGITS))
    page.keyboard.press("Enter")

    page.wait_for_url("**/ar/dorpaanzet/inschrijven/thank-you/?r=*")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    with translation.override("ar"):
        confirmed = translation.gettext("Your place is confirmed.")
    assert confirmed != "Your place is confirmed."
    rows = page.locator(".bookings li")
    assert rows.count() == 1
    assert chosen_title.strip() in rows.first.inner_text()
    assert rows.first.locator(".booking__status").inner_text().strip() == confirmed

    registration = query(
        site_db,
        f"SELECT id, language, name, data FROM {Registration._meta.db_table} WHERE email = ?",  # noqa: S608
        email,
    )
    assert len(registration) == 1
    pk, language, name, data = registration[0]
    assert (language, name) == ("ar", "سامي حداد")
    assert '"postcode-of-gemeente": "3020 Herent"' in data
    bookings = query(
        site_db,
        f"SELECT session_id, status FROM {Booking._meta.db_table} WHERE registration_id = ?",  # noqa: S608
        pk,
    )
    assert bookings == [(int(chosen_session), "confirmed")]
    assert session["inForm"]


@pytest.mark.parametrize("language", ["ar", "nl"])
def test_error_summary_takes_focus_and_its_links_move_focus_to_the_fields(page, language):
    page.goto(FORM.format(language=language))
    tab_to(page, NAME)
    page.keyboard.type("Test")
    page.keyboard.press("Enter")  # the rest is missing

    page.wait_for_selector("#error-summary")
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert focused(page)["id"] == "error-summary", "focus must move to the error summary"
    with translation.override(language):
        assert page.title().startswith(translation.gettext("Error:"))
    # The name was kept; its error is gone.
    assert page.locator(f"#{NAME}").input_value() == "Test"

    targets = [link.get_attribute("href") for link in summary.locator("a").all()]
    assert targets[0] == f"#{EMAIL}"
    assert f"#{SESSIONS}_0" in targets and f"#{ROLE}_0" in targets and f"#{CONSENT}" in targets
    for index, target in enumerate(targets):
        page.focus("#error-summary")
        for _ in range(index + 1):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == target
        page.keyboard.press("Enter")
        assert "#" + focused(page)["id"] == target, f"the link to {target} must move focus there"

    # The field the link led to describes its error.
    described = page.locator(f"#{EMAIL}").get_attribute("aria-describedby").split()
    assert f"{EMAIL}_error" in described


# 3. Visible focus -------------------------------------------------------------------------------

FOCUS_BOX = """() => {
    const r = document.activeElement.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
}"""
RING = 8  # CSS pixels around the control: the outline and its offset fall inside


def pixels_around(page, box):
    """A picture of the control and the ring around it, as the visitor sees it now."""
    clip = {"x": max(box["x"] - RING, 0), "y": max(box["y"] - RING, 0)}
    clip["width"] = min(box["x"] + box["width"] + RING, page.viewport_size["width"]) - clip["x"]
    clip["height"] = min(box["y"] + box["height"] + RING, page.viewport_size["height"]) - clip["y"]
    return PILImage.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")


def changed_pixels(before, after):
    return sum(1 for pixel in ImageChops.difference(before, after).get_flattened_data() if max(pixel) > 32)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_form_control_shows_a_focus_indicator(page, language):
    """Tab through the whole form; at each stop the focused control must look different.

    The computed style must show an outline or shadow, and the screen must show it: the
    control and the ring around it are compared focused and unfocused, and the difference
    must be at least as long as the control's edge (a caret alone is not enough).
    """
    page.goto(FORM.format(language=language))
    first = tab_to(page, NAME)
    seen = [first]
    while True:
        now = seen[-1]
        box = page.evaluate(FOCUS_BOX)
        with_focus = pixels_around(page, box)
        handle = page.evaluate_handle("document.activeElement")
        page.evaluate("el => el.blur()", handle)
        without_focus = pixels_around(page, box)
        page.evaluate("el => el.focus()", handle)
        edge = 2 * (box["width"] + box["height"])
        assert changed_pixels(with_focus, without_focus) >= edge, f"{language}: no visible focus on {now}"

        page.keyboard.press("Tab")
        now = focused(page)
        if not now["inForm"]:
            break
        seen.append(now)
        assert len(seen) < 40, "Tab never left the form"
    kinds = {(f["tag"], f["type"]) for f in seen}
    assert {("input", "text"), ("input", "email"), ("input", "checkbox"), ("input", "radio")} <= kinds
    assert {("textarea", "textarea"), ("button", "submit"), ("a", "")} <= kinds
    assert seen[-1]["type"] == "submit" and seen[-1]["id"] == ""
    for control in seen:
        visible = control["outline"] != "none" and control["outlineWidth"] != "0px"
        assert visible or control["boxShadow"] != "none", f"no focus indicator on {control}"
