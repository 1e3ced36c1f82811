"""Organiser groups: "Organisers — <campaign>" may open the admin and see that campaign's registrations."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from forms.models.access import RegistrationAccess
from forms.organisers.permissions import to_source


def organiser_group_name(campaign):
    """Always in the site's main language: a stored name must not depend on who created it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Organisers — %(campaign)s") % {"campaign": campaign.title}


@transaction.atomic
def organiser_group(campaign):
    """The organiser group of ``campaign`` (any language), created with its grant if missing."""
    campaign = to_source(campaign)
    access = RegistrationAccess.objects.filter(campaign=campaign).select_related("group").first()
    if access:
        group = access.group
    else:
        group, _created = Group.objects.get_or_create(name=organiser_group_name(campaign)[:150])
        RegistrationAccess.objects.get_or_create(group=group, campaign=campaign)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group
