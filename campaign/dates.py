"""Dates and lists as a visitor reads them: in their language, in Belgian time.

The date and time patterns are themselves translatable (``pgettext``), so each catalogue in
``locale/`` says how its language writes a date — e.g. Dutch "maandag 3 mei 2027", Ukrainian
with the genitive month "понеділок, 3 травня 2027" — without code per language. The same goes
for what separates the items of a list (Arabic writes "، ", not ", "): every list a person
reads is joined here, so a language's punctuation has one home.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext

from campaign.conf import time_zone


def local(value):
    return timezone.localtime(value, time_zone())


def format_day(value):
    """E.g. "maandag 3 mei 2027"; a plain date is taken as it is, a moment in Belgian time."""
    # Translators: a PHP-style date format (Django's "date" filter): weekday, day, month, year.
    fmt = pgettext("session day format", "l j F Y")
    return date_format(local(value) if isinstance(value, datetime.datetime) else value, fmt)


def format_time(value):
    # Translators: a PHP-style time format; keep the 24-hour clock used in Belgium.
    return date_format(local(value), pgettext("session time format", "H:i"))


def format_moment(value):
    """A moment, e.g. "woensdag 2 december 2026, 14:30" (when someone registered, a mail's try)."""
    # Translators: a day (as in "session day format") and a time (as in "session time format").
    return pgettext("day and time", "%(day)s, %(time)s") % {
        "day": format_day(value),
        "time": format_time(value),
    }


def format_session_range(start, end):
    """E.g. "maandag 3 mei 2027, 19:00–21:00"; a session past midnight names both days."""
    if local(start).date() == local(end).date():
        return gettext("%(day)s, %(start)s–%(end)s") % {
            "day": format_day(start),
            "start": format_time(start),
            "end": format_time(end),
        }
    return gettext("%(start_day)s, %(start)s – %(end_day)s, %(end)s") % {
        "start_day": format_day(start),
        "start": format_time(start),
        "end_day": format_day(end),
        "end": format_time(end),
    }


def datetime_input_hint():
    """What an editor reads under a date-and-time field: the format the admin's picker expects.

    Taken from ``WAGTAIL_DATETIME_FORMAT`` (Wagtail's default ``%Y-%m-%d %H:%M``), so the hint
    shows the format the field really accepts.
    """
    example = datetime.datetime(2027, 5, 3, 19, 30).strftime(
        getattr(settings, "WAGTAIL_DATETIME_FORMAT", "%Y-%m-%d %H:%M")
    )
    return gettext("Belgian time, written as %(example)s.") % {"example": example}


datetime_input_hint_lazy = lazy(datetime_input_hint, str)


def list_separator():
    # Translators: what separates the items of a list, e.g. ", " (Arabic uses "، ").
    return pgettext("list separator", ", ")


def join_items(items):
    """Items one after the other with the language's separator: "a, b, c" ("a، b، c" in Arabic)."""
    return list_separator().join(str(item) for item in items)


def format_list(items):
    """Items as a phrase, the last one with "and": "a, b and c"."""
    labels = [str(item) for item in items]
    if len(labels) <= 1:
        return "".join(labels)
    return gettext("%(list)s and %(last)s") % {"list": join_items(labels[:-1]), "last": labels[-1]}
