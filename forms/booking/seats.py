"""Seats: booking sessions for a registration, cancelling, moving people up the waiting list.

Seats are counted on the source-language ``Session`` row, locked with ``select_for_update``
while a booking is decided, so two requests can never both take the last seat (PostgreSQL
row locks; SQLite serialises writers with ``transaction_mode = IMMEDIATE``).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from campaign.freshness import touch_campaigns_of_sessions
from campaign.models import Session
from forms.models import Booking

# The seat lock. Only the concurrency tests switch it off, to show that without it the race
# overbooks (tests/forms/test_concurrency.py): the test that it never overbooks can fail.
LOCK_SEATS = True
# Who is next on a waiting list: the oldest booking first ("my registration" counts places by it).
WAITING_ORDER = ("created_at", "pk")


def seats_taken(to_bookings=""):
    """The seats taken, as an aggregate for ``annotate``/``aggregate``: a seat is a confirmed booking.

    The one definition every count of seats uses. ``to_bookings`` is the way from the queryset's
    rows to the bookings: "" on bookings, ``"bookings__"`` on sessions.
    """
    return Count(f"{to_bookings}pk", filter=Q(**{f"{to_bookings}status": Booking.CONFIRMED}))


def seats_left(sessions, key="pk"):
    """``{key: seats left}`` for a queryset of sessions, in one query.

    The capacity as it is now (an editor may have changed it) less the seats taken, never below
    0: a lowered capacity can leave more people confirmed than there are seats.
    """
    rows = sessions.annotate(taken=seats_taken("bookings__")).values_list(key, "capacity", "taken")
    return {value: max(capacity - taken, 0) for value, capacity, taken in rows}


class AlreadyBooked(Exception):
    """The e-mail address already has a seat (or waiting-list place) in these sessions."""

    def __init__(self, sessions):
        super().__init__(sessions)
        self.sessions = sessions


@dataclass
class Held:
    """A session the address already holds: its active booking, and the status a new
    registrant would have been given now (what the visitor is shown, so an address that is
    already registered answers exactly like a new one)."""

    session: Session
    booking: Booking
    shown_status: str


def book(registration, sessions):
    """Book each session for ``registration``: a seat while there is one, else the waiting list.

    ``sessions`` are source-language rows. Must run inside the transaction that stores the
    registration; raises ``AlreadyBooked`` (booking nothing, rolling nothing back by itself)
    when the registration's e-mail address already holds one of these sessions.
    """
    bookings, held = book_free(registration, sessions, refuse_if_held=True)
    if held:
        raise AlreadyBooked([h.session for h in held])
    return bookings


def book_free(registration, sessions, refuse_if_held=False):
    """Book the sessions the address does not hold yet; return ``(bookings, [Held])``.

    The registration form uses this: a visitor who sends an address that already has a place
    sees the same answer as anyone else, and only that address is told (by e-mail) that it
    was registered already. ``refuse_if_held``: book nothing when any session is held.
    """
    if not sessions:
        return [], []
    ids = sorted({s.pk for s in sessions})
    email = registration.email.strip().lower()
    # No savepoint of its own (two round trips saved on every registration).
    with transaction.atomic(savepoint=False):
        # Lock in a fixed order so two registrations for the same sessions cannot deadlock.
        sessions_query = Session.objects.select_for_update() if LOCK_SEATS else Session.objects
        locked = list(sessions_query.filter(pk__in=ids).order_by("pk"))
        # Seats taken, and whether this address holds one already, in one query.
        rows = (
            Booking.objects.filter(session_id__in=ids)
            .exclude(status=Booking.CANCELLED)
            .values("session_id")
            .annotate(
                confirmed=seats_taken(),
                mine=Count("pk", filter=Q(email=email)),
            )
            .order_by()
        )
        counts, taken = {}, set()
        for row in rows:
            counts[row["session_id"]] = row["confirmed"]
            if row["mine"]:
                taken.add(row["session_id"])

        def status_now(session):
            return Booking.CONFIRMED if counts.get(session.pk, 0) < session.capacity else Booking.WAITING

        held = held_bookings(email, [s for s in locked if s.pk in taken], status_now)
        if held and refuse_if_held:
            return [], held
        bookings = [
            Booking(registration=registration, session=session, email=email, status=status_now(session))
            for session in locked
            if session.pk not in taken
        ]
        try:
            with transaction.atomic():
                Booking.objects.bulk_create(bookings)
        except IntegrityError:
            # Only reachable if a booking slipped past the lock (e.g. a row written outside
            # ``book_free``): the unique constraint still keeps one seat per address.
            return [], held_bookings(email, locked, status_now)
        if bookings:
            # Seats shown on the cached campaign pages change: refresh them once this commits.
            touch_campaigns_of_sessions([b.session_id for b in bookings])
    return bookings, held


def held_bookings(email, sessions, status_now):
    if not sessions:
        return []
    active = {
        b.session_id: b
        for b in Booking.objects.filter(session__in=sessions, email=email).exclude(status=Booking.CANCELLED)
    }
    return [Held(s, active[s.pk], status_now(s)) for s in sessions if s.pk in active]


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
    taken = Booking.objects.filter(session=session).aggregate(n=seats_taken())["n"]
    if taken >= session.capacity:
        return None
    first = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("registration__form")
        .filter(session=session, status=Booking.WAITING)
        .order_by(*WAITING_ORDER)
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
