"""The apps speak six languages without our ``locale/``, as in a site that installs the package."""

import json
import re

import pytest
from django.test import override_settings
from django.utils.translation import gettext, override
from wagtail.users.models import UserProfile


@override_settings(LOCALE_PATHS=[])
def test_interface_strings_come_from_the_apps_own_catalogues():
    with override("ar"):
        assert gettext("Themes and sessions") == "المواضيع والجلسات"
        assert gettext("Show another sum") != "Show another sum"


@pytest.mark.django_db
@override_settings(LOCALE_PATHS=[])
def test_the_admin_script_gets_the_campaign_catalogue(client, django_user_model):
    """Wagtail's /admin/jsi18n/ reads only Wagtail's catalogue and LOCALE_PATHS: the
    translation editor's heading would stay English in another site."""
    user = django_user_model.objects.create_superuser("scripts", "scripts@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "nl"
    profile.save()
    client.force_login(user)
    body = client.get("/admin/campaign/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", body, re.S).group(1))
    assert (
        catalogue["Translation from %(source)s into %(target)s"]
        == "Vertaling van het %(source)s naar het %(target)s"
    )
