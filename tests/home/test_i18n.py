"""Languages: direction, switcher, hreflang, redirects and unknown prefixes."""

import re

import pytest
from wagtail.models import Page

from tests.conftest import LANGUAGES

pytestmark = pytest.mark.django_db

NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "fr": "Français",
    "ar": "العربية",
    "uk": "Українська",
    "tr": "Türkçe",
}


def switcher_links(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"[^>]*lang="([a-z]+)"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize("path", ["", "dorpaanzet/", "dorpaanzet/nieuwkomers/", "privacy/"])
def test_switcher_lists_each_translation_in_its_own_name(client, path):
    html = client.get(f"/nl/{path}").content.decode()
    links = switcher_links(html)
    assert [code for _url, code, _name in links] == LANGUAGES
    for url, code, name in links:
        assert name == NAMES[code]
        assert url == f"/{code}/{path}"
        # Each link points at a page that exists in that language.
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["page"].locale.language_code == code


def test_switcher_and_hreflang_skip_missing_translations(client, campaign):
    theme = campaign.get_children().first()
    theme.get_translation(theme.locale.get_default()).get_translations().filter(
        locale__language_code="tr"
    ).first().unpublish()
    html = client.get(f"/nl/dorpaanzet/{theme.slug}/").content.decode()
    codes = [code for _url, code, _name in switcher_links(html)]
    assert "tr" not in codes and "ar" in codes
    hreflangs = re.findall(r'<link rel="alternate" hreflang="([a-z]+)" href="([^"]+)">', html)
    assert [code for code, _href in hreflangs] == codes
    for code, href in hreflangs:
        assert href == f"http://localhost/{code}/dorpaanzet/{theme.slug}/"


def test_hreflang_links_are_absolute_and_complete(client):
    html = client.get("/ar/dorpaanzet/").content.decode()
    hreflangs = dict(re.findall(r'<link rel="alternate" hreflang="([a-z]+)" href="([^"]+)">', html))
    assert set(hreflangs) == set(LANGUAGES)
    assert hreflangs["ar"] == "http://localhost/ar/dorpaanzet/"


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("ar,en;q=0.5", "/ar/"),
        ("uk-UA,uk;q=0.9", "/uk/"),
        ("fr-BE", "/fr/"),
        ("de-DE,ja", "/nl/"),
        ("", "/nl/"),
    ],
)
def test_root_redirects_to_best_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    "path", ["/xx/dorpaanzet/", "/de/", "/nl/bestaat-niet/", "/ar/dorpaanzet/geen-thema/"]
)
def test_unknown_language_or_page_is_a_translated_404(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert "<html" in response.content.decode()


def test_arabic_pages_are_right_to_left(client):
    html = client.get("/ar/dorpaanzet/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    html = client.get("/tr/dorpaanzet/").content.decode()
    assert '<html lang="tr" dir="ltr">' in html


def test_every_language_has_a_live_home(locales):
    for code in LANGUAGES:
        assert Page.objects.filter(depth=2, locale=locales[code], live=True).count() == 1
