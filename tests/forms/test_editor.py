"""The page editor answers every model rule with a message on the field, never a 500.

The editor's form is posted as the browser sends it (``tests.editor``), changed as an editor
would change it, by a user who reads the admin in Dutch.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from campaign.models import Session
from forms.booking.seats import book
from forms.models import FormField, Registration, RegistrationFormPage
from tests.editor import add_row, edit_form_data, post_edit, row_errors, rows_of_type
from tests.forms.utils import source_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, db):
    """A superuser who reads the admin in Dutch, as Herent's communications staff do."""
    user = get_user_model().objects.create_superuser("redactie", "redactie@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "nl"
    profile.save()
    client.force_login(user)
    return client


def form_data(client, page):
    return edit_form_data(client, page, inline=["form_fields"])


def test_an_unchanged_form_publishes(editor, form_page):
    response = post_edit(editor, form_page, form_data(editor, form_page))
    assert response.status_code == 302, row_errors(response, "form_fields")


def test_removing_the_email_field_of_a_form_with_sessions(editor, form_page):
    data = form_data(editor, form_page)
    (email,) = rows_of_type(data, "form_fields", "email")
    (sessions,) = rows_of_type(data, "form_fields", "sessions")
    data[f"form_fields-{email}-DELETE"] = "1"

    response = post_edit(editor, form_page, data)

    assert response.status_code == 200
    errors = row_errors(response, "form_fields")
    assert errors[sessions] == {
        "field_type": [
            "Een formulier met een sessieveld heeft een e-mailveld nodig, zodat mensen hun plaats kunnen krijgen."
        ]
    }
    assert FormField.objects.filter(page=form_page, field_type="email").exists()


def test_a_second_sessions_field(editor, form_page):
    data = form_data(editor, form_page)
    row = add_row(
        data, "form_fields", {"field_type": "sessions", "label": "Nog een moment", "choices-count": "0"}
    )
    response = post_edit(editor, form_page, data)
    assert response.status_code == 200
    assert row_errors(response, "form_fields")[row] == {
        "field_type": ["Een formulier kan maar één sessieveld hebben."]
    }


def test_consent_needs_its_linked_page(editor, form_page):
    data = form_data(editor, form_page)
    (consent,) = rows_of_type(data, "form_fields", "consent")
    data[f"form_fields-{consent}-link_page"] = ""
    response = post_edit(editor, form_page, data)
    assert response.status_code == 200
    assert list(row_errors(response, "form_fields")[consent]) == ["link_page"]


def test_a_choice_question_needs_an_option(editor, form_page):
    data = form_data(editor, form_page)
    row = add_row(
        data, "form_fields", {"field_type": "radio", "label": "Kiest u iets?", "choices-count": "0"}
    )
    response = post_edit(editor, form_page, data)
    assert response.status_code == 200
    assert row_errors(response, "form_fields")[row] == {"choices": ["Voeg minstens één optie toe."]}


def test_closing_before_opening(editor, form_page):
    data = form_data(editor, form_page)
    data["opens_at"] = "2027-05-01 10:00"
    data["closes_at"] = "2027-04-01 10:00"
    response = post_edit(editor, form_page, data)
    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"] == [
        "Het sluitingsmoment moet na het openingsmoment liggen."
    ]


def test_settings_a_type_does_not_use_are_cleared(editor, form_page):
    """A name field that was once a checkbox question keeps no hidden options to translate."""
    data = form_data(editor, form_page)
    name_row = rows_of_type(data, "form_fields", "singleline")[0]
    data[f"form_fields-{name_row}-multiple"] = "on"
    data[f"form_fields-{name_row}-link_page"] = str(form_page.get_parent().pk)
    response = post_edit(editor, form_page, data)
    assert response.status_code == 302
    name = RegistrationFormPage.objects.get(pk=form_page.pk).form_fields.get(key="naam")
    assert (name.multiple, name.link_page_id, name.purpose) == (False, None, "name")


def test_removing_a_booked_session_shows_a_message_on_the_sessions(editor, form_page):
    session = source_sessions(form_page)[0]
    book(Registration.objects.create(form=form_page, language="nl", email="x@example.org"), [session])
    theme = session.theme.specific
    data = edit_form_data(editor, theme)
    rows = int(data["sessions-TOTAL_FORMS"])
    (row,) = [n for n in range(rows) if data[f"sessions-{n}-id"] == str(session.pk)]
    data[f"sessions-{row}-DELETE"] = "1"
    data["summary"] = "Een nieuwe samenvatting."

    response = post_edit(editor, theme, data)

    assert response.status_code == 200  # the editor's other changes are still in the form
    formset = response.context["form"].formsets["sessions"]
    assert formset.non_form_errors() == [
        "1 sessie kan niet verwijderd worden: er hebben mensen een plaats in geboekt. Annuleer eerst "
        "hun plaatsen, of zet de capaciteit op 0 om nieuwe boekingen te stoppen."
    ]
    assert Session.objects.filter(pk=session.pk).exists()
    assert "Een nieuwe samenvatting." in response.content.decode()


def test_a_session_that_ends_before_it_starts(editor, theme):
    data = edit_form_data(editor, theme)
    start = datetime.datetime(2027, 5, 3, 19, 0)
    data["sessions-0-start"] = f"{start:%Y-%m-%d %H:%M}"
    data["sessions-0-end"] = f"{start - datetime.timedelta(hours=1):%Y-%m-%d %H:%M}"
    response = post_edit(editor, theme, data)
    assert response.status_code == 200
    assert row_errors(response, "sessions")[0] == {"end": ["Het einde moet na het begin liggen."]}
