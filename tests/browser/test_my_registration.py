"""The "my registration" page in a real browser, in Dutch and Arabic: every state axe-clean
(``checks.assert_accessible``: axe at 1280 and 320 px, reflow, 200 % text), and its changes
made with the keyboard alone.
"""

import datetime
import sqlite3
from contextlib import closing, contextmanager
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from campaign.models import Session
from forms.mail.tokens import make_token
from forms.models import Booking

from .checks import assert_accessible
from .test_registration import (  # noqa: F401 (site_db is a fixture)
    focused,
    press_until,
    query,
    register,
    registration_id,
    site_db,
    unique_email,
)

pytestmark = pytest.mark.browser


def my_page(site_db, language, email):  # noqa: F811
    registration = SimpleNamespace(pk=registration_id(site_db, email))
    expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    with translation.override(language):
        return reverse("forms:cancel", kwargs={"token": make_token(registration, expires=expires)})


@contextmanager
def no_seats(site_db, session_id):  # noqa: F811
    """Make one session full (capacity 0) on the server for the block."""
    table = Session._meta.db_table
    with closing(sqlite3.connect(site_db, timeout=10)) as connection:
        (saved,) = connection.execute(f"SELECT capacity FROM {table} WHERE id = ?", (session_id,)).fetchone()  # noqa: S608
        with connection:
            connection.execute(f"UPDATE {table} SET capacity = 0 WHERE id = ?", (session_id,))  # noqa: S608
        try:
            yield
        finally:
            with connection:
                connection.execute(f"UPDATE {table} SET capacity = ? WHERE id = ?", (saved, session_id))  # noqa: S608


def confirmed_booking(site_db, email):  # noqa: F811
    rows = query(
        site_db,
        f"SELECT id FROM {Booking._meta.db_table} WHERE email = ? AND status = 'confirmed' ORDER BY id",  # noqa: S608
        email,
    )
    return str(rows[0][0])


def heading(language, text):
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_my_registration_in_every_state_is_accessible_and_works_by_keyboard(
    page,
    run_axe,
    site_db,  # noqa: F811
    language,
):
    email = unique_email(f"mine-{language}")
    register(page, site_db, language, email, full_session_too=True)
    url = my_page(site_db, language, email)

    assert page.goto(url).status == 200
    assert page.evaluate("document.documentElement.lang") == language
    assert page.locator("main h1").inner_text() == heading(language, "My registration")
    assert page.locator(".booking__status--waiting").count() == 1
    assert page.locator("a[href^='webcal://']").count() == 1
    assert_accessible(page, run_axe, f"{language} my registration")

    # Book another session with the keyboard: Tab to the first free session, Space, Enter.
    press_until(page, "Tab", lambda f: f["name"] == "session" and not f["full"])
    page.keyboard.press("Space")
    assert focused(page)["checked"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("main .notice h2").inner_text() == heading(language, "Added to your registration")
    assert_accessible(page, run_axe, f"{language} my registration, a session added")

    # Nothing chosen: the error is tied to its group.
    page.locator("main button[value=add]").click()
    page.wait_for_selector("#add-error")
    assert_accessible(page, run_axe, f"{language} my registration, nothing chosen to book")

    # Switch the confirmed session for one that has just become full: refused, the waiting list offered.
    page.goto(url)
    free = page.locator("input[name=session]:not(:has(~ .session-option__seats--full))")
    offered = [box.get_attribute("value") for box in free.all()]
    assert len(offered) >= 2
    with no_seats(site_db, int(offered[0])):
        page.select_option("#switch-from", confirmed_booking(site_db, email))
        page.select_option("#switch-to", offered[0])
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.locator("main button[value=switch]").click()
        assert posted.value.status == 409
        page.wait_for_load_state()
        assert page.locator("main .notice h2").inner_text() == heading(language, "Nothing was changed")
        assert_accessible(page, run_axe, f"{language} my registration, switch to a full session refused")

    # A switch to a free session, with the keyboard: choose in the select, Tab to "Switch", Enter.
    page.goto(url)
    page.select_option("#switch-from", confirmed_booking(site_db, email))
    page.select_option("#switch-to", offered[1])
    page.focus("#switch-to")
    now = press_until(page, "Tab", lambda f: f["tag"] == "button")
    assert page.evaluate("document.activeElement.value") == "switch", now
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.keyboard.press("Enter")
    assert posted.value.status == 200
    page.wait_for_load_state()
    assert page.locator("main .notice h2").inner_text() == heading(language, "You switched sessions")
    assert_accessible(page, run_axe, f"{language} my registration after a switch")

    # Cancel everything; the done page links back.
    page.locator("main button[value=cancel_all]").click()
    page.wait_for_selector("main ul li")
    assert page.locator("main h1").inner_text() == heading(language, "Your registration is cancelled")
    assert_accessible(page, run_axe, f"{language} my registration, all cancelled")
