"""What the forms app adds to campaign pages and the admin, through hooks: Wagtail loads this module.

The hooks of each side live with it (``forms.public.hooks``: the campaign page's call to
action and seats; ``forms.organisers.hooks`` and ``admin_hooks``: dashboards, registrations,
audit log); here are the page editor's. The delete hook stops an editor from deleting a theme whose
sessions people have booked (the database would refuse anyway) with a clear message; the
page editor refuses removing such a session itself (``campaign.models.SessionFormSet``).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.translation import ngettext
from wagtail import hooks

from forms.models import Booking
from forms.models.fields import TYPE_SETTINGS


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


import forms.organisers.admin_hooks  # noqa: E402, F401  (registrations listing, merged export, audit-log action)
import forms.organisers.hooks  # noqa: E402, F401  (all organiser URLs, dashboards, attendee lists, erasure)
import forms.organisers.message_hooks  # noqa: E402, F401  (messages from organisers to registrants)
import forms.public.hooks  # noqa: E402, F401  (registration URL and seats on campaign pages)
