"""The form page: how it renders every field type, and the form "Inschrijven" in every language."""

import re

import pytest
from django.test.html import parse_html

from tests.forms.utils import ALL_TYPES, make_form, set_capacity, source_sessions, translate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_every_field_type_renders_with_labels_tied_to_inputs(client, campaign, language, locales):
    page = make_form(campaign)
    if language != "nl":
        page = translate(page, locales[language])
    response = client.get(page.get_url())
    assert response.status_code == 200
    html = response.content.decode()
    parse_html(html)
    form = response.context["form"]
    assert [f.field.model_field.field_type for f in form.visible_fields_in_order()] == ALL_TYPES
    for bound in form.visible_fields_in_order():
        field_type = bound.field.model_field.field_type
        if field_type in ("radio", "checkboxes", "sessions"):
            # A group: a fieldset whose legend is the question, each option labelled.
            assert f'<legend class="field__label">{bound.label}' in html
            assert f'for="{bound.auto_id}_0"' in html, field_type
        else:
            assert f'for="{bound.id_for_label}"' in html, field_type
            assert f'id="{bound.id_for_label}"' in html, field_type
        assert f'id="{bound.auto_id}_helptext"' in html
    for block in page.form_fields.get(field_type="dropdown").choices:
        assert f'value="{block.id}"' in html
    assert 'type="date"' in html and 'type="tel"' in html and 'type="email"' in html


def test_demo_form_renders_in_every_language_with_sessions_and_seats(client, form_pages):
    for language, page in form_pages.items():
        response = client.get(page.get_url())
        assert response.status_code == 200, language
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        options = response.context["form"].session_options
        assert len(options) == 10
        # Offered in the visitor's language, valued by the Dutch row that holds the seats.
        assert all(o.local.locale.language_code == language for o in options)
        assert all(o.source.locale.language_code == "nl" for o in options)
        assert html.count('name="sessies"') == 10


def test_sessions_field_says_how_many_places_are_left(client, form_page):
    sessions = source_sessions(form_page)
    set_capacity(sessions[:1], 0)
    set_capacity(sessions[1:2], 1)
    html = client.get("/en/dorpaanzet/inschrijven/").content.decode()
    assert "Full — you will be put on the waiting list" in html
    assert "1 place left" in html
    assert "20 places left" in html


def test_campaign_call_to_action_points_at_the_form(client, form_pages):
    for language in ["nl", "ar"]:
        html = client.get(f"/{language}/dorpaanzet/").content.decode()
        assert f'href="/{language}/dorpaanzet/inschrijven/"' in html


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_demo_fields_tell_browsers_what_they_ask_for(client, form_pages, language):
    """WCAG 2.1, 1.3.5: the visitor's own details can be filled in by the browser."""
    html = client.get(form_pages[language].url).content.decode()

    def tag(name):
        return re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html).group(0)

    assert 'autocomplete="name"' in tag("naam")
    assert 'autocomplete="email"' in tag("e-mailadres")
    assert 'autocomplete="postal-code"' in tag("postcode-of-gemeente")


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_addresses_and_phone_numbers_are_typed_left_to_right(client, campaign, language, locales):
    """Issue 8: in Arabic "yousef@" showed as "@yousef" while typing: the inputs take ``dir``."""
    page = make_form(campaign, fields=["singleline", "email", "phone"])
    if language != "nl":
        page = translate(page, locales[language])
    html = client.get(page.url).content.decode()
    inputs = {
        kind: re.search(rf'<input[^>]*\btype="{kind}"[^>]*>', html).group(0)
        for kind in ("email", "tel", "text")
    }
    assert 'dir="ltr"' in inputs["email"] and 'dir="ltr"' in inputs["tel"]
    assert "dir=" not in inputs["text"]  # a name is written in the visitor's own direction
