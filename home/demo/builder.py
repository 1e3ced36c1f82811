"""Builds the demo campaign from the content files in ``home/demo/content/``.

The Dutch file is the source; each other language file has the same shape, so walking both
side by side gives a translation memory (Dutch string → translated string, ``campaign.seed``).
Translations are made the way a translator's work is stored: wagtail-localize
``TranslationSource`` and ``StringTranslation`` rows, then a published revision. Editors can
later update them in the admin like any other translation.

Idempotent: anything that exists is left as it is; only what is missing is created.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale, Page, Site

from campaign.conf import time_zone
from campaign.models import CampaignPage, Session, ThemePage
from campaign.seed import campaign_body, load_content, paragraph, translate_page, translation_memory
from forms.models import FormField, RegistrationFormPage
from home.models import ContentPage, FooterLinks, HomePage

CONTENT_DIR = Path(__file__).parent / "content"
SOURCE_LANGUAGE = "nl"

# Which day (0, 1, 2 = 3, 4, 5 May) and time each theme's two sessions have.
SLOTS = [((10, 0), (12, 0)), ((14, 0), (16, 0)), ((19, 0), (21, 0))]
SCHEDULE = [
    [(0, 2), (2, 1)],
    [(0, 1), (1, 2)],
    [(1, 1), (2, 2)],
    [(0, 0), (1, 0)],
    [(1, 2), (2, 0)],
]
SESSION_CAPACITY = 20


def next_may(today=None):
    """The year of the next 3 May that has not passed yet."""
    today = today or datetime.date.today()
    return today.year if today <= datetime.date(today.year, 5, 3) else today.year + 1


class DemoBuilder:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.nl = load_content(CONTENT_DIR, SOURCE_LANGUAGE)
        self.missing = []

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    @transaction.atomic
    def build(self):
        self.ensure_locales()
        home = self.ensure_home()
        campaign = self.ensure_campaign(home)
        themes = [self.ensure_theme(campaign, i, data) for i, data in enumerate(self.nl["themes"])]
        accessibility = self.ensure_content_page(home, self.nl["accessibility"])
        privacy = self.ensure_content_page(home, self.nl["privacy"])
        self.ensure_footer(home, privacy, accessibility)
        form = self.ensure_form(campaign, privacy)
        for language in self.target_languages():
            memory = translation_memory(self.nl, load_content(CONTENT_DIR, language))
            for page in [home, campaign, *themes, accessibility, privacy, form]:
                self.ensure_translation(page, language, memory)
        self.ensure_admin()
        return home

    def target_languages(self):
        return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]

    def ensure_locales(self):
        for code, _name in settings.LANGUAGES:
            Locale.objects.get_or_create(language_code=code)

    def ensure_home(self):
        locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
        home = HomePage.objects.filter(locale=locale).first()
        root = Page.get_first_root_node()
        if home is None:
            data = self.nl["home"]
            # Replace Wagtail's placeholder "Welcome" page when it is still untouched.
            for placeholder in root.get_children().filter(content_type__model="page", numchild=0):
                placeholder.delete()
            home = root.add_child(
                instance=HomePage(
                    title=data["title"], slug="home", locale=locale, intro=paragraph(data["intro"])
                )
            )
            home.save_revision().publish()
            self.log(f"Created home page {home.title}")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=self.nl["home"]["title"],
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = self.nl["home"]["title"]
            site.save()
        return home

    def child(self, parent, model, slug):
        return model.objects.child_of(parent).filter(slug=slug).first()

    def ensure_campaign(self, home):
        data = self.nl["campaign"]
        campaign = self.child(home, CampaignPage, data["slug"])
        if campaign:
            return campaign
        campaign = home.add_child(
            instance=CampaignPage(
                title=data["title"],
                slug=data["slug"],
                hashtag=data["hashtag"],
                tagline=data["tagline"],
                intro=data["intro"],
                flyer_intro=data["flyer_intro"],
                body=campaign_body(data["body"]),
            )
        )
        campaign.save_revision().publish()
        self.log(f"Created campaign {campaign.title}")
        return campaign

    def ensure_theme(self, campaign, index, data):
        theme = self.child(campaign, ThemePage, data["slug"])
        if theme:
            return theme
        year = next_may()
        theme = ThemePage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            body="".join(paragraph(p) for p in data["body"]),
            questions=[("question", q) for q in data["questions"]],
        )
        zone = time_zone()  # the flyer's times are the campaign's local times
        for n, (day, slot) in enumerate(SCHEDULE[index % len(SCHEDULE)]):
            (h1, m1), (h2, m2) = SLOTS[slot]
            date = datetime.date(year, 5, 3 + day)
            theme.sessions.add(
                Session(
                    start=datetime.datetime(date.year, date.month, date.day, h1, m1, tzinfo=zone),
                    end=datetime.datetime(date.year, date.month, date.day, h2, m2, tzinfo=zone),
                    capacity=SESSION_CAPACITY,
                    meeting_url=f"https://teams.microsoft.com/l/meetup-join/demo-{data['slug']}-{n + 1}",
                    note=self.nl["session_note"],
                    sort_order=n,
                )
            )
        campaign.add_child(instance=theme)
        theme.save_revision().publish()
        self.log(f"Created theme {theme.title}")
        return theme

    def ensure_content_page(self, home, data):
        page = self.child(home, ContentPage, data["slug"])
        if page:
            return page
        body = []
        for section in data["sections"]:
            body.append(("heading", section["heading"]))
            body.extend(("paragraph", paragraph(p)) for p in section["paragraphs"])
        page = home.add_child(
            instance=ContentPage(title=data["title"], slug=data["slug"], intro=data["intro"], body=body)
        )
        page.save_revision().publish()
        self.log(f"Created page {page.title}")
        return page

    def ensure_form(self, campaign, privacy):
        """The registration form "Inschrijven"; the campaign's call to action finds it by hook."""
        data = self.nl["form"]
        form = self.child(campaign, RegistrationFormPage, data["slug"])
        if form:
            return form
        form = RegistrationFormPage(
            title=data["title"],
            slug=data["slug"],
            intro=paragraph(data["intro"]),
            thank_you_text=paragraph(data["thank_you"]),
            waiting_list_text=data["waiting_list"],
        )
        for n, field in enumerate(data["fields"]):
            form.form_fields.add(
                FormField(
                    sort_order=n,
                    field_type=field["type"],
                    label=field["label"],
                    help_text=field["help"],
                    required=field["required"],
                    multiple=field.get("multiple", True),
                    choices=[("choice", choice) for choice in field.get("choices", [])],
                    link_page=privacy if field.get("link") == "privacy" else None,
                    purpose=field.get("purpose", ""),
                )
            )
        campaign.add_child(instance=form)
        form.save_revision().publish()
        self.log(f"Created form {form.title}")
        return form

    def ensure_footer(self, home, privacy, accessibility):
        site = Site.objects.get(root_page=home)
        links = FooterLinks.for_site(site)
        if links.privacy_page_id is None or links.accessibility_page_id is None:
            links.privacy_page = links.privacy_page or privacy
            links.accessibility_page = links.accessibility_page or accessibility
            links.save()

    def ensure_translation(self, page, language, memory):
        locale = Locale.objects.get(language_code=language)
        if page.has_translation(locale):
            return
        self.missing += [(language, page.slug, text) for text in translate_page(page, locale, memory)]
        self.log(f"Translated {page.title} into {language}")

    def ensure_admin(self):
        """A local superuser admin/admin, only where DEBUG is on (never in production)."""
        if not settings.DEBUG:
            return
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.org", "admin")
            self.log("Created superuser admin / admin (local use only)")
