"""Dates and session details as a visitor reads them."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext
from wagtail import hooks

from campaign.dates import format_day, format_session_range, local
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
    fmt = pgettext("session day format", "l j F Y")
    labels = [date_format(day, fmt) for day in days]
    if len(labels) == 1:
        return labels[0]
    # Translators: what separates the items of a list, e.g. ", " (Arabic uses "، ").
    separator = pgettext("list separator", ", ")
    return gettext("%(list)s and %(last)s") % {"list": separator.join(labels[:-1]), "last": labels[-1]}


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
