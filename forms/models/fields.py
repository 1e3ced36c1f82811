"""The fields an editor adds to a registration form, with their choices.

Each field row is translatable (``TranslatableMixin``): wagtail-localize offers its label,
help text and each choice as separate segments. Everything that shapes the stored data — the
``key``, the field type, the required flag — is synchronised from the Dutch row, so every
language stores answers under the same key. Choices are StreamField blocks: one segment per
choice, and the block id (identical in every language) is the value that is stored.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.forms import BaseChildFormSet
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import TranslatableField

from campaign.localize import synchronised
from campaign.panels import kept_forms
from campaign.sources import source_of

FIELD_TYPES = [
    ("singleline", _("Single line text")),
    ("multiline", _("Multi-line text")),
    ("email", _("E-mail address")),
    ("phone", _("Phone number")),
    ("number", _("Number")),
    ("date", _("Date")),
    ("dropdown", _("Drop-down list")),
    ("radio", _("Radio buttons")),
    ("checkboxes", _("Checkboxes")),
    ("checkbox", _("Single checkbox")),
    ("consent", _("Consent (always required)")),
    ("sessions", _("Sessions of the campaign")),
]
# The field types whose answers are options (stored as block ids), and those answered with a tick.
CHOICE_TYPES = ("dropdown", "radio", "checkboxes")
TICK_TYPES = ("checkbox", "consent")

# Names the form itself uses; a field key never takes one of them.
RESERVED_KEYS = {"captcha", "website", "csrfmiddlewaretoken"}
KEY_MAX_LENGTH = 60


def make_key(label, field_type, taken):
    """A language-neutral key from the (Dutch) label, unique within the form.

    Called once, when the field is first saved; the key never follows later renames.
    """
    base = slugify(label)[: KEY_MAX_LENGTH - 4].strip("-") or field_type
    key, n = base, 1
    while key in taken or key in RESERVED_KEYS:
        n += 1
        key = f"{base}-{n}"
    return key


class ChoiceBlock(blocks.StreamBlock):
    """The options of a drop-down, radio or checkbox field: one block per option.

    The block's id is stored as the answer, so renaming or translating an option never changes
    the data already collected.
    """

    choice = blocks.CharBlock(label=_("option"), max_length=255)


# What a single-line or date field asks for, as HTML ``autocomplete`` tokens: browsers and
# assistive technology can then fill in the visitor's own details (WCAG 2.1, 1.3.5).
PURPOSES = [
    ("name", _("Full name")),
    ("given-name", _("First name")),
    ("family-name", _("Last name")),
    ("organization", _("Organisation")),
    ("street-address", _("Street and number")),
    ("postal-code", _("Postcode")),
    ("address-level2", _("Municipality")),
    ("country-name", _("Country")),
    ("bday", _("Date of birth")),
]
PURPOSE_TYPES = ("singleline", "date")

# The settings that only some field types use. The editor shows a setting only for these types
# (``forms/static/forms/field_editor.js`` reads this table from the page), and saving a field
# clears the settings its type does not use, so a translator is never asked to translate them.
TYPE_SETTINGS = {
    "choices": sorted(CHOICE_TYPES),
    "purpose": list(PURPOSE_TYPES),
    "multiple": ["sessions"],
    "link_page": ["consent"],
    # Consent is always required.
    "required": [code for code, _label in FIELD_TYPES if code != "consent"],
}
UNUSED_VALUE = {"choices": [], "purpose": "", "multiple": False, "link_page": None, "required": False}


def field_set_errors(rows):
    """``[(row, field name, message)]``: the rules on the set of fields one form has.

    Used by the page editor (on the row concerned) and by the page's own ``clean``.
    """
    errors = []
    sessions = [row for row in rows if row.field_type == "sessions"]
    if sessions and not any(row.field_type == "email" for row in rows):
        errors.append(
            (
                sessions[0],
                "field_type",
                _("A form with a sessions field needs an e-mail field, so people can get their seat."),
            )
        )
    errors.extend((row, "field_type", _("A form can have only one sessions field.")) for row in sessions[1:])
    return errors


class FormFieldFormSet(BaseChildFormSet):
    """The fields of a form in the page editor, checked together (``field_set_errors``)."""

    def clean(self):
        super().clean()
        forms = kept_forms(self)
        form_of = {id(form.instance): form for form in forms}
        for row, name, message in field_set_errors([form.instance for form in forms]):
            form_of[id(row)].add_error(name, message)


class FormField(TranslatableMixin, Orderable):
    """One question of a registration form."""

    page = ParentalKey(
        "campaign_forms.RegistrationFormPage", on_delete=models.CASCADE, related_name="form_fields"
    )
    key = models.CharField(
        _("key"),
        max_length=KEY_MAX_LENGTH,
        blank=True,
        help_text=_("Set automatically when the field is first saved; the same in every language."),
    )
    field_type = models.CharField(_("field type"), max_length=20, choices=FIELD_TYPES)
    label = models.CharField(_("label"), max_length=255, help_text=_("The question as visitors read it."))
    help_text = models.CharField(
        _("help text"), max_length=500, blank=True, help_text=_("Optional. A hint shown under the question.")
    )
    required = models.BooleanField(_("required"), default=False)
    multiple = models.BooleanField(
        _("allow several"),
        default=False,
        help_text=_("May a visitor choose more than one session?"),
    )
    choices = StreamField(
        ChoiceBlock(),
        blank=True,
        verbose_name=_("options"),
        help_text=_("One block per option."),
    )
    purpose = models.CharField(
        _("asks for"),
        max_length=30,
        blank=True,
        choices=PURPOSES,
        help_text=_(
            "If the question asks for the visitor's own details, say which, so browsers can fill "
            "it in for them. Leave empty for other questions."
        ),
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("linked page"),
        help_text=_("The page that explains what people agree to, e.g. the privacy statement."),
    )

    panels = [
        FieldPanel("field_type"),
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("purpose"),
        FieldPanel("choices"),
        FieldPanel("multiple"),
        FieldPanel("link_page"),
    ]

    override_translatable_fields = [
        *synchronised("key", "field_type", "required", "multiple", "purpose", "link_page"),
        TranslatableField("label"),
        TranslatableField("help_text"),
        TranslatableField("choices"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["sort_order"]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = self.existing_key() or make_key(self.label, self.field_type, self.sibling_keys())
        super().save(*args, **kwargs)

    def existing_key(self):
        """A row loaded from a revision may lack its key: take it from the database."""
        if self.pk is None:
            return ""
        return FormField.objects.filter(pk=self.pk).values_list("key", flat=True).first() or ""

    def sibling_keys(self):
        if self.page_id is None:
            return set()
        return set(
            FormField.objects.filter(page_id=self.page_id).exclude(pk=self.pk).values_list("key", flat=True)
        )

    def clean(self):
        super().clean()
        for name, types in TYPE_SETTINGS.items():
            if self.field_type not in types:
                setattr(self, name, UNUSED_VALUE[name])
        if self.field_type == "consent" and not self.link_page_id:
            raise ValidationError(
                {
                    "link_page": _(
                        "Choose the page that explains what people agree to, e.g. the privacy statement."
                    )
                }
            )
        if self.field_type in CHOICE_TYPES and not any(block.value for block in self.choices):
            raise ValidationError({"choices": _("Add at least one option.")})

    @property
    def is_required(self):
        return self.required or self.field_type == "consent"

    @cached_property
    def source_field(self):
        """The Dutch row of this field (itself when it is the Dutch one or has no source)."""
        return source_of(self)

    def get_choices(self):
        """``[(stable value, label)]`` in this language.

        The Dutch options decide which values exist and their order. A translation whose sync
        was stopped may lack an option (shown with its Dutch label) or have one of its own
        (appended, so answers already given stay valid).
        """
        local = [(block.id, block.value) for block in self.choices if block.value]
        source = self.source_field
        if source is self:
            return local
        labels = dict(local)
        choices = [(block.id, labels.get(block.id) or block.value) for block in source.choices if block.value]
        known = {value for value, _label in choices}
        choices.extend((value, label) for value, label in local if value not in known)
        return choices
