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
    languages the page exists in. A translation under a page that is not live in its language
    (a theme published before its campaign) is left out: its breadcrumb would lead to a 404.
    Two queries; URLs come from the cached site root.
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
    translations = [
        other
        for other in page.get_translations(inclusive=True).live().select_related("locale")
        if other.locale.language_code in order
    ]
    hidden = hidden_ancestor_paths(translations)
    for other in translations:
        if other.pk != page.pk and any(path in hidden for path in ancestor_paths(other)):
            continue
        code = other.locale.language_code
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


def ancestor_paths(page):
    """Tree paths of the page's ancestors below the root node."""
    return [page.path[:n] for n in range(2 * Page.steplen, len(page.path), Page.steplen)]


def hidden_ancestor_paths(pages):
    paths = {path for page in pages for path in ancestor_paths(page)}
    if not paths:
        return set()
    return set(Page.objects.filter(path__in=paths, live=False).values_list("path", flat=True))


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
