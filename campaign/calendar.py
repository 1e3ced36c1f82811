"""Calendar files (RFC 5545) for sessions.

Public files never contain the private meeting address; the registration e-mail builds its
own private variant by passing ``include_meeting_url=True``.
"""

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from campaign.conf import calendar_product_id, time_zone


def session_uid(session, host="dorpaanzet"):
    """Stable across languages and re-syncs: based on the session's translation key."""
    return f"session-{session.translation_key}@{host}"


def build_calendar(sessions, *, campaign=None, request=None, include_meeting_url=False, name=None):
    cal = Calendar()
    cal.add("prodid", calendar_product_id())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    host = request.get_host().split(":")[0] if request else "dorpaanzet"
    stamp = timezone.now()
    zone = time_zone()
    for session in sessions:
        theme = session.theme
        event = Event()
        event.add("uid", session_uid(session, host))
        event.add("dtstamp", stamp)
        event.add("dtstart", session.start.astimezone(zone))
        event.add("dtend", session.end.astimezone(zone))
        summary = theme.title if campaign is None else f"{campaign.title}: {theme.title}"
        event.add("summary", summary)
        description = [theme.summary]
        if session.note:
            description.append(session.note)
        if include_meeting_url and session.meeting_url:
            description.append(session.meeting_url)
            event.add("location", session.meeting_url)
            event.add("url", session.meeting_url)
        elif session.note:
            event.add("location", session.note)
        event.add("description", "\n\n".join(description))
        if session.cancelled:
            event.add("status", "CANCELLED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def ics_response(request, sessions, *, filename, campaign=None):
    cal = build_calendar(
        sessions, campaign=campaign, request=request, name=campaign.title if campaign else None
    )
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
