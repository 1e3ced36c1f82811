"""Content-Security-Policy and Permissions-Policy headers (cms/csp.py, cms/settings/base.py).

Every public page type, in all six languages, sends the strict policy: scripts, styles and
everything else only from the site itself, nothing inline, no eval, no framing, no plugins,
forms and ``<base>`` only to the site. The admin gets its own, looser policy; files a browser
shows in a viewer of its own (PDF, PNG) and downloads (.ics) get none and are unchanged.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from campaign.models import CampaignPage, ThemePage
from cms.csp import SiteCSPMiddleware
from forms.mail.tokens import make_token
from forms.models import Registration, RegistrationFormPage
from home.models import ContentPage, HomePage
from tests.conftest import LANGUAGES
from tests.demo_extras import add_pages_without_sessions
from tests.second_factor import login_verified

CSP = "Content-Security-Policy"
CSP_REPORT_ONLY = "Content-Security-Policy-Report-Only"
STRICT = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:")
OFF_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics")


def parse(header):
    """``{directive: {sources}}`` of a policy header."""
    policy = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in policy, f"{name} given twice"
        policy[name] = set(sources)
    return policy


def assert_strict(response, label):
    assert CSP in response, f"{label}: no {CSP} header"
    policy = parse(response[CSP])
    for directive, sources in STRICT.items():
        assert policy.get(directive) == sources, f"{label}: {directive} is {policy.get(directive)}"
    for directive, sources in policy.items():
        assert not sources & set(UNSAFE), f"{label}: {directive} allows {sources & set(UNSAFE)}"
    assert not any(name.endswith("-attr") or name.endswith("-elem") for name in policy), label
    permissions = response["Permissions-Policy"]
    for feature in OFF_FEATURES:
        assert f"{feature}=()" in permissions, f"{label}: {feature} not switched off"


def localized(page, language):
    return page.get_translation(Locale.objects.get(language_code=language))


def public_pages(language):
    """``{page type: (url, status)}`` of every public page type in ``language``."""
    home = localized(HomePage.objects.get(locale=Locale.get_default()), language)
    campaign = localized(CampaignPage.objects.get(slug="dorpaanzet", locale=Locale.get_default()), language)
    form = RegistrationFormPage.objects.child_of(campaign).get()
    theme = ThemePage.objects.child_of(campaign).live().first()
    registration = Registration.objects.create(
        form=form.get_source(), language=language, email="a@example.org"
    )
    with translation.override(language):
        later = timezone.now() + datetime.timedelta(days=30)
        cancel = reverse("forms:cancel", kwargs={"token": make_token(registration, expires=later)})
    extra = {name: localized(page, language).get_url() for name, page in add_pages_without_sessions().items()}
    pages = {
        "home": (home.get_url(), 200),
        "campaign": (campaign.get_url(), 200),
        "theme": (theme.get_url(), 200),
        "form": (form.get_url(), 200),
        "form-stored-copy": (form.get_url(), 200),
        "cancel": (cancel, 200),
        "cancel-link-changed": (cancel[:-3] + "xx/", 400),
        "not-found": (f"/{language}/deze-pagina-bestaat-niet/", 404),
        **{name: (url, 200) for name, url in extra.items()},
    }
    for slug in ("privacy", "toegankelijkheid"):
        pages[slug] = (
            localized(ContentPage.objects.get(slug=slug, locale=Locale.get_default()), language).get_url(),
            200,
        )
    return pages


@pytest.fixture
def form_page(db):
    """The Dutch demo form, with its sum (the copy then has a placeholder for it)."""
    return RegistrationFormPage.objects.get(slug="inschrijven", locale__language_code="nl")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_type_sends_the_strict_policy(client, language):
    cache.clear()
    pages = public_pages(language)
    for name, (url, status) in pages.items():
        response = client.get(url)
        assert response.status_code == status, f"{language}/{name}: {response.status_code}"
        assert_strict(response, f"{language}/{name}")
    response = client.post(pages["form"][0], {})
    assert response.status_code == 400
    assert_strict(response, f"{language}/form-errors")


@pytest.mark.django_db
def test_the_stored_form_copy_and_the_editors_form_send_the_strict_policy(client, form_page):
    """Issue 9: the stored copy is answered by its own middleware; it gets the header all the same."""
    cache.clear()
    url = form_page.get_url()
    client.get(url)
    stored = client.get(url)
    assert "forms/registration_form_page.html" not in [t.name for t in stored.templates]
    assert_strict(stored, "stored copy")
    editor = get_user_model().objects.create_superuser("csp-editor", "csp@example.org", "pw")
    client.force_login(editor)
    response = client.get(url)
    assert "wagtail-userbar" in response.content.decode()
    assert_strict(response, "the form with Wagtail's user bar")


@pytest.mark.django_db
def test_no_public_page_has_inline_script_or_style(client):
    """What lets the policy be strict: no ``<script>`` without ``src`` that runs, no ``<style>``,
    no ``style=`` or ``on…=`` attribute on any public page type (JSON data blocks are not run)."""
    cache.clear()
    for language in ("nl", "ar"):
        for name, (url, _status) in public_pages(language).items():
            html = client.get(url).content.decode()
            for tag in re.findall(r"<script\b[^>]*>", html):
                assert (
                    "src=" in tag or 'type="application/ld+json"' in tag or 'type="application/json"' in tag
                ), f"{language}/{name}: {tag}"
            assert "<style" not in html, f"{language}/{name}"
            assert not re.search(r"<[^>]+\sstyle=", html), f"{language}/{name}"
            assert not re.search(r"<[^>]+\son[a-z]+=", html), f"{language}/{name}"


@pytest.mark.django_db
def test_files_are_unchanged_and_carry_no_policy(client, campaign):
    """A browser shows a PDF or a PNG in a page of its own that a policy would break (the flyer
    opened blank in Chrome); calendar files are downloads. They keep their type and content."""
    ukrainian = CampaignPage.objects.get(slug="dorpaanzet", locale__language_code="uk")
    session = ukrainian.get_sessions().first()
    files = {
        "flyer": ("/nl/dorpaanzet/flyer.pdf", "application/pdf", b"%PDF"),
        "poster": ("/ar/dorpaanzet/poster.pdf", "application/pdf", b"%PDF"),
        "social card": ("/nl/dorpaanzet/social-card.png", "image/png", b"\x89PNG"),
        "calendar": ("/nl/dorpaanzet/calendar/", "text/calendar", b"BEGIN:VCALENDAR"),
        "session calendar": (f"/uk/dorpaanzet/calendar/{session.pk}/", "text/calendar", b"BEGIN:VCALENDAR"),
    }
    for name, (url, content_type, start) in files.items():
        response = client.get(url)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        assert response["Content-Type"].startswith(content_type), name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.startswith(start), name
        assert CSP not in response and CSP_REPORT_ONLY not in response, name
        assert "camera=()" in response["Permissions-Policy"], name


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("csp-admin", "staff@example.org", "pw")
    return login_verified(client, user)


def admin_policy(response):
    return parse(response[CSP])


@pytest.mark.django_db
def test_the_admin_gets_its_own_policy_as_tight_as_wagtail_allows(staff, campaign, form_page):
    for url in ("/admin/", f"/admin/pages/{campaign.pk}/edit/", f"/admin/registrations/{form_page.pk}/"):
        response = staff.get(url)
        assert response.status_code == 200, url
        policy = admin_policy(response)
        # What Wagtail's inline scripts and inserted styles need:
        assert policy["script-src-elem"] == {"'self'", "'unsafe-inline'"}, url
        assert policy["style-src"] == {"'self'", "'unsafe-inline'"}, url
        # ...and nothing more: no inline event handlers, no eval, nothing from elsewhere.
        assert policy["script-src-attr"] == {"'none'"}, url
        assert not any("'unsafe-eval'" in sources for sources in policy.values()), url
        assert all(nonce_free(sources) for sources in policy.values()), url
        assert policy["default-src"] == {"'self'"}, url
        assert policy["img-src"] == {"'self'", "blob:"}, url  # the image uploader's previews
        assert policy["object-src"] == {"'none'"} and policy["base-uri"] == {"'self'"}, url
        assert policy["form-action"] == {"'self'"}, url
        # The preview panel frames the admin's own preview; nobody else may.
        assert policy["frame-ancestors"] == {"'self'"}, url


def nonce_free(sources):
    """A nonce next to 'unsafe-inline' would switch 'unsafe-inline' off and break Wagtail."""
    return not any(source.startswith("'nonce-") for source in sources)


@pytest.mark.django_db
def test_the_attendee_list_keeps_the_strict_policy(staff, campaign):
    """Our printable attendee list uses nothing of Wagtail's scripts: strict inside the admin."""
    session = campaign.get_sessions().first()
    response = staff.get(reverse("campaign_dashboards:attendees", args=[session.pk]))
    assert response.status_code == 200
    policy = parse(response[CSP])
    assert policy["script-src"] == {"'self'"} and policy["style-src"] == {"'self'"}
    assert policy["frame-ancestors"] == {"'none'"}


@pytest.mark.django_db
def test_report_only_mode_sends_both_policies_as_reports_only(client, staff, settings):
    """``CSP_REPORT_ONLY`` (production) moves the policy to the report-only header."""
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    public = client.get("/nl/")
    assert CSP not in public
    assert parse(public[CSP_REPORT_ONLY])["script-src"] == {"'self'"}
    admin = staff.get("/admin/")
    assert CSP not in admin
    assert parse(admin[CSP_REPORT_ONLY])["script-src-attr"] == {"'none'"}


@pytest.mark.django_db
def test_a_nonce_is_named_in_the_header_only_when_a_page_uses_it(client, rf):
    """Our pages use none, so the header has none; a page of another site that reads
    ``request.csp_nonce`` gets its request's nonce in the header, a new one each time."""
    assert "nonce-" not in client.get("/nl/")[CSP]

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>', content_type="text/html")

    middleware = SiteCSPMiddleware(view)
    nonces = []
    for _ in range(2):
        request = rf.get("/nl/")
        middleware.process_request(request)
        response = middleware.process_response(request, view(request))
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in parse(response[CSP])["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
