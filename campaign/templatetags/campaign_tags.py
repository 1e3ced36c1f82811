"""Dates and session details as a visitor reads them."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail import hooks

from campaign.dates import (
    format_day,
    format_list,
    format_moment,
    format_session_range,
    join_items,
    list_separator,
    local,
)
from campaign.hooks import SESSION_STATUS_HOOK

register = template.Library()


@register.simple_tag
def session_range(session):
    return format_session_range(session.start, session.end)


@register.simple_tag
def date_span(first, last):
    """First and last day of a campaign, or one day when they coincide."""
    if last is None or local(first).date() == local(last).date():
        return format_day(first)
    return gettext("%(first)s to %(last)s") % {"first": format_day(first), "last": format_day(last)}


@register.simple_tag
def event_days_label(days):
    """The event days as one phrase, e.g. "maandag 3 mei 2027, dinsdag 4 mei 2027 en …"."""
    return format_list(format_day(day) for day in days)


@register.simple_tag
def separator():
    """What separates two items of a list in the active language (", ", Arabic "، ")."""
    return list_separator()


@register.filter
def join_list(items):
    """Items joined with the active language's separator ("a, b"; Arabic "a، b")."""
    return join_items(items)


@register.filter
def local_day(value):
    """A date or moment as the active language writes a day: "woensdag 2 december 2026"."""
    return format_day(value) if value else ""


@register.filter
def local_moment(value):
    """A moment in Belgian time as the active language writes it: "woensdag 2 december 2026, 14:30"."""
    return format_moment(value) if value else ""


@register.simple_tag(takes_context=True)
def session_status(context, session):
    """Whatever another app says about a session (e.g. seats left); empty when none does."""
    parts = [fn(session, context.get("request")) for fn in hooks.get_hooks(SESSION_STATUS_HOOK)]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    return mark_safe(format_html_join("", "{}", ((p,) for p in parts)))


@register.filter
def campaign_file_url(page, name):
    """The address of a campaign page's file route, e.g. ``{{ page|campaign_file_url:"flyer" }}``."""
    return page.get_file_url(name) or ""
