"""Which Content-Security-Policy a response gets: the site's strict one, or the admin's.

django-csp sends ``CONTENT_SECURITY_POLICY`` (or, in report-only mode,
``CONTENT_SECURITY_POLICY_REPORT_ONLY``) on every response. That policy allows no inline
script or style at all, and the public pages need none: their scripts and styles are files.

Wagtail's admin and wagtail-localize's translation editor cannot live with it: they write
inline ``<script>`` elements from widgets that never see the request (so no nonce can be put
on them; Wagtail 8 has no nonce support) and ``style`` attributes in templates and scripts.
Under the admin's URL prefix the site policy is therefore changed by ``CSP_ADMIN_DIRECTIVES``,
only in the directives that must change; everything else (``object-src``, ``base-uri``,
``form-action``, the report address) stays as on the public site. Admin views of our own that
need nothing of Wagtail's scripts (``CSP_STRICT_ADMIN_VIEWS``, e.g. the printable attendee
list) keep the strict policy.

Only documents that can run script get a policy: HTML, SVG and XML. A browser shows a PDF,
an image or a text file in a page of its own, with inline styles (and for a PDF a plugin)
that a policy on that file's response blocks: the flyer opened blank and the social card
logged violations in Chrome (Chromium issue 271452). Such files run no script of the site,
so nothing is lost; calendar files and exports are downloads.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse

SCRIPTABLE_TYPES = ("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml")


def in_admin(request):
    return request.path_info.startswith(reverse("wagtailadmin_home"))


def admin_directives(site_policy):
    """The site's directives with the admin's changes, or None where the site has no policy."""
    if not site_policy:
        return None
    directives = {**site_policy.get("DIRECTIVES", {}), **settings.CSP_ADMIN_DIRECTIVES}
    return default_config(directives)


def needs_admin_policy(request):
    """Admin screens, and the previews Wagtail renders for them.

    A preview is a public page rendered inside the admin: Wagtail runs a made-up request for the
    page's public address (``is_dummy``) through the whole middleware chain, and the header set
    there is the one the admin's preview panel gets. It must let the admin frame it.
    """
    if getattr(request, "is_dummy", False):
        return True
    if not in_admin(request):
        return False
    match = getattr(request, "resolver_match", None)
    return match is None or match.view_name not in getattr(settings, "CSP_STRICT_ADMIN_VIEWS", ())


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy under the admin's URL prefix."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(SCRIPTABLE_TYPES):
            response._csp_exempt = response._csp_exempt_ro = True
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.config is None and needs_admin_policy(request):
            name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
            parts.config = admin_directives(getattr(settings, name, None))
        return parts
