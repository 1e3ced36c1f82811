"""E-mails after a registration: confirmation in the visitor's language, notice in Dutch, retries."""

import datetime
import logging
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.html import escape

from campaign.models import Session
from forms.mail import tasks
from forms.mail.join import join_url
from forms.models import Booking, MailDelivery, Registration
from tests.forms.mail_utils import ORGANISERS, calendars, html_of, register, sent_to
from tests.forms.utils import make_form, set_capacity, source_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(form_pages):
    for page in form_pages.values():
        page.notify_emails = ORGANISERS
    form_pages["nl"].save(update_fields=["notify_emails"])
    return form_pages


def local_session(source, language):
    return Session.objects.select_related("theme").get(
        translation_key=source.translation_key, locale__language_code=language
    )


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_valid_post_sends_confirmation_in_visitors_language_and_notice_in_dutch(
    client, django_capture_on_commit_callbacks, pages, language
):
    sessions = source_sessions(pages["nl"])[:2]
    register(client, django_capture_on_commit_callbacks, pages[language], sessions=sessions)

    assert len(mail.outbox) == 2
    (confirmation,) = sent_to(mail.outbox, "an@example.org")
    (notice,) = sent_to(mail.outbox, "team@example.org")

    # The confirmation: the campaign's title (not the form's "Inschrijven"; issue 8), theme
    # titles and dates in the visitor's language.
    assert pages[language].get_campaign().title in confirmation.subject
    html = html_of(confirmation)
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    for source in sessions:
        local = local_session(source, language)
        assert local.theme.title in confirmation.body and local.theme.title in html
        # The personal join link, not the meeting address (issue 11: the address may change).
        link = join_url(Booking.objects.get(session=source))
        assert link in confirmation.body and escape(link) in html
        assert source.meeting_url not in confirmation.body and source.meeting_url not in html
    assert f"http://testserver/{language}/forms/cancel/" in confirmation.body
    assert confirmation.reply_to == ["team@example.org"]

    # One calendar file per confirmed session, with the personal join link.
    cals = calendars(confirmation)
    assert len(cals) == 2
    for cal, source in zip(cals, sessions, strict=True):
        (event,) = cal.walk("VEVENT")
        link = join_url(Booking.objects.get(session=source))
        assert str(event["location"]) == link
        assert str(event["url"]) == link
        assert source.meeting_url not in cal.to_ical().decode()
        assert local_session(source, language).theme.title in str(event["summary"])
        assert event.decoded("dtstart") == source.start

    # The notice: Dutch, to every organiser address, with the answers under Dutch labels.
    assert notice.to == ["team@example.org", "welzijn@example.org"]
    assert pages["nl"].title in notice.subject
    assert '<html lang="nl"' in html_of(notice)
    assert "Naam: An Peeters" in notice.body
    assert "3020 Herent" in notice.body
    assert sessions[0].theme.title in notice.body
    assert notice.reply_to == ["an@example.org"]
    assert not notice.attachments
    assert set(MailDelivery.objects.values_list("kind", "status")) == {
        (MailDelivery.CONFIRMATION, MailDelivery.SENT),
        (MailDelivery.ORGANISER, MailDelivery.SENT),
    }


def test_choice_answers_reach_the_organisers_as_dutch_labels(
    client, django_capture_on_commit_callbacks, pages
):
    register(client, django_capture_on_commit_callbacks, pages["uk"])
    (notice,) = sent_to(mail.outbox, "team@example.org")
    radio = [f for f in pages["nl"].form_fields.all() if f.field_type == "radio"][0]
    first_choice = radio.choices[0]
    assert f"{radio.label}: {first_choice.value}" in notice.body
    assert first_choice.id not in notice.body


def test_waiting_list_mail_has_the_waiting_list_text_and_no_meeting_url(
    client, django_capture_on_commit_callbacks, pages
):
    session = source_sessions(pages["nl"])[0]
    set_capacity([session], 0)
    register(client, django_capture_on_commit_callbacks, pages["fr"], sessions=[session])

    (confirmation,) = sent_to(mail.outbox, "an@example.org")
    assert Booking.objects.get().status == Booking.WAITING
    waiting_text = pages["fr"].waiting_list_text
    assert waiting_text and waiting_text != pages["nl"].waiting_list_text
    assert waiting_text in confirmation.body
    assert waiting_text in html_of(confirmation)
    assert session.meeting_url not in confirmation.body
    assert session.meeting_url not in html_of(confirmation)
    assert calendars(confirmation) == []
    assert "/fr/forms/cancel/" in confirmation.body


def test_no_organiser_address_means_only_the_confirmation(
    client, django_capture_on_commit_callbacks, form_pages
):
    register(client, django_capture_on_commit_callbacks, form_pages["nl"])
    assert [m.to for m in mail.outbox] == [["an@example.org"]]


@override_settings(EMAIL_BACKEND="tests.forms.mail_utils.FailingBackend")
def test_mail_failure_keeps_the_registration_logs_and_is_retried_once(
    client, django_capture_on_commit_callbacks, pages, caplog
):
    with caplog.at_level(logging.ERROR, logger="forms.mail.tasks"):
        response, registration = register(client, django_capture_on_commit_callbacks, pages["ar"])

    # The visitor sees the thank-you page; nothing is lost.
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert registration.bookings.filter(status=Booking.CONFIRMED).count() == 1
    assert mail.outbox == []
    failures = [r for r in caplog.records if r.name == "forms.mail.tasks" and r.exc_info]
    assert len(failures) == 2
    assert "will be retried" in failures[0].getMessage()
    deliveries = MailDelivery.objects.filter(registration=registration)
    assert {d.status for d in deliveries} == {MailDelivery.FAILED}
    assert all(d.attempts == 1 and "SMTPServerDisconnected" in d.last_error for d in deliveries)

    # The cron run right away does not hammer the server; a later one sends each mail once.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        call_command("send_reminders", verbosity=0)
        assert mail.outbox == []
        later = timezone.now() + datetime.timedelta(minutes=5)
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("send_reminders", verbosity=0)
            call_command("send_reminders", verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == ["an@example.org", "team@example.org"]
    assert {d.status for d in deliveries.all()} == {MailDelivery.SENT}
    assert {d.attempts for d in deliveries.all()} == {2}


def test_a_delivery_is_sent_only_once_even_when_queued_twice(
    client, django_capture_on_commit_callbacks, pages
):
    register(client, django_capture_on_commit_callbacks, pages["nl"])
    delivery = MailDelivery.objects.get(kind=MailDelivery.CONFIRMATION)
    assert tasks.deliver(delivery.pk) is None
    tasks.send_delivery.enqueue(delivery.pk)
    assert len(sent_to(mail.outbox, "an@example.org")) == 1


@override_settings(EMAIL_BACKEND="tests.forms.mail_utils.FailingBackend")
def test_retries_stop_after_the_last_attempt(client, django_capture_on_commit_callbacks, pages, caplog):
    register(client, django_capture_on_commit_callbacks, pages["nl"])
    delivery = MailDelivery.objects.get(kind=MailDelivery.CONFIRMATION)
    MailDelivery.objects.filter(pk=delivery.pk).update(attempts=tasks.MAX_ATTEMPTS - 1)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=1)):
        tasks.retry_due()
    delivery.refresh_from_db()
    assert delivery.attempts == tasks.MAX_ATTEMPTS
    assert delivery.status == MailDelivery.FAILED and delivery.next_attempt_at is None
    assert any(
        "confirmation" in r.getMessage() and r.getMessage().endswith("giving up") for r in caplog.records
    )
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=30)):
        tasks.retry_due()
    delivery.refresh_from_db()
    assert delivery.attempts == tasks.MAX_ATTEMPTS


def test_a_failure_to_queue_never_reaches_the_visitor(
    client, django_capture_on_commit_callbacks, pages, caplog
):
    down = mock.Mock(**{"enqueue.side_effect": ConnectionError("queue down")})
    with mock.patch("forms.mail.tasks.send_delivery", down):
        response, registration = register(client, django_capture_on_commit_callbacks, pages["nl"])
    assert client.get(response["Location"]).status_code == 200
    assert mail.outbox == []
    assert "send_reminders will retry" in caplog.text
    assert set(registration.mail_deliveries.values_list("status", flat=True)) == {MailDelivery.PENDING}
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + tasks.STALE_PENDING * 2):
        call_command("send_reminders", verbosity=0)
    assert len(mail.outbox) == 2


@override_settings(
    EMAIL_BACKEND="tests.forms.mail_utils.FailingBackend",
    TASKS={"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}},
)
def test_on_the_database_queue_a_failed_mail_queues_its_own_retry(
    client, django_capture_on_commit_callbacks, pages
):
    from django_tasks_db.models import DBTaskResult

    response, registration = register(client, django_capture_on_commit_callbacks, pages["nl"])
    assert DBTaskResult.objects.count() == 2  # queued, not run: the worker sends them
    assert Registration.objects.filter(pk=registration.pk).exists()
    delivery = MailDelivery.objects.get(kind=MailDelivery.CONFIRMATION)
    assert tasks.deliver(delivery.pk) == MailDelivery.FAILED
    retry = DBTaskResult.objects.order_by("-enqueued_at").first()
    delivery.refresh_from_db()
    assert retry.run_after == delivery.next_attempt_at > timezone.now()
    assert retry.args_kwargs["args"] == [delivery.pk]


def test_what_visitors_typed_is_escaped_in_the_html_mails(client, django_capture_on_commit_callbacks, pages):
    register(
        client, django_capture_on_commit_callbacks, pages["nl"], name='<a href="https://evil.example">An</a>'
    )
    for message in mail.outbox:
        assert "evil.example" in message.body
        assert '<a href="https://evil.example">' not in html_of(message)
        assert "&lt;a href=" in html_of(message)


@pytest.mark.parametrize("language", ["nl", "uk"])
def test_the_mails_name_the_campaign_not_the_forms_title(
    client, django_capture_on_commit_callbacks, pages, language
):
    """Issue 8: people were thanked for "Inschrijven" (the form's title), not for the campaign."""
    page = pages[language]
    campaign = page.get_campaign()
    register(client, django_capture_on_commit_callbacks, page)
    (confirmation,) = sent_to(mail.outbox, "an@example.org")
    (notice,) = sent_to(mail.outbox, "team@example.org")
    with translation.override(language):
        thanks = translation.gettext("Thank you for registering for “%(title)s”.")
    assert campaign.title != page.title
    assert thanks % {"title": campaign.title} in confirmation.body
    assert escape(thanks % {"title": campaign.title}) in html_of(confirmation)
    assert thanks % {"title": page.title} not in confirmation.body
    assert campaign.title in confirmation.subject
    # The organisers (in Dutch) read the campaign and which of its forms.
    dutch = pages["nl"]
    assert dutch.get_campaign().title in notice.subject and dutch.title in notice.subject
    assert f"“{dutch.get_campaign().title} – {dutch.title}”" in notice.body


def test_a_form_without_campaign_is_named_by_its_own_title(form_page):
    from forms.mail.messages import confirmation_message, organiser_message
    from tests.forms.people import language_root

    home = language_root(form_page.locale)
    general = make_form(home, slug="nieuwsbrief", title="Nieuwsbrief", fields=["singleline", "email"])
    general.notify_emails = ORGANISERS
    general.save(update_fields=["notify_emails"])
    assert general.get_campaign() is None
    registration = Registration.objects.create(form=general, language="nl", email="an@example.org", name="An")
    confirmation = confirmation_message(registration)
    assert "“Nieuwsbrief”" in confirmation.body and "Nieuwsbrief" in confirmation.subject
    assert "“Nieuwsbrief”" in organiser_message(registration).body
