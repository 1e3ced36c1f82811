"""Admin buttons of a campaign page: its flyer in each language, its poster and social card."""

from wagtail import hooks

from campaign.flyer.admin import flyer_buttons


@hooks.register("register_page_header_buttons")
def campaign_flyer_header_buttons(page, user, view_name, next_url=None):
    return flyer_buttons(page)
