"""What happens after a registration (or a move up the waiting list) is stored.

``registration_stored`` is the single call point for everything that follows a registration:
the confirmation to the visitor and the notice to the organisers. The form view calls it
inside the registration's transaction: each mail becomes a ``MailDelivery`` row in that same
transaction (so a stored registration always has its mails recorded, and a rolled-back one
has none), and the rows are queued only once the transaction has committed. Queueing never
raises: what cannot be sent now is retried later (``tasks.retry_due``).
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from forms.mail import tasks
from forms.models import Booking, MailDelivery
from forms.models.pages import split_emails

logger = logging.getLogger(__name__)


def record(registration, kind, booking=None):
    return record_ids(registration.pk, kind, booking.pk if booking else None)


def record_ids(registration_id, kind, booking_id=None):
    """The ``MailDelivery`` for this mail, created once (unique per registration/booking and kind)."""
    delivery, _created = MailDelivery.objects.get_or_create(
        registration_id=registration_id, booking_id=booking_id, kind=kind
    )
    return delivery


def registration_stored(registration, form):
    """Record the mails of a new ``registration`` of ``form`` (the Dutch page) and queue them on commit.

    Must run inside the transaction that stores the registration and its bookings.
    """
    kinds = []
    if registration.email:
        kinds.append(MailDelivery.CONFIRMATION)
    if split_emails(form.notify_emails):
        kinds.append(MailDelivery.ORGANISER)
    deliveries = MailDelivery.objects.bulk_create(
        MailDelivery(registration=registration, kind=kind) for kind in kinds
    )
    transaction.on_commit(lambda: queue_all(deliveries))
    return deliveries


# Someone sending the form again with an address that holds a place is told at most this often.
ALREADY_REGISTERED_INTERVAL = datetime.timedelta(hours=24)


def already_registered(held):
    """The address of each ``Held`` booking is told that it already had that place.

    Only that address learns it (the visitor sees the same answer as a new registrant). At
    most one notice per booking and day, so nobody can flood a neighbour's mailbox.
    Inside the posting transaction; queued once it has committed.
    """
    deliveries = []
    for item in held:
        delivery = record(item.booking.registration, MailDelivery.ALREADY_REGISTERED, item.booking)
        recent = delivery.sent_at and timezone.now() - delivery.sent_at < ALREADY_REGISTERED_INTERVAL
        if delivery.status in (MailDelivery.SENT, MailDelivery.SKIPPED) and not recent:
            delivery.status, delivery.attempts, delivery.sent_at = MailDelivery.PENDING, 0, None
            delivery.save(update_fields=["status", "attempts", "sent_at"])
        if delivery.status == MailDelivery.PENDING:
            deliveries.append(delivery)
    if deliveries:
        transaction.on_commit(lambda: queue_all(deliveries))
    return deliveries


def queue_all(deliveries):
    for delivery in deliveries:
        tasks.queue(delivery)


def booking_promoted(booking_id):
    """A waiting-list booking got a seat: tell its registrant (after commit)."""
    try:
        booking = Booking.objects.select_related("registration").get(pk=booking_id)
        delivery = record(booking.registration, MailDelivery.PROMOTED, booking)
    except Exception:
        logger.exception("Could not record the e-mail for promoted booking %s", booking_id)
        return
    tasks.queue(delivery)


def booking_cancelled(booking):
    """Inside the cancelling transaction: tell the organisers (in Dutch) once it has committed."""
    if not split_emails(booking.registration.form.notify_emails):
        return None
    delivery = record(booking.registration, MailDelivery.CANCELLED, booking)
    transaction.on_commit(lambda: tasks.queue(delivery))
    return delivery


def on_promoted(booking):
    """Send the promotion mail once the current transaction has committed."""
    if booking is not None:
        transaction.on_commit(lambda: booking_promoted(booking.pk))


def booking_added(booking):
    """A session booked from "my registration": confirm it to the registrant, tell the organisers.

    Inside the booking's transaction; queued once it has committed. The mails are the usual
    kinds recorded for this booking (a confirmation of that one session, the organisers'
    notice), so each goes out once, with the usual retries.
    """
    registration = booking.registration
    kinds = [MailDelivery.CONFIRMATION] if registration.email else []
    if split_emails(registration.form.notify_emails):
        kinds.append(MailDelivery.ORGANISER)
    deliveries = [record(registration, kind, booking) for kind in kinds]
    if deliveries:
        transaction.on_commit(lambda: queue_all(deliveries))
    return deliveries
