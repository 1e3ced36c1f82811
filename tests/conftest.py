"""Shared fixtures.

The demo campaign is built once per test session, right after the test database is
created, through the same code as ``manage.py load_demo`` (real wagtail-localize
translations). Each test then runs in a transaction that is rolled back, so tests can change
the demo freely.
"""

import pytest
from django.test import Client
from wagtail.models import Locale

from campaign.models import CampaignPage, ThemePage
from home.demo.builder import DemoBuilder

LANGUAGES = ["nl", "en", "fr", "ar", "uk", "tr"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        builder = DemoBuilder()
        builder.build()
        assert builder.missing == [], f"demo translations missing: {builder.missing[:5]}"


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def campaign(db):
    """The Dutch demo campaign page."""
    return CampaignPage.objects.get(slug="dorpaanzet", locale__language_code="nl")


@pytest.fixture
def theme(campaign):
    return ThemePage.objects.child_of(campaign).order_by("path").first()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's logged-in superuser, past the second factor like a real one."""
    from tests.second_factor import login_verified

    return login_verified(client, admin_user)
