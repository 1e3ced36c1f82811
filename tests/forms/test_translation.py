"""Translating a form with wagtail-localize: one segment per choice, none for keys."""

import pytest
from wagtail_localize.models import StringSegment, TranslationSource

from forms.models import FormField, RegistrationFormPage
from tests.forms.utils import choice_ids, field

pytestmark = pytest.mark.django_db


def segment_paths(page):
    source, _created = TranslationSource.get_or_create_from_instance(page)
    source.update_from_db()
    return {
        s.context.path: s.string.data
        for s in StringSegment.objects.filter(source=source).select_related("context", "string")
    }


def test_one_segment_per_choice_and_no_segment_for_keys(form_page):
    paths = segment_paths(form_page)
    for form_field in form_page.form_fields.all():
        prefix = f"form_fields.{form_field.translation_key}."
        assert paths[prefix + "label"] == form_field.label
        for block in form_field.choices:
            # Each option is its own segment, addressed by its stable block id.
            assert paths[prefix + "choices." + block.id] == block.value
        own = [p for p in paths if p.startswith(prefix)]
        assert len(own) == 1 + bool(form_field.help_text) + len(form_field.choices)
    assert not [p for p in paths if p.endswith((".key", ".field_type", ".required", ".multiple"))]
    assert not [p for p in paths if p in ("notify_emails", "use_captcha", "retention_days")]
    radio = field(form_page, "radio")
    assert len([p for p in paths if ".choices." in p and str(radio.translation_key) in p]) == 3


def test_adding_a_dutch_choice_keeps_the_existing_translations(
    form_pages, locales, django_capture_on_commit_callbacks
):
    dutch_page = form_pages["nl"]
    french_before = field(form_pages["fr"], "radio")
    french_labels = [b.value for b in french_before.choices]

    revision = dutch_page.get_latest_revision_as_object()
    rows = list(revision.form_fields.all())
    radio = [f for f in rows if f.field_type == "radio"][0]
    radio.label = "Ik neem deel als"  # renaming never changes the key
    radio.choices.append(("choice", "iemand van de pers"))
    revision.form_fields = rows
    revision.save_revision().publish()
    dutch_radio = field(RegistrationFormPage.objects.get(pk=dutch_page.pk), "radio")
    assert dutch_radio.key == "ik-kom-als"
    assert len(dutch_radio.choices) == 4

    source, _created = TranslationSource.get_or_create_from_instance(
        RegistrationFormPage.objects.get(pk=dutch_page.pk)
    )
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(locales["fr"], publish=True, fallback=True)

    french = FormField.objects.get(pk=french_before.pk)  # updated in place, same row
    assert french.key == "ik-kom-als"
    assert choice_ids(french) == choice_ids(dutch_radio)
    assert [b.value for b in french.choices][:3] == french_labels
    assert french.choices[3].value == "iemand van de pers"  # Dutch until translated
