"""Messages from a campaign's organisers to its registrants: who gets one, in which language,
what the preview shows, and how it is sent.

The organiser writes in Dutch and may add a version per language; each registrant reads the
version in the language they registered in, or else the Dutch one. A message goes to the
confirmed people, the waiting list or both, of one session or of a whole form; a form's
"everyone" also counts the people who registered without choosing a session, never those who
cancelled everything. One person is one e-mail address: someone who registered twice gets the
message once, in the language of their latest registration.

Sending never mails anyone in the request. In one transaction the message, one
``MailDelivery`` per person (in bulk) and the audit-log entry are written; after the commit a
single task is queued that queues each delivery, so the request does the same few queries
however many people the message reaches, and each e-mail has the outbox's retries
(``forms.mail.tasks``). The message's
``idempotency_key`` is unique: a double click, the back button or a resubmitted POST finds the
message already made and queues nothing.

Organisers write plain text. The HTML part escapes it and links only web and e-mail
addresses, with the address itself as the link's text, so a link cannot pretend to go
somewhere else; the subject is one line of cleaned text (``forms.text``) and the registrant's
name goes only into the body, never into a header.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task
from wagtail.log_actions import log

from forms.mail import tasks
from forms.mail.messages import session_label
from forms.mail.organiser_messages import rendered_text
from forms.models import Booking, MailDelivery, OrganiserMessage, Registration
from forms.organisers.dashboard import campaign_forms, campaign_sessions, language_name

logger = logging.getLogger(__name__)

MESSAGE_ACTION = "campaign_forms.send_message"

AUDIENCE_STATUSES = {
    OrganiserMessage.CONFIRMED: [Booking.CONFIRMED],
    OrganiserMessage.WAITING: [Booking.WAITING],
    OrganiserMessage.EVERYONE: [Booking.CONFIRMED, Booking.WAITING],
}


def other_languages():
    """The languages besides Dutch a message may be written in."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


# Who gets it ------------------------------------------------------------------------------------


def scope_choices(campaign):
    """The choices of "send to": each form of the campaign as a whole, then each session."""
    forms = [(f"form-{form.pk}", form.title) for form in campaign_forms(campaign)]
    sessions = [(f"session-{session.pk}", session_label(session)) for session in campaign_sessions(campaign)]
    return [
        (gettext("A whole form"), forms),
        (gettext("One session"), sessions),
    ]


def resolve_scope(campaign, value):
    """``(form, session, label)`` for a "send to" choice of this campaign, or None."""
    kind, _dash, pk = (value or "").partition("-")
    if not pk.isdigit():
        return None
    if kind == "form":
        form = campaign_forms(campaign).filter(pk=pk).first()
        return (form, None, form.title) if form else None
    if kind == "session":
        session = campaign_sessions(campaign).filter(pk=pk).first()
        return (None, session, session_label(session)) if session else None
    return None


def recipients(message):
    """``[(registration id, language)]``, one per e-mail address, for an (unsaved) message."""
    statuses = AUDIENCE_STATUSES[message.audience]
    registrations = Registration.objects.filter(form__in=campaign_forms(message.campaign)).exclude(email="")
    if message.session_id is not None:
        registrations = registrations.filter(
            bookings__session_id=message.session_id, bookings__status__in=statuses
        )
    elif message.audience == OrganiserMessage.EVERYONE:
        registrations = registrations.filter(form_id=message.form_id).filter(
            Q(bookings__status__in=statuses) | Q(bookings__isnull=True)
        )
    else:
        registrations = registrations.filter(form_id=message.form_id, bookings__status__in=statuses)
    rows = registrations.order_by("email", "-submitted_at", "-pk").values_list("pk", "email", "language")
    people = {}
    for pk, email, language in rows:
        people.setdefault(email, (pk, language))
    return list(people.values())


# The preview --------------------------------------------------------------------------------------


@dataclass
class LanguageRow:
    """How many registrants have one language, and which version they read."""

    language: str
    name: str
    count: int
    reads: str
    reads_name: str

    @property
    def own(self):
        return self.language == self.reads


@dataclass
class Rendered:
    """The message as the registrants of one language read it."""

    language: str
    name: str
    bidi: bool
    subject: str
    text: str
    count: int


@dataclass
class Preview:
    total: int
    languages: list = field(default_factory=list)
    versions: list = field(default_factory=list)


def preview(message, people):
    """What sending ``message`` to ``people`` (from ``recipients``) would do, for the organiser."""
    by_language = Counter(language for _pk, language in people)
    rows = [
        LanguageRow(
            language=code,
            name=language_name(code),
            count=count,
            reads=message.language_for(code),
            reads_name=language_name(message.language_for(code)),
        )
        for code, count in sorted(by_language.items(), key=lambda item: (-item[1], item[0]))
    ]
    readers = Counter()
    for row in rows:
        readers[row.reads] += row.count
    versions = []
    for code, count in sorted(readers.items(), key=lambda item: (item[0] != settings.LANGUAGE_CODE, item[0])):
        with translation.override(code):
            subject, text = rendered_text(message, registration=None)
            bidi = translation.get_language_bidi()
        versions.append(
            Rendered(
                language=code, name=language_name(code), bidi=bidi, subject=subject, text=text, count=count
            )
        )
    return Preview(total=len(people), languages=rows, versions=versions)


def versions(message):
    """The message in each language it was written in, Dutch first, as the organiser wrote it."""
    codes = [settings.LANGUAGE_CODE, *(code for code in other_languages() if message.written_in(code))]
    rows = []
    for code in codes:
        subject, body = message.version(code)
        rows.append(
            Rendered(
                language=code,
                name=language_name(code),
                bidi=translation.get_language_info(code)["bidi"],
                subject=subject,
                text=body,
                count=(message.languages or {}).get(code, 0),
            )
        )
    return rows


# Sending ------------------------------------------------------------------------------------------


def send(message, people, user):
    """Save ``message`` with one delivery per person and queue them after the commit.

    Returns ``(message, True)``, or ``(the message saved before with this key, False)`` when
    the form was sent already: then nothing is written or queued.
    """
    earlier = sent_with_key(message.idempotency_key)
    if earlier is not None:
        return earlier, False
    message.sent_by = user
    message.recipients = len(people)
    message.languages = dict(Counter(message.language_for(language) for _pk, language in people))
    try:
        with transaction.atomic():
            message.save()
            MailDelivery.objects.bulk_create(
                MailDelivery(registration_id=pk, message=message, kind=MailDelivery.MESSAGE)
                for pk, _language in people
            )
            log(
                instance=message.campaign,
                action=MESSAGE_ACTION,
                user=user,
                data={
                    "message": message.pk,
                    "subject": message.subject,
                    "to": message.scope_label,
                    "audience": message.audience,
                    "recipients": message.recipients,
                    "languages": message.languages,
                },
            )
            transaction.on_commit(lambda: queue(message))
    except IntegrityError:
        # The same form, posted at the same moment by a second click: that one made it.
        earlier = sent_with_key(message.idempotency_key)
        if earlier is None:
            raise
        return earlier, False
    return message, True


def sent_with_key(key):
    return OrganiserMessage.objects.filter(idempotency_key=key).first()


def queue(message):
    """Queue the task that queues the message's deliveries; never raises (``tasks.retry_due``
    picks up deliveries left pending)."""
    try:
        queue_deliveries.enqueue(message.pk)
    except Exception:
        logger.exception("Could not queue message %s; send_reminders will retry its e-mails", message.pk)


@task()
def queue_deliveries(message_id):
    """Queue each e-mail of a message that is still to be sent. Returns how many."""
    pending = MailDelivery.objects.filter(message_id=message_id, status=MailDelivery.PENDING)
    count = 0
    for delivery in pending.only("pk", "kind", "registration_id").iterator():
        tasks.queue(delivery)
        count += 1
    return count


# The dashboard ------------------------------------------------------------------------------------


def sent_messages(campaign, limit=50, **filters):
    """The campaign's latest messages with their deliveries counted: sent, on their way, given up."""
    on_their_way = Q(deliveries__status__in=[MailDelivery.PENDING, MailDelivery.SENDING]) | Q(
        deliveries__status=MailDelivery.FAILED, deliveries__attempts__lt=tasks.MAX_ATTEMPTS
    )
    given_up = Q(deliveries__status=MailDelivery.FAILED, deliveries__attempts__gte=tasks.MAX_ATTEMPTS)
    return list(
        OrganiserMessage.objects.filter(campaign=campaign, **filters)
        .select_related("sent_by", "session__theme")
        .annotate(
            sent=Count("deliveries", filter=Q(deliveries__status=MailDelivery.SENT)),
            on_their_way=Count("deliveries", filter=on_their_way),
            given_up=Count("deliveries", filter=given_up),
        )
        .order_by("-created_at", "-pk")[:limit]
    )
