"""Where campaigns and registration forms may go is read from the settings whenever Wagtail asks.

Read at class definition, the lists would keep the values of the first import, and every
``override_settings`` below would change nothing: the admin would keep offering the same page
types and ``can_create_at`` would keep its answer.

The test site's language roots are plain Wagtail pages, so each test first sets where the
extension's pages may go (``wagtailcore.Page`` stands for the site's home page type) instead of
relying on our site's settings.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Locale, Page

from campaign.models import CampaignPage, ThemePage
from forms.models import RegistrationFormPage
from tests.forms.people import language_root

pytestmark = pytest.mark.django_db

FORM_URL_PART = "/campaign_forms/registrationformpage/"


HOME = "wagtailcore.Page"


@pytest.fixture
def home(db):
    """The test site's Dutch root page, where this site's settings put campaigns and forms."""
    return language_root(Locale.get_default())


def offered(admin_client, parent):
    """The "add child page" links the admin offers under ``parent`` (it skips the list when there is one)."""
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    if response.status_code == 302:
        return response.url
    assert response.status_code == 200
    return response.content.decode()


@override_settings(CAMPAIGN_FORMS_PARENT_PAGE_TYPES=["campaign.CampaignPage", HOME])
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


@override_settings(CAMPAIGN_PARENT_PAGE_TYPES=[HOME])
def test_campaigns_go_where_the_setting_says(home):
    assert CampaignPage.can_create_at(home)
    assert CampaignPage.allowed_parent_page_models() == [Page]
    with override_settings(CAMPAIGN_PARENT_PAGE_TYPES=["campaign.CampaignPage"]):
        assert CampaignPage.clean_parent_page_models() == [CampaignPage]
        assert not CampaignPage.can_create_at(home)
