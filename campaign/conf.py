"""Settings of the campaign app and their defaults, read at call time (so tests can override them).

Another site that installs ``campaign`` sets these in its own settings; nothing here imports
that site.
"""

import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The colours of our site's stylesheet (cms/static/css/site.css), so that a site that sets
# nothing prints flyers in the same colours as its pages look here.
DEFAULT_FLYER_COLOURS = {
    "ink": "#1d1d1f",
    "muted": "#4a4a4f",
    "brand": "#005a70",
    "brand-dark": "#003d4d",
    "accent": "#ffd34d",
    "paper": "#ffffff",
    "tint": "#eef6f8",
}
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def flyer_colours():
    """``CAMPAIGN_FLYER_COLOURS``: our defaults with the site's own colours on top.

    Only ``#rgb``/``#rrggbb`` values: they are written into the print stylesheet as CSS
    variables, and a typing error should fail loudly, not print a grey flyer.
    """
    colours = {**DEFAULT_FLYER_COLOURS, **getattr(settings, "CAMPAIGN_FLYER_COLOURS", {})}
    for name, value in colours.items():
        if not re.fullmatch(r"[a-z-]+", name) or not COLOUR.match(str(value)):
            raise ImproperlyConfigured(f"CAMPAIGN_FLYER_COLOURS[{name!r}] must be a colour like #005a70")
    return colours


def flyer_bleed():
    """``CAMPAIGN_FLYER_BLEED``: whether flyers get the print shop's bleed unless a link asks."""
    return bool(getattr(settings, "CAMPAIGN_FLYER_BLEED", False))


def flyer_bleed_mm():
    """``CAMPAIGN_FLYER_BLEED_MM``: how far the coloured parts run past the trim edge."""
    return float(getattr(settings, "CAMPAIGN_FLYER_BLEED_MM", 3))


def flyer_base_url():
    """``CAMPAIGN_FLYER_BASE_URL``: the public address printed on flyers (e.g.
    ``https://www.herent.be``). Empty: the address the flyer was downloaded from."""
    return getattr(settings, "CAMPAIGN_FLYER_BASE_URL", "").rstrip("/")


def flyer_cache():
    """``CAMPAIGN_FLYER_CACHE``: the cache alias that keeps generated flyers."""
    from django.core.cache import caches

    return caches[getattr(settings, "CAMPAIGN_FLYER_CACHE", "default")]


def flyer_cache_seconds():
    """``CAMPAIGN_FLYER_CACHE_SECONDS``: how long an unchanged flyer is kept (0: never)."""
    return int(getattr(settings, "CAMPAIGN_FLYER_CACHE_SECONDS", 24 * 3600))


def time_zone():
    """``CAMPAIGN_TIME_ZONE`` (default ``TIME_ZONE``): the zone sessions are shown, mailed and exported in."""
    return ZoneInfo(getattr(settings, "CAMPAIGN_TIME_ZONE", settings.TIME_ZONE))


def calendar_product_id():
    """``CAMPAIGN_CALENDAR_PRODUCT_ID``: who made a calendar file (PRODID); by default the site's name."""
    default = (
        f"-//{getattr(settings, 'WAGTAIL_SITE_NAME', 'Wagtail')}//campaign//{settings.LANGUAGE_CODE.upper()}"
    )
    return getattr(settings, "CAMPAIGN_CALENDAR_PRODUCT_ID", default)


def parent_page_types():
    """``CAMPAIGN_PARENT_PAGE_TYPES``: the page types a campaign may be created under (``None``: any)."""
    return getattr(settings, "CAMPAIGN_PARENT_PAGE_TYPES", None)


def extra_subpage_types():
    """``CAMPAIGN_EXTRA_SUBPAGE_TYPES``: page types allowed under a campaign besides its themes."""
    return list(getattr(settings, "CAMPAIGN_EXTRA_SUBPAGE_TYPES", []))
