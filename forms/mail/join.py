"""The personal join link: a signed link per booking that leads to the session's current room.

The e-mails and calendar files carry this link, never the meeting address itself. Opening it
looks the address up at that moment, so an editor can set or replace the address until the
last minute and nobody needs a new mail; a forwarded mail opens nothing once the place is
cancelled, and nothing before the room opens (``RegistrationFormPage.join_opens_before``)
or after the end. The token carries only the booking id, signed with a salt of its own: it
cannot be made for another booking, and a changed or unknown token gets the same 404 page,
so the link says nothing about anyone else's registration.

Also the calendar identity of a booking (``booking_uid``, ``booking_sequence``): every
calendar file about one booking carries the same UID, and a later notice a higher
SEQUENCE, so calendar apps update the event instead of adding a second one.
"""

import copy
import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from campaign.calendar import build_calendar
from forms.mail.tokens import InvalidToken, base_url
from forms.models import Booking, SessionNotice

SALT = "forms.join"

# What the link does now (``join_state``).
OPEN = "open"
EARLY = "early"
NO_ADDRESS = "no_address"
WAITING = "waiting"
ENDED = "ended"
BOOKING_CANCELLED = "booking_cancelled"
SESSION_CANCELLED = "session_cancelled"


# Tokens and links -------------------------------------------------------------------------------


def make_join_token(booking):
    """The same token every time for one booking: the mails and calendar files agree."""
    return signing.Signer(salt=SALT).sign_object({"b": booking.pk}, compress=True)


def read_join_token(token):
    """The booking id in ``token``; raises ``InvalidToken``."""
    try:
        return int(signing.Signer(salt=SALT).unsign_object(token)["b"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidToken() from error


def join_url(booking):
    """The absolute personal join link, in the language the registrant used."""
    with translation.override(booking.registration.language):
        path = reverse("forms:join", kwargs={"token": make_join_token(booking)})
    return base_url() + path


# Calendar identity ------------------------------------------------------------------------------


def booking_uid(booking):
    """The UID of this booking's event in every calendar file about it, for its whole life."""
    host = urlsplit(base_url()).hostname or "localhost"
    return f"booking-{booking.pk}@{host}"


def booking_sequence(booking):
    """The SEQUENCE the booking's event has now: raised by each change notice (``forms.mail.changes``)."""
    sequence = SessionNotice.objects.filter(session_id=booking.session_id).values_list("sequence", flat=True)
    return sequence.first() or 0


def organiser_address(booking):
    from forms.mail.messages import organiser_addresses  # it builds its mails on this module

    addresses = organiser_addresses(booking.registration.form)
    return addresses[0] if addresses else settings.DEFAULT_FROM_EMAIL


def booking_calendar(booking, session, *, campaign=None, name=None, method=None):
    """The calendar of one booking: ``session`` (in the registrant's language) with the join link.

    ``method``: None for the file in a confirmation; ``"REQUEST"`` for a change and
    ``"CANCEL"`` for a cancellation (RFC 5546), which then name the organiser and the
    registrant as iTIP asks.
    """
    session = copy.copy(session)
    # The times and state of the Dutch row, which a translated copy gets only at its next sync.
    source = booking.session
    session.start, session.end, session.cancelled = source.start, source.end, source.cancelled
    # The join link stands where the meeting address would: location, URL, description.
    session.meeting_url = join_url(booking)
    cal = build_calendar([session], campaign=campaign, include_meeting_url=True, name=name)
    (event,) = cal.walk("VEVENT")
    event.pop("UID")
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking_sequence(booking))
    if method:
        cal.add("method", method)
        event.add("organizer", f"mailto:{organiser_address(booking)}")
        event.add("attendee", f"mailto:{booking.registration.email}")
    if method == "CANCEL":
        event.pop("STATUS", None)
        event.add("status", "CANCELLED")
    return cal


# The window -------------------------------------------------------------------------------------


def room_opens(booking):
    """When the join link starts to lead to the room: the form's minutes before the start."""
    minutes = booking.registration.form.join_opens_before
    return booking.session.start - datetime.timedelta(minutes=minutes)


def join_state(booking, now=None):
    """What opening the link does now: ``OPEN`` leads to the room, every other state shows a page."""
    now = now or timezone.now()
    session = booking.session
    if booking.status == Booking.CANCELLED:
        return BOOKING_CANCELLED
    if session.cancelled:
        return SESSION_CANCELLED
    if now >= session.end:
        return ENDED
    if booking.status != Booking.CONFIRMED:
        return WAITING
    if now < room_opens(booking):
        return EARLY
    if not session.meeting_url:
        return NO_ADDRESS
    return OPEN
