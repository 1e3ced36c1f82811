"""Extension points the campaign app offers to other apps, without importing them.

The forms app registers ``campaign_registration_url`` so a campaign page can show a call to
action to its registration page, while ``campaign`` itself knows nothing about forms.
What a hook shows is part of the campaign page's cached content: an app whose answer changes
outside page publishing (e.g. seats) must call ``campaign.freshness.touch_campaigns_of_sessions``.
"""

from wagtail import hooks

REGISTRATION_URL_HOOK = "campaign_registration_url"
SESSION_STATUS_HOOK = "campaign_session_status"


def get_registration_url_hooks():
    return hooks.get_hooks(REGISTRATION_URL_HOOK)
