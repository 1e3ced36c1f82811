"""An extension-only site for the tests of ``campaign`` and ``forms``, built without the demo.

One root page per language (a plain Wagtail page: the extension needs no page type of the
site), the campaign "dorpaanzet" with five themes of two sessions each, the registration form
"Inschrijven" and a privacy page its consent field links to. The content comes from
``content/<language>.json`` here in ``tests/`` (Dutch is the source), so the tests' assertions on
labels, choices and titles do not depend on what the demo shows. Translations are real
wagtail-localize ones (``StringTranslation`` rows, then a published revision), as a
translator's work is stored.
"""

import datetime
from pathlib import Path

from django.conf import settings
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Locale, Page, Site

from campaign.seed import campaign_body, load_content, paragraph, translate_page, translation_memory
from tests.factories import BRUSSELS, make_campaign, make_registration_form, make_theme, publish

CONTENT_DIR = Path(__file__).parent / "content"
SOURCE_LANGUAGE = "nl"
# Which day (0, 1, 2 = 3, 4, 5 May) and which slot each theme's two sessions have.
SLOTS = [((10, 0), (12, 0)), ((14, 0), (16, 0)), ((19, 0), (21, 0))]
SCHEDULE = [[(0, 2), (2, 1)], [(0, 1), (1, 2)], [(1, 1), (2, 2)], [(0, 0), (1, 0)], [(1, 2), (2, 0)]]
SESSION_CAPACITY = 20


def next_may(today=None):
    """The year of the next 3 May that has not passed yet, so every session is still to come."""
    today = today or datetime.date.today()
    return today.year if today <= datetime.date(today.year, 5, 3) else today.year + 1


def theme_slots(index, year):
    slots = []
    for day, slot in SCHEDULE[index % len(SCHEDULE)]:
        (h1, m1), (h2, m2) = SLOTS[slot]
        date = datetime.date(year, 5, 3 + day)
        slots.append(
            (
                datetime.datetime(date.year, date.month, date.day, h1, m1, tzinfo=BRUSSELS),
                datetime.datetime(date.year, date.month, date.day, h2, m2, tzinfo=BRUSSELS),
            )
        )
    return slots


def form_fields(data, privacy):
    return [
        {
            "field_type": field["type"],
            "label": field["label"],
            "help_text": field["help"],
            "required": field["required"],
            "multiple": field.get("multiple", True),
            "choices": [("choice", choice) for choice in field.get("choices", [])],
            "link_page": privacy if field.get("link") == "privacy" else None,
            "purpose": field.get("purpose", ""),
        }
        for field in data["fields"]
    ]


class SiteBuilder:
    """Builds the site once into an empty database (Wagtail's placeholder page is replaced)."""

    def __init__(self):
        self.nl = load_content(CONTENT_DIR, SOURCE_LANGUAGE)
        self.missing = []

    def build(self):
        for code, _name in settings.LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        root = self.make_root()
        campaign = self.make_campaign(root)
        year = next_may()
        themes = [
            make_theme(
                campaign,
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                body="".join(paragraph(p) for p in data["body"]),
                questions=[("question", q) for q in data["questions"]],
                slots=theme_slots(index, year),
                capacity=SESSION_CAPACITY,
                note=self.nl["session_note"],
            )
            for index, data in enumerate(self.nl["themes"])
        ]
        for theme in themes:
            for n, session in enumerate(theme.sessions.order_by("sort_order")):
                session.meeting_url = f"https://teams.microsoft.com/l/meetup-join/test-{theme.slug}-{n + 1}"
                session.save(update_fields=["meeting_url"])
        privacy = publish(root, Page(title=self.nl["privacy"]["title"], slug=self.nl["privacy"]["slug"]))
        form = self.make_form(campaign, privacy)
        for code, _name in settings.LANGUAGES:
            if code == SOURCE_LANGUAGE:
                continue
            memory = translation_memory(self.nl, load_content(CONTENT_DIR, code))
            for page in [root, campaign, *themes, privacy, form]:
                self.translate(page, code, memory)
        return campaign

    def make_root(self):
        locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
        top = Page.get_first_root_node()
        for placeholder in top.get_children():
            placeholder.delete()
        root = publish(top, Page(title=self.nl["root"]["title"], slug="home", locale=locale))
        site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80)
        site.root_page, site.is_default_site, site.site_name = root, True, root.title
        site.save()
        # Whatever settings the site registers exist from the start, as on a site in use: the
        # first page view would otherwise create them and count queries the extension does not make.
        for model in settings_registry:
            if issubclass(model, BaseSiteSetting):
                model.for_site(site)
            else:
                model.load()
        return root

    def make_campaign(self, root):
        data = self.nl["campaign"]
        return make_campaign(
            root,
            slug=data["slug"],
            title=data["title"],
            hashtag=data["hashtag"],
            tagline=data["tagline"],
            intro=data["intro"],
            flyer_intro=data["flyer_intro"],
            body=campaign_body(data["body"]),
        )

    def make_form(self, campaign, privacy):
        data = self.nl["form"]
        return make_registration_form(
            campaign,
            slug=data["slug"],
            title=data["title"],
            intro=paragraph(data["intro"]),
            thank_you_text=paragraph(data["thank_you"]),
            waiting_list_text=data["waiting_list"],
            use_captcha=True,
            fields=form_fields(data, privacy),
        )

    def translate(self, page, language, memory):
        locale = Locale.objects.get(language_code=language)
        self.missing += [(language, page.slug, text) for text in translate_page(page, locale, memory)]
