"""What the campaign app adds to the Wagtail admin."""

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html, json_script
from wagtail import hooks


@hooks.register("insert_editor_js")
def translation_editor_direction_js():
    """Translation boxes written right to left for Arabic (``translation_editor.js``)."""
    return format_html(
        '{}<script src="{}" defer></script>',
        json_script(list(settings.LANGUAGES_BIDI), "campaign-rtl-languages"),
        static("campaign/translation_editor.js"),
    )
