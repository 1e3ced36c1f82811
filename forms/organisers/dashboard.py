"""The numbers of a campaign's dashboard: live registrations plus the anonymous counts.

Every figure adds what is still in the database to what ``forms.organisers.retention`` kept after a purge
or an erasure, so a campaign shows how many came long after the names are gone.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from campaign.dates import format_day
from campaign.models import Session
from campaign.sources import default_locale
from forms.booking.seats import seats_taken
from forms.mail.messages import session_label
from forms.models import Booking, Registration, RegistrationFormPage
from forms.models.fields import CHOICE_TYPES
from forms.models.stats import AnonymousCount


def language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code or _("unknown")


def percent(part, whole):
    return round(100 * part / whole) if whole else 0


def live_and_stored(live, stored, *fields):
    """``Counter({value of fields: n})``: the rows of ``live`` counted, plus the anonymous counts
    (``stored``, an ``AnonymousCount`` queryset) kept when personal data was purged, so the
    dashboard shows everyone who came. One field: keys are its values; more: tuples of them.
    """
    rows = [
        *live.values(*fields).annotate(n=Count("pk")).order_by(),
        *stored.values(*fields).annotate(n=Sum("count")).order_by(),
    ]
    totals = Counter()
    for row in rows:
        totals[row[fields[0]] if len(fields) == 1 else tuple(row[name] for name in fields)] += row["n"]
    return totals


def campaign_forms(campaign):
    """The Dutch registration forms under a Dutch campaign page."""
    return (
        RegistrationFormPage.objects.descendant_of(campaign).filter(locale=default_locale()).order_by("path")
    )


def campaign_sessions(campaign):
    """The Dutch session rows of a campaign's themes (published or not), in time order."""
    return (
        Session.objects.of_campaign(campaign, live_themes=False)
        .filter(locale=default_locale())
        .select_related("theme")
        .in_time_order()
    )


@dataclass
class SessionFigures:
    """One session's seats. Its bar is its own: booked against its capacity, so a full 2/2
    room reads as full next to a half-empty 30-seat one; the waiting list is a number beside it."""

    session: Session | None
    label: str
    capacity: int
    booked: int = 0
    waiting: int = 0
    cancelled: int = 0

    @property
    def fill_percent(self):
        """Booked seats as a share of this session's capacity, at most 100."""
        return min(percent(self.booked, self.capacity), 100)

    @property
    def full(self):
        return self.capacity > 0 and self.booked >= self.capacity


def session_figures(campaign):
    """Booked, capacity and waiting per session, each against its own capacity."""
    sessions = list(campaign_sessions(campaign))
    figures = {s.pk: SessionFigures(session=s, label=session_label(s), capacity=s.capacity) for s in sessions}
    counts = live_and_stored(
        Booking.objects.filter(session_id__in=figures),
        AnonymousCount.objects.filter(form__in=campaign_forms(campaign), kind=AnonymousCount.BOOKINGS),
        "session_id",
        "status",
    )
    gone = SessionFigures(session=None, label=_("Sessions since removed"), capacity=0)
    for (session_id, status), n in counts.items():
        target = figures.get(session_id, gone)
        if status == Booking.CONFIRMED:
            target.booked += n
        elif status == Booking.WAITING:
            target.waiting += n
        else:
            target.cancelled += n
    rows = list(figures.values())
    if gone.booked or gone.waiting:
        rows.append(gone)
    return rows


@dataclass
class Bar:
    label: str
    count: int
    scale: int = 1

    @property
    def percent(self):
        return percent(self.count, self.scale)


def scaled(bars):
    scale = max([1, *(bar.count for bar in bars)])
    for bar in bars:
        bar.scale = scale
    return bars


# Up to about three months of days are shown one by one, quiet days included; a longer
# spread shows only the days with registrations, so the chart stays readable.
MAX_FILLED_DAYS = 92


def registrations_per_day(forms):
    days = live_and_stored(
        Registration.objects.filter(form__in=forms).annotate(
            day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone())
        ),
        AnonymousCount.objects.filter(form__in=forms, kind=AnonymousCount.REGISTRATIONS),
        "day",
    )
    known = sorted(day for day in days if day is not None)
    if known and (known[-1] - known[0]).days < MAX_FILLED_DAYS:
        # Quiet days are shown as empty bars: a chart that skips them looks steadier than it was.
        for offset in range((known[-1] - known[0]).days + 1):
            days.setdefault(known[0] + datetime.timedelta(days=offset), 0)
    ordered = sorted(days.items(), key=lambda item: (item[0] is None, item[0] or datetime.date.min))
    return scaled([Bar(label=format_day(day) if day else _("unknown"), count=n) for day, n in ordered])


def registrations_per_language(forms):
    languages = live_and_stored(
        Registration.objects.filter(form__in=forms),
        AnonymousCount.objects.filter(form__in=forms, kind=AnonymousCount.REGISTRATIONS),
        "language",
    )
    return scaled([Bar(label=language_name(code), count=n) for code, n in languages.most_common()])


@dataclass
class AnswerChart:
    label: str
    bars: list = field(default_factory=list)


def answer_charts(form):
    """A count per option for every radio, drop-down and checkbox field of a Dutch form.

    One pass over the answers (streamed in chunks), in Python: the JSON functions of SQLite and
    PostgreSQL differ, and a checkbox answer is a list.
    """
    form_fields = list(form.form_fields.filter(field_type__in=CHOICE_TYPES))
    counts = {f.key: Counter() for f in form_fields}
    answers = Registration.objects.filter(form=form).values_list("data", flat=True)
    for data in answers.iterator(chunk_size=2000):
        for key, counter in counts.items():
            value = (data or {}).get(key)
            for item in value if isinstance(value, list) else [value]:
                if item not in (None, ""):
                    counter[str(item)] += 1
    stored = (
        AnonymousCount.objects.filter(form=form, kind=AnonymousCount.ANSWERS, field_key__in=counts)
        .values("field_key", "answer")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in stored:
        counts[row["field_key"]][row["answer"]] += row["n"]
    charts = []
    for form_field in form_fields:
        counter = counts[form_field.key]
        choices = form_field.get_choices()
        known = {value for value, _label in choices}
        bars = [Bar(label=label, count=counter.get(value, 0)) for value, label in choices]
        removed = sum(n for value, n in counter.items() if value not in known)
        if removed:
            bars.append(Bar(label=_("Options since removed"), count=removed))
        charts.append(AnswerChart(label=form_field.label, bars=scaled(bars)))
    return charts


def total_registrations(forms):
    live = Registration.objects.filter(form__in=forms).count()
    stored = (
        AnonymousCount.objects.filter(form__in=forms, kind=AnonymousCount.REGISTRATIONS).aggregate(
            n=Sum("count")
        )["n"]
        or 0
    )
    return live + stored


@dataclass
class CampaignSummary:
    campaign: object
    booked: int
    capacity: int
    waiting: int
    next_start: object

    @property
    def fill_percent(self):
        return percent(self.booked, self.capacity)


def open_campaigns(campaigns, now=None):
    """Campaigns with a session still to come, and how full those coming sessions are."""
    now = now or timezone.now()
    summaries = []
    for campaign in campaigns.order_by("path"):
        upcoming = campaign_sessions(campaign).filter(start__gt=now)
        totals = upcoming.aggregate(
            capacity=Sum("capacity"),
            next_start=Min("start"),
        )
        if totals["next_start"] is None:
            continue
        counts = Booking.objects.filter(session__in=upcoming).aggregate(
            booked=seats_taken(),
            waiting=Count("pk", filter=Q(status=Booking.WAITING)),
        )
        summaries.append(
            CampaignSummary(
                campaign=campaign,
                booked=counts["booked"],
                capacity=totals["capacity"] or 0,
                waiting=counts["waiting"],
                next_start=totals["next_start"],
            )
        )
    return summaries


def column_chart(bars, *, height=120, step=28, width=20):
    """Geometry of an SVG column chart of ``bars`` (one column per bar, same scale)."""
    columns = []
    for n, bar in enumerate(bars):
        h = round(height * bar.count / bar.scale) if bar.scale else 0
        columns.append({"x": n * step + 4, "y": height - h, "height": h, "width": width, "bar": bar})
    return {"width": max(len(bars) * step + 8, 40), "height": height, "columns": columns}


@dataclass
class MailStatus:
    """How the campaign's e-mails are doing: sent, still on their way, and given up."""

    sent: int
    waiting: int
    given_up: list


def mail_status(forms):
    """The e-mails of these forms' registrations; ``given_up`` lists those that failed every try.

    The organisers must see these: the registrant has no confirmation (and no link to cancel)
    until someone sends it again.
    """
    from forms.mail.tasks import MAX_ATTEMPTS, given_up
    from forms.models import MailDelivery

    deliveries = MailDelivery.objects.filter(registration__form__in=forms)
    counts = deliveries.aggregate(
        sent=Count("pk", filter=Q(status=MailDelivery.SENT)),
        waiting=Count(
            "pk",
            filter=Q(status__in=[MailDelivery.PENDING, MailDelivery.SENDING])
            | Q(status=MailDelivery.FAILED, attempts__lt=MAX_ATTEMPTS),
        ),
    )
    failed = list(given_up(deliveries).select_related("registration").order_by("claimed_at", "pk")[:100])
    return MailStatus(sent=counts["sent"], waiting=counts["waiting"], given_up=failed)
