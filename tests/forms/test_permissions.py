"""Who may see registrations: superusers and the campaign's organisers, nobody else."""

import contextlib

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from forms.models import RegistrationAccess
from forms.organisers.permissions import (
    campaigns_for_user,
    forms_for_user,
    get_form_or_403,
    user_can_view_registrations,
)
from tests.forms.people import ROLES, make_user
from tests.forms.utils import make_form
from tests.second_factor import login_verified

ALLOWED_ON_A = {"superuser", "organiser_a"}


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
    assert access.group.name == f"Organisatoren — {campaign.title}"  # the site's language, always
    assert user_can_view_registrations(user, form_page)
    assert user.has_perm("wagtailadmin.access_admin")
    call_command("grant_organiser", campaign.slug, "rita", "--revoke")
    assert not user_can_view_registrations(user, form_page)


# The admin views: every role against every URL that shows personal data ------------------


def view_urls(form_pages, campaign):
    """``{name: url}`` of everything that shows campaign A's registrations."""
    from forms.models import Booking, Registration
    from tests.forms.utils import source_sessions

    session = source_sessions(form_pages["nl"])[0]
    registration = Registration.objects.create(form=form_pages["nl"], language="ar", email="x@example.org")
    Booking.objects.create(
        registration=registration, session=session, email="x@example.org", status="confirmed"
    )
    urls = {
        "listing": reverse("campaign_forms_registrations:list", args=[form_pages["nl"].pk]),
        "listing (Arabic id)": reverse("campaign_forms_registrations:list", args=[form_pages["ar"].pk]),
        "export csv": reverse("campaign_forms_registrations:export", args=[form_pages["nl"].pk, "csv"]),
        "export xlsx": reverse("campaign_forms_registrations:export", args=[form_pages["fr"].pk, "xlsx"]),
    }
    # The organiser views built next to these (dashboard, attendee list), when installed.
    for name, args in [
        ("campaign_dashboards:campaign", [campaign.pk]),
        ("campaign_dashboards:attendees", [session.pk]),
        ("campaign_dashboards:attendees_csv", [session.pk]),
    ]:
        with contextlib.suppress(NoReverseMatch):
            urls[name] = reverse(name, args=args)
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, client, users, form_pages, campaign):
    urls = view_urls(form_pages, campaign)
    if role != "anonymous":
        login_verified(client, users[role])
    for name, url in urls.items():
        response = client.get(url)
        if role in ALLOWED_ON_A:
            assert response.status_code == 200, (name, response.status_code)
        elif role == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"], name
        else:
            assert response.status_code == 403, (name, response.status_code)
    index = client.get(reverse("campaign_forms_registrations:index"))
    if role == "anonymous":
        assert index.status_code == 302
    else:
        assert index.status_code == 200
        shown = urls["listing"] in index.content.decode()
        assert shown is (role in ALLOWED_ON_A)


def test_organisers_see_their_own_campaign_only(client, users, campaign_b):
    form_b = make_form(campaign_b, slug="inschrijven-b", fields=["singleline", "email"])
    for role, expected in [("organiser_b", 200), ("organiser_a", 403), ("editor", 403)]:
        login_verified(client, users[role])
        for url in [
            reverse("campaign_forms_registrations:list", args=[form_b.pk]),
            reverse("campaign_forms_registrations:export", args=[form_b.pk, "csv"]),
        ]:
            assert client.get(url).status_code == expected, (role, url)


def test_menu_item_only_for_those_who_may_see_registrations(users):
    from forms.organisers.admin_hooks import register_registrations_menu_item

    item = register_registrations_menu_item()
    request = RequestFactory().get("/admin/")
    for role in ROLES:
        request.user = users[role]
        assert item.is_shown(request) is (role in ALLOWED_ON_A or role == "organiser_b"), role
