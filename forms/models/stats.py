"""Anonymous counts kept when registrations are purged or erased.

A row holds no personal data: only how many registrations (per language and day), bookings
(per session, language and status) or choice answers (per field key and stable value) a form
had. The dashboard adds them to the live registrations, so it still shows how many came after
the personal data is gone.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnonymousCount(models.Model):
    """How many registrations, bookings or answers a form had, without who they were."""

    REGISTRATIONS = "registrations"
    BOOKINGS = "bookings"
    ANSWERS = "answers"
    KINDS = [
        (REGISTRATIONS, _("registrations per language and day")),
        (BOOKINGS, _("bookings per session, language and status")),
        (ANSWERS, _("answers per field and option")),
    ]

    form = models.ForeignKey(
        "campaign_forms.RegistrationFormPage",
        on_delete=models.CASCADE,
        related_name="anonymous_counts",
        verbose_name=_("form"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=KINDS)
    session = models.ForeignKey(
        "campaign.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=12, blank=True)
    day = models.DateField(_("day"), null=True, blank=True)
    field_key = models.CharField(_("field key"), max_length=60, blank=True)
    answer = models.CharField(_("answer"), max_length=64, blank=True)
    count = models.PositiveIntegerField(_("count"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("anonymous count")
        verbose_name_plural = _("anonymous counts")
        indexes = [models.Index(fields=["form", "kind"], name="anoncount_form_kind")]

    def __str__(self):
        return f"{self.form_id} {self.kind} {self.count}"
