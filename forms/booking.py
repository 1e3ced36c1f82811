"""Seats: booking sessions for a registration, cancelling, moving people up the waiting list.

Seats are counted on the source-language ``Session`` row, locked with ``select_for_update``
while a booking is decided, so two requests can never both take the last seat (PostgreSQL
row locks; SQLite serialises writers with ``transaction_mode = IMMEDIATE``).
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from campaign.freshness import touch_campaigns_of_sessions
from campaign.models import Session
from forms.models import Booking


class AlreadyBooked(Exception):
    """The e-mail address already has a seat (or waiting-list place) in these sessions."""

    def __init__(self, sessions):
        super().__init__(sessions)
        self.sessions = sessions


def book(registration, sessions):
    """Book each session for ``registration``: a seat while there is one, else the waiting list.

    ``sessions`` are source-language rows. Must run inside the transaction that stores the
    registration; raises ``AlreadyBooked`` (rolling nothing back by itself) when the
    registration's e-mail address already holds one of these sessions.
    """
    if not sessions:
        return []
    ids = sorted({s.pk for s in sessions})
    email = registration.email.strip().lower()
    # No savepoint of its own (two round trips saved on every registration); a refusal is
    # raised only after the block has ended cleanly, so the caller's transaction stays usable.
    refused = None
    with transaction.atomic(savepoint=False):
        # Lock in a fixed order so two registrations for the same sessions cannot deadlock.
        locked = list(Session.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        # Seats taken, and whether this address holds one already, in one query.
        rows = (
            Booking.objects.filter(session_id__in=ids)
            .exclude(status=Booking.CANCELLED)
            .values("session_id")
            .annotate(
                confirmed=Count("pk", filter=Q(status=Booking.CONFIRMED)),
                mine=Count("pk", filter=Q(email=email)),
            )
            .order_by()
        )
        counts, taken = {}, set()
        for row in rows:
            counts[row["session_id"]] = row["confirmed"]
            if row["mine"]:
                taken.add(row["session_id"])
        bookings = []
        if taken:
            refused = [s for s in locked if s.pk in taken]
        else:
            for session in locked:
                status = (
                    Booking.CONFIRMED if counts.get(session.pk, 0) < session.capacity else Booking.WAITING
                )
                bookings.append(
                    Booking(registration=registration, session=session, email=email, status=status)
                )
            try:
                with transaction.atomic():
                    Booking.objects.bulk_create(bookings)
            except IntegrityError:
                # Only reachable if a booking slipped past the lock (e.g. a row written outside
                # ``book``): the unique constraint still keeps one seat per address.
                refused = locked
            else:
                # Seats shown on the cached campaign pages change: refresh them once this commits.
                touch_campaigns_of_sessions(ids)
    if refused is not None:
        raise AlreadyBooked(refused)
    return bookings


def cancel(booking):
    """Cancel ``booking``; if it held a seat, give the seat to the first person waiting.

    Returns the promoted booking, or None. Cancelling twice changes nothing.
    """
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=booking.session_id)
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.status == Booking.CANCELLED:
            booking.status = current.status
            return None
        held_seat = current.status == Booking.CONFIRMED
        current.status = Booking.CANCELLED
        current.save(update_fields=["status"])
        touch_campaigns_of_sessions([session.pk])
        booking.status = current.status
        if not held_seat:
            return None
        return promote_waiting(session)


def promote_waiting(session):
    """Give a free seat of a locked ``session`` to the first person on its waiting list."""
    confirmed = Booking.objects.filter(session=session, status=Booking.CONFIRMED).count()
    if confirmed >= session.capacity:
        return None
    first = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("registration__form")
        .filter(session=session, status=Booking.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    now = timezone.now()
    first.status = Booking.CONFIRMED
    first.promoted_at = now
    fields = ["status", "promoted_at"]
    lead_time = first.registration.form.reminder_lead_time
    if first.reminded_at is None and session.start - lead_time <= now:
        # Inside the reminder window the promotion mail (meeting URL and calendar file) is the
        # reminder: no second mail a few minutes later.
        first.reminded_at = now
        fields.append("reminded_at")
    first.save(update_fields=fields)
    return first
