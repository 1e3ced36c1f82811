"""Site-wide files that are not pages: ``robots.txt`` and ``/favicon.ico``."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request):
    """Crawlers may read every public page, not the admin; the sitemap lists all languages."""
    return TemplateResponse(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def favicon(request):
    """Programs that ask for ``/favicon.ico`` without reading the page get the site's icon."""
    return HttpResponseRedirect(static("icons/favicon-32.png"))


def bad_request(request, exception=None):
    """A clear "400" page in the visitor's language, for a request that cannot be read.

    Django's own handler re-runs the CSRF check, which reads the request body again: a form
    posted in a charset other than UTF-8 (``charset=utf-7``) raised a second error inside the
    error page and became a 500.
    """
    return TemplateResponse(request, "400.html", status=400)
