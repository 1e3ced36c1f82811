"""Staff login: a username is locked from one address after too many wrong passwords (django-axes)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

LOGIN = "wagtailadmin_login"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.org", "right-pw")


def attempt(client, password, username="boss", address="127.0.0.1", language="en"):
    return client.post(
        reverse(LOGIN),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def logged_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_default_limit_is_ten(client, staff, settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    for _ in range(9):
        assert attempt(client, "wrong").status_code == 200  # the login form again
    assert logged_in(attempt(client, "right-pw"))  # a success clears the count
    client.logout()
    for _ in range(10):
        attempt(client, "wrong")
    assert attempt(client, "right-pw").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_locked_after_the_limit_even_with_the_right_password(client, staff):
    for _ in range(2):
        assert attempt(client, "wrong").status_code == 200
    assert attempt(client, "wrong").status_code == 429
    response = attempt(client, "right-pw")
    assert response.status_code == 429
    assert "_auth_user_id" not in response.wsgi_request.session
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # still to the login page


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_lock_holds_for_that_username_from_that_address_only(client, staff):
    for _ in range(3):
        attempt(client, "wrong")
    # A colleague elsewhere (or the same person at home) is not locked out by someone else.
    assert logged_in(attempt(client, "right-pw", address="192.0.2.7"))


@override_settings(AXES_FAILURE_LIMIT=3)
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Too many wrong passwords for this username from your address. Try again in 60 minutes"),
        (
            "nl",
            "Te veel verkeerde wachtwoorden voor deze gebruikersnaam vanaf uw adres. Probeer het over 60 minuten opnieuw",
        ),
        ("fr", "Trop de mots de passe erronés pour ce nom d’utilisateur depuis votre adresse."),
    ],
)
def test_lockout_message_in_the_visitors_language(client, staff, language, text):
    for _ in range(3):
        attempt(client, "wrong", language=language)
    response = attempt(client, "right-pw", language=language)
    assert response.status_code == 429
    html = response.content.decode()
    assert text in " ".join(html.split())
    assert "boss" not in html  # says nothing about the account


@override_settings(AXES_FAILURE_LIMIT=3)
def test_an_administrator_unlocks_with_the_management_command(client, staff):
    for _ in range(3):
        attempt(client, "wrong")
    assert attempt(client, "right-pw").status_code == 429
    call_command("axes_reset_username", "boss")
    assert logged_in(attempt(client, "right-pw"))
