"""What organisers wrote to registrants: kept after sending, with whom it went to and how many.

The message itself holds no registrant's data (only the organiser's text and the numbers), so
it stays after a purge; the personal part, one ``MailDelivery`` per person, goes with the
registrations. ``idempotency_key`` comes from the form the organiser filled in and is unique:
a second click or a resubmitted POST finds the message already made and sends nothing again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganiserMessage(models.Model):
    """One message from a campaign's organisers to the people of a session or of a form."""

    CONFIRMED = "confirmed"
    WAITING = "waiting"
    EVERYONE = "all"
    AUDIENCES = [
        (CONFIRMED, _("People with a confirmed place")),
        (WAITING, _("People on the waiting list")),
        (EVERYONE, _("Everyone registered")),
    ]

    campaign = models.ForeignKey(
        "campaign.CampaignPage",
        on_delete=models.CASCADE,
        related_name="organiser_messages",
        verbose_name=_("campaign"),
    )
    form = models.ForeignKey(
        "campaign_forms.RegistrationFormPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organiser_messages",
        verbose_name=_("form"),
        help_text=_("Set for a message to the people of a whole form."),
    )
    session = models.ForeignKey(
        "campaign.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organiser_messages",
        verbose_name=_("session"),
        help_text=_("Set for a message to the people of one session."),
    )
    # As the organiser read it when sending: still readable after the session is removed.
    scope_label = models.CharField(_("sent to"), max_length=300)
    audience = models.CharField(_("who"), max_length=10, choices=AUDIENCES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    # {"fr": {"subject": "…", "body": "…"}, …}: the versions written in other languages.
    translations = models.JSONField(_("versions in other languages"), default=dict, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    # {"nl": 12, "ar": 3}: how many people got the message in which language.
    languages = models.JSONField(_("languages"), default=dict, blank=True)
    idempotency_key = models.UUIDField(_("form key"), unique=True, editable=False)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject

    def written_in(self, language):
        version = (self.translations or {}).get(language) or {}
        return bool(version.get("subject") and version.get("body"))

    def language_for(self, registrant_language):
        """The language a registrant reads this message in: theirs if written in it, else Dutch."""
        return registrant_language if self.written_in(registrant_language) else settings.LANGUAGE_CODE

    def version(self, language):
        """``(subject, body)`` in ``language`` if written in it, else the Dutch one."""
        if self.written_in(language):
            return self.translations[language]["subject"], self.translations[language]["body"]
        return self.subject, self.body
