"""Extension points the campaign app offers to other apps, without importing them.

The forms app registers ``campaign_registration_url`` so a campaign page can show a call to
action to its registration page, while ``campaign`` itself knows nothing about forms.
"""

from wagtail import hooks

REGISTRATION_URL_HOOK = "campaign_registration_url"
SESSION_STATUS_HOOK = "campaign_session_status"
# fn(campaign, request) -> str: changes whenever what the app adds to a campaign page changes
# (e.g. seats left), so the page's cached content is never stale. Changes to the campaign's
# child pages (e.g. a registration page published) are already part of the page's own key.
CACHE_VERSION_HOOK = "campaign_cache_version"


def get_registration_url_hooks():
    return hooks.get_hooks(REGISTRATION_URL_HOOK)


def get_session_status_hooks():
    return hooks.get_hooks(SESSION_STATUS_HOOK)


def get_cache_version_hooks():
    return hooks.get_hooks(CACHE_VERSION_HOOK)
