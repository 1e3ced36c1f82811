"""The pages behind the personal join link, in a real browser, in Dutch and Arabic.

Before the room opens, on the waiting list, and a changed link: each passes axe-core with
every rule at 1280 and 320 px and takes 200 % text (``checks.assert_accessible``). Bookings
are read from the server's SQLite file, read only (as ``test_registration`` does).
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from forms.mail.join import make_join_token
from forms.models import Booking

from .checks import assert_accessible
from .test_registration import query, register, registration_id, site_db, unique_email  # noqa: F401

pytestmark = pytest.mark.browser


def join_path(language, booking_id):
    with translation.override(language):
        return reverse("forms:join", kwargs={"token": make_join_token(SimpleNamespace(pk=booking_id))})


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_join_pages_are_accessible(page, run_axe, site_db, language):  # noqa: F811
    email = unique_email(f"join-{language}")
    register(page, site_db, language, email, full_session_too=True)
    rows = dict(
        query(
            site_db,
            f"SELECT status, id FROM {Booking._meta.db_table} WHERE registration_id = ?",  # noqa: S608
            registration_id(site_db, email),
        )
    )

    confirmed = join_path(language, rows[Booking.CONFIRMED])
    assert page.goto(confirmed).status == 200  # the demo's sessions are months away
    assert page.evaluate("document.documentElement.lang") == language
    assert "teams.microsoft.com" not in page.content()
    assert_accessible(page, run_axe, f"{language} join page before the room opens")

    assert page.goto(join_path(language, rows[Booking.WAITING])).status == 200
    assert "teams.microsoft.com" not in page.content()
    assert_accessible(page, run_axe, f"{language} join page on the waiting list")

    assert page.goto(confirmed[:-3] + "xx/").status == 404
    assert_accessible(page, run_axe, f"{language} changed join link")
