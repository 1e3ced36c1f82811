"""Property: whatever a client posts to the form, the answer is never a server error."""

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.models import Registration
from tests.forms.utils import valid_post

pytestmark = pytest.mark.django_db

KEYS = [
    "naam",
    "e-mailadres",
    "postcode-of-gemeente",
    "sessies",
    "ik-kom-als",
    "hebt-u-hulp-met-de-taal-nodig",
    "opmerkingen",
    "ik-geef-de-gemeente-herent-toestemming-om-mijn-gegevens",
    "captcha_0",
    "captcha_1",
    "website",
    "new_challenge",
    "csrfmiddlewaretoken",
]
text = st.text(max_size=300) | st.sampled_from(["", "0", "-1", "999999999999999999999", "on", "١٢", "a@b.be"])
values = text | st.lists(text, max_size=4)
payloads = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=20), values, max_size=14)


@override_settings(CAMPAIGN_FORMS_RATE_LIMIT={"posts": 100_000, "seconds": 600})
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=payloads, language=st.sampled_from(["nl", "ar"]), mix_valid=st.booleans())
def test_random_posts_never_get_a_500(client, form_pages, payload, language, mix_valid):
    page = form_pages[language]
    data = {**valid_post(page), **payload} if mix_valid else payload
    response = client.post(page.get_url(), data)
    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:
        # A new registration in this language, or (the address already held its places) the
        # one that holds them: either way a stored registration of that address.
        email = data["e-mailadres"] if isinstance(data["e-mailadres"], str) else data["e-mailadres"][-1]
        assert Registration.objects.filter(email__iexact=email.strip()).exists()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=200))
def test_random_thank_you_tokens_never_get_a_500(client, form_page, query):
    response = client.get(form_page.get_url() + "thank-you/", {"r": query})
    assert response.status_code == 404
