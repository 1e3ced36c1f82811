"""What registrants were last told about a session, so a change is noticed (and mailed) once.

``SessionNotice`` holds, per Dutch session row, the start, end, meeting address and cancelled
flag as forms last saw them published, and the calendar ``SEQUENCE`` the registrants' events
have. ``BookingNotice`` holds what one registrant's pending notice compares with: the times
their calendar still shows. See ``forms.mail.changes``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionNotice(models.Model):
    """The published state of one session as its registrants know it."""

    session = models.OneToOneField(
        "campaign.Session", on_delete=models.CASCADE, related_name="notice", verbose_name=_("session")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    meeting_url = models.URLField(_("online meeting address"), blank=True, max_length=500)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    changed_at = models.DateTimeField(_("last notice at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session notice")
        verbose_name_plural = _("session notices")

    def __str__(self):
        return f"{self.session_id} #{self.sequence}"


class BookingNotice(models.Model):
    """The notice one registrant is owed: what their calendar still says, and what changed.

    Reset once the notice is sent (``forms.mail.changes``); while it waits in the outbox a second
    change is added to it, so the person gets one mail from what they knew to what is now.
    """

    booking = models.OneToOneField(
        "campaign_forms.Booking", on_delete=models.CASCADE, related_name="notice", verbose_name=_("booking")
    )
    old_start = models.DateTimeField(_("start they know"))
    old_end = models.DateTimeField(_("end they know"))
    address_changed = models.BooleanField(_("meeting address changed"), default=False)
    reinstated = models.BooleanField(_("no longer cancelled"), default=False)

    class Meta:
        verbose_name = _("booking notice")
        verbose_name_plural = _("booking notices")

    def __str__(self):
        return f"{self.booking_id}"
