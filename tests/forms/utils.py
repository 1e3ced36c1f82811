"""Small builders for form tests (like wagtail's ``contrib/forms/tests/utils.py``)."""

from captcha.models import CaptchaStore
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from campaign.models import Session
from forms.models import FormField, RegistrationFormPage

ALL_TYPES = [
    "singleline",
    "multiline",
    "email",
    "phone",
    "number",
    "date",
    "dropdown",
    "radio",
    "checkboxes",
    "checkbox",
    "consent",
    "sessions",
]


def make_form(parent, *, slug="alles", fields=ALL_TYPES, **kwargs):
    """A published form under ``parent`` with one field of each given type."""
    page = RegistrationFormPage(
        title=kwargs.pop("title", "Alle velden"), slug=slug, use_captcha=False, **kwargs
    )
    for n, field_type in enumerate(fields):
        choices = []
        if field_type in ("dropdown", "radio", "checkboxes"):
            choices = [("choice", f"{field_type} optie {i}") for i in (1, 2, 3)]
        page.form_fields.add(
            FormField(
                sort_order=n,
                field_type=field_type,
                label=f"Vraag {field_type}",
                help_text=f"Uitleg bij {field_type}",
                required=field_type in ("singleline", "email", "sessions"),
                choices=choices,
            )
        )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return RegistrationFormPage.objects.get(pk=page.pk)


def field(page, field_type, n=0):
    """The ``n``-th field of a type on a (possibly translated) page."""
    return [f for f in page.form_fields.all() if f.field_type == field_type][n]


def choice_ids(form_field):
    return [block.id for block in form_field.choices]


def source_sessions(page):
    """The Dutch session rows the page's sessions field offers, in time order."""
    campaign = page.get_campaign()
    dutch = (
        campaign.get_translation(Locale.get_default())
        if campaign.locale != Locale.get_default()
        else campaign
    )
    return list(dutch.get_sessions())


def valid_post(page, *, email="an@example.org", sessions=None, name="An Peeters"):
    """A complete, valid answer to the test site's form "Inschrijven" (field keys are Dutch slugs)."""
    sessions = sessions if sessions is not None else source_sessions(page)[:1]
    radios = [f for f in page.form_fields.all() if f.field_type == "radio"]
    data = {
        "naam": name,
        "e-mailadres": email,
        "postcode-of-gemeente": "3020 Herent",
        "sessies": [str(s.pk) for s in sessions],
        radios[0].key: choice_ids(radios[0])[0],
        radios[1].key: choice_ids(radios[1])[1],
        "opmerkingen": "Tot dan!",
        field(page, "consent").key: "on",
    }
    return data


def solve_captcha(response):
    """The hidden key of the captcha on a rendered form, and its answer from the store."""
    form = response.context["form"]
    html = response.content.decode()
    key = html.split('name="captcha_0" value="')[1].split('"')[0]
    assert form.fields.get("captcha") is not None
    return key, CaptchaStore.objects.get(hashkey=key).response


def set_capacity(sessions, capacity):
    Session.objects.filter(pk__in=[s.pk for s in sessions]).update(capacity=capacity)


def translate(page, locale):
    """A real wagtail-localize translation of ``page``, published (as the test site builder does)."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    target, _created = source.create_or_update_translation(locale, publish=False, fallback=True)
    target.get_latest_revision().publish()
    return type(page).objects.get(pk=target.pk)
