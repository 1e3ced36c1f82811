"""Retention and erasure: personal data goes, anonymous counts stay.

A form expires ``retention_days`` after the end of its last session (the sessions of its
campaign and any session its registrations booked). A form without sessions expires that many
days after it closes; a form with neither never expires, since there is no date to count from.

``purge_form`` turns an expired form's registrations into ``AnonymousCount`` rows and deletes
them (bookings and mail records go with them). ``erase_email`` removes one person from every
form: their confirmed seats are cancelled first, so people on the waiting list move up. Both
write an entry to Wagtail's audit log on the Dutch form page, with the number of rows and never
the address itself.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone
from wagtail.log_actions import log

from campaign.freshness import touch_campaigns_of_sessions
from campaign.models import Session
from campaign.sources import default_locale
from forms.booking.seats import cancel
from forms.mail import notify
from forms.models import Booking, Registration, RegistrationFormPage
from forms.models.fields import CHOICE_TYPES
from forms.models.stats import AnonymousCount

PURGE_ACTION = "campaign_forms.purge"
ERASE_ACTION = "campaign_forms.erase"


def form_sessions(form):
    """The Dutch session rows a form is about: its campaign's and those its registrations booked."""
    booked = Session.objects.filter(bookings__registration__form=form)
    campaign = form.get_parent()
    if campaign is None:
        return booked.distinct()
    own = Session.objects.of_campaign(campaign, live_themes=False).filter(locale=default_locale())
    return (own | booked).distinct()


def retention_deadline(form):
    """When the personal data of ``form`` (a Dutch form page) is due to go, or None."""
    last = form_sessions(form).aggregate(last=Max("end"))["last"] or form.closes_at
    if last is None:
        return None
    return last + datetime.timedelta(days=form.retention_days)


def expired_forms(now=None):
    """Dutch form pages whose retention period has ended and that still hold registrations."""
    now = now or timezone.now()
    forms = RegistrationFormPage.objects.filter(
        locale=default_locale(), registrations__isnull=False
    ).distinct()
    for form in forms.order_by("path"):
        deadline = retention_deadline(form)
        if deadline is not None and deadline <= now:
            yield form


def anonymise(form, registrations):
    """Store the anonymous counts of ``registrations`` (a queryset of one form) as new rows."""
    rows = []
    per_day = (
        registrations.annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("language", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows += [
        AnonymousCount(
            form=form, kind=AnonymousCount.REGISTRATIONS, language=r["language"], day=r["day"], count=r["n"]
        )
        for r in per_day
    ]
    bookings = (
        Booking.objects.filter(registration__in=registrations)
        .values("session_id", "registration__language", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows += [
        AnonymousCount(
            form=form,
            kind=AnonymousCount.BOOKINGS,
            session_id=r["session_id"],
            language=r["registration__language"],
            status=r["status"],
            count=r["n"],
        )
        for r in bookings
    ]
    choice_keys = set(form.form_fields.filter(field_type__in=CHOICE_TYPES).values_list("key", flat=True))
    answers = Counter()
    for data in registrations.values_list("data", flat=True).iterator(chunk_size=2000):
        for key in choice_keys:
            value = (data or {}).get(key)
            for item in value if isinstance(value, list) else [value]:
                if item:
                    answers[key, str(item)[:64]] += 1
    rows += [
        AnonymousCount(form=form, kind=AnonymousCount.ANSWERS, field_key=key, answer=answer, count=n)
        for (key, answer), n in sorted(answers.items())
    ]
    AnonymousCount.objects.bulk_create(rows)
    return rows


@dataclass
class PurgeResult:
    form: RegistrationFormPage
    registrations: int
    bookings: int


def purge_form(form, *, user=None, dry_run=False):
    """Replace the registrations of ``form`` by anonymous counts. Safe to run twice or at once.

    The form row is locked for the whole transaction, so a second purge running at the same
    time waits and then finds nothing left; only registrations that existed when the purge
    started are touched.
    """
    with transaction.atomic():
        RegistrationFormPage.objects.select_for_update().filter(pk=form.pk).first()
        last_pk = form.registrations.aggregate(last=Max("pk"))["last"]
        registrations = Registration.objects.filter(form=form, pk__lte=last_pk or 0)
        result = PurgeResult(
            form=form,
            registrations=registrations.count(),
            bookings=Booking.objects.filter(registration__in=registrations).count(),
        )
        if dry_run or not result.registrations:
            return result
        anonymise(form, registrations)
        touch_campaigns_of_sessions(
            Booking.objects.filter(registration__in=registrations)
            .values_list("session_id", flat=True)
            .distinct()
        )
        registrations.delete()
        log(
            instance=form,
            action=PURGE_ACTION,
            user=user,
            data={"rows": result.registrations, "bookings": result.bookings},
        )
    return result


def purge_expired(*, now=None, user=None, dry_run=False):
    """Purge every expired form; returns one ``PurgeResult`` per form that had registrations."""
    return [purge_form(form, user=user, dry_run=dry_run) for form in list(expired_forms(now))]


def normalise_email(email):
    return (email or "").strip().lower()


def registrations_of(email, forms=None):
    email = normalise_email(email)
    if not email:
        return Registration.objects.none()
    registrations = Registration.objects.filter(email=email) | Registration.objects.filter(
        bookings__email=email
    )
    if forms is not None:
        registrations = registrations.filter(form__in=forms)
    return registrations.distinct()


def erase_email(email, *, user=None, forms=None, dry_run=False):
    """Remove every registration of ``email`` (from ``forms``, default all); ``{form: rows}``.

    Seats they held are given to the next person waiting (``forms.booking.seats.cancel``, who gets the
    usual e-mail after commit) before the registration is deleted; what remains is counted anonymously, their bookings as cancelled.
    """
    per_form = Counter()
    for registration in registrations_of(email, forms).select_related("form").order_by("pk"):
        per_form[registration.form] += 1
    if dry_run:
        return dict(per_form)
    for form in per_form:
        with transaction.atomic():
            registrations = registrations_of(email, [form])
            for booking in Booking.objects.filter(registration__in=registrations).exclude(
                status=Booking.CANCELLED
            ):
                notify.on_promoted(cancel(booking))
            ids = list(registrations.values_list("pk", flat=True))
            mine = Registration.objects.filter(pk__in=ids)
            anonymise(form, mine)
            mine.delete()
            log(instance=form, action=ERASE_ACTION, user=user, data={"rows": len(ids)})
    return dict(per_form)
