"""The attendee list of a session: printable page and CSV, for the room host only."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from campaign.dates import format_session_range, local
from forms.models import Booking
from forms.organisers import dashboard
from tests.forms.people import ROLES
from tests.forms.registrants import form_choices, register
from tests.second_factor import login_verified

ALLOWED = {"superuser", "organiser_a"}


def get(client, user, name, session):
    login_verified(client, user)
    return client.get(reverse(f"campaign_dashboards:{name}", args=[session.pk]))


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_printable_list_shows_session_then_people_with_their_needs(client, users, form_page, filled):
    _registrations, first, _second = filled
    response = get(client, users["organiser_a"], "attendees", first)
    assert response.status_code == 200
    html = response.content.decode()
    assert first.theme.title in html
    assert timezone.localtime(first.start).strftime("%H:%M") in html
    # Confirmed first (in booking order), then the waiting list.
    _head, confirmed, waiting = html.split("<table")
    assert confirmed.index(">An<") < confirmed.index(">Bo<")
    assert ">Cy<" in waiting and ">Ed<" in waiting
    assert confirmed.count("<tr>") == waiting.count("<tr>") == 3  # heading row + two people
    # Dutch headings and Dutch option labels, whatever language was used (Bo wrote in French).
    _come_as, _ids, help_key, _help_ids = form_choices(form_page)
    help_field = form_page.form_fields.get(key=help_key)
    assert "Hebt u hulp met de taal nodig?" in html and "Opmerkingen" in html
    assert help_field.get_choices()[1][1] in html
    assert "Ik breng een tolk mee" in html
    names = set()
    for admin_language in ("nl", "en"):
        with translation.override(admin_language):
            names.add(str(dashboard.language_name("fr")))
    assert any(name in html for name in names)
    # Never contact details.
    assert "@example.org" not in html
    assert "Postcode" not in html


def test_print_stylesheet_is_a4():
    css = Path(finders.find("forms/attendees.css")).read_text()
    assert "size: A4" in css and "@media print" in css


def test_csv_has_bom_headings_and_same_rows(client, users, form_page, filled):
    _registrations, first, _second = filled
    rows = read_csv(get(client, users["superuser"], "attendees_csv", first))
    # Status, name, language in the organiser's admin language, then the Dutch field labels.
    assert len(rows[0]) == 6
    assert rows[0][3:] == ["Ik kom als", "Hebt u hulp met de taal nodig?", "Opmerkingen"]
    assert [r[1] for r in rows[1:]] == ["An", "Bo", "Cy", "Ed"]
    assert rows[1][0] == rows[2][0] != rows[3][0] == rows[4][0]
    assert len(rows[1:]) == Booking.objects.filter(session=first).exclude(status=Booking.CANCELLED).count()


@pytest.mark.parametrize(
    "payload", ['=HYPERLINK("http://evil.example","x")', "+31 6 123", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_csv_neutralises_formulas(client, users, form_page, payload):
    session = form_page.get_campaign().get_sessions().first()
    register(
        form_page, email="x@example.org", name=payload, sessions=[session], answers={"opmerkingen": payload}
    )
    rows = read_csv(get(client, users["superuser"], "attendees_csv", session))
    name, remark = rows[1][1], rows[1][rows[0].index("Opmerkingen")]
    assert name == "'" + payload and remark == "'" + payload


def test_columns_are_configurable_by_key(client, users, form_page, filled, settings):
    settings.CAMPAIGN_FORMS_ATTENDEE_FIELDS = ["opmerkingen"]
    _registrations, first, _second = filled
    rows = read_csv(get(client, users["superuser"], "attendees_csv", first))
    assert len(rows[0]) == 4 and rows[0][3] == "Opmerkingen"


def test_a_translated_session_id_gives_the_dutch_list(client, users, filled):
    _registrations, first, _second = filled
    arabic = first.__class__.objects.get(
        translation_key=first.translation_key, locale=Locale.objects.get(language_code="ar")
    )
    html = get(client, users["organiser_a"], "attendees", arabic).content.decode()
    assert ">An<" in html and ">Cy<" in html


@pytest.mark.parametrize("name", ["attendees", "attendees_csv"])
@pytest.mark.parametrize("role", ROLES)
def test_attendee_permission_matrix(client, users, campaign, theme, role, name):
    session = theme.sessions.first()
    if role != "anonymous":
        login_verified(client, users[role])
    response = client.get(reverse(f"campaign_dashboards:{name}", args=[session.pk]))
    if role == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == (200 if role in ALLOWED else 403)


def test_csv_file_name_has_the_sessions_belgian_start(client, users, campaign, filled):
    """Issue 8: the name used the stored UTC time (a 10:00 session was called "0800")."""
    _registrations, first, _second = filled
    response = get(client, users["organiser_a"], "attendees_csv", first)
    name = re.search(r'filename="([^"]+)"', response["Content-Disposition"]).group(1)
    start = local(first.start)
    assert start.utcoffset()  # Brussels is never UTC: the two names differ
    assert name == f"{campaign.slug}-{first.theme.slug}-{start:%Y%m%d-%H%M}.csv"


def test_printable_list_writes_the_time_the_admin_languages_way(client, users, filled):
    """The session's day and time with the project's formats (Ukrainian: "3 травня", genitive)."""
    _registrations, first, _second = filled
    user = users["organiser_a"]
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "uk"
    profile.save()
    html = get(client, user, "attendees", first).content.decode()
    with translation.override("uk"):
        when = format_session_range(first.start, first.end)
    assert "травня" in when
    assert f"<dd>{when}</dd>" in html
