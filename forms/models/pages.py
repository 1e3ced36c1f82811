"""The registration form page an editor builds under a campaign."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import TranslatableField

from campaign.dates import datetime_input_hint_lazy
from campaign.localize import PAGE_SYNCHRONISED, synchronised
from campaign.models.page_types import PageTypesFromSettings
from campaign.panels import CheckedInlinePanel
from campaign.sources import source_of
from forms import conf
from forms.models.durations import HoursField
from forms.models.fields import FormFieldFormSet, field_set_errors, make_key


def split_emails(value):
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def validate_email_list(value):
    for address in split_emails(value):
        try:
            validate_email(address)
        except ValidationError as error:
            raise ValidationError(
                _("“%(address)s” is not a valid e-mail address."), params={"address": address}
            ) from error


class RegistrationFormPage(PageTypesFromSettings, RoutablePageMixin, Page):
    """A registration form: the questions, the sessions people can book, what they see after.

    Answers from every language version are stored on the Dutch page, under keys that are the
    same in every language.
    """

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Shown above the form."),
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Shown after a successful registration."),
    )
    waiting_list_text = models.TextField(
        _("waiting-list text"),
        blank=True,
        help_text=_("Shown to people who are put on the waiting list of a full session."),
    )
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, help_text=_("Optional. Before this moment the form is closed.")
    )
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Optional. From this moment on the form is closed."),
    )
    notify_emails = models.CharField(
        _("organiser e-mail addresses"),
        max_length=500,
        blank=True,
        validators=[validate_email_list],
        help_text=_(
            "Who gets a message with the answers of each registration; the first address is also "
            "the address registrants reply to. Separate several addresses with commas."
        ),
    )
    reminder_lead_time = HoursField(
        _("reminder lead time"),
        default=datetime.timedelta(hours=24),
        help_text=_("How many hours before a session its reminder is sent, e.g. 24 for one day."),
    )
    join_opens_before = models.PositiveIntegerField(
        _("room opens (minutes before the start)"),
        default=30,
        help_text=_(
            "From this many minutes before a session starts until it ends, the personal join link "
            "in the registrants' e-mails leads to the meeting address; before that it says when "
            "the room opens."
        ),
    )
    use_captcha = models.BooleanField(
        _("ask a simple sum against spam"),
        default=True,
        help_text=_("Recommended. Visitors answer a small calculation before sending."),
    )
    retention_days = models.PositiveIntegerField(
        _("keep personal data (days)"),
        default=30,
        help_text=_("Days after the last session; then names and answers are erased and only counts remain."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        CheckedInlinePanel(
            "form_fields", heading=_("Form fields"), label=_("field"), formset_class=FormFieldFormSet
        ),
        FieldPanel("thank_you_text"),
        FieldPanel("waiting_list_text"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("opens_at"), FieldPanel("closes_at")], help_text=datetime_input_hint_lazy
                ),
                FieldPanel("use_captcha"),
                FieldPanel("reminder_lead_time"),
                FieldPanel("join_opens_before"),
            ],
            heading=_("Opening, spam and e-mail"),
            # The organiser addresses and the retention period are set by the campaign's
            # organisers in its dashboard (forms.organisers.delivery), not here.
        ),
    ]

    override_translatable_fields = [
        TranslatableField("intro"),
        TranslatableField("thank_you_text"),
        TranslatableField("waiting_list_text"),
        *PAGE_SYNCHRONISED,
        *synchronised(
            "opens_at",
            "closes_at",
            "notify_emails",
            "reminder_lead_time",
            "join_opens_before",
            "use_captcha",
            "retention_days",
        ),
    ]

    parent_page_types = classproperty(lambda cls: conf.parent_page_types())  # PageTypesFromSettings
    subpage_types: list[str] = []
    template = "forms/registration_form_page.html"

    class Meta:
        verbose_name = _("registration form")
        verbose_name_plural = _("registration forms")

    # Editing -----------------------------------------------------------------------------

    def full_clean(self, *args, **kwargs):
        self.assign_field_keys()
        super().full_clean(*args, **kwargs)

    def assign_field_keys(self):
        """Give new fields their key before the revision is saved, so drafts carry it too."""
        fields = list(self.form_fields.all())
        saved = {}
        ids = [f.pk for f in fields if f.pk]
        if ids:
            saved = dict(self.form_fields.model.objects.filter(pk__in=ids).values_list("pk", "key"))
        for field in fields:
            if not field.key and field.pk in saved:
                field.key = saved[field.pk]
        taken = {f.key for f in fields if f.key}
        for field in fields:
            if not field.key:
                field.key = make_key(field.label, field.field_type, taken)
                taken.add(field.key)

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening time.")})
        # The page editor shows these on the field concerned (``FormFieldFormSet``).
        errors = [message for _row, _name, message in field_set_errors(list(self.form_fields.all()))]
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        """A revision restores the page's content, never where its personal data goes.

        The organiser addresses and the retention period are set in the organiser side
        (``forms.organisers.delivery``); publishing a revision, old or new, keeps the current ones.
        """
        obj = super().with_content_json(content)
        obj.notify_emails = self.notify_emails
        obj.retention_days = self.retention_days
        return obj

    # Reading -----------------------------------------------------------------------------

    def get_source(self, default=None):
        """The Dutch page that owns the registrations of every language version.

        ``default``: the default locale, if the caller has it already (saves a query).
        """
        return source_of(self, default)

    def window_state(self, now=None):
        """``"not_open"``, ``"closed"`` or ``"open"``."""
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return "not_open"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"

    def get_campaign(self):
        """The campaign this form belongs to, or None for a general form.

        Remembered on the instance: a request asks several times (form, breadcrumb, seats).
        One query: the parent is looked up as a campaign directly, not as a page and then as
        its specific type.
        """
        from campaign.models import CampaignPage

        if "_campaign" not in self.__dict__:
            parent_path = self.path[: -self.steplen]
            self.__dict__["_campaign"] = (
                CampaignPage.objects.filter(path=parent_path).first() if parent_path else None
            )
        return self.__dict__["_campaign"]

    # Serving -----------------------------------------------------------------------------

    @path("", name="form")
    def form_view(self, request):
        from forms.public import views

        return views.form_view(self, request)

    @path("thank-you/", name="thank_you")
    def thank_you_view(self, request):
        from forms.public import views

        return views.thank_you_view(self, request)
