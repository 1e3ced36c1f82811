"""Campaign pages of the extension: themes and sessions on the page, the calendar link."""

import pytest

from tests.factories import make_campaign, make_theme

pytestmark = pytest.mark.django_db


def test_campaign_page_shows_all_themes_and_sessions(client):
    response = client.get("/nl/dorpaanzet/")
    html = response.content.decode()
    for title in [
        "Kansen voor kinderen en jongeren",
        "Armoede",
        "Zorg in buurten en verbinding",
        "Nieuwkomers",
        "Iedereen mee",
    ]:
        assert title in html
    assert html.count('class="session"') == 10
    assert "SAMEN!" in html and "Dorp aan zet #over welzijn" in html


def test_a_campaign_without_sessions_offers_no_calendar(client, campaign):
    empty = make_campaign(campaign.get_parent(), slug="nog-geen-data", title="Nog geen data")
    make_theme(empty, slug="zonder-sessies", title="Zonder sessies", sessions=0)
    html = client.get(empty.get_url()).content.decode()
    assert "calendar/" not in html
    assert client.get(campaign.get_url()).content.decode().count(f'href="{campaign.get_url()}calendar/"') == 1
