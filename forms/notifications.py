"""What happens after a registration (or a move up the waiting list) is stored.

``registration_created`` is the single call point for everything that follows a committed
registration: the confirmation to the visitor and the notice to the organisers. The form
view calls it in ``transaction.on_commit``, so it never runs for a registration that was
rolled back and a failure here can never undo one. Nothing here raises: each mail is
recorded as a ``MailDelivery`` and queued; what cannot be sent now is retried later.
"""

import logging

from django.db import transaction

from forms import tasks
from forms.models import Booking, MailDelivery, Registration
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


def registration_created(registration_id):
    """Called once per registration, after its transaction has committed.

    ``registration_id`` is the primary key of a ``forms.models.Registration``; its bookings
    (confirmed or waiting) are already stored.
    """
    try:
        registration = Registration.objects.select_related("form").get(pk=registration_id)
        deliveries = []
        if registration.email:
            deliveries.append(record(registration, MailDelivery.CONFIRMATION))
        if split_emails(registration.form.notify_emails):
            deliveries.append(record(registration, MailDelivery.ORGANISER))
    except Exception:
        logger.exception("Could not record the e-mails of registration %s", registration_id)
        return
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


def on_promoted(booking):
    """Send the promotion mail once the current transaction has committed."""
    if booking is not None:
        transaction.on_commit(lambda: booking_promoted(booking.pk))
