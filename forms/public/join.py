"""The page behind the personal join link (``forms.mail.join``): the room, or why not yet.

It sends the person to the session's meeting address as it is at that moment, and only in the
window; every other state is a page in their language without the address. A changed or
unknown token gets the same 404 page, so the link says nothing about anyone's registration.
"""

from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Locale

from campaign.dates import format_moment, format_session_range
from forms.mail.join import (
    BOOKING_CANCELLED,
    ENDED,
    OPEN,
    SESSION_CANCELLED,
    join_state,
    read_join_token,
    room_opens,
)
from forms.mail.messages import local_form, session_rows
from forms.mail.tokens import InvalidToken, cancel_url
from forms.models import Booking

# The view ---------------------------------------------------------------------------------------

# A page that says the link has nothing to open any more.
GONE = {ENDED, BOOKING_CANCELLED, SESSION_CANCELLED}


def invalid(request):
    return TemplateResponse(request, "forms/join/invalid.html", {}, status=404)


@never_cache
def join_view(request, token):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    try:
        booking = Booking.objects.select_related("session__theme", "registration__form").get(
            pk=read_join_token(token)
        )
    except (InvalidToken, Booking.DoesNotExist):
        return invalid(request)

    state = join_state(booking)
    if state == OPEN:
        # Read from the Dutch row at this moment: the address the editor set last.
        response = HttpResponseRedirect(booking.session.meeting_url)
        response["Referrer-Policy"] = "no-referrer"
        return response
    locale = Locale.get_active()
    (row,) = session_rows([booking], locale)
    opens = room_opens(booking)
    context = {
        "state": state,
        "row": row,
        "form": local_form(booking.registration, locale),
        "opens": format_moment(opens),
        "when": format_session_range(booking.session.start, booking.session.end),
        "cancel_url": cancel_url(booking.registration) if state not in GONE else "",
    }
    return TemplateResponse(request, "forms/join/join.html", context, status=410 if state in GONE else 200)
