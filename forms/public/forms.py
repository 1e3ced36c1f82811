"""Builds the visitor's form from the editor's fields, one ``create_<type>_field`` per type."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from campaign.dates import format_session_range
from campaign.models import Session
from campaign.sources import default_locale
from forms.booking.seats import seats_left
from forms.models import FormField
from forms.models.fields import PURPOSE_TYPES
from forms.public.formfields import (
    DateField,
    MultiLineField,
    NumberField,
    PhoneField,
    SingleLineField,
    SumCaptchaField,
)

SINGLE_LINE_MAX = 255
# "Asks for" values of a single-line field that mean a person's name: it needs a letter.
NAME_PURPOSES = {"name", "given-name", "family-name"}
MULTI_LINE_MAX = 5000
HONEYPOT = "website"


@dataclass
class SessionOption:
    """A session as the form offers it: the visitor's language, the seats of the Dutch row.

    Its seats are a placeholder (``seat_slot``), counted only when a page is shown
    (``fill_seats``): a valid registration never needs them, and the stored copy of the form
    (``forms.public.pagecache``) needs them fresh for each visitor.
    """

    local: Session
    source: Session

    @property
    def value(self):
        return str(self.source.pk)

    def seats_html(self):
        return seat_slot(self.source.pk)


def seat_slot(session_id):
    return f"seatslot{session_id}x"


def seats_left_now(session_ids):
    """``{session id: seats left}`` in one query, capacity included (it may have changed)."""
    return seats_left(Session.objects.filter(pk__in=session_ids))


def fill_seats(html, session_ids):
    """Put each session's seats, counted now, in place of its ``seat_slot``.

    Forms are built with placeholders (no counting) and the seats are counted only when a page
    is actually shown: a valid registration never needs them, and the stored copy of the form
    (``forms.public.pagecache``) needs them fresh for every visitor.
    """
    session_ids = list(session_ids)
    if not session_ids:
        return html
    left = seats_left_now(session_ids)
    for session_id in session_ids:
        # A session deleted since the page was made shows no seats.
        html = html.replace(
            seat_slot(session_id), seats_html(left[session_id]) if session_id in left else "", 1
        )
    return html


def seats_html(left):
    """The seats note of a session option: places left, or that it is full."""
    return format_html(
        '<span class="session-option__seats{}">{}</span>',
        " session-option__seats--full" if left <= 0 else "",
        seat_status_text(left),
    )


def seat_status_text(left):
    if left <= 0:
        return gettext("Full — you will be put on the waiting list")
    return ngettext("%(count)s place left", "%(count)s places left", left) % {"count": left}


def session_options(page, default=None):
    """The sessions of the form's campaign, in the page's language, each with its Dutch row."""
    campaign = page.get_campaign()
    if campaign is None:
        return []
    local = list(campaign.get_sessions())
    default = default or default_locale()
    if page.locale_id == default.pk:
        sources = {s.translation_key: s for s in local}
    else:
        sources = {
            s.translation_key: s
            for s in Session.objects.filter(
                translation_key__in=[s.translation_key for s in local], locale=default
            )
        }
    options = [SessionOption(s, sources.get(s.translation_key, s)) for s in local]
    # A cancelled session is not offered (a stale page posting it gets "not a valid choice").
    return [option for option in options if not option.source.cancelled]


def attach_source_fields(form_fields, default):
    """Give each field its Dutch row (``FormField.source_field``) in one query, not one per field."""
    others = [f for f in form_fields if f.locale_id != default.pk]
    sources = {}
    if others:
        rows = FormField.objects.filter(
            translation_key__in=[f.translation_key for f in others], locale=default
        )
        sources = {row.translation_key: row for row in rows}
    for field in form_fields:
        field.source_field = (
            field if field.locale_id == default.pk else sources.get(field.translation_key, field)
        )
    return form_fields


class ConsentField(forms.BooleanField):
    """The consent checkbox; its link is looked up only when the form is shown, not on a valid post."""

    @cached_property
    def link(self):
        field = self.model_field
        link = field.link_page.localized if field.link_page_id and field.link_page else None
        return link.specific if link and link.live else None


class RegistrationForm(forms.Form):
    """The visitor's form. Field names are the fields' language-neutral keys.

    E-mail addresses and phone numbers are written left to right in every language: their
    inputs say so (``dir="ltr"``), or an Arabic page shows "yousef@" as "@yousef" while typing.
    """

    def __init__(self, *args, form_fields, sessions=(), use_captcha=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_fields = list(form_fields)
        self.session_options = list(sessions)
        # The first single-line field is the registrant's name (``first_value``).
        self.name_key = next((f.key for f in self.form_fields if f.field_type == "singleline"), None)
        for field in self.form_fields:
            self.fields[field.key] = self.create_field(field)
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        if use_captcha:
            self.fields["captcha"] = SumCaptchaField()

    # Building ----------------------------------------------------------------------------

    def create_field(self, field):
        options = {"label": field.label, "help_text": field.help_text, "required": field.is_required}
        method = getattr(self, f"create_{field.field_type}_field")
        form_field = method(field, options)
        form_field.model_field = field
        if field.purpose and field.field_type in PURPOSE_TYPES:
            form_field.widget.attrs["autocomplete"] = field.purpose
        return form_field

    def create_singleline_field(self, field, options):
        return SingleLineField(
            max_length=SINGLE_LINE_MAX,
            name=field.key == self.name_key or field.purpose in NAME_PURPOSES,
            **options,
        )

    def create_multiline_field(self, field, options):
        return MultiLineField(
            max_length=MULTI_LINE_MAX, widget=forms.Textarea(attrs={"rows": 5, "cols": 40}), **options
        )

    def create_email_field(self, field, options):
        return forms.EmailField(
            max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}), **options
        )

    def create_phone_field(self, field, options):
        return PhoneField(
            max_length=40,
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}),
            **options,
        )

    def create_number_field(self, field, options):
        return NumberField(
            max_digits=12, decimal_places=2, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **options
        )

    def create_date_field(self, field, options):
        return DateField(**options)

    def create_dropdown_field(self, field, options):
        choices = [("", gettext("Choose…")), *field.get_choices()]
        return forms.ChoiceField(choices=choices, **options)

    def create_radio_field(self, field, options):
        return forms.ChoiceField(choices=field.get_choices(), widget=forms.RadioSelect, **options)

    def create_checkboxes_field(self, field, options):
        return forms.MultipleChoiceField(
            choices=field.get_choices(), widget=forms.CheckboxSelectMultiple, **options
        )

    def create_checkbox_field(self, field, options):
        return forms.BooleanField(**options)

    def create_consent_field(self, field, options):
        options["required"] = True
        return ConsentField(
            error_messages={"required": gettext("You need to agree before you can register.")}, **options
        )

    def create_sessions_field(self, field, options):
        choices = [
            (
                option.value,
                format_html(
                    '<span class="session-option__title">{}</span> <span class="session-option__when">{}</span> {}',
                    option.local.theme.title,
                    format_session_range(option.local.start, option.local.end),
                    option.seats_html(),
                ),
            )
            for option in self.session_options
        ]
        if field.multiple:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **options)
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)

    # Reading -----------------------------------------------------------------------------

    @property
    def honeypot_filled(self):
        return bool(self.data.get(HONEYPOT))

    def visible_fields_in_order(self):
        return [self[field.key] for field in self.form_fields]

    def answers(self):
        """``{key: stable value}``: text as typed, choices as their block ids, sessions as ids."""
        data = {}
        for field in self.form_fields:
            value = self.cleaned_data.get(field.key)
            if field.field_type == "sessions":
                value = [int(v) for v in (value if isinstance(value, list) else [value] if value else [])]
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            data[field.key] = value
        return data

    def first_value(self, field_type):
        for field in self.form_fields:
            if field.field_type == field_type and self.cleaned_data.get(field.key):
                return self.cleaned_data[field.key]
        return ""

    def chosen_sessions(self):
        """The Dutch session rows the visitor chose (validated against the offered ones)."""
        by_value = {option.value: option.source for option in self.session_options}
        chosen = []
        for field in self.form_fields:
            if field.field_type != "sessions":
                continue
            value = self.cleaned_data.get(field.key) or []
            for v in value if isinstance(value, list) else [value]:
                if v in by_value:
                    chosen.append(by_value[v])
        return chosen

    def sessions_field_key(self):
        return next((f.key for f in self.form_fields if f.field_type == "sessions"), None)
