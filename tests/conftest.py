"""Shared fixtures.

Two page trees serve the tests, never both at once: the extension-only site of
``tests/sitetree`` for the tests of the reusable apps (``tests/campaign``, ``tests/forms``), so
they prove the extension without the demo, and the demo campaign (built by the same code as
``manage.py load_demo``) for the tests of our site. A tree is built once, inside a transaction
left open while the tests that need it run; each test runs in a savepoint inside it that is
rolled back, so tests can change the tree freely. When the next test needs the other tree, the
transaction is rolled back and the other one is built. Transactional tests (pytest-django runs
them last) get an empty database and build what they need.
"""

import pathlib

import pytest
from django.db import transaction
from django.test import Client
from wagtail.models import Locale

from campaign.models import CampaignPage, ThemePage

LANGUAGES = ["nl", "en", "fr", "ar", "uk", "tr"]
TESTS = pathlib.Path(__file__).resolve().parent
EXTENSION_PACKAGES = ("campaign", "forms")


def build_extension_site():
    from tests.sitetree.builder import SiteBuilder

    builder = SiteBuilder()
    builder.build()
    assert builder.missing == [], f"test site translations missing: {builder.missing[:5]}"


def build_demo():
    from home.demo.builder import DemoBuilder

    builder = DemoBuilder()
    builder.build()
    assert builder.missing == [], f"demo translations missing: {builder.missing[:5]}"


BUILDERS = {"extension": build_extension_site, "demo": build_demo}


class SiteTrees:
    """The tree now in the database, kept in an open transaction until another one is needed."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.current = None
        self.atomic = None

    def use(self, name):
        if name == self.current:
            return
        with self.blocker.unblock():
            self.drop()
            if name is None:
                return
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                BUILDERS[name]()
            except BaseException:
                self.drop()
                raise
            self.current = name

    def drop(self):
        if self.atomic is not None:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        self.current = None


def tree_for(node):
    """Which tree a test needs: the extension-only site for the reusable apps' tests, else the demo."""
    try:
        package = pathlib.Path(node.path).resolve().relative_to(TESTS).parts[0]
    except ValueError:
        return "demo"
    return "extension" if package in EXTENSION_PACKAGES else "demo"


def is_transactional(request):
    """The same reading of the marker and fixtures as pytest-django's own database helper."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(request.fixturenames))


@pytest.fixture(scope="session")
def site_trees(django_db_setup, django_db_blocker):
    trees = SiteTrees(django_db_blocker)
    yield trees
    trees.use(None)


@pytest.fixture
def _site_tree_for_test(request, site_trees):
    site_trees.use(None if is_transactional(request) else tree_for(request.node))


@pytest.fixture
def _django_db_helper(_site_tree_for_test, _django_db_helper):
    """pytest-django's per-test transaction, opened once the test's tree is in place.

    Overriding this (private) fixture is the one place every database test passes through, both
    ``django_db`` marks and the ``db`` fixture, before its own transaction starts.
    """
    yield


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def campaign(db):
    """The Dutch campaign page "dorpaanzet" (of the test site, or of the demo in the site's tests)."""
    return CampaignPage.objects.get(slug="dorpaanzet", locale__language_code="nl")


@pytest.fixture
def theme(campaign):
    return ThemePage.objects.child_of(campaign).order_by("path").first()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's logged-in superuser, past the second factor like a real one."""
    from tests.second_factor import login_verified

    return login_verified(client, admin_user)
