"""Where campaigns and registration forms may go is read from the settings whenever Wagtail asks.

Read at class definition, the lists would keep the values of the first import, and every
``override_settings`` below would change nothing: the admin would keep offering the same page
types and ``can_create_at`` would keep its answer.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Page

from campaign.models import CampaignPage, ThemePage
from forms.models import RegistrationFormPage
from home.models import HomePage

pytestmark = pytest.mark.django_db

FORM_URL_PART = "/campaign_forms/registrationformpage/"


@pytest.fixture
def home(db):
    return HomePage.objects.get(locale__language_code="nl")


def offered(admin_client, parent):
    """The "add child page" links the admin offers under ``parent`` (it skips the list when there is one)."""
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    if response.status_code == 302:
        return response.url
    assert response.status_code == 200
    return response.content.decode()


def test_registration_forms_go_where_the_setting_says(admin_client, home, campaign):
    assert RegistrationFormPage.can_create_at(home)
    assert FORM_URL_PART in offered(admin_client, home)
    with override_settings(CAMPAIGN_FORMS_PARENT_PAGE_TYPES=["campaign.CampaignPage"]):
        assert RegistrationFormPage.allowed_parent_page_models() == [CampaignPage]
        assert not RegistrationFormPage.can_create_at(home)
        assert RegistrationFormPage.can_create_at(campaign)
        assert FORM_URL_PART not in offered(admin_client, home)
        assert FORM_URL_PART in offered(admin_client, campaign)


def test_a_campaign_offers_the_extra_page_types_of_the_setting(admin_client, campaign):
    assert FORM_URL_PART in offered(admin_client, campaign)
    with override_settings(CAMPAIGN_EXTRA_SUBPAGE_TYPES=[]):
        assert CampaignPage.allowed_subpage_models() == [ThemePage]
        assert not RegistrationFormPage.can_create_at(campaign)
        assert FORM_URL_PART not in offered(admin_client, campaign)


def test_campaigns_go_where_the_setting_says(home):
    root = Page.objects.get(depth=1)
    assert CampaignPage.can_create_at(home)
    assert not CampaignPage.can_create_at(root)
    with override_settings(CAMPAIGN_PARENT_PAGE_TYPES=["wagtailcore.Page"]):
        assert CampaignPage.can_create_at(root)
        assert not CampaignPage.can_create_at(home)
