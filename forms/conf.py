"""Settings of the forms app and their defaults, read at call time (so tests can override them).

One prefix, ``CAMPAIGN_FORMS_``, after the distribution (wagtail-campaigns) and the app label
(``campaign_forms``): ``FORMS_`` alone would be anyone's. Names this app read before they had that
prefix (``REGISTRATION_*``) are reported by a system check (``forms.checks``) instead of being
read quietly, so a site that upgrades sees that its setting no longer counts.

Django's and Wagtail's own settings (``LANGUAGES``, ``WAGTAILADMIN_BASE_URL`` …) are read where
they are used: they are the framework's, not this app's.
"""

from django.conf import settings

DEFAULT_RATE_LIMIT = {"posts": 20, "seconds": 600}
DEFAULT_PAGE_CACHE_SECONDS = 600
DEFAULT_ATTENDEE_FIELDS = ["type:radio", "type:dropdown", "type:checkboxes", "type:multiline"]

# Old name -> new name, for the upgrade check.
RENAMED = {
    "REGISTRATION_RATE_LIMIT": "CAMPAIGN_FORMS_RATE_LIMIT",
    "REGISTRATION_TRUSTED_PROXIES": "CAMPAIGN_FORMS_TRUSTED_PROXIES",
    "REGISTRATION_PAGE_CACHE": "CAMPAIGN_FORMS_PAGE_CACHE",
    "REGISTRATION_PAGE_CACHE_SECONDS": "CAMPAIGN_FORMS_PAGE_CACHE_SECONDS",
    "REGISTRATION_FORM_PARENT_PAGE_TYPES": "CAMPAIGN_FORMS_PARENT_PAGE_TYPES",
}


def rate_limit():
    """``CAMPAIGN_FORMS_RATE_LIMIT``: posts one address may send per window; keys override the default."""
    return {**DEFAULT_RATE_LIMIT, **getattr(settings, "CAMPAIGN_FORMS_RATE_LIMIT", {})}


def trusted_proxies():
    """``CAMPAIGN_FORMS_TRUSTED_PROXIES``: reverse proxies in front of the app whose ``X-Forwarded-For`` counts."""
    return int(getattr(settings, "CAMPAIGN_FORMS_TRUSTED_PROXIES", 0) or 0)


def page_cache():
    """``CAMPAIGN_FORMS_PAGE_CACHE``: the cache alias that keeps the stored copy of registration pages."""
    from django.core.cache import caches

    return caches[getattr(settings, "CAMPAIGN_FORMS_PAGE_CACHE", "default")]


def page_cache_seconds():
    """``CAMPAIGN_FORMS_PAGE_CACHE_SECONDS``: how long that copy lives at most (0: no copy)."""
    return getattr(settings, "CAMPAIGN_FORMS_PAGE_CACHE_SECONDS", DEFAULT_PAGE_CACHE_SECONDS)


def parent_page_types():
    """``CAMPAIGN_FORMS_PARENT_PAGE_TYPES``: the page types a registration form may be created under."""
    return getattr(settings, "CAMPAIGN_FORMS_PARENT_PAGE_TYPES", ["campaign.CampaignPage"])


def attendee_fields():
    """``CAMPAIGN_FORMS_ATTENDEE_FIELDS``: the answers on attendee lists (field keys or ``type:<field type>``)."""
    return getattr(settings, "CAMPAIGN_FORMS_ATTENDEE_FIELDS", DEFAULT_ATTENDEE_FIELDS)
