"""Small page-tree builders for tests of the extension (like wagtail's ``contrib/forms/tests/utils.py``).

They build through model APIs what an editor builds in the page editor, under any parent, so
tests do not depend on the demo's content.
"""

import datetime
from zoneinfo import ZoneInfo

from campaign.models import CampaignPage, Session, ThemePage
from forms.models import FormField, RegistrationFormPage

BRUSSELS = ZoneInfo("Europe/Brussels")
DEFAULT_FIELDS = [
    {"field_type": "singleline", "label": "Naam", "required": True},
    {"field_type": "email", "label": "E-mailadres", "required": True},
    {"field_type": "sessions", "label": "Sessies", "required": True},
]


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def make_campaign(parent, *, slug="nieuwe-campagne", title="Nieuwe campagne", **kwargs):
    kwargs.setdefault("intro", "Denk mee over onze gemeente.")
    return publish(parent, CampaignPage(title=title, slug=slug, **kwargs))


def make_theme(
    campaign,
    *,
    slug="thema",
    title="Thema",
    sessions=1,
    start=None,
    slots=None,
    capacity=10,
    note="",
    **kwargs,
):
    """A published theme with ``sessions`` sessions of two hours a day apart, or one per ``(start, end)`` slot."""
    if slots is None:
        start = start or datetime.datetime(2027, 5, 3, 19, 0, tzinfo=BRUSSELS)
        begins = [start + datetime.timedelta(days=n) for n in range(sessions)]
        slots = [(begin, begin + datetime.timedelta(hours=2)) for begin in begins]
    kwargs.setdefault("summary", "Waarover deze kamer gaat.")
    theme = ThemePage(title=title, slug=slug, **kwargs)
    for n, (begin, end) in enumerate(slots):
        theme.sessions.add(
            Session(
                start=begin,
                end=end,
                capacity=capacity,
                meeting_url=f"https://meet.example.org/{slug}-{n}",
                note=note,
                sort_order=n,
            )
        )
    return publish(campaign, theme)


def make_registration_form(
    campaign, *, slug="inschrijven", title="Inschrijven", fields=DEFAULT_FIELDS, **kwargs
):
    """A published form with the given fields (``FormField`` keyword arguments), by default a
    name, an e-mail address and the sessions field."""
    kwargs.setdefault("use_captcha", False)
    form = RegistrationFormPage(title=title, slug=slug, **kwargs)
    for n, field in enumerate(fields):
        form.form_fields.add(FormField(sort_order=n, **field))
    return publish(campaign, form)
