"""The personal join link of a booking, and how calendars recognise that booking.

A stand-in with the shared contract of issue 11 (``join_url``, ``booking_uid``,
``booking_sequence``), written on the "my registration" branch so its page and feed can call
them; the join-link work replaces this module with the real link (a signed token that sends
the person to the session's current meeting address, only around the session). Until then the
"join link" is the person's own "my registration" page at that session, so no meeting address
is copied anywhere new.
"""

from urllib.parse import urlsplit

from forms.mail.tokens import base_url, cancel_url


def join_url(booking):
    """The absolute personal join link of ``booking``, in its registrant's language."""
    return f"{cancel_url(booking.registration)}#booking-{booking.pk}"


def booking_uid(booking):
    """The calendar ``UID`` of one booking: the same in every file and feed for its lifetime."""
    host = urlsplit(base_url()).hostname or "dorpaanzet"
    return f"booking-{booking.pk}@{host}"


def booking_sequence(booking):
    """The calendar ``SEQUENCE`` of the booking's event now (no change counted yet)."""
    return 0
