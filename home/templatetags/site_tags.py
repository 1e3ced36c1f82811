"""Template tags for the page chrome every public page shares."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from home.models import FooterLinks

register = template.Library()


@register.simple_tag(takes_context=True)
def page_translations(context, page=None):
    """The live translations of ``page`` (itself included), each with its language's own name.

    Used by both the language switcher and the ``hreflang`` links, so they list exactly the
    languages the page exists in. One query for the pages; URLs come from the cached site root.
    """
    page = page or context.get("page")
    request = context.get("request")
    if not isinstance(page, Page):
        return []
    cached = getattr(request, "_page_translations", None)
    if cached is not None and cached[0] == page.pk:
        return cached[1]
    order = [code for code, _name in settings.LANGUAGES]
    rows = []
    for other in page.get_translations(inclusive=True).live().select_related("locale"):
        code = other.locale.language_code
        if code not in order:
            continue
        info = translation.get_language_info(code)
        name = getattr(settings, "LANGUAGE_NAMES_LOCAL", {}).get(code, info["name_local"])
        rows.append(
            {
                "code": code,
                "name": name,
                "bidi": info["bidi"],
                "url": other.get_url(request=request),
                "full_url": other.get_full_url(request=request),
                "current": other.pk == page.pk,
            }
        )
    rows.sort(key=lambda row: order.index(row["code"]))
    if request is not None:
        request._page_translations = (page.pk, rows)
    return rows


@register.simple_tag(takes_context=True)
def footer_links(context):
    """Privacy and accessibility pages, in the visitor's language when translated."""
    request = context.get("request")
    if request is None:
        return {}
    links = FooterLinks.for_request(request)
    result = {}
    for key in ("privacy_page", "accessibility_page"):
        target = getattr(links, key)
        if target is not None:
            localized = target.localized
            if localized.live:
                result[key] = {"title": localized.title, "url": localized.get_url(request=request)}
    return result
