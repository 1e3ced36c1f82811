"""The demo command: idempotent, complete, and no admin account outside DEBUG."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision
from wagtail_localize.models import StringTranslation, Translation

from campaign.models import CampaignPage, Session, ThemePage
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.django_db


def snapshot():
    pages = list(
        Page.objects.order_by("path").values_list("pk", "path", "slug", "locale__language_code", "live")
    )
    sessions = list(
        Session.objects.order_by("pk").values_list("pk", "translation_key", "start", "end", "locale_id")
    )
    return (
        pages,
        sessions,
        Revision.objects.count(),
        Translation.objects.count(),
        StringTranslation.objects.count(),
    )


def test_load_demo_twice_changes_nothing():
    before = snapshot()
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_demo_builds_the_flyer_campaign_in_six_languages():
    for language in LANGUAGES:
        campaign = CampaignPage.objects.get(slug="dorpaanzet", locale__language_code=language)
        assert campaign.live
        themes = ThemePage.objects.child_of(campaign).live()
        assert themes.count() == 5
        sessions = campaign.get_sessions()
        assert {s.start.astimezone(campaign_tz()).day for s in sessions} == {3, 4, 5}
        assert {s.start.month for s in sessions} == {5}
    dutch = CampaignPage.objects.get(slug="dorpaanzet", locale__language_code="nl")
    assert dutch.title == "Over welzijn — Dorp aan zet"
    assert dutch.tagline == "SAMEN!"
    assert [t.title for t in ThemePage.objects.child_of(dutch).order_by("path")] == [
        "Kansen voor kinderen en jongeren",
        "Armoede",
        "Zorg in buurten en verbinding",
        "Nieuwkomers",
        "Iedereen mee",
    ]


def test_translations_are_real_wagtail_localize_translations():
    dutch = CampaignPage.objects.get(slug="dorpaanzet", locale__language_code="nl")
    translations = Translation.objects.filter(source__object_id=dutch.translation_key)
    assert {t.target_locale.language_code for t in translations} == set(LANGUAGES) - {"nl"}
    arabic = dutch.get_translation(translations.get(target_locale__language_code="ar").target_locale)
    assert arabic.intro != dutch.intro
    # Sessions in every language share the Dutch rows' translation keys (seats live on one row).
    dutch_keys = set(
        Session.objects.filter(theme__locale=dutch.locale).values_list("translation_key", flat=True)
    )
    arabic_keys = set(
        Session.objects.filter(theme__locale=arabic.locale).values_list("translation_key", flat=True)
    )
    assert dutch_keys == arabic_keys and len(dutch_keys) == 10


def test_no_admin_account_without_debug(settings):
    settings.DEBUG = False
    get_user_model().objects.filter(username="admin").delete()
    call_command("load_demo", verbosity=0)
    assert not get_user_model().objects.filter(username="admin").exists()


def test_admin_account_for_local_use(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("admin")


def campaign_tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Brussels")


def test_accessibility_statement_says_how_it_was_tested_and_what_does_not_conform(client):
    dutch = client.get("/nl/toegankelijkheid/").content.decode()
    for language in LANGUAGES:
        response = client.get(f"/{language}/toegankelijkheid/")
        assert response.status_code == 200
        html = response.content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        # Two bulleted lists: what does not conform yet, and how the site was tested.
        assert main.count("<ul>") == 2, language
        for fact in ("Microsoft Teams", "PDF", "WCAG 1.4.5", "W3C Nu HTML Checker", "axe-core", "320", "Tab"):
            assert fact.lower() in main.lower(), (language, fact)
        if language != "nl":
            assert main != dutch[dutch.index("<main") : dutch.index("</main>")]
