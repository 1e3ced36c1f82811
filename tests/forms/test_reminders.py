"""``manage.py send_reminders``: one reminder per confirmed booking, at the form's lead time."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape

from forms.booking.seats import cancel
from forms.mail import reminders
from forms.mail.join import join_url
from forms.models import Booking, MailDelivery
from tests.forms.mail_utils import html_of, move_session, register
from tests.forms.utils import set_capacity, source_sessions

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """One cron run of ``send_reminders`` (its mails are queued after commit)."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", verbosity=0)

    return run


@pytest.fixture
def session(form_pages):
    return source_sessions(form_pages["nl"])[0]


def test_a_confirmed_registrant_gets_one_reminder_with_the_meeting_url(
    client, django_capture_on_commit_callbacks, form_pages, session, run
):
    _response, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["ar"], sessions=[session]
    )
    mail.outbox.clear()
    move_session(session, timezone.now() + 23 * HOUR)

    run()
    run()

    (reminder,) = mail.outbox
    assert reminder.to == ["an@example.org"]
    local_title = session.get_translation(form_pages["ar"].locale).theme.title
    assert local_title in reminder.subject
    booking = registration.bookings.get()
    assert join_url(booking) in reminder.body and escape(join_url(booking)) in html_of(reminder)
    assert session.meeting_url not in reminder.body and session.meeting_url not in html_of(reminder)
    assert '<html lang="ar" dir="rtl">' in html_of(reminder)
    assert "/ar/forms/cancel/" in reminder.body
    booking = registration.bookings.get()
    assert booking.reminded_at is not None
    assert MailDelivery.objects.get(kind=MailDelivery.REMINDER).status == MailDelivery.SENT


def test_no_reminder_for_waiting_or_cancelled_bookings(
    client, django_capture_on_commit_callbacks, form_pages, session, run
):
    set_capacity([session], 1)
    register(
        client,
        django_capture_on_commit_callbacks,
        form_pages["nl"],
        sessions=[session],
        email="seat@example.org",
    )
    register(
        client,
        django_capture_on_commit_callbacks,
        form_pages["nl"],
        sessions=[session],
        email="wait@example.org",
    )
    other = source_sessions(form_pages["nl"])[1]
    register(
        client,
        django_capture_on_commit_callbacks,
        form_pages["nl"],
        sessions=[other],
        email="gone@example.org",
    )
    cancel(Booking.objects.get(email="gone@example.org"))
    mail.outbox.clear()
    move_session(session, timezone.now() + 2 * HOUR)
    move_session(other, timezone.now() + 2 * HOUR)

    run()

    assert [m.to for m in mail.outbox] == [["seat@example.org"]]
    assert Booking.objects.get(email="wait@example.org").reminded_at is None
    assert Booking.objects.get(email="gone@example.org").reminded_at is None


def test_not_too_early_and_not_after_the_start(
    client, django_capture_on_commit_callbacks, form_pages, session, run
):
    register(client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=[session])
    mail.outbox.clear()
    start = timezone.now() + 25 * HOUR
    move_session(session, start)

    run()
    assert mail.outbox == []

    with mock.patch("django.utils.timezone.now", return_value=start + HOUR):
        run()
    assert mail.outbox == []
    assert Booking.objects.get().reminded_at is None

    with mock.patch("django.utils.timezone.now", return_value=start - 23 * HOUR):
        run()
    assert len(mail.outbox) == 1


def test_the_forms_own_lead_time_decides(
    client, django_capture_on_commit_callbacks, form_pages, session, run
):
    form_pages["nl"].reminder_lead_time = 2 * HOUR
    form_pages["nl"].save(update_fields=["reminder_lead_time"])
    register(client, django_capture_on_commit_callbacks, form_pages["fr"], sessions=[session])
    mail.outbox.clear()
    move_session(session, timezone.now() + 3 * HOUR)
    run()
    assert mail.outbox == []
    move_session(session, timezone.now() + 90 * datetime.timedelta(minutes=1))
    run()
    assert len(mail.outbox) == 1


def test_two_overlapping_runs_send_once(client, django_capture_on_commit_callbacks, form_pages, session):
    register(client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=[session])
    mail.outbox.clear()
    move_session(session, timezone.now() + HOUR)
    now = timezone.now()
    # The second run read the due bookings before the first one claimed them.
    stale = list(reminders.due_bookings(now))
    assert len(stale) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.queue_due_reminders(now) == 1
    with (
        mock.patch(
            "forms.mail.reminders.due_bookings",
            return_value=Booking.objects.filter(pk__in=[b.pk for b in stale]),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders.queue_due_reminders(now) == 0
    assert len(mail.outbox) == 1
    assert MailDelivery.objects.filter(kind=MailDelivery.REMINDER).count() == 1


def test_a_failed_reminder_is_retried_by_a_later_run(
    client, django_capture_on_commit_callbacks, form_pages, session, run
):
    register(client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=[session])
    mail.outbox.clear()
    start = timezone.now() + 5 * HOUR
    move_session(session, start)

    with override_settings(EMAIL_BACKEND="tests.forms.mail_utils.FailingBackend"):
        run()
    delivery = MailDelivery.objects.get(kind=MailDelivery.REMINDER)
    assert delivery.status == MailDelivery.FAILED

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + HOUR):
        run()
        run()
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == MailDelivery.SENT and delivery.attempts == 2


def test_a_reminder_that_could_only_be_retried_after_the_start_is_dropped(
    client, django_capture_on_commit_callbacks, form_pages, session, run
):
    register(client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=[session])
    mail.outbox.clear()
    start = timezone.now() + HOUR
    move_session(session, start)
    with override_settings(EMAIL_BACKEND="tests.forms.mail_utils.FailingBackend"):
        run()
    with mock.patch("django.utils.timezone.now", return_value=start + HOUR):
        run()
    assert mail.outbox == []
    assert MailDelivery.objects.get(kind=MailDelivery.REMINDER).status == MailDelivery.SKIPPED


def one_seat_and_one_waiting(client, django_capture_on_commit_callbacks, form_pages, session):
    """seat@ holds the session's only seat, wait@ is first on its waiting list."""
    set_capacity([session], 1)
    for email in ("seat@example.org", "wait@example.org"):
        register(
            client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=[session], email=email
        )


def free_the_seat(django_capture_on_commit_callbacks):
    """seat@ cancels; wait@ moves up and is mailed."""
    from forms.mail.notify import on_promoted

    with django_capture_on_commit_callbacks(execute=True):
        on_promoted(cancel(Booking.objects.get(email="seat@example.org")))


def test_someone_moved_up_inside_the_reminder_window_gets_one_mail_not_two(
    client, django_capture_on_commit_callbacks, form_pages, session, run
):
    one_seat_and_one_waiting(client, django_capture_on_commit_callbacks, form_pages, session)
    move_session(session, timezone.now() + 2 * HOUR)  # inside the form's 24-hour lead time
    run()  # the seat holder's reminder
    mail.outbox.clear()

    free_the_seat(django_capture_on_commit_callbacks)
    run()

    # The promotion mail, with the join link, is the reminder.
    assert [m.to for m in mail.outbox] == [["wait@example.org"]]
    assert join_url(Booking.objects.get(email="wait@example.org")) in mail.outbox[0].body
    assert Booking.objects.get(email="wait@example.org").reminded_at is not None


def test_someone_moved_up_long_before_the_session_still_gets_the_reminder(
    client, django_capture_on_commit_callbacks, form_pages, session, run
):
    one_seat_and_one_waiting(client, django_capture_on_commit_callbacks, form_pages, session)
    move_session(session, timezone.now() + 72 * HOUR)
    free_the_seat(django_capture_on_commit_callbacks)
    assert Booking.objects.get(email="wait@example.org").reminded_at is None
    move_session(session, timezone.now() + 2 * HOUR)
    mail.outbox.clear()
    run()
    assert [m.to for m in mail.outbox] == [["wait@example.org"]]
