"""The page behind the cancel link in the e-mails.

GET only shows what would be cancelled; the POST button (with CSRF) cancels the chosen
bookings, each through ``forms.booking.seats.cancel``, which gives a freed seat to the first person
waiting; that person is mailed after commit. A changed or expired link gets a clear page and
a 400, and changes nothing. The page speaks the language of the link's prefix, which the
e-mail sets to the registrant's language.
"""

from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Locale

from forms.booking.seats import cancel
from forms.mail import notify as notifications
from forms.mail.messages import active_bookings, local_form, session_rows
from forms.mail.tokens import InvalidToken, read_token
from forms.models import Registration


def invalid(request, expired):
    return TemplateResponse(request, "forms/cancel_invalid.html", {"expired": expired}, status=400)


@never_cache
def cancel_view(request, token):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        registration = Registration.objects.select_related("form").get(pk=read_token(token))
    except InvalidToken as error:
        return invalid(request, error.expired)
    except Registration.DoesNotExist:
        return invalid(request, expired=False)

    locale = Locale.get_active()
    bookings = list(active_bookings(registration))
    context = {
        "registration": registration,
        "form": local_form(registration, locale),
        "rows": session_rows(bookings, locale),
    }
    if request.method != "POST" or not bookings:
        return TemplateResponse(request, "forms/cancel.html", context)

    chosen_ids = set(request.POST.getlist("booking"))
    chosen = [b for b in bookings if str(b.pk) in chosen_ids]
    if not chosen:
        context["error"] = True
        return TemplateResponse(request, "forms/cancel.html", context, status=400)
    with transaction.atomic():
        for booking in chosen:
            promoted = cancel(booking)
            notifications.on_promoted(promoted)
            notifications.booking_cancelled(booking)
    context["cancelled"] = session_rows(chosen, locale)
    context["rows"] = session_rows(active_bookings(registration), locale)
    return TemplateResponse(request, "forms/cancel_done.html", context)
