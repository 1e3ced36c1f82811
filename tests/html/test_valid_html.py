"""Every public page, in all six languages and every state, is valid HTML for the W3C Nu checker.

The pages are fetched as visitors get them (the test client, anonymous; the registration form
also from its stored copy, rendered afresh and as an editor sees it), written to files and
checked in one run of the checker. Each page is then its own test, failing on any error or
warning.

The states are made on the demo inside one transaction that is rolled back afterwards: a full
session with its waiting list, a closed and a not-yet-open form, the rate limit, the honeypot,
a campaign and a theme without sessions (no calendar), a general form without a campaign,
and "my registration" after each of its actions (a refused switch, a waiting-list place, a
booking, a switch).
"""

import datetime
import re
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.views.defaults import server_error
from wagtail.models import Locale

from campaign.models import CampaignPage, Session, ThemePage
from forms.mail.join import join_url
from forms.mail.tokens import make_token
from forms.models import Booking, Registration, RegistrationFormPage
from home.models import ContentPage, HomePage
from tests.demo_extras import add_pages_without_sessions
from tests.forms.utils import choice_ids
from tests.html import vnu

# The checks themselves need no database; the mark makes pytest-django create it for the fixture.
pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "en", "fr", "ar", "uk", "tr"]
THEMES = 5
STATES = [
    "home",
    "home-without-campaigns",
    "campaign",
    *[f"theme-{n}" for n in range(1, THEMES + 1)],
    "accessibility",
    "privacy",
    "form-first-visit",
    "form-stored-copy",
    "form-fresh",
    "form-editor",
    "form-errors",
    "thank-you-already-registered",
    "bad-request",
    "form-another-sum",
    "form-full",
    "thank-you",
    "thank-you-waiting-list",
    "form-closed",
    "form-not-open",
    "post-to-closed-form",
    "rate-limited",
    "rejected",
    "join-early",
    "join-waiting",
    "join-cancelled",
    "join-link-changed",
    "cancel",
    "cancel-error",
    "my-registration-switch-to-full",
    "my-registration-added-waiting",
    "my-registration-add-error",
    "my-registration-added",
    "my-registration-switched",
    "cancel-done",
    "cancel-nothing-left",
    "cancel-link-changed",
    "cancel-link-expired",
    "campaign-without-sessions",
    "theme-without-sessions",
    "general-form",
    "general-form-errors",
    "not-found",
]
DOCUMENTS = [f"{language}/{state}" for language in LANGUAGES for state in STATES] + ["server-error"]
# A page with errors the checker found on the form before it was fixed, and a warning: proves
# the run reads the checker's report and counts both.
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body>'
    '<input type="hidden" name="key" value="x" required autocomplete="off">'
    '<input type="text" name="q" role="textbox" aria-label="q">'
    "</body></html>"
)
NO_LIMIT = {"posts": 10_000, "seconds": 600}


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


class Fetcher:
    """Gets pages with the test client and keeps their HTML under a document name."""

    def __init__(self, language):
        self.language = language
        self.documents = {}

    def keep(self, state, response, status=200):
        assert response.status_code == status, f"{self.language}/{state}: {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), f"{self.language}/{state}"
        self.documents[f"{self.language}/{state}"] = response.content.decode()
        return response

    def get(self, client, state, url, status=200):
        return self.keep(state, client.get(url), status)

    def post(self, client, state, url, data, status):
        return self.keep(state, client.post(url, data), status)


def captcha_fields(html):
    match = re.search(r'name="captcha_0" value="([^"]+)"', html)
    assert match, "the form has no sum"
    key = match.group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def demo_answers(form, email, session_ids):
    radios = [f for f in form.form_fields.all() if f.field_type == "radio"]
    consent = next(f for f in form.form_fields.all() if f.field_type == "consent")
    return {
        "naam": "Test Persoon",
        "e-mailadres": email,
        "postcode-of-gemeente": "3020 Herent",
        "sessies": [str(pk) for pk in session_ids],
        **{radio.key: choice_ids(radio)[0] for radio in radios},
        "opmerkingen": "Tot dan!",
        consent.key: "on",
    }


def localized(page, language):
    return page.get_translation(Locale.objects.get(language_code=language))


def fetch_language(language, extra_pages, editor):
    """Every state of every public page in one language."""
    fetch = Fetcher(language)
    client = Client(HTTP_HOST="localhost")
    home = localized(HomePage.objects.get(locale=Locale.get_default()), language)
    campaign = localized(CampaignPage.objects.get(slug="dorpaanzet", locale=Locale.get_default()), language)
    form = RegistrationFormPage.objects.child_of(campaign).get()
    form_url = form.get_url()
    themes = list(ThemePage.objects.child_of(campaign).live().order_by("path"))
    assert len(themes) == THEMES
    source = form.get_source()
    sessions = [s.pk for s in source.get_campaign().get_sessions()]

    fetch.get(client, "home", home.get_url())
    fetch.get(client, "campaign", campaign.get_url())
    for n, theme in enumerate(themes, start=1):
        fetch.get(client, f"theme-{n}", theme.get_url())
    for state, slug in (("accessibility", "toegankelijkheid"), ("privacy", "privacy")):
        page = localized(ContentPage.objects.get(slug=slug, locale=Locale.get_default()), language)
        fetch.get(client, state, page.get_url())
    fetch.get(client, "not-found", f"/{language}/deze-pagina-bestaat-niet/", status=404)

    # The form as anonymous visitors get it: the first visitor stores the copy, the next one
    # is answered from it; rendered afresh without the copy; and as an editor sees it.
    cache.clear()
    first = fetch.get(Client(HTTP_HOST="localhost"), "form-first-visit", form_url)
    page_template = "forms/registration_form_page.html"
    assert page_template in [t.name for t in first.templates]
    stored = fetch.get(Client(HTTP_HOST="localhost"), "form-stored-copy", form_url)
    assert page_template not in [t.name for t in stored.templates], "the next visitor gets the stored copy"
    with override_settings(CAMPAIGN_FORMS_PAGE_CACHE_SECONDS=0):
        fetch.get(Client(HTTP_HOST="localhost"), "form-fresh", form_url)
    editor_client = Client(HTTP_HOST="localhost")
    editor_client.force_login(editor)
    fetch.get(editor_client, "form-editor", form_url)

    page = fetch.post(client, "form-errors", form_url, {}, status=400)
    answers = demo_answers(source, f"nu-{language}@example.org", sessions[:1])
    fetch.post(client, "form-another-sum", form_url, {**answers, "new_challenge": "1"}, status=200)
    page = client.get(form_url)
    response = client.post(form_url, {**answers, **captcha_fields(page.content.decode())})
    assert response.status_code == 302, response.content.decode()[:2000]
    fetch.get(client, "thank-you", response["Location"])
    # The same address again answers like a new registration (no enumeration): its thank-you page.
    page = client.get(form_url)
    response = client.post(form_url, {**answers, **captcha_fields(page.content.decode())})
    assert response.status_code == 302
    fetch.get(client, "thank-you-already-registered", response["Location"])
    # A post the server cannot read (a charset other than UTF-8): the site's own 400 page.
    unreadable = Client(HTTP_HOST="localhost", raise_request_exception=False)
    response = unreadable.generic(
        "POST", form_url, b"naam=x", content_type="application/x-www-form-urlencoded; charset=utf-7"
    )
    fetch.keep("bad-request", response, status=400)
    registration = Registration.objects.get(email=answers["e-mailadres"])

    # A full session: the form says so before sending, the thank-you page after.
    Session.objects.filter(pk=sessions[1]).update(capacity=0)
    page = fetch.get(client, "form-full", form_url)
    assert "session-option__seats--full" in page.content.decode()
    waiting = demo_answers(source, f"nu-wacht-{language}@example.org", sessions[1:2])
    response = client.post(form_url, {**waiting, **captcha_fields(page.content.decode())})
    assert response.status_code == 302
    fetch.get(client, "thank-you-waiting-list", response["Location"])

    # The cancel link from the confirmation e-mail, in the registrant's language.
    with translation.override(language):
        later = timezone.now() + datetime.timedelta(days=30)
        cancel_url = reverse("forms:cancel", kwargs={"token": make_token(registration, expires=later)})
        expired_url = reverse(
            "forms:cancel",
            kwargs={"token": make_token(registration, expires=timezone.now() - datetime.timedelta(days=1))},
        )
    # The join link of the mails: before the room opens, on the waiting list, a changed link.
    booking = registration.bookings.order_by("pk").first()
    join_path = urlsplit(join_url(booking)).path
    fetch.get(client, "join-early", join_path)
    waiting_booking = Booking.objects.get(email=f"nu-wacht-{language}@example.org")
    waiting_path = urlsplit(join_url(waiting_booking)).path
    fetch.get(client, "join-waiting", waiting_path)
    fetch.get(client, "join-link-changed", join_path[:-3] + "xx/", status=404)
    fetch.get(client, "cancel", cancel_url)
    fetch.post(client, "cancel-error", cancel_url, {}, status=400)
    # "My registration" (the same page): a switch to the full session is refused with the
    # waiting list offered; joining that list; booking nothing; booking a free session; a switch.
    first = registration.bookings.get(session_id=sessions[0])
    switch = {"action": "switch", "from": first.pk, "to": sessions[1]}
    fetch.post(client, "my-registration-switch-to-full", cancel_url, switch, status=409)
    add = {"action": "add", "session": [sessions[1]]}
    fetch.post(client, "my-registration-added-waiting", cancel_url, add, status=200)
    fetch.post(client, "my-registration-add-error", cancel_url, {"action": "add"}, status=400)
    fetch.post(client, "my-registration-added", cancel_url, {"action": "add", "session": [sessions[2]]}, 200)
    added = registration.bookings.get(session_id=sessions[2])
    switch = {"action": "switch", "from": added.pk, "to": sessions[3]}
    fetch.post(client, "my-registration-switched", cancel_url, switch, status=200)
    booking_ids = [str(b.pk) for b in registration.bookings.all()]
    fetch.post(client, "cancel-done", cancel_url, {"booking": booking_ids}, status=200)
    fetch.get(client, "cancel-nothing-left", cancel_url)
    fetch.get(client, "join-cancelled", join_path, status=410)
    fetch.get(client, "cancel-link-changed", cancel_url[:-3] + "xx/", status=400)
    fetch.get(client, "cancel-link-expired", expired_url, status=400)

    # Spam defences and the opening window.
    page = client.get(form_url)
    with override_settings(CAMPAIGN_FORMS_RATE_LIMIT={"posts": 0, "seconds": 600}):
        fetch.post(client, "rate-limited", form_url, answers, status=429)
    fetch.post(client, "rejected", form_url, {**answers, "website": "http://spam.example"}, status=400)
    window = RegistrationFormPage.objects.filter(translation_key=form.translation_key)
    window.update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    fetch.get(client, "form-closed", form_url)
    fetch.post(client, "post-to-closed-form", form_url, answers, status=403)
    window.update(closes_at=None, opens_at=timezone.now() + datetime.timedelta(days=1))
    fetch.get(client, "form-not-open", form_url)

    for state, dutch in extra_pages.items():
        fetch.get(client, state, localized(dutch, language).get_url())
    fetch.post(
        client, "general-form-errors", localized(extra_pages["general-form"], language).get_url(), {}, 400
    )

    CampaignPage.objects.filter(locale=home.locale).update(live=False)
    fetch.get(client, "home-without-campaigns", home.get_url())
    return fetch.documents


def server_error_page():
    request = RequestFactory().get("/nl/", HTTP_HOST="localhost")
    response = server_error(request)
    assert response.status_code == 500
    return response.content.decode()


@pytest.fixture(scope="module")
def checked(site_trees, django_db_blocker, tmp_path_factory):
    """``{document name: (html, [messages])}`` for every name in ``DOCUMENTS``, and the canary."""
    site_trees.use("demo")
    documents = {}
    with django_db_blocker.unblock(), override_settings(CAMPAIGN_FORMS_RATE_LIMIT=NO_LIMIT), rolled_back():
        editor = get_user_model().objects.create_superuser("nu-editor", "nu@example.org", "pw")
        extra_pages = add_pages_without_sessions()
        for language in LANGUAGES:
            with rolled_back():  # a savepoint: each language starts from the same demo
                documents.update(fetch_language(language, extra_pages, editor))
        documents["server-error"] = server_error_page()
    cache.clear()
    assert sorted(documents) == sorted(DOCUMENTS)
    documents["canary"] = CANARY

    folder = tmp_path_factory.mktemp("nu")
    files = {}
    for name, html in documents.items():
        path = folder / (name.replace("/", "--") + ".html")
        path.write_text(html, encoding="utf-8")
        files[name] = path.resolve()
    report = vnu.check(files.values())
    return {name: (documents[name], report[path]) for name, path in files.items()}


def test_the_checker_reports_errors(checked):
    _html, messages = checked["canary"]
    errors = [m["message"] for m in messages if vnu.is_problem(m)]
    assert any("“required”" in message for message in errors), errors
    assert any("“autocomplete”" in message for message in errors), errors
    assert any("“textbox” role is unnecessary" in message for message in errors), errors


@pytest.mark.parametrize("name", DOCUMENTS)
def test_page_is_valid_html(checked, name):
    _html, messages = checked[name]
    errors = [m for m in messages if vnu.is_problem(m)]
    assert errors == [], (
        f"{name}: {len(errors)} errors or warnings from the Nu checker\n{vnu.describe(errors)}"
    )
