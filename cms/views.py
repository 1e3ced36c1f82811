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
