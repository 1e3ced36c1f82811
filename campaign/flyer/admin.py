"""The "Download flyer" buttons on a campaign page in the admin.

One flyer button per language the campaign is published in (communications staff print the
languages their readers need, not only the one they edit), then the poster, the print-shop
copy with bleed and the social card of the language being edited. They link to the public
files, so what staff download is exactly what a visitor gets.
"""

from django.conf import settings
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.admin.widgets import Button

from campaign import conf

PRIORITY = 90


def live_translations(page):
    """The page and its live translations, in the order of ``LANGUAGES``."""
    order = {code: n for n, (code, _name) in enumerate(settings.LANGUAGES)}
    pages = [p.specific for p in page.get_translations(inclusive=True).live().select_related("locale")]
    return sorted(pages, key=lambda p: order.get(p.locale.language_code, len(order)))


def flyer_buttons(page):
    from campaign.models import CampaignPage

    if not isinstance(page.specific_deferred, CampaignPage):
        return []
    buttons = []
    for n, translation in enumerate(live_translations(page)):
        url = translation.get_file_url("flyer")
        if url:
            label = _("Download flyer (%(language)s)") % {"language": translation.locale.get_display_name()}
            buttons.append(
                Button(label, url, icon_name="download", attrs={"download": ""}, priority=PRIORITY + n)
            )
    page = page.specific
    if page.live and page.get_url():
        bleed = _("Download flyer for the print shop (%(bleed)s mm bleed)") % {
            "bleed": f"{conf.flyer_bleed_mm():g}"
        }
        extra = [
            (_("Download poster (A3)"), page.get_file_url("poster")),
            (bleed, f"{page.get_file_url('flyer')}?{urlencode({'bleed': 1})}"),
            (_("Download social card (PNG)"), page.get_file_url("social_card")),
        ]
        for n, (label, url) in enumerate(extra, start=len(buttons)):
            buttons.append(
                Button(label, url, icon_name="download", attrs={"download": ""}, priority=PRIORITY + n)
            )
    return buttons
