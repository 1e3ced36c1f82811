"""Posting the form end to end: storage under stable keys, seats, waiting list, bad input."""

import datetime
import re

import pytest
from django import forms as django_forms
from django.utils import timezone, translation
from django.utils.html import escape

from forms.models import Booking, Registration
from tests.forms.utils import choice_ids, field, make_form, set_capacity, source_sessions, valid_post

pytestmark = pytest.mark.django_db


def nl(message, **params):
    """An interface string as a Dutch visitor reads it (whatever the catalogue says today)."""
    with translation.override("nl"):
        text = translation.gettext(message)
    return escape(text % params if params else text)


def post(client, page, data, **kwargs):
    return client.post(page.get_url(), data, **kwargs)


def test_valid_post_stores_registration_books_seats_and_thanks(client, form_page):
    sessions = source_sessions(form_page)[:2]
    response = post(client, form_page, valid_post(form_page, sessions=sessions, email="An@Example.org"))
    assert response.status_code == 302
    assert "/nl/dorpaanzet/inschrijven/thank-you/?r=" in response["Location"]

    registration = Registration.objects.get()
    assert registration.form_id == form_page.pk
    assert registration.language == "nl"
    assert registration.email == "an@example.org"
    assert registration.name == "An Peeters"
    assert registration.data["sessies"] == [s.pk for s in sessions]
    assert registration.data["postcode-of-gemeente"] == "3020 Herent"
    assert registration.ip_hash and "127.0.0.1" not in registration.ip_hash
    bookings = list(registration.bookings.order_by("session__start"))
    assert [(b.session_id, b.status) for b in bookings] == [(s.pk, Booking.CONFIRMED) for s in sessions]

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    html = thanks.content.decode()
    assert "We hebben uw inschrijving goed ontvangen." in html
    assert html.count(nl("Your place is confirmed.")) == 2


def test_thank_you_page_needs_a_valid_signature(client, form_page):
    assert client.get(form_page.get_url() + "thank-you/?r=1").status_code == 404
    assert client.get(form_page.get_url() + "thank-you/").status_code == 404


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_submissions_in_any_language_land_under_the_same_keys_and_values(client, form_pages, language):
    post(client, form_pages["nl"], valid_post(form_pages["nl"], email="nl@example.org"))
    page = form_pages[language]
    response = post(client, page, valid_post(page, email=f"{language}@example.org"))
    assert response.status_code == 302, response.content.decode()[:2000]

    dutch = Registration.objects.get(email="nl@example.org")
    other = Registration.objects.get(email=f"{language}@example.org")
    # Both belong to the one Dutch form and record the language used.
    assert other.form_id == dutch.form_id == form_pages["nl"].pk
    assert other.language == language
    assert set(other.data) == set(dutch.data)
    # Choices are stored as the block ids, identical in every language — not the visitor's words.
    radio = field(form_pages["nl"], "radio")
    assert other.data[radio.key] == dutch.data[radio.key] == choice_ids(radio)[0]
    translated_radio = field(page, "radio")
    assert translated_radio.key == radio.key
    assert choice_ids(translated_radio) == choice_ids(radio)
    assert translated_radio.choices[0].value != radio.choices[0].value
    # Seats are booked on the Dutch session row.
    assert other.bookings.get().session.locale.language_code == "nl"


def test_waiting_list_when_full_and_said_on_the_thank_you_page(client, form_pages):
    page = form_pages["en"]
    full, free = source_sessions(page)[:2]
    set_capacity([full], 1)
    post(client, page, valid_post(page, email="first@example.org", sessions=[full]))
    response = post(client, page, valid_post(page, email="second@example.org", sessions=[full, free]))
    statuses = dict(
        Registration.objects.get(email="second@example.org").bookings.values_list("session_id", "status")
    )
    assert statuses == {full.pk: Booking.WAITING, free.pk: Booking.CONFIRMED}
    html = client.get(response["Location"]).content.decode()
    assert "This session is full: you are on the waiting list." in html
    assert "Your place is confirmed." in html
    assert "This session is full. You are on the waiting list." in html  # the form's waiting-list text
    # And the form says so before submitting.
    assert "Full — you will be put on the waiting list" in client.get(page.get_url()).content.decode()


def test_same_email_twice_for_a_session_gets_one_seat(client, form_page):
    """The second post answers like the first (tests/forms/test_enumeration.py); one seat."""
    session = source_sessions(form_page)[0]
    assert post(client, form_page, valid_post(form_page, sessions=[session])).status_code == 302
    response = post(client, form_page, valid_post(form_page, email=" AN@example.org ", sessions=[session]))
    assert response.status_code == 302
    assert Booking.objects.filter(session=session).count() == 1
    assert Registration.objects.count() == 1


def test_missing_fields_re_render_with_errors_tied_to_fields_and_values_kept(client, form_page):
    data = valid_post(form_page)
    data["naam"] = ""
    data["e-mailadres"] = "not-an-address"
    response = post(client, form_page, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert 'href="#id_naam"' in html and 'href="#id_e-mailadres"' in html
    assert 'aria-describedby="id_e-mailadres_helptext id_e-mailadres_error"' in html
    assert 'id="id_e-mailadres_error"' in html and 'aria-invalid="true"' in html
    # What the visitor typed is still there.
    assert 'value="not-an-address"' in html and 'value="3020 Herent"' in html
    assert "checked" in html
    assert Registration.objects.count() == 0


def test_errors_in_a_group_link_to_its_first_option(client, form_page):
    data = valid_post(form_page)
    del data["sessies"]
    html = post(client, form_page, data).content.decode()
    assert 'href="#id_sessies_0"' in html
    assert 'aria-describedby="id_sessies_helptext id_sessies_error"' in html


@pytest.mark.parametrize(
    "change",
    [
        {"opmerkingen": "x" * 1_000_000},
        {"naam": "y" * 1_000_000},
        {"sessies": ["999999"]},
        {"sessies": ["not-a-number"]},
        {"ik-kom-als": "00000000-0000-0000-0000-000000000000"},
        {"ik-kom-als": ["a", "b"]},
        {"e-mailadres": "a@b.c" * 100},
        {"naam": "nul\x00byte"},
    ],
)
def test_bad_input_gets_a_field_error_never_a_500(client, form_page, change):
    data = {**valid_post(form_page), **change}
    response = post(client, form_page, data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Registration.objects.count() == 0


def test_a_session_of_another_campaign_cannot_be_booked(client, form_page, campaign):
    other = make_form(campaign.get_parent().specific, slug="algemeen", fields=["singleline", "email"])
    assert other.get_campaign() is None
    response = post(client, form_page, {**valid_post(form_page), "sessies": ["0"]})
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_wrong_method_is_405(client, form_page, method):
    response = getattr(client, method)(form_page.get_url())
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


@pytest.mark.parametrize(
    ("opens", "closes", "title"),
    [
        (datetime.timedelta(days=1), None, "Registration has not opened yet"),
        (None, -datetime.timedelta(minutes=1), "Registration is closed"),
    ],
)
def test_closed_window_is_enforced_on_post(client, form_pages, opens, closes, title, settings):
    now = timezone.now()
    page = form_pages["nl"]
    type(page).objects.filter(slug="inschrijven").update(
        opens_at=now + opens if opens else None, closes_at=now + closes if closes else None
    )
    page.refresh_from_db()
    get = client.get(page.get_url())
    assert get.status_code == 200
    assert 'name="naam"' not in get.content.decode()
    assert nl(title) in get.content.decode()
    response = post(client, page, valid_post(page))
    assert response.status_code == 403
    assert nl(title) in response.content.decode()
    assert Registration.objects.count() == 0
    ar = client.post(form_pages["ar"].get_url(), valid_post(form_pages["ar"]))
    assert ar.status_code == 403
    assert '<html lang="ar" dir="rtl">' in ar.content.decode()


def test_a_choice_missing_in_a_diverged_translation_falls_back_to_dutch(form_pages):
    dutch = field(form_pages["nl"], "radio")
    translated = field(form_pages["fr"], "radio")
    # "Stop synced translation", then a translator removes the first option.
    translated.choices = [
        {"type": "choice", "value": b.value, "id": b.id} for b in list(translated.choices)[1:]
    ]
    translated.save()
    choices = type(translated).objects.get(pk=translated.pk).get_choices()
    assert [value for value, _label in choices] == choice_ids(dutch)
    assert choices[0][1] == dutch.choices[0].value  # the Dutch label
    assert choices[1][1] == translated.choices[0].value  # the French one


@pytest.mark.parametrize(("typed", "stored"), [("2,5", "2.5"), ("2.5", "2.5"), ("٣,٥", "3.5"), ("12", "12")])
def test_a_number_may_be_written_with_a_decimal_comma(client, campaign, typed, stored):
    page = make_form(campaign, slug="getal", fields=["singleline", "email", "number"])
    number = field(page, "number").key
    data = {field(page, "singleline").key: "An", field(page, "email").key: "an@example.org", number: typed}
    assert post(client, page, data).status_code == 302
    assert Registration.objects.get().data[number] == stored


def test_a_number_with_both_separators_is_an_error_not_a_guess(client, campaign):
    page = make_form(campaign, slug="getal", fields=["singleline", "email", "number"])
    number = field(page, "number").key
    data = {
        field(page, "singleline").key: "An",
        field(page, "email").key: "an@example.org",
        number: "1.000,5",
    }
    response = post(client, page, data)
    assert response.status_code == 400 and list(response.context["form"].errors) == [number]


def summary_lines(html):
    summary = html.split('id="error-summary"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", line).strip() for line in summary.split("<li>")[1:]]


@pytest.mark.parametrize("language", ["nl", "fr", "ar"])
def test_error_summary_punctuation_follows_the_language_and_the_question(client, form_pages, language):
    """Issue 8: "Hebt u hulp met de taal nodig?: …" — a question mark, then a colon."""
    page = form_pages[language]
    data = valid_post(page)
    language_help = field(page, "radio", 1)
    name = field(page, "singleline", 0)
    del data[language_help.key]
    data[name.key] = ""
    response = post(client, page, data)
    assert response.status_code == 400
    lines = summary_lines(response.content.decode())
    with translation.override(language):
        required = str(django_forms.Field.default_error_messages["required"])
    question = language_help.label.strip()
    assert question.endswith(("?", "؟"))  # the form's language question, in every language
    assert escape(f"{question} {required}") in lines
    assert not any(re.search(r"[?؟]\s*:", line) for line in lines), lines
    # A label without its own mark gets the language's colon: French puts a space before it.
    colon = {"nl": ": ", "fr": "\u00a0: ", "ar": ": "}[language]
    assert escape(f"{name.label}{colon}{required}") in lines


def test_arabic_thank_you_page_uses_arabic_commas_and_isolates_the_address(client, form_pages):
    """Issue 8: a Latin comma between a theme and its date, and "yousef@…" turned around."""
    page = form_pages["ar"]
    sessions = source_sessions(page)[:2]
    response = post(client, page, valid_post(page, sessions=sessions, email="yousef@example.org"))
    html = client.get(response["Location"]).content.decode()
    bookings = html.split('class="bookings"', 1)[1].split("</ul>", 1)[0]
    assert "</strong>، " in bookings and "</strong>, " not in bookings
    assert bookings.count("، ") >= len(sessions)
    assert '<bdi dir="ltr">yousef@example.org</bdi>' in html
    # In Dutch the comma stays a comma.
    dutch = post(client, form_pages["nl"], valid_post(form_pages["nl"], email="an@example.org"))
    assert "</strong>, " in client.get(dutch["Location"]).content.decode()
