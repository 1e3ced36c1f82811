"""What the forms app adds to campaign pages, through the hooks ``campaign.hooks`` offers.

``campaign`` never imports ``forms``: it asks these hooks for the registration page's URL
and for a session's seats. Imported from ``forms/wagtail_hooks.py``.
"""

from django.conf import settings
from django.utils.html import format_html
from wagtail import hooks

from campaign.hooks import REGISTRATION_URL_HOOK, SESSION_STATUS_HOOK
from campaign.models import Session
from forms.booking.seats import seats_left
from forms.models import RegistrationFormPage
from forms.public.forms import seat_status_text


@hooks.register(REGISTRATION_URL_HOOK)
def registration_url(campaign, request):
    form = RegistrationFormPage.objects.child_of(campaign).live().public().order_by("path").first()
    return form.get_url(request) if form else None


@hooks.register(SESSION_STATUS_HOOK)
def session_seats(session, request):
    seats = seat_table(request)
    if session.translation_key not in seats:
        return ""
    left = seats[session.translation_key]
    modifier = " session__status--full" if left <= 0 else ""
    return format_html('<span class="session__status{}">{}</span>', modifier, seat_status_text(left))


def seat_table(request):
    """``{session translation key: seats left}`` for every Dutch session, once per request."""
    cached = getattr(request, "_forms_seats_left", None)
    if cached is not None:
        return cached
    table = seats_left(
        Session.objects.filter(locale__language_code=settings.LANGUAGE_CODE), key="translation_key"
    )
    if request is not None:
        request._forms_seats_left = table
    return table
