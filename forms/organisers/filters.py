"""Filters for a form's registrations: the admin listing and the export use the same ones."""

import datetime

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from campaign.conf import time_zone
from forms.models import Booking, Registration


def start_of_day(day):
    """The first instant of ``day`` in Belgian time, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=time_zone())


class RegistrationFilterSet(django_filters.FilterSet):
    """Language, date range, and session and/or booking status (one booking must match both).

    Every choice starts with "all": a list with no empty choice would preselect its first
    option, so filtering on a language would quietly filter on the first session too.
    """

    language = django_filters.ChoiceFilter(
        label=_("language"), choices=settings.LANGUAGES, empty_label=_("All languages")
    )
    session = django_filters.ChoiceFilter(
        label=_("session"), method="filter_none", empty_label=_("All sessions")
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Booking.STATUSES, method="filter_none", empty_label=_("All statuses")
    )
    submitted_from = django_filters.DateFilter(
        label=_("submitted from"), method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    submitted_to = django_filters.DateFilter(
        label=_("submitted until"), method="filter_to", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Registration
        fields = ["language"]

    def __init__(self, data=None, *args, sessions=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["session"].extra["choices"] = [(str(pk), heading) for pk, heading in sessions]

    def filter_none(self, queryset, name, value):
        return queryset  # applied together in filter_queryset, so one booking matches both

    def filter_from(self, queryset, name, value):
        return queryset.filter(submitted_at__gte=start_of_day(value))

    def filter_to(self, queryset, name, value):
        try:
            end = start_of_day(value + datetime.timedelta(days=1))
        except OverflowError:  # until the last day there is: no upper bound
            return queryset
        return queryset.filter(submitted_at__lt=end)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        bookings = {}
        if self.form.cleaned_data.get("session") not in (None, ""):
            bookings["session_id"] = int(self.form.cleaned_data["session"])
        if self.form.cleaned_data.get("status"):
            bookings["status"] = self.form.cleaned_data["status"]
        if bookings:
            queryset = queryset.filter(
                Exists(Booking.objects.filter(registration=OuterRef("pk"), **bookings))
            )
        return queryset

    def applied(self):
        """The valid, non-empty filter values, for the audit log: ``{name: value as text}``."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        return {name: str(value) for name, value in cleaned.items() if value not in (None, "")}

    def ignored(self):
        """Names of the filters whose value was not understood."""
        if not self.is_bound:
            return []
        return [name for name in self.form.errors if name in self.filters]
