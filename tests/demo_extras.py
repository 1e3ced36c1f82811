"""Pages the demo lacks but the page checks need: pages without sessions, a general form.

A campaign whose theme has no sessions yet (no event days, no calendar to add), and a
registration form under the home page that belongs to no campaign (no sessions field), each
in every language as real wagtail-localize translations of the Dutch page. Used by the HTML
check (in its test database) and by the browser tests (in their server's database).
"""

from django.conf import settings
from wagtail.models import Locale

from campaign.models import CampaignPage, ThemePage
from forms.models import RegistrationFormPage
from home.models import HomePage
from tests.forms.utils import make_form, translate

CAMPAIGN_SLUG = "nog-geen-data"
THEME_SLUG = "zonder-sessies"
FORM_SLUG = "algemeen"
GENERAL_FORM_FIELDS = ["singleline", "email", "phone", "date", "dropdown", "checkboxes", "consent"]


def add_pages_without_sessions():
    """``{name: Dutch page}``; pages that exist already are kept (safe to run again)."""
    home = HomePage.objects.get(locale=Locale.get_default())
    campaign = CampaignPage.objects.child_of(home).filter(slug=CAMPAIGN_SLUG).first()
    if campaign is None:
        campaign = home.add_child(
            instance=CampaignPage(title="Nog geen data", slug=CAMPAIGN_SLUG, intro="Binnenkort meer.")
        )
        campaign.save_revision().publish()
    theme = ThemePage.objects.child_of(campaign).filter(slug=THEME_SLUG).first()
    if theme is None:
        theme = campaign.add_child(
            instance=ThemePage(title="Zonder sessies", slug=THEME_SLUG, summary="De data volgen later.")
        )
        theme.save_revision().publish()
    form = RegistrationFormPage.objects.child_of(home).filter(slug=FORM_SLUG).first()
    if form is None:
        form = make_form(home, slug=FORM_SLUG, title="Algemeen formulier", fields=GENERAL_FORM_FIELDS)
    pages = {"campaign-without-sessions": campaign, "theme-without-sessions": theme, "general-form": form}
    for code, _name in settings.LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        for page in pages.values():
            if not page.has_translation(locale) and page.locale_id != locale.pk:
                translate(page, locale)
    return pages
