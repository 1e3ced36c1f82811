"""The flyer, poster and social card of a campaign, made once and kept in the cache.

The cache key holds the campaign page's id, address and last publication and
``pages_changed_at``, the freshness mark that moves whenever a theme or the registration
page under it is published, unpublished, moved or deleted (``campaign.freshness``), but not
when seats are taken (a flyer shows no seats, and remaking it costs a third of a second) —
and the language, the format, the bleed, the printed addresses and a fingerprint of the print
templates and colours. So the next download after any of these changes is made anew, on
every app server, without asking the database whether the old copy is still right.
"""

import hashlib
import json
from functools import cache

from django.template.loader import get_template

from campaign import conf
from campaign.flyer import content, render

TEMPLATES = [
    "campaign/flyer/flyer.html",
    "campaign/flyer/flyer.css",
    "campaign/flyer/social_card.html",
]


@cache
def template_fingerprint():
    """Changes when a deployment changes the print templates (one read per process)."""
    digest = hashlib.sha256()
    for name in TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()[:16]


def cache_key(kind, page, registration_url, bleed_mm=0.0):
    parts = [
        kind,
        str(page.pk),
        page.url_path,
        page.last_published_at.isoformat() if page.last_published_at else "",
        page.pages_changed_at.isoformat() if page.pages_changed_at else "",
        page.locale.language_code,
        registration_url,
        f"{bleed_mm:g}",
        conf.flyer_base_url(),
        template_fingerprint(),
        json.dumps(conf.flyer_colours(), sort_keys=True),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"campaign-flyer:{kind}:{digest}"


def cached(key, build):
    store, seconds = conf.flyer_cache(), conf.flyer_cache_seconds()
    if seconds <= 0:
        return build()
    data = store.get(key)
    if data is None:
        data = build()
        store.set(key, data, seconds)
    return data


def pdf(page, request=None, fmt="flyer", bleed=None):
    """The PDF of ``page`` (a live ``CampaignPage``) in its own language.

    ``fmt``: "flyer" (A4) or "poster" (A3). ``bleed``: True/False, or None for the
    ``CAMPAIGN_FLYER_BLEED`` setting.
    """
    fmt = render.FORMATS[fmt]
    bleed = conf.flyer_bleed() if bleed is None else bleed
    bleed_mm = conf.flyer_bleed_mm() if bleed else 0.0
    registration = content.registration_url(page, request)
    key = cache_key(fmt.name, page, registration, bleed_mm)
    return cached(key, lambda: render.flyer_pdf(content.gather(page, request, registration), fmt, bleed_mm))


def social_card(page, request=None):
    """The 1200×630 PNG of the title, days and tagline, for link previews."""
    registration = content.registration_url(page, request)
    key = cache_key("social-card", page, registration)
    return cached(key, lambda: render.social_card_png(content.gather(page, request, registration)))
