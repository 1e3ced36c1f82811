"""Page tree rules of the site and rendering of every page type in every language, on the demo.

The site (``cms``, ``home``) decides where campaigns go and adds its own page types; the
campaign app's own page tests are in ``tests/campaign/test_pages.py``.
"""

import pytest
from django.test.html import parse_html
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils

from campaign.models import CampaignPage, ThemePage
from forms.models import RegistrationFormPage
from home.models import ContentPage, HomePage
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.django_db


class Tree(WagtailTestUtils):
    pass


def test_page_tree_rules():
    assert set(CampaignPage.clean_parent_page_models()) == {HomePage}
    assert set(ThemePage.clean_parent_page_models()) == {CampaignPage}
    assert ThemePage.clean_subpage_models() == []
    assert ThemePage in CampaignPage.clean_subpage_models()
    # The forms app adds RegistrationFormPage here too (a general form under the home page).
    assert {CampaignPage, ContentPage} <= set(HomePage.clean_subpage_models())
    assert ContentPage.clean_subpage_models() == []
    assert HomePage.clean_parent_page_models() == [Page]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["", "dorpaanzet/", "dorpaanzet/armoede/", "toegankelijkheid/", "privacy/"])
def test_every_page_type_renders_in_every_language(client, language, path):
    response = client.get(f"/{language}/{path}")
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    page = response.context["page"]
    assert page.locale.language_code == language
    # The content is the translation, not the Dutch fallback.
    if language != "nl":
        dutch = page.get_translation(page.locale.get_default())
        assert page.title != dutch.title or path in ("privacy/",)
    parse_html(html)


def test_registration_form_page_tree_rules():
    assert set(RegistrationFormPage.clean_parent_page_models()) == {CampaignPage, HomePage}
    assert RegistrationFormPage.clean_subpage_models() == []
    assert RegistrationFormPage in CampaignPage.clean_subpage_models()
    assert RegistrationFormPage in HomePage.clean_subpage_models()
    assert RegistrationFormPage not in ThemePage.clean_subpage_models()
