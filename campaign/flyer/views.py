"""Responses of the campaign page's print routes (``CampaignPage.flyer_view`` and friends).

The URL's language and the page's must agree: when a language has no home page Wagtail
falls back to the Dutch tree, and a "Turkish" flyer in Dutch would be worse than a 404.
"""

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header

from campaign.flyer import files

YES = {"1", "yes", "true", "on"}
NO = {"0", "no", "false", "off"}


def check_language(page):
    if page.locale.language_code != translation.get_language():
        raise Http404


def bleed_from(request):
    """``?bleed=1`` or ``?bleed=0`` overrides the setting; anything else leaves it."""
    value = request.GET.get("bleed", "").lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def pdf_response(request, page, fmt):
    check_language(page)
    bleed = bleed_from(request)
    data = files.pdf(page, request, fmt=fmt, bleed=bleed)
    suffix = "-bleed" if bleed else ""
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"{page.slug}-{page.locale.language_code}-{fmt}{suffix}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


def social_card_response(request, page):
    check_language(page)
    response = HttpResponse(files.social_card(page, request), content_type="image/png")
    response["Cache-Control"] = "public, max-age=600"
    return response
