"""The "my registration" page, behind the link in every registrant e-mail.

It is the page the cancel link has always opened (same signed token, same address, so links
already sent keep working), grown into the registrant's own page: their sessions with the
seat or the place on the waiting list, their personal join links and calendar links, and
forms to cancel some or all, to book another session of the same form and to switch one
session for another.

GET only shows; each change is a POST with CSRF. Seats are taken and given back only through
``forms.booking.seats`` (``book_free``, ``cancel``), under its row locks, so this page follows the
same seat and waiting-list rules as the registration form and can never overbook. A switch
takes the new seat before it gives up the old one, in one transaction: when the new session
has no free seat the switch is refused and nothing changes (the page then offers its waiting
list, keeping the place the person has). A changed or expired link gets a clear page and a
400 and changes nothing. The page speaks the language of the link's prefix, which the e-mails
set to the registrant's language; what is mailed afterwards follows the usual outbox
(``forms.mail.notify``).
"""

from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from wagtail.models import Locale

from campaign.models import Session
from forms.booking.seats import WAITING_ORDER, book_free, cancel
from forms.mail import notify
from forms.mail.messages import active_bookings, local_form, registered_for, session_rows
from forms.mail.tokens import InvalidToken, read_token
from forms.models import Booking, Registration
from forms.public import feeds
from forms.public.forms import seat_status_text, seats_left_now, session_options

PAGE = "forms/mine/page.html"


class SwitchRefused(Exception):
    """The switch did not happen; nothing was changed. ``reason``: ``"full"`` or ``"held"``."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# Changing bookings ---------------------------------------------------------------------------------


def add_sessions(registration, sessions):
    """Book ``sessions`` (source rows) for ``registration``, as the form would; ``(bookings, held)``.

    Each new booking is confirmed to the registrant and announced to the organisers once this
    commits. Sessions the address holds already are left as they are and returned as ``held``.
    """
    with transaction.atomic():
        bookings, held = book_free(registration, sessions)
        for booking in bookings:
            notify.booking_added(booking)
    return bookings, held


def cancel_bookings(bookings):
    """Cancel each booking; a freed seat goes to the first person waiting, who is mailed."""
    with transaction.atomic():
        for booking in bookings:
            promoted = cancel(booking)
            notify.on_promoted(promoted)
            notify.booking_cancelled(booking)


def switch_session(registration, booking, target):
    """Give ``booking``'s place up for a seat in ``target`` (a source row): the new booking.

    One transaction: the seat in ``target`` is taken first, the old place is cancelled only
    once the new seat is certain. Raises ``SwitchRefused`` (and changes nothing) when
    ``target`` has no free seat or the address holds it already. Both sessions are locked in
    a fixed order first, so two people switching in opposite directions cannot deadlock.
    """
    with transaction.atomic():
        list(
            Session.objects.select_for_update().filter(pk__in=[booking.session_id, target.pk]).order_by("pk")
        )
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.status == Booking.CANCELLED:
            raise SwitchRefused("gone")
        new, held = book_free(registration, [target])
        if held or not new:
            raise SwitchRefused("held")
        if new[0].status != Booking.CONFIRMED:
            # Rolls back the waiting-list place ``book_free`` just gave: the old place stays.
            raise SwitchRefused("full")
        promoted = cancel(current)
        notify.on_promoted(promoted)
        notify.booking_cancelled(current)
        notify.booking_added(new[0])
    booking.status = current.status
    return new[0]


def waiting_position(booking):
    """The booking's number on its session's waiting list (1 is the next to get a seat)."""
    created_at, pk = (getattr(booking, name) for name in WAITING_ORDER)
    ahead = Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
    return Booking.objects.filter(ahead, session_id=booking.session_id, status=Booking.WAITING).count() + 1


# What the page shows ---------------------------------------------------------------------------------


def sessions_field(form):
    return next((f for f in form.form_fields.all() if f.field_type == "sessions"), None)


def offers(registration, form, rows, now):
    """The sessions this person can still book, in the page's language, with their seats now."""
    held = {row["booking"].session_id for row in rows}
    options = [
        option
        for option in session_options(form)
        if option.source.pk not in held and option.source.start > now
    ]
    left = seats_left_now([option.source.pk for option in options])
    return [
        {
            "value": option.value,
            "source": option.source,
            "theme": option.local.theme.title,
            "session": option.local,
            "seats": seat_status_text(left.get(option.source.pk, 0)),
            "full": left.get(option.source.pk, 0) <= 0,
        }
        for option in options
    ]


def page_context(request, registration, locale, **extra):
    now = timezone.now()
    form = local_form(registration, locale)
    campaign = form.get_campaign()
    rows = session_rows(active_bookings(registration), locale)
    for row in rows:
        # The mails' rows carry the join link of every confirmed place; here only an upcoming one.
        join = row.pop("join_url", "")
        booking = row["booking"]
        row["upcoming"] = booking.session.end > now
        if row["waiting"]:
            row["position"] = waiting_position(booking)
        if row["confirmed"] and row["upcoming"]:
            row["join_url"] = join
            row["calendar_links"] = feeds.calendar_links(feeds.booking_event(row, campaign))
    field = sessions_field(registration.form)
    can_change = bool(field and registration.email and registration.form.window_state(now) == "open")
    bookable = offers(registration, form, rows, now) if can_change else []
    return {
        "registration": registration,
        "form": form,
        "title": registered_for(form),
        "campaign": campaign,
        "rows": rows,
        "has_join": any(row.get("join_url") for row in rows),
        "upcoming_rows": [row for row in rows if row["upcoming"]],
        "offers": bookable,
        # A form that offers one session per person lets them switch, not add a second one.
        "can_add": bool(bookable) and (field.multiple or not rows),
        "multiple": bool(field and field.multiple),
        "can_switch": bool(bookable) and any(row["upcoming"] for row in rows),
        "window_closed": bool(field) and not can_change and registration.form.window_state(now) != "open",
        "feed": feeds.feed_urls(registration) if any(row["confirmed"] for row in rows) else None,
        "action_url": request.path,
        **extra,
    }


def show(request, registration, locale, status=200, **extra):
    context = page_context(request, registration, locale, **extra)
    return TemplateResponse(request, PAGE, context, status=status)


def invalid(request, expired):
    return TemplateResponse(request, "forms/mine/invalid.html", {"expired": expired}, status=400)


# The POST actions ------------------------------------------------------------------------------------


def post_cancel(request, registration, locale):
    bookings = list(active_bookings(registration))
    if not bookings:
        return show(request, registration, locale)
    if request.POST.get("action") == "cancel_all":
        chosen = bookings
    else:
        chosen_ids = set(request.POST.getlist("booking"))
        chosen = [b for b in bookings if str(b.pk) in chosen_ids]
    if not chosen:
        return show(request, registration, locale, status=400, error="cancel")
    cancel_bookings(chosen)
    context = {
        "registration": registration,
        "form": local_form(registration, locale),
        "cancelled": session_rows(chosen, locale),
        "rows": session_rows(active_bookings(registration), locale),
        "action_url": request.path,
    }
    return TemplateResponse(request, "forms/mine/cancelled.html", context)


def chosen_offers(request, registration, locale, name):
    """The offered sessions the POST names under ``name`` (anything else is ignored)."""
    context = page_context(request, registration, locale)
    wanted = set(request.POST.getlist(name))
    return context, [offer for offer in context["offers"] if offer["value"] in wanted]


def post_add(request, registration, locale):
    context, chosen = chosen_offers(request, registration, locale, "session")
    if context["window_closed"]:
        return show(request, registration, locale, status=403)
    if not context["can_add"] or not chosen:
        return show(request, registration, locale, status=400, error="add")
    if not sessions_field(registration.form).multiple:
        chosen = chosen[:1]
    bookings, held = add_sessions(registration, [offer["source"] for offer in chosen])
    return show(
        request,
        registration,
        locale,
        added=session_rows(bookings, locale),
        already=[offer for offer in chosen if offer["source"].pk in {h.session.pk for h in held}],
    )


def post_switch(request, registration, locale):
    context, chosen = chosen_offers(request, registration, locale, "to")
    if context["window_closed"]:
        return show(request, registration, locale, status=403)
    from_id = request.POST.get("from", "")
    old = next((row for row in context["upcoming_rows"] if str(row["booking"].pk) == from_id), None)
    if not context["can_switch"] or old is None or len(chosen) != 1:
        return show(request, registration, locale, status=400, error="switch")
    target = chosen[0]
    try:
        new = switch_session(registration, old["booking"], target["source"])
    except SwitchRefused as refused:
        status = 409 if refused.reason == "full" else 400
        return show(
            request,
            registration,
            locale,
            status=status,
            switch_refused=refused.reason,
            old=old,
            target=target,
        )
    return show(request, registration, locale, switched=session_rows([new], locale)[0], old=old)


ACTIONS = {
    "cancel": post_cancel,
    "cancel_all": post_cancel,
    "add": post_add,
    "switch": post_switch,
}


@never_cache
def my_registration(request, token):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        registration = Registration.objects.select_related("form").get(pk=read_token(token))
    except InvalidToken as error:
        return invalid(request, error.expired)
    except Registration.DoesNotExist:
        return invalid(request, expired=False)

    locale = Locale.get_active()
    if request.method != "POST":
        return show(request, registration, locale)
    # A page loaded before "my registration" existed posts its choice without an action.
    action = ACTIONS.get(request.POST.get("action", "cancel"))
    if action is None:
        return show(request, registration, locale, status=400)
    return action(request, registration, locale)
