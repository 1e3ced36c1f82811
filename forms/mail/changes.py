"""Change and cancel notices: a published change to a session reaches everyone with a place.

``campaign`` knows nothing of bookings, so this listens to it: when the Dutch theme page is
published (``page_published``), each of its sessions is compared with what its registrants
were last told (``SessionNotice``). A new start or end, a cancellation (``Session.cancelled``)
or a cancellation taken back is mailed to every confirmed and waiting booking, in the
registrant's language, with a calendar file that updates the event they have (same UID,
SEQUENCE one higher; METHOD:REQUEST, or METHOD:CANCEL). A new meeting address alone is
mailed only when the editor ticked "tell registrants": the join link follows it anyway.
The tick is used once: it is cleared on the session and in the published revision.

What was told is recorded in the publishing transaction, so publishing the same revision
again finds nothing new. Each notice is a ``MailDelivery`` (one per booking and kind) built
when it is sent, from ``BookingNotice``: what the person's calendar still says. A second
change while the first notice still waits (the mail server is down) joins it, and the person
gets one mail from what they knew to what is now.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from campaign.dates import format_session_range
from campaign.models import Session, ThemePage
from campaign.sources import is_source
from forms.mail import tasks
from forms.mail.messages import booking_message
from forms.models import Booking, BookingNotice, MailDelivery, SessionNotice

logger = logging.getLogger(__name__)

SENT_OR_SKIPPED = (MailDelivery.SENT, MailDelivery.SKIPPED)


def remember(session, sequence=0):
    """A ``SessionNotice`` that says what ``session`` (as given) is like."""
    return SessionNotice.objects.create(
        session_id=session.pk,
        start=session.start,
        end=session.end,
        meeting_url=session.meeting_url,
        cancelled=session.cancelled,
        sequence=sequence,
    )


def before_session_saved(sender, instance, raw=False, **kwargs):
    """Before a Dutch session is first changed, note how it was: what its registrants know.

    (Sessions get their ``SessionNotice`` at the first publish that saves them; the row
    in the database at that moment is what the confirmations said.)
    """
    if raw or not instance.pk or not is_source(instance):
        return
    if SessionNotice.objects.filter(session_id=instance.pk).exists():
        return
    stored = Session.objects.filter(pk=instance.pk).first()
    if stored is not None:
        remember(stored)


def on_page_published(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, ThemePage) or not is_source(instance):
        return
    with transaction.atomic():
        sessions = list(Session.objects.filter(theme_id=instance.pk).order_by("pk"))
        for session in sessions:
            session_published(session)
        clear_ticks(instance, sessions, revision)


def clear_ticks(page, sessions, revision):
    """ "Tell registrants" is for one publish: clear it on the rows and in the revision, so the
    editor sees it unticked and a later address change is not mailed by an old tick."""
    ticked = [s.pk for s in sessions if s.tell_registrants]
    if not ticked:
        return
    Session.objects.filter(pk__in=ticked).update(tell_registrants=False)
    if revision is not None:
        rows = revision.content.get("sessions") or []
        for row in rows:
            if row.get("pk") in ticked:
                row["tell_registrants"] = False
        revision.save(update_fields=["content"])


def session_published(session):
    """Compare one published Dutch session with what its registrants know; record notices."""
    notice = SessionNotice.objects.select_for_update().filter(session_id=session.pk).first()
    if notice is None:
        remember(session)
        return []
    times_changed = (session.start, session.end) != (notice.start, notice.end)
    address_changed = session.meeting_url != notice.meeting_url
    cancelling = session.cancelled and not notice.cancelled
    reinstated = notice.cancelled and not session.cancelled
    tell_address = address_changed and session.tell_registrants
    # While it stays cancelled, later edits are nobody's business; a first cancel always is.
    to_tell = cancelling if session.cancelled else (times_changed or tell_address or reinstated)
    old_start, old_end = notice.start, notice.end
    notice.start, notice.end = session.start, session.end
    notice.meeting_url, notice.cancelled = session.meeting_url, session.cancelled
    if not to_tell:
        notice.save()
        return []
    notice.sequence += 1
    notice.changed_at = timezone.now()
    notice.save()
    kind = MailDelivery.SESSION_CANCELLED if session.cancelled else MailDelivery.SESSION_CHANGED
    bookings = Booking.objects.filter(session=session).exclude(status=Booking.CANCELLED)
    deliveries = []
    for booking in bookings.select_related("registration"):
        delivery = owe_notice(booking, kind, old_start, old_end, tell_address, reinstated)
        if delivery is not None:
            deliveries.append(delivery)
    transaction.on_commit(lambda: [tasks.queue(delivery) for delivery in deliveries])
    logger.info("Session %s changed (%s): %s notices recorded", session.pk, kind, len(deliveries))
    return deliveries


def owe_notice(booking, kind, old_start, old_end, tell_address, reinstated):
    """Record (or add to) the notice ``booking`` is owed; the delivery to queue, if a new one."""
    delivery, created = MailDelivery.objects.get_or_create(
        registration=booking.registration, booking=booking, kind=kind
    )
    fresh = created or delivery.status in SENT_OR_SKIPPED
    if kind == MailDelivery.SESSION_CHANGED:
        told_cancelled = MailDelivery.objects.filter(
            booking=booking, kind=MailDelivery.SESSION_CANCELLED, status=MailDelivery.SENT
        ).exists()
        notice, _created = BookingNotice.objects.get_or_create(
            booking=booking, defaults={"old_start": old_start, "old_end": old_end}
        )
        if fresh:
            notice.old_start, notice.old_end = old_start, old_end
            notice.address_changed, notice.reinstated = tell_address, reinstated and told_cancelled
        else:
            notice.address_changed |= tell_address
            notice.reinstated |= reinstated and told_cancelled
        notice.save()
    if not fresh:
        return None  # still waiting in the outbox: it goes out with the latest state
    if not created:
        delivery.status, delivery.attempts, delivery.sent_at = MailDelivery.PENDING, 0, None
        delivery.last_error, delivery.next_attempt_at = "", None
        delivery.save(update_fields=["status", "attempts", "sent_at", "last_error", "next_attempt_at"])
    return delivery


# The notices ------------------------------------------------------------------------------------


def still_relevant(booking):
    return (
        booking.status != Booking.CANCELLED
        and booking.registration.email
        and booking.session.end > timezone.now()
    )


def changed_message(booking):
    """To a registrant: what changed in their session (old → new), with the updated event."""
    notice = BookingNotice.objects.filter(booking=booking).first()
    if notice is None or not still_relevant(booking) or booking.session.cancelled:
        return None
    session = booking.session
    times_changed = (notice.old_start, notice.old_end) != (session.start, session.end)
    if not (times_changed or notice.address_changed or notice.reinstated):
        return None  # changed back before the notice went out
    return booking_message(
        booking,
        "session_changed",
        lambda row: gettext("Changed: %(theme)s, %(when)s") % {"theme": row["theme"], "when": row["when"]},
        method="REQUEST",
        extra=lambda row: {
            "times_changed": times_changed,
            "old_when": format_session_range(notice.old_start, notice.old_end),
            "address_changed": notice.address_changed,
            "reinstated": notice.reinstated,
        },
    )


def cancelled_session_message(booking):
    """To a registrant: their session does not take place; the event leaves their calendar."""
    if not still_relevant(booking) or not booking.session.cancelled:
        return None
    return booking_message(
        booking,
        "session_cancelled",
        lambda row: gettext("Cancelled: %(theme)s, %(when)s") % {"theme": row["theme"], "when": row["when"]},
        method="CANCEL",
    )
