"""Requests found in the security review that gave a 500: now a clear 400 or 404."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.forms.people import make_user
from tests.second_factor import login_verified

pytestmark = pytest.mark.django_db
TOO_BIG = "99999999999999999999"  # more than a 64-bit id: SQLite raised OverflowError


@pytest.fixture
def boss(client):
    login_verified(client, make_user("boss", superuser=True))
    return client


@pytest.mark.parametrize("view", ["list", "export"])
def test_the_last_day_there_is_as_a_filter(boss, form_page, view):
    args = [form_page.pk] if view == "list" else [form_page.pk, "csv"]
    response = boss.get(
        reverse(f"campaign_forms_registrations:{view}", args=args), {"submitted_to": "9999-12-31"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/registrations/{TOO_BIG}/",
        f"/admin/registrations/{TOO_BIG}/export/csv/",
        f"/admin/dashboards/{TOO_BIG}/",
        f"/admin/dashboards/sessions/{TOO_BIG}/attendees/",
        f"/nl/dorpaanzet/calendar/{TOO_BIG}/",
    ],
)
def test_ids_too_large_for_the_database_are_not_found(boss, path):
    assert boss.get(path, follow=True).status_code == 404


@pytest.mark.parametrize("charset", ["utf-7", "utf-16"])
def test_a_form_posted_in_another_charset_gets_the_400_page(form_page, charset):
    client = Client(HTTP_HOST="localhost", raise_request_exception=False, enforce_csrf_checks=True)
    client.get(form_page.get_url())
    response = client.generic(
        "POST",
        form_page.get_url(),
        b"naam=+ADw-x+AD4-",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.content.decode()


def test_the_form_page_with_a_csrf_token_is_private(client, form_page):
    for _visit in range(2):  # the first render, then the stored copy
        response = client.get(form_page.get_url())
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_an_unknown_charset_is_refused_not_a_500(form_page):
    client = Client(HTTP_HOST="localhost", raise_request_exception=False, enforce_csrf_checks=True)
    response = client.generic(
        "POST",
        form_page.get_url(),
        b"naam=x",
        content_type="application/x-www-form-urlencoded; charset=nonsense",
    )
    assert 400 <= response.status_code < 500
