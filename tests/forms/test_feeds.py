"""The personal calendar feed and the "add to Google Calendar / Outlook" links of "my registration"."""

import datetime
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.utils import timezone, translation
from icalendar import Calendar
from wagtail.models import Locale

from forms.mail import tokens
from forms.mail.join import booking_sequence, booking_uid
from forms.models import Booking
from forms.public import feeds
from tests.factories import BRUSSELS
from tests.forms.mail_utils import move_session, register
from tests.forms.test_my_registration import page_path
from tests.forms.utils import set_capacity, source_sessions

pytestmark = pytest.mark.django_db


def feed_path(registration):
    https = feeds.feed_urls(registration)["https"]
    return https.removeprefix("http://testserver")


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content, Calendar.from_ical(response.content)


@pytest.fixture
def two_and_waiting(client, django_capture_on_commit_callbacks, form_pages):
    """A registrant (in French) with two confirmed sessions and one waiting-list place."""
    sessions = source_sessions(form_pages["nl"])
    set_capacity([sessions[2]], 0)
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["fr"], sessions=sessions[:3]
    )
    return registration, sessions


def test_the_page_offers_a_webcal_subscription_with_its_own_token(client, two_and_waiting):
    registration, _sessions = two_and_waiting
    context = client.get(page_path(registration)).context
    webcal, https = context["feed"]["webcal"], context["feed"]["https"]
    assert webcal.startswith("webcal://testserver/fr/forms/calendar/") and webcal.endswith(".ics")
    assert https == "http://testserver" + webcal.removeprefix("webcal://testserver")
    token = https.rsplit("/", 1)[-1].removesuffix(".ics")
    # The feed token cannot open "my registration", and the page's token cannot read the feed.
    assert client.get(f"/fr/forms/cancel/{token}/").status_code == 400
    page_token = page_path(registration).split("/")[-2]
    assert client.get(f"/fr/forms/calendar/{page_token}.ics").status_code == 404


def test_the_feed_holds_the_confirmed_sessions_with_uid_sequence_and_join_link(client, two_and_waiting):
    registration, sessions = two_and_waiting
    body, cal = fetch(client, feed_path(registration))
    events = cal.walk("VEVENT")
    confirmed = list(registration.bookings.filter(status=Booking.CONFIRMED).order_by("session__start"))
    assert len(confirmed) == 2 and registration.bookings.filter(status=Booking.WAITING).count() == 1
    assert [str(e["uid"]) for e in events] == [booking_uid(b) for b in confirmed]
    assert [int(e["sequence"]) for e in events] == [booking_sequence(b) for b in confirmed]
    for event, booking in zip(events, confirmed, strict=True):
        assert event.decoded("dtstart") == booking.session.start
        assert event.decoded("dtstart").tzinfo.key == "Europe/Brussels"
        assert event.decoded("dtend") == booking.session.end
        assert str(event["url"]).startswith("http://testserver/fr/") and str(event["location"]) == str(
            event["url"]
        )
        local_title = booking.session.get_translation(Locale.objects.get(language_code="fr")).theme.title
        assert local_title in str(event["summary"])
    assert str(cal["x-wr-calname"])
    assert cal["refresh-interval"].dt == datetime.timedelta(hours=1)
    # Never the meeting address, of any session.
    for session in sessions:
        assert session.meeting_url.encode() not in body


def test_the_feed_follows_changes_without_new_links(client, two_and_waiting):
    registration, sessions = two_and_waiting
    path = feed_path(registration)
    _body, before = fetch(client, path)
    uid = str(before.walk("VEVENT")[0]["uid"])

    later = datetime.datetime(2027, 11, 8, 19, 0, tzinfo=BRUSSELS)
    first = registration.bookings.filter(status=Booking.CONFIRMED).order_by("session__start").first()
    move_session(first.session, later)
    _body, after = fetch(client, path)
    moved = next(e for e in after.walk("VEVENT") if str(e["uid"]) == uid)
    assert moved.decoded("dtstart") == later

    # A cancelled place leaves the feed; the waiting-list place moving up joins it.
    client.post(page_path(registration), {"action": "cancel", "booking": [first.pk]})
    set_capacity([sessions[2]], 5)
    from forms.booking.seats import promote_waiting

    promote_waiting(sessions[2])
    _body, now = fetch(client, path)
    uids = {str(e["uid"]) for e in now.walk("VEVENT")}
    assert uid not in uids
    assert booking_uid(registration.bookings.get(session=sessions[2])) in uids


@pytest.mark.parametrize("mangle", ["flip", "page salt", "garbage", "gone", "expired"])
def test_a_bad_gone_or_expired_feed_answers_404(client, two_and_waiting, mangle):
    registration, _sessions = two_and_waiting
    token = feed_path(registration).rsplit("/", 1)[-1].removesuffix(".ics")
    last_end = max(b.session.end for b in registration.bookings.all())
    now = timezone.now()
    if mangle == "expired":
        with mock.patch("django.utils.timezone.now", return_value=last_end + datetime.timedelta(days=1)):
            assert client.get(f"/fr/forms/calendar/{token}.ics").status_code == 200
        later = last_end + tokens.GRACE + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert client.get(f"/fr/forms/calendar/{token}.ics").status_code == 404
        return
    bad = {
        "flip": token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        "page salt": signing.dumps(
            {"r": registration.pk, "x": int(now.timestamp()) + 9999}, salt=tokens.SALT
        ),
        "garbage": "not-a-token",
        "gone": signing.dumps({"r": registration.pk + 1000}, salt=feeds.SALT),
    }[mangle]
    assert client.get(f"/fr/forms/calendar/{bad}.ics").status_code == 404


def test_the_feed_only_answers_get(client, two_and_waiting):
    registration, _sessions = two_and_waiting
    assert client.post(feed_path(registration)).status_code == 405


def test_google_and_outlook_links_carry_the_time_zone_and_only_the_join_link(client, two_and_waiting):
    registration, sessions = two_and_waiting
    # A session in winter time too: the offset must follow the date, not today's.
    winter = datetime.datetime(2027, 1, 12, 19, 0, tzinfo=BRUSSELS)
    first = registration.bookings.filter(status=Booking.CONFIRMED).order_by("session__start").first()
    move_session(first.session, winter)
    rows = [row for row in client.get(page_path(registration)).context["rows"] if row["confirmed"]]
    assert len(rows) == 2
    for row in rows:
        session = Booking.objects.get(pk=row["booking"].pk).session
        links = dict(row["calendar_links"])
        assert set(links) == {"Google Calendar", "Outlook.com", "Microsoft 365"}
        google = urlsplit(links["Google Calendar"])
        assert google.netloc == "calendar.google.com" and google.path == "/calendar/render"
        query = parse_qs(google.query)
        assert query["action"] == ["TEMPLATE"] and query["ctz"] == ["Europe/Brussels"]
        utc = lambda moment: moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")  # noqa: E731
        assert query["dates"] == [f"{utc(session.start)}/{utc(session.end)}"]
        assert query["location"] == [row["join_url"]]
        for name, host in (("Outlook.com", "outlook.live.com"), ("Microsoft 365", "outlook.office.com")):
            outlook = urlsplit(links[name])
            assert outlook.netloc == host and outlook.path == "/calendar/0/deeplink/compose"
            query = parse_qs(outlook.query)
            assert query["rru"] == ["addevent"] and query["path"] == ["/calendar/action/compose"]
            start = datetime.datetime.fromisoformat(query["startdt"][0])
            assert (
                start == session.start and start.utcoffset() == session.start.astimezone(BRUSSELS).utcoffset()
            )
            assert query["startdt"][0].endswith("+01:00" if session.start == winter else "+02:00")
            assert datetime.datetime.fromisoformat(query["enddt"][0]) == session.end
            assert query["location"] == [row["join_url"]]
        for url in links.values():
            for any_session in sessions:
                assert any_session.meeting_url not in url
    with translation.override("fr"):
        assert (
            translation.gettext("Join online:")
            in parse_qs(urlsplit(links["Google Calendar"]).query)["details"][0]
        )
