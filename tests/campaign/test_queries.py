"""The campaign page's database work does not grow with its themes, and its cache is never stale."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.models import Session, ThemePage

pytestmark = pytest.mark.django_db

URL = "/nl/dorpaanzet/"


def make_theme(campaign, n, sessions=2):
    theme = ThemePage(title=f"Extra thema {n}", slug=f"extra-thema-{n}", summary=f"Samenvatting {n}")
    start = datetime.datetime(2030, 5, 3, 10, tzinfo=datetime.UTC)
    for i in range(sessions):
        begin = start + datetime.timedelta(days=i, minutes=n)
        theme.sessions.add(Session(start=begin, end=begin + datetime.timedelta(hours=2), sort_order=i))
    campaign.add_child(instance=theme)
    theme.save_revision().publish()
    return theme


def count_queries(client, cold):
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_query_count_is_the_same_with_5_or_20_themes(client, campaign):
    assert ThemePage.objects.child_of(campaign).live().count() == 5
    cold_5, _html = count_queries(client, cold=True)
    warm_5, _html = count_queries(client, cold=False)

    for n in range(15):
        make_theme(campaign, n)

    cold_20, html = count_queries(client, cold=True)
    warm_20, _html = count_queries(client, cold=False)
    assert html.count('class="card"') == 20
    assert html.count('class="session"') == 10 + 15 * 2
    assert (cold_20, warm_20) == (cold_5, warm_5)
    # A cached render skips the themes and their sessions.
    assert warm_5 < cold_5


def test_publishing_a_theme_shows_at_once(client, campaign, theme):
    count_queries(client, cold=True)  # the page is now cached
    theme.title = "Een nieuwe titel"
    start = datetime.datetime(2030, 5, 9, 18, tzinfo=datetime.UTC)
    theme.sessions.add(
        Session(start=start, end=start + datetime.timedelta(hours=1), note="In het gemeentehuis")
    )
    theme.save_revision().publish()

    html = client.get(URL).content.decode()
    assert "Een nieuwe titel" in html
    assert "In het gemeentehuis" in html
    assert html.count('class="session"') == 11

    theme.refresh_from_db()
    theme.unpublish()
    html = client.get(URL).content.decode()
    assert "Een nieuwe titel" not in html
    assert html.count('class="card"') == 4


def test_publishing_the_campaign_shows_at_once(client, campaign):
    count_queries(client, cold=True)
    campaign.tagline = "Samen sterk"
    campaign.save_revision().publish()
    assert "Samen sterk" in client.get(URL).content.decode()


def test_new_theme_shows_at_once(client, campaign):
    count_queries(client, cold=True)
    make_theme(campaign, 99)
    assert "Extra thema 99" in client.get(URL).content.decode()
