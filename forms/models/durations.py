"""Durations that editors type and read as hours ("24", "24:00", "1:30"), not "1 00:00:00".

Django's own duration field reads "24" as 24 seconds and "24:00" as 24 minutes, and shows a
day as "1 00:00:00": an editor setting "a day before" had to type "24:00:00".
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateparse import parse_duration
from django.utils.translation import gettext_lazy as _

HOURS = re.compile(r"^\s*(?P<hours>\d{1,4})(?:[.,](?P<fraction>\d{1,2}))?\s*$")
HOURS_MINUTES = re.compile(r"^\s*(?P<hours>\d{1,4}):(?P<minutes>[0-5]\d)\s*$")


def parse_hours(text):
    """A ``timedelta`` from "24", "1,5", "1.5", "24:00" or "1:30"; None when it is none of these."""
    if match := HOURS_MINUTES.match(text):
        return datetime.timedelta(hours=int(match["hours"]), minutes=int(match["minutes"]))
    if match := HOURS.match(text):
        fraction = float(f"0.{match['fraction']}") if match["fraction"] else 0.0
        return datetime.timedelta(hours=int(match["hours"]) + fraction)
    return None


def format_hours(value):
    """ "24:00" for a day, "1:30" for an hour and a half."""
    minutes = round(value.total_seconds() / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


class HoursFormField(forms.DurationField):
    default_error_messages = {"invalid": _("Enter a number of hours, for example 24 or 1:30.")}

    def prepare_value(self, value):
        if isinstance(value, datetime.timedelta):
            return format_hours(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.timedelta):
            return value
        # A value written the old way ("1 00:00:00") still reads as what it says.
        parsed = parse_hours(str(value)) or (parse_duration(str(value)) if " " in str(value) else None)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class HoursField(models.DurationField):
    """A ``DurationField`` edited in hours."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": HoursFormField, **kwargs})
