"""What the forms app adds to campaign pages and the admin, through hooks.

``campaign`` never imports ``forms``: it asks these hooks for the registration page's URL
and for a session's seats. The delete hook stops an editor from deleting a theme whose
sessions people have booked (the database would refuse anyway) with a clear message; the
page editor refuses removing such a session itself (``campaign.models.SessionFormSet``).
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.translation import ngettext
from wagtail import hooks

from campaign.hooks import REGISTRATION_URL_HOOK, SESSION_STATUS_HOOK
from campaign.models import Session
from forms.forms import seat_status_text
from forms.models import Booking, RegistrationFormPage
from forms.models.fields import TYPE_SETTINGS


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
    rows = (
        Session.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .annotate(confirmed=Count("bookings", filter=Q(bookings__status=Booking.CONFIRMED)))
        .values_list("translation_key", "capacity", "confirmed")
    )
    table = {key: max(capacity - confirmed, 0) for key, capacity, confirmed in rows}
    if request is not None:
        request._forms_seats_left = table
    return table


@hooks.register("insert_editor_js")
def field_editor_js():
    """Each field type shows only its own settings in the form editor (``field_editor.js``)."""
    return format_html(
        '{}<script src="{}" defer></script>',
        json_script(TYPE_SETTINGS, "form-field-type-settings"),
        static("forms/field_editor.js"),
    )


def booked_sessions_message(count):
    return ngettext(
        "This cannot be done: %(count)s session has registrations. Cancel its bookings first, "
        "or set its capacity to 0 to stop new ones.",
        "This cannot be done: %(count)s sessions have registrations. Cancel their bookings first, "
        "or set their capacity to 0 to stop new ones.",
        count,
    ) % {"count": count}


@hooks.register("before_delete_page")
def protect_booked_sessions_on_delete(request, page):
    booked = (
        Booking.objects.filter(session__theme__path__startswith=page.path)
        .values_list("session_id", flat=True)
        .distinct()
        .count()
    )
    if booked:
        messages.error(request, booked_sessions_message(booked))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


import forms.admin_dashboard  # noqa: E402, F401  (organiser dashboards, attendee lists, erasure)
import forms.admin_hooks  # noqa: E402, F401  (registrations listing, merged export, audit-log action)
import forms.message_hooks  # noqa: E402, F401  (messages from organisers to registrants)
