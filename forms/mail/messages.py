"""The e-mails themselves: who gets what, in which language, with which attachments.

Each ``*_message`` function returns a ready ``EmailMultiAlternatives`` (plain text plus HTML),
or None when there is nothing (left) to send. They only read the database, so the task that
sends them can call them again on a retry. Registrants read their mail in the language they
registered in; organisers read theirs in Dutch, the source language.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Locale

from campaign.dates import format_session_range, join_items, local
from campaign.models import Session
from campaign.sources import default_locale
from forms.booking.seats import seats_taken
from forms.mail.join import booking_calendar, join_url
from forms.mail.tokens import base_url, cancel_url
from forms.models import Booking, MailDelivery, answers
from forms.models.pages import split_emails
from forms.text import header_text

ORGANISER_LANGUAGE = "nl"


# Languages and translated rows ---------------------------------------------------------------


def locale_for(language):
    return Locale.objects.filter(language_code=language).first() or default_locale()


def localised_sessions(sessions, locale):
    """``{translation_key: session row in locale}``; missing translations fall back to the row given."""
    rows = Session.objects.filter(translation_key__in=[s.translation_key for s in sessions], locale=locale)
    found = {s.translation_key: s for s in rows.select_related("theme")}
    return {s.translation_key: found.get(s.translation_key, s) for s in sessions}


def local_form(registration, locale):
    """The form page in the registrant's language (the registration points at the Dutch one)."""
    form = registration.form
    return form.get_translation_or_none(locale) or form


def registered_for(form):
    """What a registrant signed up for, as the mails name it: the campaign (in the form's
    language), or the form's own title for a form without a campaign. The form's title is
    often just "Inschrijven", which says nothing in a mailbox."""
    campaign = form.get_campaign()
    return campaign.title if campaign else form.title


def organiser_title(form):
    """The campaign and the form, for organisers: a campaign may have more than one form."""
    campaign = form.get_campaign()
    if campaign is None:
        return form.title
    return gettext("%(campaign)s – %(form)s") % {"campaign": campaign.title, "form": form.title}


def session_row(booking, session):
    """What a registrant reads about one booking, in the active language.

    A confirmed place has its personal join link, never the meeting address itself
    (``forms.mail.join``): the address may still change, and the link follows it. The times are
    the Dutch row's: a translated copy has a moved session's new times only once the
    translation is synced again.
    """
    confirmed = booking.status == Booking.CONFIRMED
    source = booking.session
    return {
        "booking": booking,
        "session": session,
        "theme": session.theme.title,
        "when": format_session_range(source.start, source.end),
        "confirmed": confirmed,
        "waiting": booking.status == Booking.WAITING,
        "join_url": join_url(booking) if confirmed else "",
    }


def session_rows(bookings, locale):
    bookings = list(bookings)
    local_rows = localised_sessions([b.session for b in bookings], locale)
    return [session_row(b, local_rows[b.session.translation_key]) for b in bookings]


def active_bookings(registration):
    return (
        registration.bookings.exclude(status=Booking.CANCELLED)
        .select_related("session__theme")
        .order_by("session__start", "pk")
    )


# Building blocks --------------------------------------------------------------------------------


def calendar_attachment(row, campaign, method=None):
    """One ``.ics`` file for a confirmed place, with the personal join link as its location.

    ``method``: ``"REQUEST"`` or ``"CANCEL"`` for a notice that updates the event the
    registrant already has (same UID, higher SEQUENCE; ``forms.mail.join.booking_calendar``).
    """
    session = row["session"]
    cal = booking_calendar(row["booking"], session, campaign=campaign, name=row["theme"], method=method)
    start = local(row["booking"].session.start)
    filename = f"session-{start:%Y-%m-%d-%H%M}.ics"
    mimetype = f"text/calendar; method={method}" if method else "text/calendar"
    return filename, cal.to_ical(), mimetype


def organiser_addresses(form):
    return split_emails(form.notify_emails)


def render_message(template, context, *, subject, to, reply_to=None, attachments=()):
    context = {
        **context,
        "language": translation.get_language(),
        "bidi": translation.get_language_bidi(),
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
        "subject": subject,
    }
    message = EmailMultiAlternatives(
        # On one line, nothing hidden: a name stored before the form refused line breaks
        # must not become a header of its own.
        subject=header_text(subject),
        body=render_to_string(f"forms/email/{template}.txt", context),
        to=to,
        reply_to=reply_to or None,
    )
    message.attach_alternative(render_to_string(f"forms/email/{template}.html", context), "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    return message


def registrant_context(registration, locale, bookings):
    form = local_form(registration, locale)
    rows = session_rows(bookings, locale)
    return {
        "registration": registration,
        "form": form,
        "campaign": form.get_campaign(),
        "title": registered_for(form),
        "rows": rows,
        "has_waiting": any(row["waiting"] for row in rows),
        "cancel_url": cancel_url(registration) if rows else "",
    }


def booking_message(booking, template, subject, *, calendar=True, method=None, extra=None):
    """A mail to the registrant about one of their bookings, written in their language.

    ``subject(row)`` and ``extra(row)`` (more context) are called with that language active,
    so their texts are translated; a confirmed place gets its ``.ics`` unless ``calendar`` is
    false (``method`` as in ``calendar_attachment``).
    """
    registration = booking.registration
    with translation.override(registration.language):
        locale = locale_for(registration.language)
        context = registrant_context(registration, locale, [booking])
        row = context["rows"][0]
        context["row"] = row
        if extra:
            context.update(extra(row))
        attach = calendar and row["confirmed"]
        return render_message(
            template,
            context,
            subject=subject(row),
            to=[registration.email],
            reply_to=organiser_addresses(registration.form)[:1],
            attachments=[calendar_attachment(row, context["campaign"], method)] if attach else [],
        )


def organiser_seat_message(booking, template, subject):
    """To the organisers, in Dutch: one person's change to one session, and its seats now.

    ``subject()`` is called with Dutch active; its text has ``%(title)s`` and ``%(name)s``.
    The seats are counted as the session stands when the mail is written: a freed seat goes
    to the first person waiting, who is mailed separately.
    """
    registration = booking.registration
    form = registration.form
    with translation.override(ORGANISER_LANGUAGE):
        session = booking.session
        seats = Booking.objects.filter(session=session).aggregate(
            taken=seats_taken(), waiting=Count("pk", filter=Q(status=Booking.WAITING))
        )
        context = {
            "registration": registration,
            "form": form,
            "title": organiser_title(form),
            "row": session_row(booking, session),
            "taken": seats["taken"],
            "capacity": session.capacity,
            "waiting": seats["waiting"],
            "admin_url": base_url() + reverse("wagtailadmin_home"),
        }
        text = subject() % {
            "title": context["title"],
            "name": registration.name or registration.email or registration.pk,
        }
        return render_message(template, context, subject=text, to=organiser_addresses(form))


# The messages -------------------------------------------------------------------------------------


def confirmation_message(registration):
    """To the registrant, in their language: sessions, meeting addresses, .ics files, cancel link."""
    if not registration.email:
        return None
    with translation.override(registration.language):
        locale = locale_for(registration.language)
        context = registrant_context(registration, locale, active_bookings(registration))
        attachments = [
            calendar_attachment(row, context["campaign"]) for row in context["rows"] if row["confirmed"]
        ]
        subject = gettext("Your registration: %(title)s") % {"title": context["title"]}
        return render_message(
            "confirmation",
            context,
            subject=subject,
            to=[registration.email],
            reply_to=organiser_addresses(registration.form)[:1],
            attachments=attachments,
        )


def promoted_message(booking):
    """To someone moved up from the waiting list: their seat, the meeting address, the .ics."""
    registration = booking.registration
    if booking.status != Booking.CONFIRMED or not registration.email:
        return None
    return booking_message(
        booking,
        "promoted",
        lambda row: gettext("A place became free for you: %(theme)s") % {"theme": row["theme"]},
    )


def reminder_message(booking, now=None):
    """Shortly before a confirmed session: when it starts and how to join."""
    registration = booking.registration
    now = now or timezone.now()
    if booking.status != Booking.CONFIRMED or not registration.email or booking.session.start <= now:
        return None
    return booking_message(
        booking,
        "reminder",
        lambda row: gettext("Reminder: %(theme)s, %(when)s") % {"theme": row["theme"], "when": row["when"]},
        calendar=False,
    )


def already_registered_message(booking):
    """To an address someone registered again for a session it holds: nothing has changed."""
    registration = booking.registration
    if booking.status == Booking.CANCELLED or not registration.email:
        return None
    return booking_message(
        booking,
        "already_registered",
        lambda row: gettext("You were already registered: %(theme)s") % {"theme": row["theme"]},
        calendar=False,
        extra=lambda row: {"without_calendar": True},
    )


def answer_text(field, value):
    """An answer as the organisers read it in a mail: option labels, the language's list separator."""
    return answers.answer_text(field, value, join=join_items, empty="–")


def organiser_message(registration):
    """To the form's organiser addresses, always in Dutch: who registered, answers, seats."""
    form = registration.form
    to = organiser_addresses(form)
    if not to:
        return None
    with translation.override(ORGANISER_LANGUAGE):
        fields = [f for f in form.form_fields.all() if f.key and f.field_type != "sessions"]
        answers = [(f.label, answer_text(f, registration.data.get(f.key))) for f in fields]
        info = translation.get_language_info(registration.language) if registration.language else None
        context = {
            "registration": registration,
            "form": form,
            "title": organiser_title(form),
            "answers": answers,
            "rows": session_rows(active_bookings(registration), default_locale()),
            "language_name": info["name_translated"] if info else registration.language,
            "admin_url": base_url() + reverse("wagtailadmin_home"),
        }
        subject = gettext("New registration for %(title)s: %(name)s") % {
            "title": context["title"],
            "name": registration.name or registration.email or registration.pk,
        }
        return render_message(
            "organiser",
            context,
            subject=subject,
            to=to,
            reply_to=[registration.email] if registration.email else None,
        )


def cancelled_message(booking):
    """To the organisers, in Dutch: who cancelled which session, and who moved up if anyone."""
    if not organiser_addresses(booking.registration.form) or booking.status != Booking.CANCELLED:
        return None
    return organiser_seat_message(
        booking, "organiser_cancelled", lambda: gettext("Cancellation for %(title)s: %(name)s")
    )


def session_label(session):
    """ "Theme, maandag 3 mei 2027, 19:00–21:00", in the active language's date format."""
    return gettext("%(theme)s, %(when)s") % {
        "theme": session.theme.title,
        "when": format_session_range(session.start, session.end),
    }


def session_added_message(booking):
    """To someone who booked another session from "my registration": that session, its .ics."""
    registration = booking.registration
    if booking.status == Booking.CANCELLED or not registration.email:
        return None

    def subject(row):
        if row["confirmed"]:
            return gettext("Your place is booked: %(theme)s") % {"theme": row["theme"]}
        return gettext("You are on the waiting list: %(theme)s") % {"theme": row["theme"]}

    return booking_message(booking, "session_added", subject)


def organiser_added_message(booking):
    """To the organisers, in Dutch: who booked which session from "my registration", and the seats."""
    if not organiser_addresses(booking.registration.form) or booking.status == Booking.CANCELLED:
        return None
    return organiser_seat_message(
        booking, "organiser_added", lambda: gettext("Session added for %(title)s: %(name)s")
    )


def build_message(delivery):
    """The message a ``MailDelivery`` stands for, or None if it is no longer needed."""
    from forms.mail import changes  # it builds its notices with the blocks above

    # With a booking: one session booked later, from "my registration".
    if delivery.kind == MailDelivery.CONFIRMATION:
        if delivery.booking_id:
            return session_added_message(delivery.booking)
        return confirmation_message(delivery.registration)
    if delivery.kind == MailDelivery.ORGANISER:
        if delivery.booking_id:
            return organiser_added_message(delivery.booking)
        return organiser_message(delivery.registration)
    if delivery.kind == MailDelivery.PROMOTED:
        return promoted_message(delivery.booking)
    if delivery.kind == MailDelivery.REMINDER:
        return reminder_message(delivery.booking)
    if delivery.kind == MailDelivery.CANCELLED:
        return cancelled_message(delivery.booking)
    if delivery.kind == MailDelivery.ALREADY_REGISTERED:
        return already_registered_message(delivery.booking)
    if delivery.kind == MailDelivery.MESSAGE:
        from forms.mail.organiser_messages import message_mail  # it builds on this module

        return message_mail(delivery)
    if delivery.kind == MailDelivery.SESSION_CHANGED:
        return changes.changed_message(delivery.booking)
    if delivery.kind == MailDelivery.SESSION_CANCELLED:
        return changes.cancelled_session_message(delivery.booking)
    raise ValueError(delivery.kind)
