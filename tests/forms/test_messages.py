"""Messages from organisers: who gets them, in which language, sent once, logged, retried."""

import datetime
import re
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from forms.mail import tasks
from forms.models import Booking, MailDelivery, OrganiserMessage, Registration
from forms.organisers import messages
from tests.forms.mail_utils import html_of, sent_to
from tests.forms.people import ROLES
from tests.forms.registrants import register
from tests.second_factor import login_verified

pytestmark = pytest.mark.django_db
ALLOWED = {"superuser", "organiser_a"}

DUTCH = ("Agenda voor dinsdag", "Hier is de agenda: https://example.org/agenda")
FRENCH = ("Ordre du jour de mardi", "Voici l'ordre du jour : https://example.org/agenda")
ARABIC = ("جدول أعمال يوم الثلاثاء", "هذا جدول الأعمال: https://example.org/agenda")


def compose_url(campaign):
    return reverse("campaign_messages:compose", args=[campaign.pk])


def send_url(campaign):
    return reverse("campaign_messages:send", args=[campaign.pk])


def post_data(to, audience="all", *, key=None, subject=DUTCH[0], body=DUTCH[1], **versions):
    """What the preview page posts; ``versions`` as ``fr=(subject, body)``."""
    data = {
        "key": str(key or uuid.uuid4()),
        "to": to,
        "audience": audience,
        "subject": subject,
        "body": body,
    }
    for code, (version_subject, version_body) in versions.items():
        data[f"subject_{code}"] = version_subject
        data[f"body_{code}"] = version_body
    return data


def send(client, capture, campaign, data):
    with capture(execute=True):
        return client.post(send_url(campaign), data)


@pytest.fixture
def organiser(client, users):
    login_verified(client, users["organiser_a"])
    return users["organiser_a"]


def by_address(outbox):
    return {message.to[0]: message for message in outbox}


def test_each_person_reads_their_language_or_else_dutch(
    client, django_capture_on_commit_callbacks, organiser, campaign, form_page, filled
):
    data = post_data(f"form-{form_page.pk}", "all", fr=FRENCH, ar=ARABIC)
    response = send(client, django_capture_on_commit_callbacks, campaign, data)
    assert response.status_code == 302
    assert response["Location"].endswith("#dash-messages")

    mails = by_address(mail.outbox)
    # Every registrant of the form, also Fa who chose no session; one e-mail each.
    assert sorted(mails) == [f"{n}@example.org" for n in ("an", "bo", "cy", "di", "ed", "fa")]
    assert len(mail.outbox) == 6
    assert mails["bo@example.org"].subject == FRENCH[0]
    assert FRENCH[1] in mails["bo@example.org"].body
    for arabic in ("cy@example.org", "ed@example.org"):
        assert mails[arabic].subject == ARABIC[0]
        assert ARABIC[1] in mails[arabic].body
        assert '<html lang="ar" dir="rtl">' in html_of(mails[arabic])
    # No Ukrainian version: Fa gets the Dutch one, and its greeting and footer in Dutch too.
    for dutch in ("an@example.org", "di@example.org", "fa@example.org"):
        assert mails[dutch].subject == DUTCH[0]
        assert DUTCH[1] in mails[dutch].body
    assert mails["fa@example.org"].body.startswith("Beste Fa,")
    assert '<html lang="nl" dir="ltr">' in html_of(mails["fa@example.org"])
    # The personal link opens their registration in the language they registered in.
    assert "/ar/" in mails["cy@example.org"].body and "/uk/" in mails["fa@example.org"].body

    message = OrganiserMessage.objects.get()
    assert message.recipients == 6 and message.sent_by == organiser
    assert message.languages == {"nl": 3, "fr": 1, "ar": 2}
    assert message.deliveries.filter(status=MailDelivery.SENT).count() == 6


@pytest.mark.parametrize(
    ("audience", "people"),
    [("confirmed", {"an", "bo"}), ("waiting", {"cy", "ed"}), ("all", {"an", "bo", "cy", "ed"})],
)
def test_a_session_message_goes_to_the_people_chosen(
    client, django_capture_on_commit_callbacks, organiser, campaign, filled, audience, people
):
    _registrations, first, _second = filled
    send(client, django_capture_on_commit_callbacks, campaign, post_data(f"session-{first.pk}", audience))
    assert {m.to[0].split("@")[0] for m in mail.outbox} == people
    assert len(mail.outbox) == len(people)
    # The mail says which session it is about, in the reader's language.
    assert all(first.theme.title in m.body or "Over" in m.body for m in mail.outbox)


def test_the_form_confirmed_and_waiting_lists_and_no_one_who_cancelled(campaign, form_page, filled):
    registrations, first, _second = filled
    an = registrations[0]
    an.bookings.update(status=Booking.CANCELLED)
    everyone = OrganiserMessage(campaign=campaign, form=form_page, audience=OrganiserMessage.EVERYONE)
    confirmed = OrganiserMessage(campaign=campaign, form=form_page, audience=OrganiserMessage.CONFIRMED)
    waiting = OrganiserMessage(campaign=campaign, form=form_page, audience=OrganiserMessage.WAITING)

    def names(message):
        ids = [pk for pk, _language in messages.recipients(message)]
        return sorted(Registration.objects.filter(pk__in=ids).values_list("name", flat=True))

    # An cancelled everything: no longer among "everyone"; Fa registered without a session.
    assert names(everyone) == ["Bo", "Cy", "Di", "Ed", "Fa"]
    assert names(confirmed) == ["Bo", "Di"]
    assert names(waiting) == ["Cy", "Ed"]


def test_someone_registered_twice_gets_one_mail_in_their_latest_language(campaign, form_page, filled):
    register(form_page, email="fa@example.org", name="Fa", language="fr")
    message = OrganiserMessage(campaign=campaign, form=form_page, audience=OrganiserMessage.EVERYONE)
    people = messages.recipients(message)
    assert len(people) == 6
    fa = Registration.objects.filter(email="fa@example.org").latest("pk")
    assert (fa.pk, "fr") in people


def test_the_preview_counts_people_and_shows_each_language_and_sends_nothing(
    client, organiser, campaign, form_page, filled
):
    data = post_data(f"form-{form_page.pk}", "all", fr=FRENCH)
    response = client.post(compose_url(campaign), data)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.total == 6
    assert {(row.language, row.count, row.reads) for row in preview.languages} == {
        ("nl", 2, "nl"),
        ("ar", 2, "nl"),
        ("fr", 1, "fr"),
        ("uk", 1, "nl"),
    }
    assert [(v.language, v.count) for v in preview.versions] == [("nl", 5), ("fr", 1)]
    html = response.content.decode()
    assert FRENCH[0] in html and DUTCH[0] in html
    assert "6 people get this message." in html and "Send to 6 people" in html
    # The message travels on in hidden fields, with the same key.
    assert f'name="key" value="{data["key"]}"' in html
    assert mail.outbox == [] and not OrganiserMessage.objects.exists()
    assert not MailDelivery.objects.filter(kind=MailDelivery.MESSAGE).exists()

    # "Change the message" brings the form back as it was.
    edit = client.post(compose_url(campaign), {**data, "edit": "1"})
    assert edit.status_code == 200 and "preview" not in edit.context
    assert edit.context["form"]["subject_fr"].value() == FRENCH[0]


def test_a_version_needs_its_subject_and_its_text(client, organiser, campaign, form_page, filled):
    data = post_data(f"form-{form_page.pk}", "all", fr=(FRENCH[0], ""))
    response = client.post(compose_url(campaign), data)
    assert response.status_code == 200 and "preview" not in response.context
    assert response.context["form"].errors == {
        "body_fr": ["Please write both the subject and the text, or neither."]
    }


def test_a_text_of_invisible_characters_is_no_text(client, organiser, campaign, form_page, filled):
    data = post_data(f"form-{form_page.pk}", "all", body="\u200b\u202e\u200b")
    response = client.post(compose_url(campaign), data)
    assert response.status_code == 200 and "preview" not in response.context
    form = response.context["form"]
    assert list(form.errors) == ["body"] and form.has_error("body", "required")


def test_a_session_of_another_campaign_cannot_be_chosen(
    client, django_capture_on_commit_callbacks, organiser, campaign, campaign_b, form_page, filled
):
    _registrations, first, _second = filled
    response = send(client, django_capture_on_commit_callbacks, campaign_b, post_data(f"session-{first.pk}"))
    assert response.status_code == 403
    response = send(client, django_capture_on_commit_callbacks, campaign, post_data("session-999999"))
    assert response.status_code == 200 and "to" in response.context["form"].errors
    assert mail.outbox == []


@pytest.mark.parametrize("role", ROLES)
def test_only_the_campaigns_organisers_and_superusers_may_send(
    client, django_capture_on_commit_callbacks, users, campaign, form_page, filled, role
):
    if role != "anonymous":
        login_verified(client, users[role])
    compose = client.get(compose_url(campaign))
    response = send(client, django_capture_on_commit_callbacks, campaign, post_data(f"form-{form_page.pk}"))
    if role in ALLOWED:
        assert compose.status_code == 200
        assert response.status_code == 302
        assert len(mail.outbox) == 6
        message = OrganiserMessage.objects.get()
        detail = client.get(reverse("campaign_messages:detail", args=[campaign.pk, message.pk]))
        assert detail.status_code == 200 and DUTCH[0] in detail.content.decode()
    elif role == "anonymous":
        assert compose.status_code == response.status_code == 302
        assert "/admin/login/" in response["Location"]
    else:
        # Editors, moderators and translators can edit pages, and organisers of another
        # campaign their own: none of them writes to these people.
        assert compose.status_code == response.status_code == 403
    if role not in ALLOWED:
        assert mail.outbox == []
        assert not OrganiserMessage.objects.exists() and not MailDelivery.objects.exists()


def test_another_campaigns_message_is_not_found_under_this_one(
    client, django_capture_on_commit_callbacks, users, campaign, campaign_b, form_page, filled
):
    login_verified(client, users["superuser"])
    send(client, django_capture_on_commit_callbacks, campaign, post_data(f"form-{form_page.pk}"))
    message = OrganiserMessage.objects.get()
    elsewhere = reverse("campaign_messages:detail", args=[campaign_b.pk, message.pk])
    assert client.get(elsewhere, follow=True).status_code == 404
    login_verified(client, users["organiser_b"])
    assert client.get(reverse("campaign_messages:detail", args=[campaign.pk, message.pk])).status_code == 403


def test_a_second_click_or_a_resubmitted_post_sends_nothing_twice(
    client, django_capture_on_commit_callbacks, organiser, campaign, form_page, filled
):
    data = post_data(f"form-{form_page.pk}", "confirmed")
    first = send(client, django_capture_on_commit_callbacks, campaign, data)
    again = send(client, django_capture_on_commit_callbacks, campaign, data)
    assert first.status_code == again.status_code == 302
    assert OrganiserMessage.objects.count() == 1
    assert MailDelivery.objects.filter(kind=MailDelivery.MESSAGE).count() == 3
    assert len(mail.outbox) == 3
    notices = [str(m) for m in client.get(again["Location"]).context["messages"]]
    assert "This message was sent already. It was not sent again." in notices
    # A new form (a new key) is a new message.
    send(client, django_capture_on_commit_callbacks, campaign, {**data, "key": str(uuid.uuid4())})
    assert OrganiserMessage.objects.count() == 2 and len(mail.outbox) == 6


def test_two_posts_at_the_same_moment_send_once(
    django_capture_on_commit_callbacks, users, campaign, form_page, filled
):
    """The second request passed the look-up before the first saved: the unique key stops it."""
    key = uuid.uuid4()

    def message():
        return OrganiserMessage(
            campaign=campaign,
            form=form_page,
            scope_label=form_page.title,
            audience=OrganiserMessage.EVERYONE,
            subject=DUTCH[0],
            body=DUTCH[1],
            idempotency_key=key,
        )

    people = messages.recipients(message())
    with django_capture_on_commit_callbacks(execute=True):
        first, sent = messages.send(message(), people, users["organiser_a"])
    assert sent
    with (
        mock.patch("forms.organisers.messages.sent_with_key", side_effect=[None, first]),
        django_capture_on_commit_callbacks(execute=True),
    ):
        second, sent_again = messages.send(message(), people, users["organiser_a"])
    assert not sent_again and second.pk == first.pk
    assert OrganiserMessage.objects.count() == 1
    assert MailDelivery.objects.filter(kind=MailDelivery.MESSAGE).count() == 6 == len(mail.outbox)
    assert PageLogEntry.objects.filter(action=messages.MESSAGE_ACTION).count() == 1


def test_each_message_is_in_the_audit_log(
    client, django_capture_on_commit_callbacks, organiser, campaign, filled
):
    _registrations, first, _second = filled
    send(
        client,
        django_capture_on_commit_callbacks,
        campaign,
        post_data(f"session-{first.pk}", "waiting", ar=ARABIC),
    )
    entry = PageLogEntry.objects.get(action=messages.MESSAGE_ACTION)
    message = OrganiserMessage.objects.get()
    assert entry.page_id == campaign.pk and entry.user == organiser
    assert entry.data["message"] == message.pk
    assert entry.data["recipients"] == 2 and entry.data["languages"] == {"ar": 2}
    assert entry.data["audience"] == "waiting" and entry.data["to"] == message.scope_label
    with translation.override("en"):
        assert entry.message == f"Message “{DUTCH[0]}” sent to 2 people ({message.scope_label})"
    # Who it went to is the deliveries, never an address in the log.
    assert "@" not in str(entry.data)


def test_the_dashboard_lists_the_messages_with_their_delivery_counts(
    client, django_capture_on_commit_callbacks, organiser, campaign, form_page, filled
):
    send(client, django_capture_on_commit_callbacks, campaign, post_data(f"form-{form_page.pk}"))
    MailDelivery.objects.filter(kind=MailDelivery.MESSAGE, registration__email="fa@example.org").update(
        status=MailDelivery.FAILED, attempts=tasks.MAX_ATTEMPTS
    )
    MailDelivery.objects.filter(kind=MailDelivery.MESSAGE, registration__email="ed@example.org").update(
        status=MailDelivery.PENDING
    )
    response = client.get(reverse("campaign_dashboards:campaign", args=[campaign.pk]))
    [listed] = response.context["organiser_messages"]
    assert (listed.recipients, listed.sent, listed.on_their_way, listed.given_up) == (6, 4, 1, 1)
    html = response.content.decode()
    assert DUTCH[0] in html and "4 sent, 1 on its way, <strong>1 could not be sent</strong>" in html
    assert reverse("campaign_messages:compose", args=[campaign.pk]) in html


@override_settings(EMAIL_BACKEND="tests.forms.mail_utils.FailingBackend")
def test_with_the_mail_server_down_messages_wait_and_go_out_once_later(
    client, django_capture_on_commit_callbacks, organiser, campaign, form_page, filled
):
    response = send(client, django_capture_on_commit_callbacks, campaign, post_data(f"form-{form_page.pk}"))
    assert response.status_code == 302
    deliveries = MailDelivery.objects.filter(kind=MailDelivery.MESSAGE)
    assert deliveries.count() == 6 and mail.outbox == []
    assert {(d.status, d.attempts) for d in deliveries} == {(MailDelivery.FAILED, 1)}
    [listed] = messages.sent_messages(campaign)
    assert (listed.sent, listed.on_their_way) == (0, 6)

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert tasks.retry_due() == 0  # not yet due: the server is not hammered
        later = timezone.now() + datetime.timedelta(minutes=5)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert tasks.retry_due() == 6
            assert tasks.retry_due() == 0
    assert len(mail.outbox) == 6 == len({m.to[0] for m in mail.outbox})
    assert {(d.status, d.attempts) for d in deliveries.all()} == {(MailDelivery.SENT, 2)}


def test_a_failure_to_queue_leaves_the_messages_for_the_cron_run(
    client, django_capture_on_commit_callbacks, organiser, campaign, form_page, filled, caplog
):
    down = mock.Mock(**{"enqueue.side_effect": ConnectionError("queue down")})
    with mock.patch("forms.organisers.messages.queue_deliveries", down):
        response = send(
            client, django_capture_on_commit_callbacks, campaign, post_data(f"form-{form_page.pk}")
        )
    assert response.status_code == 302 and mail.outbox == []
    assert "send_reminders will retry" in caplog.text
    assert set(MailDelivery.objects.filter(kind=MailDelivery.MESSAGE).values_list("status", flat=True)) == {
        MailDelivery.PENDING
    }
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + tasks.STALE_PENDING * 2):
        tasks.retry_due()
    assert len(mail.outbox) == 6


def many_registrants(form, session, count):
    """``count`` registrations with a confirmed seat in ``session``, written in bulk."""
    session.capacity = count
    session.save(update_fields=["capacity"])
    registrations = Registration.objects.bulk_create(
        Registration(form=form, language=("nl", "fr", "ar")[n % 3], email=f"p{n}@example.org", name=f"P{n}")
        for n in range(count)
    )
    Booking.objects.bulk_create(
        Booking(registration=r, session=session, email=r.email, status=Booking.CONFIRMED)
        for r in registrations
    )


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}})
@pytest.mark.parametrize("count", [5, 500])
def test_sending_to_500_people_is_queued_in_a_few_queries(
    client, django_capture_on_commit_callbacks, organiser, campaign, form_page, count
):
    from django_tasks_db.models import DBTaskResult

    session = messages.campaign_sessions(campaign).first()
    many_registrants(form_page, session, count)
    data = post_data(f"session-{session.pk}", "confirmed", fr=FRENCH)
    with CaptureQueriesContext(connection) as queries:
        response = send(client, django_capture_on_commit_callbacks, campaign, data)
    assert response.status_code == 302
    # The same few queries for 5 people or 500 (the second factor adds its device check), and SQLite writes 500 rows in six
    # batches (PostgreSQL in one).
    assert len(queries) <= 40, "\n".join(q["sql"][:150] for q in queries.captured_queries)
    # Nothing is mailed in the request: one task is queued, which queues each e-mail.
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    message = OrganiserMessage.objects.get()
    assert message.deliveries.filter(status=MailDelivery.PENDING).count() == count
    french = len([n for n in range(count) if n % 3 == 1])
    assert message.languages == {"fr": french, "nl": count - french}  # no Arabic version: Dutch

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ):
        assert messages.queue_deliveries.call(message.pk) == count
    assert len(mail.outbox) == count
    assert len({m.to[0] for m in mail.outbox}) == count
    assert sent_to(mail.outbox, "p1@example.org")[0].subject == FRENCH[0]
    assert sent_to(mail.outbox, "p2@example.org")[0].subject == DUTCH[0]


def test_text_is_plain_and_links_are_safe(
    client, django_capture_on_commit_callbacks, organiser, campaign, form_page
):
    register(form_page, email="an@example.org", name="An")
    body = (
        'Zie <a href="https://evil.example">hier</a> of javascript:alert(1)\n'
        "De agenda: https://example.org/agenda?a=1&b=2\n"
        "Verborgen:\u202e fdp.exe"
    )
    send(client, django_capture_on_commit_callbacks, campaign, post_data(f"form-{form_page.pk}", body=body))
    [message] = mail.outbox
    html = html_of(message)
    # The organiser's HTML is text; each link shows the address it goes to, and only web
    # addresses are linked.
    assert '<a href="https://evil.example">' not in html and "&lt;a href=&quot;" in html
    assert 'href="javascript' not in html
    links = re.findall(r'<a href="([^"]*)"( rel="nofollow")?>([^<]*)</a>', html)
    assert [(href, text) for href, nofollow, text in links if nofollow] == [
        ("https://evil.example", "https://evil.example"),
        ("https://example.org/agenda?a=1&amp;b=2", "https://example.org/agenda?a=1&amp;b=2"),
    ]
    assert len(links) == 3  # and the link to their own registration
    assert (
        '<a href="https://example.org/agenda?a=1&amp;b=2" rel="nofollow">https://example.org/agenda?a=1&amp;b=2</a>'
        in html
    )
    assert "\u202e" not in message.body and "\u202e" not in html
    assert 'Zie <a href="https://evil.example">hier</a>' in message.body  # plain text stays as written


def test_a_name_or_a_subject_cannot_add_mail_headers(
    client, django_capture_on_commit_callbacks, organiser, campaign, form_page
):
    registration = register(form_page, email="eve@example.org", name="Eve")
    # Stored before the form refused line breaks in names.
    Registration.objects.filter(pk=registration.pk).update(name="Eve\r\nBcc: evil@example.org")
    forged = post_data(f"form-{form_page.pk}", subject="Agenda\r\nBcc: evil@example.org")
    response = send(client, django_capture_on_commit_callbacks, campaign, forged)
    assert response.status_code == 200 and "subject" in response.context["form"].errors
    assert mail.outbox == []

    send(client, django_capture_on_commit_callbacks, campaign, post_data(f"form-{form_page.pk}"))
    [message] = mail.outbox
    raw = message.message().as_string()
    assert "Bcc" not in message.extra_headers and message.bcc == []
    assert "\nBcc:" not in raw.split("\n\n", 1)[0]
    assert message.recipients() == ["eve@example.org"]


def test_the_pages_are_in_the_admins_language_dutch_by_default(
    client, organiser, campaign, form_page, filled
):
    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "nl"
    profile.save()
    html = client.get(compose_url(campaign)).content.decode()
    assert "Onderwerp (Nederlands)" in html and "Tekst (Arabisch)" in html
    assert 'lang="ar" dir="rtl"' in html
    dashboard = client.get(reverse("campaign_dashboards:campaign", args=[campaign.pk])).content.decode()
    assert "Berichten aan ingeschrevenen" in dashboard
