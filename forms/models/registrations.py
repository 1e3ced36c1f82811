"""What visitors send: registrations and the session seats they book."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    """One submitted form. Belongs to the Dutch form page, whatever language was used."""

    form = models.ForeignKey(
        "campaign_forms.RegistrationFormPage",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("form"),
    )
    language = models.CharField(_("language"), max_length=10)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=255, blank=True)
    data = models.JSONField(_("answers"), default=dict, encoder=DjangoJSONEncoder)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    ip_hash = models.CharField(_("network address (hashed)"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-submitted_at", "-pk"]
        # One form's registrations in time order, read without sorting: the export (oldest
        # first) and the admin listing (newest first) both walk it.
        indexes = [models.Index(fields=["form", "submitted_at", "id"], name="registration_form_time")]

    def __str__(self):
        return f"{self.name or self.email or self.pk} ({self.language})"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class Booking(models.Model):
    """A seat (or a place on the waiting list) in one session, always on its Dutch row."""

    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"
    STATUSES = [
        (CONFIRMED, _("confirmed")),
        (WAITING, _("waiting list")),
        (CANCELLED, _("cancelled")),
    ]

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("registration")
    )
    session = models.ForeignKey(
        "campaign.Session", on_delete=models.PROTECT, related_name="bookings", verbose_name=_("session")
    )
    email = models.EmailField(_("e-mail address"))
    status = models.CharField(_("status"), max_length=12, choices=STATUSES)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_booking_per_email_and_session",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"], name="booking_session_status")]

    def __str__(self):
        return f"{self.email} – {self.session_id} ({self.status})"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)
