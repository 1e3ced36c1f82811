"""Translating a campaign through wagtail-localize's own admin views, as a translator does.

"Translate" with *include subtree* used to leave the translated campaign with ``numchild = 0``
(wagtail-localize issue 773): its themes and form answered 404 although the admin showed them
live. These tests go through the same views as the admin (submit, translation editor's
publish, "Sync translated pages") and then open the pages as a visitor.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from campaign.checks import check_page_tree
from campaign.models import CampaignPage
from campaign.tree import find_wrong_child_counts
from tests.factories import make_campaign, make_registration_form, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def dutch_campaign(db):
    root = Page.objects.get(depth=2, locale=Locale.get_default())
    campaign = make_campaign(root)
    make_theme(campaign, slug="armoede", title="Armoede")
    make_theme(campaign, slug="nieuwkomers", title="Nieuwkomers")
    make_registration_form(campaign)
    return CampaignPage.objects.get(pk=campaign.pk)


@pytest.fixture
def translator_client(client, admin_user):
    client.force_login(admin_user)
    return client


def submit_with_subtree(client, page, language, capture):
    locale = Locale.objects.get(language_code=language)
    with capture(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
            {"locales": [locale.pk], "include_subtree": "on"},
        )
    assert response.status_code == 302
    return locale


def translated(page, locale):
    return Page.objects.get(translation_key=page.translation_key, locale=locale).specific


def subtree(page, locale):
    """The translated campaign and every translated page under it."""
    root = translated(page, locale)
    return [root, *Page.objects.descendant_of(root).specific()]


@pytest.mark.parametrize("live_status", [True, False])
def test_translating_with_subtree_keeps_the_children_in_the_tree(
    settings, translator_client, dutch_campaign, django_capture_on_commit_callbacks, live_status
):
    """wagtail-localize's default (copy the live status) and ours (drafts) both keep the tree."""
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = live_status
    arabic = submit_with_subtree(translator_client, dutch_campaign, "ar", django_capture_on_commit_callbacks)

    campaign = translated(dutch_campaign, arabic)
    assert campaign.numchild == 3
    assert campaign.get_children().count() == 3
    assert find_wrong_child_counts() == []
    assert all(page.live is live_status for page in subtree(dutch_campaign, arabic))
    if live_status:
        for page in subtree(dutch_campaign, arabic):
            assert translator_client.get(page.url).status_code == 200, page.url


def test_new_translations_are_drafts_until_the_translator_publishes(
    translator_client, client, dutch_campaign, django_capture_on_commit_callbacks
):
    arabic = submit_with_subtree(translator_client, dutch_campaign, "ar", django_capture_on_commit_callbacks)
    pages = subtree(dutch_campaign, arabic)
    assert len(pages) == 4 and not any(page.live for page in pages)

    visitor = type(client)(HTTP_HOST="localhost")
    assert visitor.get("/ar/nieuwe-campagne/").status_code == 404
    # The Dutch page's language switcher does not offer the Arabic draft (that the site's Arabic
    # home page lists no draft campaign is tested on the demo, in tests/home/test_translated_drafts.py).
    dutch_html = visitor.get("/nl/nieuwe-campagne/").content.decode()
    assert 'hreflang="ar"' not in dutch_html

    def publish(page):
        """The translation editor's "Publish" button."""
        with django_capture_on_commit_callbacks(execute=True):
            response = translator_client.post(
                reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"}
            )
        assert response.status_code in (200, 302)

    # A theme published before its campaign is not offered yet: its breadcrumb would be a 404.
    campaign, theme, *others = pages
    publish(theme)
    assert 'hreflang="ar"' not in visitor.get("/nl/nieuwe-campagne/armoede/").content.decode()
    for page in [campaign, *others]:
        publish(page)
    assert find_wrong_child_counts() == []
    for page in subtree(dutch_campaign, arabic):
        assert page.live
        assert visitor.get(page.url).status_code == 200, page.url
    assert 'hreflang="ar"' in visitor.get("/nl/nieuwe-campagne/").content.decode()
    assert 'hreflang="ar"' in visitor.get("/nl/nieuwe-campagne/armoede/").content.decode()


def test_sync_translated_pages_keeps_the_tree(
    settings, translator_client, dutch_campaign, django_capture_on_commit_callbacks
):
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
    arabic = submit_with_subtree(translator_client, dutch_campaign, "ar", django_capture_on_commit_callbacks)

    revision = dutch_campaign.get_latest_revision_as_object()
    revision.intro = "Een nieuwe inleiding."
    revision.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(dutch_campaign)
    with django_capture_on_commit_callbacks(execute=True):
        response = translator_client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]), {"publish_translations": "on"}
        )
    assert response.status_code == 302

    campaign = translated(dutch_campaign, arabic)
    assert campaign.intro == "Een nieuwe inleiding."  # untranslated: the new Dutch text
    assert campaign.numchild == 3 and find_wrong_child_counts() == []
    for page in subtree(dutch_campaign, arabic):
        assert translator_client.get(page.url).status_code == 200, page.url


def test_the_system_check_reports_damage_left_from_before(dutch_campaign):
    assert check_page_tree(databases=["default"]) == []
    Page.objects.filter(pk=dutch_campaign.pk).update(numchild=0)

    warnings = check_page_tree(databases=["default"])
    assert [w.id for w in warnings] == ["campaign.W001"]
    assert f"page {dutch_campaign.pk} (counts 0, has 3)" in warnings[0].msg
    assert "fixtree" in warnings[0].hint
    assert check_page_tree(databases=None) == []  # only when the database is asked for

    call_command("fixtree", interactive=False, verbosity=0)
    assert check_page_tree(databases=["default"]) == []
