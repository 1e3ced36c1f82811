"""A shared cache of the rendered registration form, so most visitors cost two small queries.

Rendering the form page (fields, sessions with their seats left, the site chrome around it)
costs more than any other page of a campaign, and it is the page everyone opens from the
flyer. Its HTML is the same for every anonymous visitor of one language, except for two
things: the CSRF token and, when the captcha is on, the sum. So the form view renders the page
once with a placeholder for each, stores it, and fills the placeholders for each visitor.

Seats change with every booking, so they are placeholders too, filled from one query per
visitor. So is a Content-Security-Policy nonce, if the page uses one (django-csp's
``request.csp_nonce``; ours uses none): each visitor's header names their own nonce, so the
copy must carry that one, never the first visitor's.

``RegistrationPageCacheMiddleware`` answers a visitor from that copy before Wagtail routes the
request, after one query that reads what the copy depends on (``page_version``): the page's
live state, captcha and opening window, its publication time and the campaign's
``pages_changed_at``, which moves whenever a page under the campaign (a theme with its
sessions, this form, a translation) is published, moved or removed (``campaign.freshness``).
So a copy is never served once its content has changed, whichever process made the change
and whatever the cache backend.

Only anonymous visitors without a session or pending messages are served from the copy;
editors (who see the Wagtail user bar), previews, pages with view restrictions, closed forms
and error pages always render afresh. A copy also expires at the form's next opening or
closing moment, and after ``CAMPAIGN_FORMS_PAGE_CACHE_SECONDS`` (600 by default) so that links
in the page chrome (footer, other languages) follow within ten minutes.
"""

import hashlib

from django import forms
from django.conf import settings
from django.db.models import Subquery
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from forms import conf
from forms.compat import wagtail as wagtail_compat
from forms.public.formfields import SumCaptchaField
from forms.public.forms import fill_seats

# Placeholders: plain letters and digits, so escaping in the template leaves them intact.
CSRF_SLOT = "csrfslot0d7c2e9a41b6"
CAPTCHA_SLOT = "captchaslot5f81b3c0e92d"
NONCE_SLOT = "cspnonceslot3a9e6c1d7b20"
KEY_PREFIX = "campaign_forms:page:"


class CaptchaForm(forms.Form):
    """A form holding only the sum, rendered into the copy exactly as in the full form."""

    captcha = SumCaptchaField()


def cache_key(request):
    """Host, path and language; the query string does not change the form page."""
    raw = f"{request.get_host()}|{request.path}|{get_language()}"
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def anonymous_without_state(request, method="GET"):
    """True for a visitor with no session and no pending messages: nothing personal to show.

    Looks at the cookies only, so deciding costs no query.
    """
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return False
    return request.method == method and not getattr(request, "is_preview", False)


PAGE_FIELDS = ["live", "use_captcha", "opens_at", "closes_at", "last_published_at"]


def pages_with_campaign_mark(page_id, campaign_id):
    """The form page as a queryset, with its campaign's ``pages_changed_at`` alongside."""
    from campaign.models import CampaignPage
    from forms.models import RegistrationFormPage

    rows = RegistrationFormPage.objects.filter(pk=page_id)
    if campaign_id is None:
        return rows
    changed = CampaignPage.objects.filter(pk=campaign_id).values("pages_changed_at")
    return rows.annotate(campaign_pages_changed_at=Subquery(changed[:1]))


def page_version(page_id, campaign_id):
    """What the copy depends on, read in one query; None when the page is gone."""
    fields = PAGE_FIELDS + (["campaign_pages_changed_at"] if campaign_id is not None else [])
    row = pages_with_campaign_mark(page_id, campaign_id).values_list(*fields).first()
    return list(row) if row is not None else None


def version_of(page, campaign_id, pages_changed_at):
    """``page_version`` from a page already loaded and its campaign's mark (no query)."""
    version = [getattr(page, name) for name in PAGE_FIELDS]
    if campaign_id is not None:
        version.append(pages_changed_at)
    return version


def seconds_to_keep(page, now=None):
    """Until the next opening or closing moment, at most ``conf.page_cache_seconds()``."""
    now = now or timezone.now()
    seconds = conf.page_cache_seconds()
    for moment in (page.opens_at, page.closes_at):
        if moment is not None and moment > now:
            seconds = min(seconds, (moment - now).total_seconds())
    return int(seconds)


def can_store(page, request):
    """Whether this response may become the copy every anonymous visitor gets."""
    if conf.page_cache_seconds() <= 0 or not anonymous_without_state(request):
        return False
    # Wagtail checked the restriction before serving; a visitor who passed a password must not
    # hand the page to everyone.
    return not page.get_view_restrictions().exists()


def used_nonce(request):
    """The request's Content-Security-Policy nonce if rendering used it, else None.

    django-csp makes ``request.csp_nonce`` lazily; it is true once something has read it.
    """
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce else None


def store(page, request, html, seats=()):
    """Keep the page's HTML (with its placeholders) for the next visitors.

    ``seats``: the ids of the (Dutch) sessions whose seats are placeholders in ``html``.
    """
    seconds = seconds_to_keep(page)
    if seconds <= 0:
        return
    nonce = used_nonce(request)
    if nonce:
        html = html.replace(nonce, NONCE_SLOT)
    campaign = page.get_campaign()
    entry = {
        "page": page.pk,
        "campaign": campaign.pk if campaign is not None else None,
        "version": version_of(page, campaign and campaign.pk, campaign and campaign.pages_changed_at),
        "html": html,
        "seats": list(seats),
    }
    conf.page_cache().set(cache_key(request), entry, seconds)


def fill(request, html, seats=()):
    """The copy for this visitor: their own CSRF token, today's seats and, if asked, a new sum
    and a nonce."""
    html = html.replace(CSRF_SLOT, get_token(request))
    if NONCE_SLOT in html:
        html = html.replace(NONCE_SLOT, str(request.csp_nonce))
    html = fill_seats(html, seats)
    if CAPTCHA_SLOT in html:
        captcha = render_to_string(
            "forms/includes/field.html", {"field": CaptchaForm(auto_id="id_%s")["captcha"]}
        )
        html = html.replace(CAPTCHA_SLOT, captcha, 1)
    return html


def cached_response(request):
    """The stored copy for this request if it is still right, else None."""
    entry = conf.page_cache().get(cache_key(request))
    if entry is None:
        return None
    if page_version(entry["page"], entry["campaign"]) != entry["version"]:
        return None
    return private(HttpResponse(fill(request, entry["html"], entry["seats"])))


def private(response):
    """A page with a visitor's own CSRF token: no shared cache (proxy, CDN) may keep it."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


def route_from_copy(request):
    """For a registration posted to a form with a valid copy: give Wagtail the page, unrouted.

    Wagtail finds a page by walking the tree from the site's root, a query or two per level;
    the copy already says which page answers this URL, and its validity check loads that
    page in one query. Everything else happens as for any request: URL resolution, the CSRF
    check, Wagtail's ``before_serve_page`` hooks (view restrictions) and the page's own view.
    This fills the per-request route cache that ``Page.route_for_request`` keeps
    (``forms.compat.wagtail``).
    """
    entry = conf.page_cache().get(cache_key(request))
    if entry is None:
        return
    page = pages_with_campaign_mark(entry["page"], entry["campaign"]).first()
    if page is None:
        return
    version = version_of(page, entry["campaign"], getattr(page, "campaign_pages_changed_at", None))
    if version != entry["version"] or not page.live:
        return
    match = page.resolve_subpage("/")
    request.routable_resolver_match = match
    wagtail_compat.set_route(request, page, args=tuple(match))


class RegistrationPageCacheMiddleware:
    """Serves anonymous visitors the stored copy of a registration form (see the module text).

    Goes last in ``MIDDLEWARE``, so security headers, the CSRF cookie and the language headers
    are added to the copy as to any other response. A registration posted to such a form is
    routed from the copy (``route_from_copy``) and then handled as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if anonymous_without_state(request):
            response = cached_response(request)
            if response is not None:
                return response
        elif anonymous_without_state(request, method="POST"):
            route_from_copy(request)
        return self.get_response(request)
