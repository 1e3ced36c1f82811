"""Fixtures for the registration form tests: the test site's form "Inschrijven" in every language (tests/sitetree)."""

import pytest
from django.core.cache import cache

from forms.models import RegistrationFormPage


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with no posts counted against the test client's address."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def form_pages(db):
    """``{language: form page}``, captcha off (the spam tests switch it on)."""
    RegistrationFormPage.objects.filter(slug="inschrijven").update(use_captcha=False)
    return {p.locale.language_code: p for p in RegistrationFormPage.objects.filter(slug="inschrijven")}


@pytest.fixture
def form_page(form_pages):
    return form_pages["nl"]


@pytest.fixture
def campaign_b(db):
    """A second campaign, for organisers who must not see the first campaign's data."""
    from tests.forms.people import make_campaign

    return make_campaign()


@pytest.fixture
def users(campaign, campaign_b):
    """``{role: user}``: superuser, organisers of A ("dorpaanzet") and B, editor, translator, anonymous."""
    from tests.forms.people import make_users

    return make_users(campaign, campaign_b)


@pytest.fixture
def filled(form_page):
    """The form with a handful of registrations in several languages."""
    from tests.forms.registrants import fill_form

    return fill_form(form_page)
