"""Who may see registrations: superusers and the campaign's organisers, nobody else."""

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from forms.models import RegistrationAccess
from forms.permissions import (
    campaigns_for_user,
    forms_for_user,
    get_form_or_403,
    user_can_view_registrations,
)
from tests.forms.people import make_campaign, make_user, make_users

ALLOWED_ON_A = {"superuser", "organiser_a"}


@pytest.fixture
def campaign_b(db):
    return make_campaign()


@pytest.fixture
def users(campaign, campaign_b):
    return make_users(campaign, campaign_b)


@pytest.mark.parametrize(
    "role", ["superuser", "organiser_a", "organiser_b", "editor", "translator", "anonymous"]
)
def test_only_superusers_and_organisers_of_the_campaign_see_its_forms(role, users, form_pages, campaign):
    user = users[role]
    expected = role in ALLOWED_ON_A
    for language, page in form_pages.items():
        assert user_can_view_registrations(user, page) is expected, language
    assert user_can_view_registrations(user, campaign) is expected
    assert (campaign in campaigns_for_user(user)) is expected
    assert (form_pages["nl"] in forms_for_user(user)) is expected
    # One entry per form, never one per language.
    assert all(f.locale.language_code == "nl" for f in forms_for_user(user))


def test_organiser_of_b_sees_b_only(users, campaign, campaign_b):
    assert list(campaigns_for_user(users["organiser_b"])) == [campaign_b]
    assert user_can_view_registrations(users["organiser_b"], campaign_b)
    assert not user_can_view_registrations(users["organiser_a"], campaign_b)


def test_inactive_superuser_sees_nothing(users, form_page):
    user = users["superuser"]
    user.is_active = False
    assert not user_can_view_registrations(user, form_page)
    assert not campaigns_for_user(user).exists()


def test_get_form_or_403_resolves_any_language_to_the_dutch_form(users, form_pages):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    request = RequestFactory().get("/")
    request.user = users["organiser_a"]
    assert get_form_or_403(request, form_pages["ar"].pk) == form_pages["nl"]
    with pytest.raises(Http404):
        get_form_or_403(request, "garbage")
    with pytest.raises(Http404):
        get_form_or_403(request, 999999)
    request.user = users["editor"]
    with pytest.raises(PermissionDenied):
        get_form_or_403(request, form_pages["nl"].pk)


def test_grant_organiser_command_creates_the_group_once(campaign, form_page):
    user = make_user("rita")
    call_command("grant_organiser", campaign.slug, "rita")
    call_command("grant_organiser", campaign.slug, "rita")
    access = RegistrationAccess.objects.get(campaign=campaign)
    assert access.group.name == f"Organisers — {campaign.title}"
    assert user_can_view_registrations(user, form_page)
    assert user.has_perm("wagtailadmin.access_admin")
    call_command("grant_organiser", campaign.slug, "rita", "--revoke")
    assert not user_can_view_registrations(user, form_page)
