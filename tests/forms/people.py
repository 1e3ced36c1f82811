"""Builders for the access tests: a second campaign and one user per role.

Roles: superuser, organiser of campaign A (the test site's "dorpaanzet"), organiser of campaign B, an editor who
may edit and publish everything, a moderator (Wagtail's own "Moderators" group), a translator
who may edit the French tree, anonymous.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.users.models import UserProfile

from campaign.models import CampaignPage
from forms.organisers.groups import organiser_group

ROLES = ["superuser", "organiser_a", "organiser_b", "editor", "moderator", "translator", "anonymous"]


def make_campaign(slug="ander-dorp", title="Ander dorp"):
    """A second, published Dutch campaign next to the first one."""
    home = language_root(Locale.get_default())
    campaign = home.add_child(instance=CampaignPage(title=title, slug=slug, intro="Een andere campagne."))
    campaign.save_revision().publish()
    return CampaignPage.objects.get(pk=campaign.pk)


def language_root(locale):
    """The root page of a language's tree (one per language, right under Wagtail's root)."""
    return Page.objects.get(depth=2, locale=locale)


def admin_group(name, page, permission_types):
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in permission_types:
        GroupPagePermission.objects.create(group=group, page=page, permission_type=permission_type)
    return group


def make_user(username, *groups, superuser=False, language="en"):
    """A staff user who reads the admin in English (unless told), so tests can assert its wording."""
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@example.org", "pw")
    else:
        user = User.objects.create_user(username, f"{username}@example.org", "pw")
        user.groups.add(*groups)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def make_users(campaign_a, campaign_b):
    """``{role: user}`` for every role in ``ROLES``."""
    dutch_home = language_root(Locale.get_default())
    french_home = language_root(Locale.objects.get(language_code="fr"))
    editors = admin_group("Redactie", dutch_home.get_parent(), ["add", "change", "publish", "lock"])
    translators = admin_group("Vertalers Frans", french_home, ["add", "change", "publish"])
    return {
        "superuser": make_user("super", superuser=True),
        "organiser_a": make_user("org-a", organiser_group(campaign_a)),
        "organiser_b": make_user("org-b", organiser_group(campaign_b)),
        "editor": make_user("editor", editors),
        "moderator": make_user("moderator", Group.objects.get(name="Moderators")),
        "translator": make_user("translator", translators),
        "anonymous": AnonymousUser(),
    }
