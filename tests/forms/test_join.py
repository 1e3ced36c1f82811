"""The personal join link: the room's current address, only for a confirmed place and only
from shortly before the start until the end; a clear page otherwise, never the address."""

import datetime

import pytest
from django.core import mail, signing
from django.utils import timezone

from campaign.models import Session
from forms.booking.seats import cancel
from forms.mail import join, tokens
from forms.models import Booking, RegistrationFormPage
from tests.editor import edit_form_data, post_edit, row_errors
from tests.forms.mail_utils import calendars, move_session, register, sent_to
from tests.forms.utils import set_capacity, source_sessions

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
NEW_ROOM = "https://teams.microsoft.com/l/meetup-join/a-new-room"


@pytest.fixture
def session(form_pages):
    return source_sessions(form_pages["nl"])[0]


@pytest.fixture
def booked(client, django_capture_on_commit_callbacks, form_pages, session):
    """A confirmed place booked in Arabic; the join link from the confirmation."""
    _response, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["ar"], sessions=[session]
    )
    booking = registration.bookings.get()
    assert booking.status == Booking.CONFIRMED
    return booking


def path_of(url):
    return url.removeprefix("http://testserver")


def open_link(client, booking):
    return client.get(path_of(join.join_url(booking)))


def assert_no_address(response, *addresses):
    content = response.content.decode()
    for address in addresses:
        assert address not in content
    assert "teams.microsoft.com" not in content
    assert "Location" not in response


def test_the_link_is_in_the_confirmation_and_its_calendar_file(
    client, django_capture_on_commit_callbacks, form_pages, session
):
    _response, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["fr"], sessions=[session]
    )
    booking = registration.bookings.get()
    (confirmation,) = sent_to(mail.outbox, "an@example.org")
    link = join.join_url(booking)
    assert link.startswith("http://testserver/fr/forms/join/")
    assert link in confirmation.body
    (cal,) = calendars(confirmation)
    (event,) = cal.walk("VEVENT")
    assert str(event["url"]) == str(event["location"]) == link
    assert str(event["uid"]) == join.booking_uid(booking)
    assert event["sequence"] == join.booking_sequence(booking) == 0


def test_before_the_window_a_page_in_their_language_says_when_the_room_opens(client, booked, session):
    move_session(session, timezone.now() + 2 * datetime.timedelta(hours=1))
    response = open_link(client, booked)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    arabic = Session.objects.get(translation_key=session.translation_key, locale__language_code="ar")
    assert arabic.theme.title in html
    session.refresh_from_db()
    with_opening = join.room_opens(Booking.objects.get(pk=booked.pk))
    assert with_opening == session.start - 30 * MINUTE
    assert_no_address(response, session.meeting_url)
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    "minutes_before_start", [29, 1, 0, -60, -119], ids=["opens", "last minute", "start", "during", "end"]
)
def test_inside_the_window_it_leads_to_the_meeting(client, booked, session, minutes_before_start):
    move_session(session, timezone.now() + minutes_before_start * MINUTE)
    response = open_link(client, booked)
    assert response.status_code == 302
    assert response["Location"] == session.meeting_url
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_window_is_set_per_form(client, booked, session, form_pages):
    move_session(session, timezone.now() + 45 * MINUTE)
    assert open_link(client, booked).status_code == 200
    RegistrationFormPage.objects.filter(translation_key=form_pages["nl"].translation_key).update(
        join_opens_before=60
    )
    assert open_link(client, booked).status_code == 302


def test_after_the_end_a_clear_page_and_no_address(client, booked, session):
    move_session(session, timezone.now() - 2 * datetime.timedelta(hours=1) - MINUTE)
    response = open_link(client, booked)
    assert response.status_code == 410
    assert_no_address(response, session.meeting_url)


def test_after_the_registrant_cancelled_the_link_opens_nothing(
    client, django_capture_on_commit_callbacks, booked, session
):
    move_session(session, timezone.now() + 5 * MINUTE)
    assert open_link(client, booked).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        cancel(booked)
    response = open_link(client, booked)
    assert response.status_code == 410
    assert_no_address(response, session.meeting_url)


def test_a_cancelled_session_opens_nothing(client, booked, session):
    move_session(session, timezone.now() + 5 * MINUTE)
    Session.objects.filter(translation_key=session.translation_key).update(cancelled=True)
    response = open_link(client, booked)
    assert response.status_code == 410
    assert_no_address(response, session.meeting_url)


def test_a_changed_address_is_followed_at_once_without_any_mail(client, booked, session):
    move_session(session, timezone.now() + 1 * MINUTE)
    mail.outbox.clear()
    Session.objects.filter(pk=session.pk).update(meeting_url=NEW_ROOM)
    response = open_link(client, booked)
    assert response.status_code == 302 and response["Location"] == NEW_ROOM
    assert mail.outbox == []


def test_a_room_without_an_address_yet_says_so(client, booked, session):
    move_session(session, timezone.now() + 5 * MINUTE)
    Session.objects.filter(pk=session.pk).update(meeting_url="")
    response = open_link(client, booked)
    assert response.status_code == 200
    assert "Location" not in response


def test_a_waiting_list_booking_gets_a_page_and_no_address(
    client, django_capture_on_commit_callbacks, form_pages, session
):
    set_capacity([session], 0)
    _response, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=[session]
    )
    booking = registration.bookings.get()
    assert booking.status == Booking.WAITING
    move_session(session, timezone.now() + 5 * MINUTE)
    response = open_link(client, booking)
    assert response.status_code == 200
    assert "wachtlijst" in response.content.decode()
    assert_no_address(response, session.meeting_url)
    # No join link in the waiting-list mail either.
    (confirmation,) = sent_to(mail.outbox, "an@example.org")
    assert "/forms/join/" not in confirmation.body


def mangled(token, how):
    if how == "flip":
        return token[:-1] + ("A" if token[-1] != "A" else "B")
    if how == "cancel token":
        return None
    if how == "other booking":
        return signing.Signer(salt=join.SALT).sign_object({"b": 987654}, compress=True)
    if how == "other salt":
        return signing.Signer(salt="forms.cancel").sign_object({"b": 1}, compress=True)
    return "garbage"


@pytest.mark.parametrize("how", ["flip", "other booking", "other salt", "garbage", "cancel token"])
def test_a_tampered_or_unknown_link_gets_one_and_the_same_clear_page(client, booked, session, how):
    move_session(session, timezone.now() + 5 * MINUTE)
    token = join.make_join_token(booked)
    bad = mangled(token, how) or tokens.make_token(booked.registration)
    response = client.get(f"/nl/forms/join/{bad}/")
    assert response.status_code == 404
    assert_no_address(response, session.meeting_url)
    # The same page whether or not a booking exists behind a well-signed id.
    unknown = client.get("/nl/forms/join/garbage/")
    assert response.content == unknown.content


def test_only_get(client, booked):
    response = client.post(path_of(join.join_url(booked)))
    assert response.status_code == 405


def test_no_public_response_has_the_meeting_address(client, booked, session, form_pages):
    """The campaign, theme, form and calendar pages and every state of the join page."""
    addresses = list(Session.objects.exclude(meeting_url="").values_list("meeting_url", flat=True))
    campaign = form_pages["nl"].get_campaign()
    urls = [
        campaign.url,
        campaign.url + "calendar/",
        session.theme.url,
        form_pages["nl"].url,
        form_pages["ar"].url,
        campaign.url + f"calendar/{session.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for address in addresses:
            assert address not in response.content.decode(), url
    for start in (timezone.now() + datetime.timedelta(days=2), timezone.now() - datetime.timedelta(days=2)):
        move_session(session, start)
        assert_no_address(open_link(client, booked), *addresses)


def test_editors_set_the_window_on_the_form(client, form_pages):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("redactie", "r@example.org", "pw"))
    page = form_pages["nl"]
    data = edit_form_data(client, page, inline=["form_fields"])
    assert data["join_opens_before"] == "30"
    data["join_opens_before"] = "15"
    response = post_edit(client, page, data)
    assert response.status_code == 302, row_errors(response, "form_fields")
    assert RegistrationFormPage.objects.get(pk=page.pk).join_opens_before == 15
