"""A registrant's sessions in the calendars people use: a personal subscription, and one-click links.

The subscription is a ``webcal://`` address with a signed token of its own (another salt than
the "my registration" link, so it can only read the calendar, never change a booking). Calendar
apps fetch it again by themselves, so a session that moves, a place that is cancelled or one
that is added later shows up without any e-mail. It holds the person's confirmed sessions, each
with its personal join link (``forms.mail.join.join_url``) and the ``UID``/``SEQUENCE`` the e-mailed
calendar files use for that booking, so the apps see one event per booking. The feed answers
until a week after the registration's last session (counted when it is fetched, so a session
booked later keeps it alive), and as long as the registration is kept.

The "add to Google Calendar / Outlook" links carry the time zone explicitly: Google gets UTC
times (``Z``) plus ``ctz`` with the sessions' zone (``campaign.conf.time_zone``), Outlook ISO times with their UTC offset; Outlook
shifts times given without one. Neither the links nor the feed ever contain the meeting
address: only the personal join link.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from icalendar import Calendar, Event
from wagtail.models import Locale

from campaign.conf import time_zone
from campaign.dates import local
from forms.mail.join import booking_sequence, booking_uid, join_url
from forms.mail.messages import active_bookings, local_form, registered_for, session_rows
from forms.mail.tokens import base_url, expiry_of
from forms.models import Booking, Registration

SALT = "forms.feed"
# How often calendar apps are asked to fetch the feed again (RFC 7986 and Outlook's own).
REFRESH = datetime.timedelta(hours=1)

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0/deeplink/compose"
MICROSOFT_365 = "https://outlook.office.com/calendar/0/deeplink/compose"


# Addresses -------------------------------------------------------------------------------------------


def make_feed_token(registration):
    return signing.dumps({"r": registration.pk}, salt=SALT)


def read_feed_token(token):
    """The registration id in ``token``, or None for a changed or foreign token."""
    try:
        return int(signing.loads(token, salt=SALT)["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def feed_urls(registration):
    """``{"webcal": …, "https": …}``: the subscription address, in the registrant's language."""
    with translation.override(registration.language):
        path = reverse("forms:feed", kwargs={"token": make_feed_token(registration)})
    https = base_url() + path
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[-1]}


# One event per booking -----------------------------------------------------------------------------


@dataclass
class BookingEvent:
    """What a calendar needs of one confirmed booking, in the active language."""

    uid: str
    sequence: int
    title: str
    start: object
    end: object
    join_url: str
    details: str
    cancelled: bool = False


def booking_event(row, campaign):
    """The event of one ``forms.mail.messages.session_row`` (a confirmed booking)."""
    booking, session = row["booking"], row["session"]
    link = join_url(booking)
    details = [session.theme.summary, session.note, f"{gettext('Join online:')} {link}"]
    return BookingEvent(
        uid=booking_uid(booking),
        sequence=booking_sequence(booking),
        title=f"{campaign.title}: {row['theme']}" if campaign else row["theme"],
        start=booking.session.start,
        end=booking.session.end,
        join_url=link,
        details="\n\n".join(part for part in details if part),
        cancelled=booking.session.cancelled,
    )


def utc_stamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def google_url(event):
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{utc_stamp(event.start)}/{utc_stamp(event.end)}",
        "ctz": time_zone().key,
        "details": event.details,
        "location": event.join_url,
    }
    return f"{GOOGLE}?{urlencode(params, quote_via=quote)}"


def outlook_url(event, base=OUTLOOK_COM):
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": local(event.start).isoformat(timespec="seconds"),
        "enddt": local(event.end).isoformat(timespec="seconds"),
        "body": event.details,
        "location": event.join_url,
    }
    return f"{base}?{urlencode(params, quote_via=quote)}"


def calendar_links(event):
    """``[(name, url)]``: one-click "add to my calendar" links (the names are product names)."""
    return [
        ("Google Calendar", google_url(event)),
        ("Outlook.com", outlook_url(event)),
        ("Microsoft 365", outlook_url(event, MICROSOFT_365)),
    ]


# The feed ----------------------------------------------------------------------------------------


def vevent(event, stamp):
    item = Event()
    item.add("uid", event.uid)
    item.add("sequence", event.sequence)
    item.add("dtstamp", stamp)
    item.add("dtstart", local(event.start))
    item.add("dtend", local(event.end))
    item.add("summary", event.title)
    item.add("description", event.details)
    item.add("location", event.join_url)
    item.add("url", event.join_url)
    # A cancelled session stays in the feed, marked, so calendar apps strike it through.
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return item


def feed_calendar(registration, locale):
    """The registration's confirmed sessions, in ``locale``'s language (active already)."""
    form = local_form(registration, locale)
    campaign = form.get_campaign()
    cal = Calendar()
    cal.add("prodid", "-//Dorp aan zet//my registration//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", registered_for(form))
    cal.add("x-wr-timezone", time_zone().key)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    confirmed = active_bookings(registration).filter(status=Booking.CONFIRMED)
    for row in session_rows(confirmed, locale):
        cal.add_component(vevent(booking_event(row, campaign), stamp))
    cal.add_missing_timezones()
    return cal


@never_cache
def feed_view(request, token):
    """The subscription feed. A changed token, a registration that is gone or a feed past its
    time all answer 404: a calendar app shows no page, and nobody learns which it was."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    registration_id = read_feed_token(token)
    registration = Registration.objects.select_related("form").filter(pk=registration_id).first()
    if registration is None or timezone.now() > expiry_of(registration):
        raise Http404
    cal = feed_calendar(registration, Locale.get_active())
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-sessions.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
