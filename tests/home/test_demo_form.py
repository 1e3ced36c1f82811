"""The demo form "Inschrijven": six languages, real translations, idempotent."""

import pytest

from forms.models import FormField, RegistrationFormPage
from home.demo.builder import DemoBuilder
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_pages(db):
    """``{language: demo form page}``."""
    return {p.locale.language_code: p for p in RegistrationFormPage.objects.filter(slug="inschrijven")}


def test_demo_form_exists_in_every_language_with_translated_fields(form_pages):
    assert sorted(form_pages) == sorted(LANGUAGES)
    dutch = [(f.key, f.field_type, f.required, len(f.choices)) for f in form_pages["nl"].form_fields.all()]
    assert [t for _k, t, _r, _n in dutch] == [
        "singleline",
        "email",
        "singleline",
        "sessions",
        "radio",
        "radio",
        "multiline",
        "consent",
    ]
    for language, page in form_pages.items():
        rows = list(page.form_fields.all())
        assert [(f.key, f.field_type, f.required, len(f.choices)) for f in rows] == dutch
        assert page.get_parent().specific.locale.language_code == language
        if language != "nl":
            assert page.title != form_pages["nl"].title
            assert rows[4].choices[0].value != form_pages["nl"].form_fields.all()[4].choices[0].value


def test_load_demo_twice_changes_nothing(form_pages):
    before = (
        RegistrationFormPage.objects.count(),
        list(FormField.objects.order_by("pk").values_list("pk", "key", "label")),
    )
    builder = DemoBuilder()
    builder.build()
    assert builder.missing == []
    after = (
        RegistrationFormPage.objects.count(),
        list(FormField.objects.order_by("pk").values_list("pk", "key", "label")),
    )
    assert after == before
