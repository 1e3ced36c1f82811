"""Reminders shortly before a session, each sent once however often the command runs.

A booking is claimed by setting ``reminded_at`` with a conditional UPDATE (``WHERE
reminded_at IS NULL``): when two runs overlap, the database lets only one of them change the
row, and only that one records and queues the mail.
"""

from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.utils import timezone

from forms.mail import notify, tasks
from forms.models import Booking, MailDelivery


def due_bookings(now):
    """Confirmed bookings whose session starts within its form's reminder lead time."""
    return (
        Booking.objects.filter(status=Booking.CONFIRMED, reminded_at__isnull=True, session__start__gt=now)
        .annotate(
            remind_from=ExpressionWrapper(
                F("session__start") - F("registration__form__reminder_lead_time"),
                output_field=DateTimeField(),
            )
        )
        .filter(remind_from__lte=now)
        .order_by("session__start", "pk")
    )


def queue_due_reminders(now=None):
    """Record and queue the reminders that are due. Returns how many this run claimed."""
    now = now or timezone.now()
    claimed = 0
    for booking_id, registration_id in due_bookings(now).values_list("pk", "registration_id"):
        with transaction.atomic():
            won = Booking.objects.filter(
                pk=booking_id, status=Booking.CONFIRMED, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not won:
                continue
            delivery = notify.record_ids(registration_id, MailDelivery.REMINDER, booking_id)
            transaction.on_commit(lambda delivery=delivery: tasks.queue(delivery))
        claimed += 1
    return claimed
