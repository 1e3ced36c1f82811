"""Translator groups: "Translators — <language>" may translate and publish that language's pages.

Least privilege: a translator edits and publishes only the pages of their language's tree, in
wagtail-localize's translation editor; editors of the Dutch pages start translations ("Translate
this page", with its subpages) and sync them. Translators never see registrations.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Locale, Page

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def translator_group_name(locale):
    """Always in the site's main language: a stored name must not depend on who created it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Translators — %(language)s") % {"language": locale.get_display_name()}


@transaction.atomic
def translator_group(language_code):
    """The group of translators into ``language_code``, created with its permissions if missing.

    Raises ``Locale.DoesNotExist`` for a language the site has no locale for, and
    ``Page.DoesNotExist`` when that language has no home page yet (nothing to translate into).
    """
    locale = Locale.objects.get(language_code=language_code)
    root = Page.objects.get(depth=2, locale=locale)
    group, _created = Group.objects.get_or_create(name=translator_group_name(locale)[:150])
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    return group
