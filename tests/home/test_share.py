"""Share and search: description, canonical link, Open Graph and Twitter cards, icons, robots, sitemap."""

import datetime
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.files.images import ImageFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, PageViewRestriction

from campaign.models import CampaignPage, ThemePage
from forms.mail.tokens import make_token
from forms.models import Registration, RegistrationFormPage
from forms.public.views import receipt_token
from home.models import ContentPage, HomePage
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.django_db

OG_LOCALES = {"nl": "nl_BE", "en": "en_GB", "fr": "fr_BE", "ar": "ar_AR", "uk": "uk_UA", "tr": "tr_TR"}
PAGE_TYPES = ["home", "campaign", "theme", "content", "form"]


class Head(HTMLParser):
    """The ``<meta>`` and ``<link>`` tags of a document: ``meta[name or property]`` and links."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links = {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("property") or attrs["name"]
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)

    def one(self, key):
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def link(self, rel):
        return [link for link in self.links if link.get("rel") == rel]


def pages_of(language):
    locale = Locale.objects.get(language_code=language)
    campaign = CampaignPage.objects.get(slug="dorpaanzet", locale=locale)
    return {
        "home": HomePage.objects.get(locale=locale),
        "campaign": campaign,
        "theme": ThemePage.objects.child_of(campaign).order_by("path").first(),
        "content": ContentPage.objects.filter(locale=locale).order_by("path").first(),
        "form": RegistrationFormPage.objects.child_of(campaign).get(),
    }


def expected_image(page, url, language):
    """The page's own share image where it makes one (a campaign's card), else the default."""
    if hasattr(page, "get_share_image"):
        request = RequestFactory(HTTP_HOST="localhost").get(url)
        request.LANGUAGE_CODE = language
        own = page.get_share_image(request)
        if own:
            return own
    return {
        "url": "http://localhost/static/icons/share-default.png",
        "width": 1200,
        "height": 630,
        "alt": translation.gettext("Municipality of Herent"),
    }


def head_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return Head(response.content.decode())


def plain(text):
    return re.sub(r"[ \n]+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_its_description_canonical_link_and_share_card(client, language, page_type):
    page = pages_of(language)[page_type].specific
    url = page.get_url()
    head = head_of(client, url)
    full_url = f"http://localhost{url}"

    expected = {
        "home": lambda: plain(page.intro),
        "campaign": lambda: page.intro,
        "theme": lambda: page.summary,
        "content": lambda: page.intro,
        "form": lambda: plain(page.intro),
    }[page_type]()
    assert expected and head.one("description") == expected
    assert [link["href"] for link in head.link("canonical")] == [full_url]
    assert head.one("og:title") == page.title
    assert head.one("og:description") == expected
    assert head.one("og:url") == full_url
    assert head.one("og:type") == "website"
    assert head.one("og:locale") == OG_LOCALES[language]
    assert sorted(head.meta["og:locale:alternate"]) == sorted(
        v for k, v in OG_LOCALES.items() if k != language
    )
    with translation.override(language):
        assert head.one("og:site_name") == HomePage.objects.get(locale=page.locale).title
        image = expected_image(page, url, language)
    assert head.one("og:image") == image["url"]
    assert (head.one("og:image:width"), head.one("og:image:height")) == (
        str(image["width"]),
        str(image["height"]),
    )
    assert head.one("og:image:alt") == image["alt"]
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:title") == page.title
    assert head.one("twitter:description") == expected
    assert head.one("twitter:image") == head.one("og:image")
    # hreflang is kept: every language, absolute.
    hreflangs = {link["hreflang"]: link["href"] for link in head.link("alternate")}
    assert set(hreflangs) == set(LANGUAGES)
    assert hreflangs[language] == full_url


def test_the_editors_search_description_wins(client, campaign):
    campaign.search_description = "Praat mee over welzijn in Herent, op 3, 4 en 5 mei."
    campaign.save_revision().publish()
    head = head_of(client, "/nl/dorpaanzet/")
    assert head.one("description") == campaign.search_description
    assert head.one("og:description") == campaign.search_description


def test_seo_title_is_the_share_title(client, campaign):
    campaign.seo_title = "Dorp aan zet: over welzijn"
    campaign.save_revision().publish()
    head = head_of(client, "/nl/dorpaanzet/")
    assert head.one("og:title") == head.one("twitter:title") == "Dorp aan zet: over welzijn"


def test_a_long_text_is_cut_at_a_word(client, theme):
    theme.summary = "Woord " * 100
    theme.save_revision().publish()
    description = head_of(client, theme.get_url()).one("description")
    assert len(description) <= 300 and description.endswith("…")
    assert description[:-1].strip().split(" ")[-1] == "Woord"


def make_image(width, height, title="Samen aan tafel"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 120, 40)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title,
        description="Mensen rond een tafel in het gemeentehuis",
        file=ImageFile(buffer, name="tafel.png"),
    )


def test_a_campaign_image_gives_a_1200_by_630_card(client, campaign, monkeypatch):
    """Without a card of its own (``get_share_image``), a page's image is cut to 1200×630."""
    monkeypatch.delattr(CampaignPage, "get_share_image", raising=False)
    campaign.image = make_image(2400, 1600)
    campaign.save_revision().publish()
    head = head_of(client, "/nl/dorpaanzet/")
    image_url = head.one("og:image")
    assert re.fullmatch(r"http://localhost/media/images/tafel\.[^/]*fill-1200x630[^/]*\.png", image_url), (
        image_url
    )
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("og:image:alt") == "Mensen rond een tafel in het gemeentehuis"
    assert head.one("twitter:image") == image_url
    rendition = campaign.image.get_rendition("fill-1200x630")
    assert image_url == f"http://localhost{rendition.url}"
    with rendition.file.open() as stored:
        assert PILImage.open(stored).size == (1200, 630)


def test_a_page_that_makes_its_own_share_image_decides(client, campaign, monkeypatch):
    """The campaign's social card (``get_share_image``) wins over its image and the default."""
    campaign.image = make_image(2400, 1600)
    campaign.save_revision().publish()
    seen = []

    def get_share_image(self, request):
        seen.append((self.pk, request.path))
        return {
            "url": "http://localhost/kaart.png",
            "width": 1200,
            "height": 630,
            "alt": f"Kaart: {self.title}",
        }

    monkeypatch.setattr(CampaignPage, "get_share_image", get_share_image, raising=False)
    head = head_of(client, "/nl/dorpaanzet/")
    assert seen == [(campaign.pk, "/nl/dorpaanzet/")]
    assert head.one("og:image") == head.one("twitter:image") == "http://localhost/kaart.png"
    assert head.one("og:image:alt") == f"Kaart: {campaign.title}"


def test_the_thank_you_page_is_not_indexed_and_shares_the_form(client, campaign):
    form = pages_of("fr")["form"].specific
    registration = Registration.objects.create(
        form=form.get_source(), language="fr", email="a@example.org", data={}
    )
    url = form.get_url() + "thank-you/?r=" + receipt_token(registration)
    head = head_of(client, url)
    assert head.one("robots") == "noindex"
    assert head.link("canonical") == []
    assert head.one("og:url") == f"http://localhost{form.get_url()}"


def test_the_cancel_page_shares_the_site_not_the_personal_link(client, campaign):
    form = pages_of("nl")["form"].specific
    registration = Registration.objects.create(form=form, language="uk", email="b@example.org", data={})
    expires = timezone.now() + datetime.timedelta(days=3)
    with translation.override("uk"):
        url = reverse("forms:cancel", kwargs={"token": make_token(registration, expires=expires)})
    head = head_of(client, url)
    assert head.one("robots") == "noindex"
    assert head.link("canonical") == []
    assert head.one("og:url") == "http://localhost/uk/"
    assert head.one("og:locale") == "uk_UA"
    assert head.one("og:title") == HomePage.objects.get(locale__language_code="uk").title


def test_the_404_page_has_a_share_card_of_the_site(client):
    head = head_of(client, "/tr/bu-sayfa-yok/", status=404)
    home = HomePage.objects.get(locale__language_code="tr")
    assert head.one("og:title") == home.title
    assert head.one("description") == plain(home.intro)
    assert head.link("canonical") == []


def test_favicon_and_apple_touch_icon_are_linked_and_served(client):
    head = head_of(client, "/nl/")
    icons = {link["href"]: link for link in head.link("icon")}
    assert icons["/static/icons/favicon.svg"]["type"] == "image/svg+xml"
    assert icons["/static/icons/favicon-32.png"]["sizes"] == "32x32"
    touch = head.link("apple-touch-icon")
    assert [link["href"] for link in touch] == ["/static/icons/apple-touch-icon.png"]
    sizes = {
        "/static/icons/favicon-32.png": (32, 32),
        "/static/icons/apple-touch-icon.png": (180, 180),
        "/static/icons/share-default.png": (1200, 630),
    }
    for url, size in sizes.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert PILImage.open(io.BytesIO(b"".join(response.streaming_content))).size == size
    svg = client.get("/static/icons/favicon.svg")
    assert svg.status_code == 200 and b"<svg" in b"".join(svg.streaming_content)
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 302 and favicon["Location"] == "/static/icons/favicon-32.png"


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)


SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own server's answer)
    return {
        url.find("s:loc", SITEMAP).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)
        }
        for url in root.findall("s:url", SITEMAP)
    }


def test_the_sitemap_lists_every_public_page_in_every_language(client):
    urls = sitemap(client)
    for language in LANGUAGES:
        for page_type, page in pages_of(language).items():
            location = f"http://localhost{page.get_url()}"
            assert location in urls, (language, page_type)
            assert set(urls[location]) == set(LANGUAGES), location
            assert urls[location][language] == location
    themes = ThemePage.objects.live().count()
    assert sum("/dorpaanzet/" in url and url.count("/") == 6 for url in urls) >= themes


def test_the_sitemap_leaves_out_drafts_and_private_pages(client, campaign, theme):
    theme.unpublish()
    privacy = ContentPage.objects.get(slug="privacy", locale__language_code="en")
    PageViewRestriction.objects.create(page=privacy, restriction_type="password", password="x")
    urls = sitemap(client)
    assert f"http://localhost{theme.get_url()}" not in urls
    assert "http://localhost/en/privacy/" not in urls
    assert "http://localhost/fr/privacy/" in urls
    # A page whose translation is a draft lists only the live languages as alternates.
    assert "nl" not in urls[f"http://localhost/fr/dorpaanzet/{theme.slug}/"]
