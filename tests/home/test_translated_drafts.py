"""A campaign translated in the admin stays off the site's home page while its translation is a draft.

The extension's own tests (``tests/campaign/test_translate_in_admin.py``) build a site whose
root pages list nothing; our home page lists the campaigns of its language, so this check needs it.
"""

import pytest
from wagtail.models import Locale

from home.models import HomePage
from tests.campaign.test_translate_in_admin import submit_with_subtree, subtree
from tests.factories import make_campaign, make_registration_form, make_theme

pytestmark = pytest.mark.django_db


def test_the_arabic_home_page_does_not_list_a_draft_translation(
    admin_client, client, django_capture_on_commit_callbacks
):
    home = HomePage.objects.get(locale=Locale.get_default())
    dutch = make_campaign(home)
    make_theme(dutch, slug="armoede", title="Armoede")
    make_registration_form(dutch)
    arabic = submit_with_subtree(admin_client, dutch, "ar", django_capture_on_commit_callbacks)
    campaign, *_children = subtree(dutch, arabic)
    assert not campaign.live

    visitor = type(client)(HTTP_HOST="localhost")
    assert "/ar/nieuwe-campagne/" not in visitor.get("/ar/").content.decode()
    # The same home page lists it once the translator publishes it, so the check above can fail.
    campaign.save_revision().publish()
    assert "/ar/nieuwe-campagne/" in visitor.get("/ar/").content.decode()
