"""The e-mails owed to registrants and organisers, so a failing mail server loses none of them.

Each mail is recorded before it is queued. The task that sends it claims the row with a
conditional update (so two workers never both send it), marks it sent, or records the error
and when to try again; ``manage.py send_reminders`` re-queues what is due.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailDelivery(models.Model):
    """One e-mail about a registration (or one of its bookings) and how its sending went."""

    CONFIRMATION = "confirmation"
    ORGANISER = "organiser"
    PROMOTED = "promoted"
    REMINDER = "reminder"
    CANCELLED = "cancelled"
    ALREADY_REGISTERED = "already"
    MESSAGE = "message"
    SESSION_CHANGED = "session_changed"
    SESSION_CANCELLED = "session_cancelled"
    KINDS = [
        (CONFIRMATION, _("confirmation to the registrant")),
        (ORGANISER, _("notice to the organisers")),
        (PROMOTED, _("seat after the waiting list")),
        (REMINDER, _("reminder before a session")),
        (CANCELLED, _("cancellation notice to the organisers")),
        (ALREADY_REGISTERED, _("notice to someone already registered")),
        (MESSAGE, _("message from the organisers")),
        (SESSION_CHANGED, _("notice of a changed session")),
        (SESSION_CANCELLED, _("notice of a cancelled session")),
    ]

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    STATUSES = [
        (PENDING, _("waiting to be sent")),
        (SENDING, _("being sent")),
        (SENT, _("sent")),
        (FAILED, _("failed")),
        (SKIPPED, _("not needed any more")),
    ]

    registration = models.ForeignKey(
        "campaign_forms.Registration",
        on_delete=models.CASCADE,
        related_name="mail_deliveries",
        verbose_name=_("registration"),
    )
    booking = models.ForeignKey(
        "campaign_forms.Booking",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mail_deliveries",
        verbose_name=_("booking"),
    )
    # For a message from the organisers (``forms.organisers.messages``): one delivery per person.
    message = models.ForeignKey(
        "campaign_forms.OrganiserMessage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("message"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"],
                condition=Q(booking__isnull=True, message__isnull=True),
                name="one_mail_per_registration_and_kind",
            ),
            models.UniqueConstraint(
                fields=["booking", "kind"],
                condition=Q(booking__isnull=False),
                name="one_mail_per_booking_and_kind",
            ),
            models.UniqueConstraint(
                fields=["message", "registration"],
                condition=Q(message__isnull=False),
                name="one_mail_per_message_and_registration",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_delivery_due")]

    def __str__(self):
        return f"{self.kind} #{self.registration_id} ({self.status})"
