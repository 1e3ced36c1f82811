"""Who may see the personal data a campaign's forms collect.

Wagtail's page permissions (add, edit, publish, ...) are about content; anyone holding them
may not read registrations. Access to registrations is granted separately, per campaign, to a
group (e.g. "Organisers — Dorp aan zet"). Wagtail 8's group editor only handles its own page
permission types and would drop a custom one on the next save, so the grant is its own row.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationAccess(models.Model):
    """Lets the members of a group view and export the registrations of one campaign.

    The grant covers every form under the campaign, in every language.
    """

    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        related_name="registration_access",
        verbose_name=_("group"),
        help_text=_("Everyone in this group may see and download the registrations."),
    )
    campaign = models.ForeignKey(
        "campaign.CampaignPage",
        on_delete=models.CASCADE,
        related_name="registration_access",
        verbose_name=_("campaign"),
        help_text=_("The Dutch campaign page; its forms in every language are included."),
    )

    class Meta:
        verbose_name = _("access to registrations")
        verbose_name_plural = _("access to registrations")
        constraints = [
            models.UniqueConstraint(fields=["group", "campaign"], name="one_access_per_group_and_campaign")
        ]

    def __str__(self):
        return f"{self.group} → {self.campaign}"
