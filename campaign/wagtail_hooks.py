"""What the campaign app adds to the Wagtail admin: flyer buttons, and the translation editor's
text direction."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, json_script
from wagtail import hooks

from campaign.flyer.admin import flyer_buttons
from campaign.script_catalogue import script_catalogue


@hooks.register("register_admin_urls")
def campaign_script_catalogue_url():
    return [path("campaign/jsi18n/", script_catalogue, name="campaign_javascript_catalogue")]


@hooks.register("register_page_header_buttons")
def campaign_flyer_header_buttons(page, user, view_name, next_url=None):
    """A campaign page's flyer in each language, its poster and social card."""
    return flyer_buttons(page)


@hooks.register("insert_editor_js")
def translation_editor_direction_js():
    """Translation boxes written right to left for Arabic (``translation_editor.js``)."""
    return format_html(
        '{}<script src="{}" defer></script><script src="{}" defer></script>',
        json_script(list(settings.LANGUAGES_BIDI), "campaign-rtl-languages"),
        reverse("campaign_javascript_catalogue"),
        static("campaign/translation_editor.js"),
    )
