"""Change and cancel notices, published through the page editor as an editor does it.

Each registrant of a changed session gets one notice in their language, with a calendar file
that updates the event of their confirmation (same UID, higher SEQUENCE); publishing again
sends nothing again; a failing mail server only delays the notices.
"""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar
from wagtail.users.models import UserProfile

from campaign.dates import local
from campaign.models import Session
from forms.booking.seats import cancel
from forms.mail import join, tasks
from forms.models import Booking, MailDelivery, SessionNotice
from tests.editor import edit_form_data, post_edit, row_errors
from tests.forms.mail_utils import calendars, html_of, register, sent_to
from tests.forms.utils import set_capacity, source_sessions

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
NEW_ROOM = "https://teams.microsoft.com/l/meetup-join/a-new-room"


@pytest.fixture
def editor(db):
    from django.test import Client

    user = get_user_model().objects.create_superuser("redactie", "redactie@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "nl"
    profile.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def session(form_pages):
    return source_sessions(form_pages["nl"])[0]


@pytest.fixture
def people(client, django_capture_on_commit_callbacks, form_pages, session):
    capture = django_capture_on_commit_callbacks
    """Two confirmed places (French, Arabic), one on the waiting list (Ukrainian), one
    cancelled (Dutch); the mails of registering cleared."""
    set_capacity([session], 3)
    for language in ("fr", "ar", "nl"):
        register(client, capture, form_pages[language], sessions=[session], email=f"{language}@example.org")
    with capture(execute=True):
        cancel(Booking.objects.get(email="nl@example.org"))  # nobody waits yet: nobody moves up
    set_capacity([session], 2)
    register(client, capture, form_pages["uk"], sessions=[session], email="uk@example.org")
    bookings = {b.email: b for b in Booking.objects.all()}
    assert bookings["uk@example.org"].status == Booking.WAITING
    confirmations = {m.to[0]: m for m in mail.outbox}
    mail.outbox.clear()
    return bookings, confirmations


def row_of(data, session):
    (row,) = [
        n for n in range(int(data["sessions-TOTAL_FORMS"])) if data[f"sessions-{n}-id"] == str(session.pk)
    ]
    return row


def publish(editor, capture, session, **changes):
    """Open the theme in the editor, change the session's fields as given, publish."""
    theme = session.theme.specific
    data = edit_form_data(editor, theme)
    row = row_of(data, session)
    for name, value in changes.items():
        if value is None:
            data.pop(f"sessions-{row}-{name}", None)
        else:
            data[f"sessions-{row}-{name}"] = value
    with capture(execute=True):
        response = post_edit(editor, theme, data)
    assert response.status_code == 302, row_errors(response, "sessions")
    return response


def typed(moment):
    """A moment as an editor types it in the admin (Belgian time)."""
    return f"{local(moment):%Y-%m-%d %H:%M}"


def event_of(message):
    (cal,) = calendars(message)
    (event,) = cal.walk("VEVENT")
    return cal, event


def test_a_moved_session_tells_everyone_with_a_place_and_updates_their_calendar(
    editor, django_capture_on_commit_callbacks, people, session
):
    bookings, confirmations = people
    new_start = session.start + 2 * HOUR
    publish(
        editor,
        django_capture_on_commit_callbacks,
        session,
        start=typed(new_start),
        end=typed(new_start + 2 * HOUR),
    )

    assert sorted(m.to[0] for m in mail.outbox) == ["ar@example.org", "fr@example.org", "uk@example.org"]
    for email in ("fr@example.org", "ar@example.org"):
        (notice,) = sent_to(mail.outbox, email)
        booking = bookings[email]
        _cal, first = event_of(confirmations[email])
        cal, event = event_of(notice)
        assert cal["method"] == "REQUEST"
        assert str(event["uid"]) == str(first["uid"]) == join.booking_uid(booking)
        assert event["sequence"] > first["sequence"]
        assert event.decoded("dtstart") == new_start
        assert event.decoded("dtend") == new_start + 2 * HOUR
        assert str(event["organizer"]) == "mailto:" + settings_from()
        assert str(event["attendee"]) == f"mailto:{email}"
        assert str(event["url"]) == join.join_url(booking)
        assert session.meeting_url not in notice.body and session.meeting_url not in html_of(notice)
    french = sent_to(mail.outbox, "fr@example.org")[0]
    assert "Modifié" in french.subject or "modifié" in french.body
    assert '<html lang="fr"' in html_of(french)
    # Old → new, as the registrant's language writes times (the new ones from the Dutch row:
    # the French copy of the session has them only after its next sync).
    assert "Avant : lundi 3 mai 2027, 10:00–12:00" in french.body
    assert "Maintenant : lundi 3 mai 2027, 12:00–14:00" in french.body
    assert "12:00–14:00" in french.subject
    arabic = sent_to(mail.outbox, "ar@example.org")[0]
    assert '<html lang="ar" dir="rtl">' in html_of(arabic)
    # The waiting list is told too, without a calendar file (it has no event yet).
    (waiting,) = sent_to(mail.outbox, "uk@example.org")
    assert calendars(waiting) == []
    assert '<html lang="uk"' in html_of(waiting)
    assert SessionNotice.objects.get(session=session).sequence == 1


def settings_from():
    from django.conf import settings

    return settings.DEFAULT_FROM_EMAIL


def test_publishing_the_same_revision_again_sends_nothing_twice(
    editor, django_capture_on_commit_callbacks, people, session
):
    new_start = session.start + HOUR
    publish(
        editor,
        django_capture_on_commit_callbacks,
        session,
        start=typed(new_start),
        end=typed(new_start + 2 * HOUR),
    )
    assert len(mail.outbox) == 3
    mail.outbox.clear()

    # The editor presses publish again, unchanged; and the revision is published once more.
    publish(editor, django_capture_on_commit_callbacks, session)
    theme = Session.objects.get(pk=session.pk).theme
    with django_capture_on_commit_callbacks(execute=True):
        theme.get_latest_revision().publish()
    assert mail.outbox == []
    assert SessionNotice.objects.get(session=session).sequence == 1
    assert MailDelivery.objects.filter(kind=MailDelivery.SESSION_CHANGED).count() == 3

    # A second real change is a second notice, with a higher sequence again.
    publish(
        editor,
        django_capture_on_commit_callbacks,
        session,
        start=typed(new_start + HOUR),
        end=typed(new_start + 3 * HOUR),
    )
    (notice,) = sent_to(mail.outbox, "fr@example.org")
    assert event_of(notice)[1]["sequence"] == 2


def test_a_cancelled_session_is_removed_from_their_calendars(
    editor, django_capture_on_commit_callbacks, people, session, client, form_pages
):
    bookings, confirmations = people
    publish(editor, django_capture_on_commit_callbacks, session, cancelled="on")

    assert Session.objects.get(pk=session.pk).cancelled
    assert sorted(m.to[0] for m in mail.outbox) == ["ar@example.org", "fr@example.org", "uk@example.org"]
    for email in ("fr@example.org", "ar@example.org"):
        (notice,) = sent_to(mail.outbox, email)
        _cal, first = event_of(confirmations[email])
        cal, event = event_of(notice)
        assert cal["method"] == "CANCEL"
        assert event["status"] == "CANCELLED"
        assert str(event["uid"]) == str(first["uid"])
        assert event["sequence"] > first["sequence"]
    assert calendars(sent_to(mail.outbox, "uk@example.org")[0]) == []
    assert MailDelivery.objects.filter(kind=MailDelivery.SESSION_CANCELLED).count() == 3

    # Not bookable, shown as cancelled, the join link opens nothing; re-publishing sends nothing.
    mail.outbox.clear()
    publish(editor, django_capture_on_commit_callbacks, session)
    assert mail.outbox == []
    form = client.get(form_pages["nl"].url).content.decode()
    assert f'value="{session.pk}"' not in form
    theme_page = client.get(session.theme.url).content.decode()
    assert "Geannuleerd" in theme_page
    public_cal = client.get(form_pages["nl"].get_campaign().url + f"calendar/{session.pk}/")
    assert b"STATUS:CANCELLED" in public_cal.content
    link = join.join_url(bookings["fr@example.org"]).removeprefix("http://testserver")
    assert client.get(link).status_code == 410
    # The personal feed keeps the event, struck through, with the notice's UID and SEQUENCE.
    from forms.public.feeds import feed_urls

    registration = bookings["fr@example.org"].registration
    feed = client.get(feed_urls(registration)["https"].removeprefix("http://testserver"))
    (fed,) = Calendar.from_ical(feed.content).walk("VEVENT")
    _cal, first = event_of(confirmations["fr@example.org"])
    assert fed["status"] == "CANCELLED"
    assert str(fed["uid"]) == str(first["uid"]) and fed["sequence"] > first["sequence"]


def test_a_new_address_alone_sends_nothing_unless_the_editor_asks(
    editor, django_capture_on_commit_callbacks, people, session, client
):
    bookings, _confirmations = people
    publish(editor, django_capture_on_commit_callbacks, session, meeting_url=NEW_ROOM)
    assert mail.outbox == []
    assert SessionNotice.objects.get(session=session).meeting_url == NEW_ROOM
    with mock.patch("django.utils.timezone.now", return_value=session.start - datetime.timedelta(minutes=5)):
        response = client.get(join.join_url(bookings["ar@example.org"]).removeprefix("http://testserver"))
    assert response["Location"] == NEW_ROOM

    # "Tell registrants": one notice each, without the address; the tick is then cleared.
    other = NEW_ROOM + "-2"
    publish(editor, django_capture_on_commit_callbacks, session, meeting_url=other, tell_registrants="on")
    assert sorted(m.to[0] for m in mail.outbox) == ["ar@example.org", "fr@example.org", "uk@example.org"]
    for message in mail.outbox:
        assert other not in message.body and other not in html_of(message)
        assert NEW_ROOM not in message.body
    assert not Session.objects.get(pk=session.pk).tell_registrants
    data = edit_form_data(editor, session.theme.specific)
    assert f"sessions-{row_of(data, session)}-tell_registrants" not in data

    mail.outbox.clear()
    publish(editor, django_capture_on_commit_callbacks, session, meeting_url=NEW_ROOM + "-3")
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND="tests.forms.mail_utils.FailingBackend")
def test_with_the_mail_server_down_notices_wait_and_go_out_once(
    editor, django_capture_on_commit_callbacks, people, session
):
    old_start = session.start
    publish(
        editor,
        django_capture_on_commit_callbacks,
        session,
        start=typed(old_start + HOUR),
        end=typed(old_start + 3 * HOUR),
    )
    deliveries = MailDelivery.objects.filter(kind=MailDelivery.SESSION_CHANGED)
    assert deliveries.count() == 3
    assert {d.status for d in deliveries} == {MailDelivery.FAILED}

    # A second change while they wait joins them: one mail each, from what they knew to now.
    publish(
        editor,
        django_capture_on_commit_callbacks,
        session,
        start=typed(old_start + 2 * HOUR),
        end=typed(old_start + 4 * HOUR),
    )
    assert deliveries.count() == 3
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        later = timezone.now() + datetime.timedelta(minutes=5)
        with mock.patch("django.utils.timezone.now", return_value=later):
            tasks.retry_due()
            tasks.retry_due()
    assert sorted(m.to[0] for m in mail.outbox) == ["ar@example.org", "fr@example.org", "uk@example.org"]
    assert {d.status for d in deliveries.all()} == {MailDelivery.SENT}
    (french,) = sent_to(mail.outbox, "fr@example.org")
    assert "10:00" in french.body and "12:00" in french.body
    assert event_of(french)[1].decoded("dtstart") == old_start + 2 * HOUR
