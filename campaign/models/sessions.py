"""The sessions of a theme: translatable inline rows, one copy per language.

wagtail-localize keeps one copy per language that shares ``translation_key`` with the Dutch
row and updates it in place on sync. Seats are counted on the source-language row (see
``Session.source``), never on a copy.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin

from campaign.dates import datetime_input_hint_lazy
from campaign.localize import synchronised
from campaign.sources import source_of

# Its own error code: with Django's "invalid" the field would replace the message by its generic one.
https_only = URLValidator(
    schemes=["https"], message=_("Enter a secure address that starts with https://."), code="insecure_url"
)


def protected_sessions(sessions):
    """The sessions that another app protects from deletion (a booking points at them)."""
    protected = []
    for session in sessions:
        try:
            Collector(using=router.db_for_write(Session)).collect([session])
        except (ProtectedError, RestrictedError):
            protected.append(session)
    return protected


class SessionFormSet(BaseChildFormSet):
    """The sessions of a theme in the page editor: a session people booked cannot be removed."""

    def clean(self):
        super().clean()
        removed = [form.instance for form in self.deleted_forms if form.instance.pk]
        kept = len(protected_sessions(removed))
        if kept:
            raise ValidationError(
                ngettext(
                    "%(count)s session cannot be removed: people have booked a place in it. "
                    "Cancel their places first, or set its capacity to 0 to stop new bookings.",
                    "%(count)s sessions cannot be removed: people have booked places in them. "
                    "Cancel their places first, or set their capacity to 0 to stop new bookings.",
                    kept,
                )
                % {"count": kept},
                code="protected",
            )


class SessionQuerySet(models.QuerySet):
    def of_campaign(self, campaign, live_themes=True):
        """The sessions of the themes right under ``campaign``; with ``live_themes``, published ones only."""
        sessions = self.filter(theme__path__startswith=campaign.path, theme__depth=campaign.depth + 1)
        return sessions.filter(theme__live=True) if live_themes else sessions

    def in_time_order(self):
        return self.order_by("start", "pk")


class Session(TranslatableMixin, Orderable):
    """A time slot of a theme's room. The meeting address is private: only registrants get it."""

    theme = ParentalKey("campaign.ThemePage", on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.IntegerField(
        _("capacity"),
        default=20,
        validators=[MinValueValidator(0)],
        help_text=_("How many people can take part. 0 means everyone goes on the waiting list."),
    )
    meeting_url = models.URLField(
        _("online meeting address"),
        blank=True,
        max_length=500,
        validators=[https_only],
        help_text=_("Private: sent only to registered people, never shown on the website."),
    )
    note = models.CharField(
        _("public note"),
        max_length=200,
        blank=True,
        help_text=_("Shown to everyone, e.g. 'Online via Teams'."),
    )
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_(
            "The session does not take place: nobody can book it any more, the website shows it as "
            "cancelled and everyone with a place is told when you publish."
        ),
    )
    tell_registrants = models.BooleanField(
        _("tell registrants about the new meeting address"),
        default=False,
        help_text=_(
            "A new meeting address needs no e-mail: the personal join links lead to it by themselves. "
            "Tick this to send everyone with a place a notice anyway, once, when you publish."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], help_text=datetime_input_hint_lazy),
        FieldPanel("capacity"),
        MultiFieldPanel(
            [FieldPanel("meeting_url"), FieldPanel("tell_registrants"), FieldPanel("note")],
            heading=_("Where"),
        ),
        FieldPanel("cancelled"),
    ]
    # Only the public note is for translators; seats are counted on the Dutch row.
    override_translatable_fields = synchronised(
        "start", "end", "capacity", "meeting_url", "cancelled", "tell_registrants"
    )

    objects = SessionQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["sort_order"]

    def __str__(self):
        return f"{self.theme.title} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})

    @cached_property
    def source(self):
        """The source-language row that holds the seats of this session in every language."""
        return source_of(self)
