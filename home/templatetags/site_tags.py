"""Template tags for the page chrome every public page shares."""

import html
import re

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site

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
def site_home(context):
    """The site's home page in the visitor's language, or None without a site.

    The header, the share card and the 404 page all ask; it is looked up once per request.
    """
    request = context.get("request")
    cached = getattr(request, "_site_home", False)
    if cached is not False:
        return cached
    site = Site.find_for_request(request) if request is not None else None
    home = site.root_page.localized if site else None
    if request is not None:
        request._site_home = home
    return home


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


# Share and search ----------------------------------------------------------------------------

ASCII_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
DESCRIPTION_FIELDS = ("summary", "intro", "tagline")
DESCRIPTION_MAX = 300
SHARE_RENDITION = "fill-1200x630"
DEFAULT_SHARE_IMAGE = {"path": "icons/share-default.png", "width": 1200, "height": 630}


def page_description(page):
    """What search engines and share cards show under the title.

    The editor's *search description* (Promote tab) wins; else the page's own short text:
    a theme's summary, the introduction of a campaign, form, home or content page, a
    campaign's tagline. Rich text becomes plain text, cut at a word near 300 characters.
    """
    text = getattr(page, "search_description", "") or ""
    for name in () if text else DESCRIPTION_FIELDS:
        text = str(getattr(page, name, "") or "")
        if text.strip():
            break
    # Line breaks and runs of spaces become one space; a no-break space (French "Herent ?") stays.
    text = ASCII_WHITESPACE.sub(" ", html.unescape(strip_tags(text))).strip()
    return Truncator(text).chars(DESCRIPTION_MAX)


def share_image(page, request):
    """``{"url", "width", "height", "alt"}`` of the picture a share card shows.

    A page that makes its own (``get_share_image(request)``, e.g. a campaign's social card)
    decides; else the page's ``image`` as a 1200×630 rendition (Open Graph's large card);
    else the site's default card.
    """
    if hasattr(page, "get_share_image"):
        image = page.get_share_image(request)
        if image:
            return image
    picture = getattr(page, "image", None)
    if isinstance(picture, AbstractImage):
        rendition = picture.get_rendition(SHARE_RENDITION)
        return {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": picture.default_alt_text,
        }
    return {
        "url": request.build_absolute_uri(static(DEFAULT_SHARE_IMAGE["path"])),
        "width": DEFAULT_SHARE_IMAGE["width"],
        "height": DEFAULT_SHARE_IMAGE["height"],
        "alt": gettext("Municipality of Herent"),
    }


def open_graph_locale(code):
    """``nl_BE`` for ``nl``: Open Graph wants language and territory (``OPEN_GRAPH_LOCALES``)."""
    return getattr(settings, "OPEN_GRAPH_LOCALES", {}).get(code) or translation.to_locale(code)


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def share_meta(context):
    """Description, canonical link, Open Graph and Twitter card tags for the page's ``<head>``.

    A page's canonical address is its own; a sub-view of it (the thank-you page) has none and
    shares the page itself. Views that are not a page (cancel pages, 404) share the site: its
    name, and the description and address of its home page in the visitor's language, never
    their own address (a cancel link is personal).
    """
    request = context.get("request")
    if request is None:
        return {}
    home = site_home(context)
    # The site's name in the visitor's language, as the page header shows it.
    site_name = home.title if home else ""
    page = context.get("page")
    canonical, alternates = "", []
    if isinstance(page, Page):
        title = page.seo_title or page.title
        url = page.get_full_url(request=request)
        if request.path == page.get_url(request=request):
            canonical = url
        alternates = [
            open_graph_locale(t["code"]) for t in page_translations(context, page) if not t["current"]
        ]
    else:
        page = home.specific if home else None
        title = site_name
        url = page.get_full_url(request=request) if page else request.build_absolute_uri("/")
    return {
        "title": title,
        "site_name": site_name,
        "description": page_description(page) if page is not None else "",
        "canonical": canonical,
        "url": url,
        "locale": open_graph_locale(translation.get_language() or settings.LANGUAGE_CODE),
        "alternate_locales": alternates,
        "image": share_image(page, request),
    }
