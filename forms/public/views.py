"""Serving a registration form: GET shows it, POST checks it, books seats and redirects.

Each rejection has its own clear, translated page and a 4xx status, never a 500: a closed
form (403), too many posts from one address (429), a filled-in honeypot (400), a wrong
method (405). Invalid answers re-render the form with the errors tied to their fields.
"""

from django import forms
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext, pgettext

from campaign.models import Session
from campaign.sources import default_locale
from forms.booking.seats import book_free
from forms.mail import notify
from forms.models import Booking, Registration
from forms.public import pagecache, ratelimit
from forms.public.forms import HONEYPOT, RegistrationForm, attach_source_fields, fill_seats, session_options

THANK_YOU_SALT = "forms.thank-you"
THANK_YOU_MAX_AGE = 60 * 60 * 24


def build_form(page, data=None, initial=None, default=None):
    """The visitor's form; its sessions' seats are placeholders, counted when a page is shown.

    The default locale is looked up once (each lookup is a query; pass it when you have it),
    the Dutch rows of the fields in one query, and the consent field's linked page with the
    fields.
    """
    default = default or default_locale()
    fields = attach_source_fields([f for f in page.form_fields.select_related("link_page") if f.key], default)
    has_sessions = any(f.field_type == "sessions" for f in fields)
    return RegistrationForm(
        data,
        form_fields=fields,
        sessions=session_options(page, default) if has_sessions else (),
        use_captcha=page.use_captcha,
        initial=initial,
        auto_id="id_%s",
    )


def reject(page, request, status, title, text):
    return TemplateResponse(
        request,
        "forms/rejected.html",
        {**page.get_context(request), "title": title, "text": text},
        status=status,
    )


def form_view(page, request):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    window = page.window_state()
    if request.method != "POST":
        if window == "open" and pagecache.can_store(page, request):
            return render_for_cache(page, request)
        return render_page(page, request, build_form(page) if window == "open" else None)

    if window != "open":
        return reject(page, request, 403, *closed_texts(window))
    if not ratelimit.allow(request):
        return reject(
            page,
            request,
            429,
            gettext("Please wait a moment"),
            gettext(
                "We received many registrations from your internet connection in a short time. "
                "Please wait ten minutes and try again. Need help? Contact the organisers."
            ),
        )
    if "new_challenge" in request.POST:
        # "Show another sum" without JavaScript: the answers come back, with a new sum.
        form = build_form(page)
        form.initial = {
            name: request.POST.getlist(name) if multiple_choice(field) else request.POST.get(name)
            for name, field in form.fields.items()
            if name in request.POST and name not in ("captcha", HONEYPOT)
        }
        return render_page(page, request, form)
    default = default_locale()
    form = build_form(page, request.POST, default=default)
    if form.honeypot_filled:
        return reject(
            page,
            request,
            400,
            gettext("Your registration could not be sent"),
            gettext(
                "The form contained something only automatic programs fill in. "
                "If you are a person, please go back, reload the page and try again."
            ),
        )
    if not form.is_valid():
        return render_page(page, request, form, status=400)
    registration, shown = save_registration(page, request, form, default)
    token = receipt_token(registration, shown)
    # The form's own address is the one just posted to (Wagtail routes only paths ending in "/").
    return HttpResponseRedirect(request.path + page.reverse_subpage("thank_you") + "?r=" + token)


def receipt_token(registration, shown=()):
    """The signed ``?r=`` of the thank-you page: the registration and the sessions as shown."""
    return signing.dumps({"r": registration.pk, "s": list(shown)}, salt=THANK_YOU_SALT)


def multiple_choice(field):
    return isinstance(field, forms.MultipleChoiceField)


class NothingNew(Exception):
    """Every chosen session is held by the address already: store no second registration."""

    def __init__(self, held):
        super().__init__(held)
        self.held = held


def save_registration(page, request, form, default=None):
    """The registration and its bookings in one transaction; the follow-up after commit.

    Returns the registration and ``[[session id, status]]`` as the visitor is shown them.
    An address that already holds a chosen session gets the same answer as a new registrant
    (the status a new one would get now); only that address is told, by e-mail, that nothing
    changed (``notify.already_registered``). So the form cannot be used to find out
    who registered for what. When nothing new was booked, no registration is stored and the
    one holding the places is returned.
    """
    source = page.get_source(default)
    chosen = form.chosen_sessions()
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                form=source,
                language=get_language() or page.locale.language_code,
                email=form.first_value("email"),
                name=form.first_value("singleline"),
                data=form.answers(),
                ip_hash=ratelimit.hash_address(ratelimit.client_address(request)),
            )
            bookings, held = book_free(registration, chosen)
            if chosen and not bookings:
                raise NothingNew(held)
            notify.registration_stored(registration, source)
            notify.already_registered(held)
    except NothingNew as nothing:
        held, bookings = nothing.held, []
        with transaction.atomic():
            notify.already_registered(held)
        registration = held[0].booking.registration
    shown = sorted(
        [(b.session, b.status) for b in bookings] + [(h.session, h.shown_status) for h in held],
        key=lambda row: (row[0].start, row[0].pk),
    )
    return registration, [[session.pk, status] for session, status in shown]


def closed_texts(window):
    if window == "not_open":
        return gettext("Registration has not opened yet"), gettext(
            "You cannot register yet. Please come back later."
        )
    return gettext("Registration is closed"), gettext("Registration for this form has closed.")


def render_page(page, request, form, status=200, extra=None, count_seats=True):
    context = page.get_context(request)
    window = page.window_state()
    context.update({"form": form, "window": window, **(extra or {})})
    if window != "open":
        context["closed_title"], context["closed_text"] = closed_texts(window)
    if form is not None and form.is_bound:
        context["error_list"] = error_links(form)
    response = pagecache.private(
        TemplateResponse(request, page.get_template(request), context, status=status)
    )
    sessions = [option.source.pk for option in form.session_options] if form is not None else []
    if count_seats and sessions:

        def put_seats(rendered):
            rendered.content = fill_seats(rendered.content.decode(), sessions)

        response.add_post_render_callback(put_seats)
    return response


def render_for_cache(page, request):
    """The form as every anonymous visitor sees it: stored with placeholders, then filled in."""
    context = {"csrf_token": pagecache.CSRF_SLOT, "captcha_slot": pagecache.CAPTCHA_SLOT}
    form = build_form(page)
    response = render_page(page, request, form, extra=context, count_seats=False)
    html = response.render().content.decode()
    seats = [option.source.pk for option in form.session_options]
    pagecache.store(page, request, html, seats)
    response.content = pagecache.fill(request, html, seats)
    return response


def error_anchor(bound):
    """Where an error summary link jumps to: the input, or a group's first option."""
    if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return bound.id_for_label or bound.auto_id


# A label that already ends in one of these gets no colon after it ("Welk moment?: …").
CLOSING_PUNCTUATION = "?!:.;…؟؛"


def error_text(label, message):
    """One line of the error summary: the question, then what is wrong with the answer.

    How the two are joined is the language's (French puts a space before its colon); a
    question that ends in its own punctuation is not followed by a second mark.
    """
    label = str(label).strip()
    if label.endswith(tuple(CLOSING_PUNCTUATION)):
        # Translators: an error summary line after a question that ends in "?" or ":".
        return pgettext("error summary", "%(label)s %(message)s") % {"label": label, "message": message}
    # Translators: an error summary line: the question's label, then the error message.
    return pgettext("error summary", "%(label)s: %(message)s") % {"label": label, "message": message}


def error_links(form):
    """``[(anchor, text)]`` for the error summary, in the order of the form."""
    links = []
    for name, field in form.fields.items():
        for message in form[name].errors:
            links.append((error_anchor(form[name]), error_text(field.label, message)))
    links.extend(("", message) for message in form.non_field_errors())
    return links


def thank_you_view(page, request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    try:
        receipt = signing.loads(request.GET.get("r", ""), salt=THANK_YOU_SALT, max_age=THANK_YOU_MAX_AGE)
        registration = Registration.objects.get(pk=receipt["r"])
        shown = {int(session_id): status for session_id, status in receipt["s"]}
    except (signing.BadSignature, Registration.DoesNotExist, KeyError, TypeError, ValueError) as error:
        raise Http404 from error
    sessions = sorted(
        Session.objects.filter(pk__in=shown).select_related("theme"), key=lambda s: (s.start, s.pk)
    )
    local = localised_sessions(sessions, page.locale)
    rows = [(shown[s.pk], local.get(s.translation_key, s)) for s in sessions]
    context = page.get_context(request)
    context.update(
        {
            "registration": registration,
            "rows": rows,
            "has_waiting": Booking.WAITING in shown.values(),
        }
    )
    return TemplateResponse(request, "forms/registration_form_page_thank_you.html", context)


def localised_sessions(sessions, locale):
    if not sessions or locale == default_locale():
        return {}
    rows = Session.objects.filter(translation_key__in=[s.translation_key for s in sessions], locale=locale)
    return {s.translation_key: s for s in rows.select_related("theme")}
