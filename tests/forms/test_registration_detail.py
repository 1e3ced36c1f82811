"""One registration in the admin: opened from the listing, for the campaign's organisers only."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from campaign.dates import format_moment, format_session_range
from forms.models import Registration
from tests.forms.people import ROLES
from tests.forms.registrants import form_choices, register
from tests.forms.utils import make_form, source_sessions
from tests.second_factor import login_verified

ALLOWED = {"superuser", "organiser_a"}


def detail_url(form, registration):
    return reverse("campaign_forms_registrations:detail", args=[form.pk, registration.pk])


@pytest.fixture
def registrant(form_page):
    """A French registrant with two sessions (the first one full: waiting list) and known answers."""
    first, second = source_sessions(form_page)[:2]
    first.capacity = 0
    first.save(update_fields=["capacity"])
    come_as, come_as_ids, help_key, help_ids = form_choices(form_page)
    registration = register(
        form_page,
        email="yousef@example.org",
        name="Yousef",
        language="fr",
        sessions=[first, second],
        answers={come_as: come_as_ids[1], help_key: help_ids[2], "opmerkingen": "Ik kom met\nmijn buurvrouw"},
    )
    Registration.objects.filter(pk=registration.pk).update(
        submitted_at=datetime.datetime(2026, 12, 2, 13, 30, tzinfo=datetime.UTC)
    )
    registration.refresh_from_db()
    return registration, first, second


@pytest.mark.parametrize("role", ROLES)
def test_only_the_campaigns_organisers_open_a_registration(role, client, users, form_pages, registrant):
    registration = registrant[0]
    if role != "anonymous":
        login_verified(client, users[role])
    # Any language's id of the form opens the (Dutch) form's registration, as for the listing.
    for form in (form_pages["nl"], form_pages["ar"]):
        response = client.get(detail_url(form, registration))
        if role in ALLOWED:
            assert response.status_code == 200
        elif role == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"]
        else:
            assert response.status_code == 403


def test_a_registration_opens_only_under_its_own_form(client, users, form_page, campaign_b, registrant):
    registration = registrant[0]
    form_b = make_form(campaign_b, slug="inschrijven-b", fields=["singleline", "email"])
    login_verified(client, users["organiser_b"])
    # Organiser B may open form B, but not A's registrant through it.
    assert client.get(reverse("campaign_forms_registrations:list", args=[form_b.pk])).status_code == 200
    # (An admin 404 goes through the site's language redirect first, as for unknown forms.)
    assert client.get(detail_url(form_b, registration), follow=True).status_code == 404
    assert client.get(detail_url(form_page, registration)).status_code == 403
    login_verified(client, users["superuser"])
    assert client.get(detail_url(form_b, registration), follow=True).status_code == 404
    missing = reverse("campaign_forms_registrations:detail", args=[form_page.pk, 999999])
    assert client.get(missing, follow=True).status_code == 404


def test_the_listing_links_each_row_to_its_registration(client, users, form_page, registrant):
    registration = registrant[0]
    login_verified(client, users["organiser_a"])
    html = client.get(reverse("campaign_forms_registrations:list", args=[form_page.pk])).content.decode()
    assert f'href="{detail_url(form_page, registration)}"' in html


@pytest.mark.parametrize("admin_language", ["en", "nl", "uk"])
def test_answers_under_dutch_questions_sessions_with_status_and_local_dates(
    client, users, form_page, registrant, admin_language
):
    registration, first, second = registrant
    user = users["organiser_a"]
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = admin_language
    profile.save()
    login_verified(client, user)
    response = client.get(detail_url(form_page, registration))
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split('id="registration-detail"', 1)[1]

    # Answers: Dutch questions and Dutch option labels, whatever language the person wrote in.
    come_as, come_as_ids, help_key, help_ids = form_choices(form_page)
    answers = dict(response.context["answers"])
    assert answers["Naam"] == "Yousef"
    assert answers["E-mailadres"] == "yousef@example.org"
    assert answers["Ik kom als"] == dict(form_page.form_fields.get(key=come_as).get_choices())[come_as_ids[1]]
    help_label = dict(form_page.form_fields.get(key=help_key).get_choices())[help_ids[2]]
    assert answers["Hebt u hulp met de taal nodig?"] == help_label
    assert help_label in main and "Ik kom met<br>mijn buurvrouw" in main
    assert come_as_ids[1] not in main

    with translation.override(admin_language):
        submitted = format_moment(registration.submitted_at)
        first_when = format_session_range(first.start, first.end)
        statuses = [str(translation.gettext(s)) for s in ("waiting list", "confirmed")]
        french = str(translation.get_language_info("fr")["name_translated"])
    # 13:30 UTC is 14:30 in Brussels, written the language's way ("woensdag 2 december 2026, 14:30").
    assert "14:30" in submitted and "13:30" not in main
    assert submitted in main
    assert french in main
    assert first_when in main
    with translation.override(admin_language):
        assert [str(b["status_label"]) for b in response.context["bookings"]] == statuses
    assert all(f"<strong>{label}</strong>" in main for label in statuses)
    assert '<bdi dir="ltr">yousef@example.org</bdi>' in main


def test_opening_a_registration_is_in_the_audit_log_without_its_contents(
    client, users, form_page, form_pages, registrant
):
    registration = registrant[0]
    login_verified(client, users["organiser_a"])
    client.get(detail_url(form_pages["fr"], registration))
    entry = PageLogEntry.objects.get(page=form_page, action="campaign_forms.view_registration")
    assert entry.user == users["organiser_a"]
    assert entry.data == {"registration": registration.pk}
    # The history shows who looked, never the address.
    login_verified(client, users["superuser"])
    history = client.get(reverse("wagtailadmin_pages:history", args=[form_page.pk])).content.decode()
    assert re.search(rf"Viewed registration {registration.pk}\b", history)
    assert "yousef@example.org" not in history
    # Refused attempts write nothing.
    login_verified(client, users["organiser_b"])
    client.get(detail_url(form_page, registration))
    assert PageLogEntry.objects.filter(action="campaign_forms.view_registration").count() == 1
