"""``grant_translator``: a translator edits and publishes their own language's pages, nothing else."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from campaign.models import CampaignPage
from forms.models import RegistrationFormPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def translator(db):
    user = get_user_model().objects.create_user("vertaler", "vertaler@example.org", "pw")
    call_command("grant_translator", "ar", "vertaler", stdout=io.StringIO())
    return user


def test_translator_edits_and_publishes_only_their_language(translator, campaign):
    arabic = CampaignPage.objects.get(translation_key=campaign.translation_key, locale__language_code="ar")
    arabic_rights = arabic.permissions_for_user(translator)
    dutch_rights = campaign.permissions_for_user(translator)
    assert arabic_rights.can_edit() and arabic_rights.can_publish()
    assert not dutch_rights.can_edit() and not dutch_rights.can_publish()
    assert [group.name for group in translator.groups.all()] == ["Vertalers — Arabisch"]


def test_translator_sees_no_registrations(client, translator):
    form_page = RegistrationFormPage.objects.get(slug="inschrijven", locale__language_code="nl")
    client.force_login(translator)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    response = client.get(reverse("campaign_forms_registrations:list", args=[form_page.pk]), follow=True)
    assert response.status_code == 403


def test_granting_twice_and_revoking(translator):
    call_command("grant_translator", "ar", "vertaler", stdout=io.StringIO())
    assert translator.groups.count() == 1
    assert translator.groups.get().page_permissions.count() == 3
    call_command("grant_translator", "ar", "vertaler", "--revoke", stdout=io.StringIO())
    assert translator.groups.count() == 0


@pytest.mark.parametrize(("language", "message"), [("xx", "No locale 'xx'"), ("ar", "No user 'nobody'")])
def test_clear_errors(db, language, message):
    with pytest.raises(CommandError, match=message):
        call_command("grant_translator", language, "nobody")
