"""The printed flyer, poster and social card of a campaign, read back as a reader would.

The campaign is the test site's (``tests/sitetree``); its content files say what the flyer must show.

PDFs are parsed with pypdf (pages, sizes, text, tags, fonts); the QR code is read from a
picture of the page made by poppler's ``pdftoppm`` with zbar's ``zbarimg`` (another renderer
than the one that made it); word positions come from ``pdftotext -bbox``. ``make test``
installs both tools (``make print-test-deps``).
"""

import io
import json
import re
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path

import pypdf
import pytest
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from campaign import conf
from campaign.flyer import files, qr
from campaign.freshness import touch_campaigns
from campaign.models import CampaignPage, ThemePage
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)
A3 = (841.89, 1190.55)
MM = 72 / 25.4
CONTENT = Path(__file__).resolve().parents[1] / "sitetree" / "content"


@pytest.fixture(autouse=True)
def fresh_flyer_cache():
    conf.flyer_cache().clear()


@pytest.fixture(scope="module")
def tools():
    missing = [tool for tool in ("pdftoppm", "pdftotext", "zbarimg") if not shutil.which(tool)]
    assert not missing, f"{missing} missing: run `make print-test-deps` (poppler-utils, zbar-tools)"


def content(language):
    return json.loads((CONTENT / f"{language}.json").read_text(encoding="utf-8"))


def get_pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    return response.content


def reader(pdf):
    return pypdf.PdfReader(io.BytesIO(pdf))


def text_of(pdf):
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


def words(text):
    return re.findall(r"\w+", text)


def size(box):
    return (float(box.width), float(box.height))


def assert_size(box, expected, tolerance=0.5):
    width, height = size(box)
    assert abs(width - expected[0]) < tolerance and abs(height - expected[1]) < tolerance, (width, height)


def qr_codes(pdf, page=1, dpi=150):
    """What zbar reads on one page of the PDF, drawn by poppler."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "flyer.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                source,
                Path(tmp) / "page",
            ],
            check=True,
        )
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", Path(tmp) / "page.png"],
            capture_output=True,
            text=True,
        )
    # zbarimg exits with 4 when it finds no code.
    assert result.returncode in (0, 4), result.stderr
    return result.stdout.split()


def word_boxes(pdf):
    """``[(word as printed, x_min, x_max, y_min)]`` of the first page, by ``pdftotext -bbox``."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "flyer.pdf"
        source.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", "-f", "1", "-l", "1", source, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(unescape(w), float(x1), float(x2), float(y1)) for x1, y1, x2, w in re.findall(pattern, html)]


def structure(pdf):
    """Every structure element of the tagged PDF as ``(tag, Alt text)``."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
            return
        if not isinstance(node, pypdf.generic.DictionaryObject):
            return
        if node.get("/Type") == "/StructElem" or "/S" in node:
            found.append((str(node.get("/S")), str(node.get("/Alt", ""))))
        if "/K" in node:
            walk(node["/K"])

    walk(reader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


def registration_url(language):
    campaign = CampaignPage.objects.get(slug="dorpaanzet", locale__language_code=language)
    return "http://localhost" + campaign.get_registration_url()


@pytest.mark.parametrize("language", ["nl", "ar", "uk"])
def test_flyer_is_one_a4_page_with_the_campaign_in_its_language(client, tools, language):
    pdf = get_pdf(client, f"/{language}/dorpaanzet/flyer.pdf")
    data = content(language)
    document = reader(pdf)
    assert len(document.pages) == 1
    assert_size(document.pages[0].mediabox, A4)
    text = text_of(pdf)
    title = data["campaign"]["title"]
    # Mixed Arabic and Latin runs come out in visual order; the words must all be there.
    assert set(words(title)) <= set(words(text))
    for theme in data["themes"]:
        assert theme["title"] in text
        assert theme["summary"].split()[0] in text
    address = f"localhost/{language}/dorpaanzet/inschrijven"
    assert address in text
    assert data["campaign"]["flyer_intro"].split()[0] in text
    assert data["campaign"]["tagline"] in text
    assert data["session_note"].split()[-1] in text
    if language != "nl":
        assert "Kansen voor kinderen" not in text and "Schrijf u" not in text


@pytest.mark.parametrize("language", ["nl", "ar", "uk"])
def test_flyer_qr_code_opens_the_form_in_that_language(client, tools, language):
    pdf = get_pdf(client, f"/{language}/dorpaanzet/flyer.pdf")
    expected = registration_url(language)
    assert expected == f"http://localhost/{language}/dorpaanzet/inschrijven/"
    assert qr_codes(pdf) == [expected]
    # A vector code drawn by segno, error correction M or better, not a picture.
    code = qr.make(expected)
    assert code.error in ("M", "Q", "H")
    assert reader(pdf).pages[0]["/Resources"].get("/XObject") is None or not any(
        x.get_object().get("/Subtype") == "/Image"
        for x in reader(pdf).pages[0]["/Resources"]["/XObject"].values()
    )


@pytest.mark.parametrize("language", ["nl", "ar", "uk"])
def test_flyer_is_a_tagged_pdf_with_language_title_and_qr_alternative(client, language):
    pdf = get_pdf(client, f"/{language}/dorpaanzet/flyer.pdf")
    document = reader(pdf)
    root = document.trailer["/Root"]
    assert root["/Lang"] == language
    assert root["/MarkInfo"]["/Marked"]
    assert document.metadata.title.startswith(content(language)["campaign"]["title"])
    assert "pdfuaid" in document.xmp_metadata.rdf_root.toxml()
    tags = structure(pdf)
    assert ("/H1", "") in tags
    figures = [alt for tag, alt in tags if tag == "/Figure"]
    assert len(figures) == 1
    assert f"localhost/{language}/dorpaanzet/inschrijven" in figures[0]


def test_arabic_flyer_runs_right_to_left_in_a_font_with_arabic_glyphs(client, tools):
    pdf = get_pdf(client, "/ar/dorpaanzet/flyer.pdf")
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for font in reader(pdf).pages[0]["/Resources"]["/Font"].values()
    }
    assert any(name.startswith("Noto-Sans-Arabic") for name in fonts), fonts
    # pdftotext gives each word as painted, left to right; Arabic words come out mirrored.
    boxes = {word[::-1]: (x_min, x_max) for word, x_min, x_max, _y in word_boxes(pdf)}
    first, second = content("ar")["campaign"]["flyer_intro"].split()[:2]  # in reading order
    assert boxes[first][0] > boxes[second][1], "the first word must stand right of the second"
    # Right-aligned: the paragraph's first word ends at the right margin (13 mm), not the left.
    assert boxes[first][1] == pytest.approx(A4[0] - 13 * MM, abs=3)
    dutch = get_pdf(client, "/nl/dorpaanzet/flyer.pdf")
    dutch_boxes = {word: x_min for word, x_min, _x_max, _y in word_boxes(dutch)}
    assert dutch_boxes["Kansen"] < dutch_boxes["kinderen"] < A4[0] / 2


@pytest.mark.parametrize("language", ["uk", "tr"])
def test_cyrillic_and_turkish_letters_come_through(client, language):
    text = text_of(get_pdf(client, f"/{language}/dorpaanzet/flyer.pdf"))
    for theme in content(language)["themes"]:
        assert theme["summary"].replace("\u00a0", " ")[:25] in text.replace("\n", " ")


def test_a_theme_edited_and_published_shows_in_the_next_pdf(client, campaign):
    key_before = campaign.cache_key
    first = get_pdf(client, "/nl/dorpaanzet/flyer.pdf")
    assert "Armoede en schulden" not in text_of(first)
    # The flyer was kept: a second download is the same file from the cache.
    assert get_pdf(client, "/nl/dorpaanzet/flyer.pdf") == first
    theme = ThemePage.objects.child_of(campaign).get(slug="armoede")
    theme.title = "Armoede en schulden"
    theme.save_revision().publish()
    campaign.refresh_from_db()
    assert campaign.cache_key != key_before
    assert "Armoede en schulden" in text_of(get_pdf(client, "/nl/dorpaanzet/flyer.pdf"))


def test_the_flyer_is_kept_in_the_cache_under_the_language(client, campaign, rf):
    pdf = get_pdf(client, "/nl/dorpaanzet/flyer.pdf")
    key = files.cache_key("flyer", campaign, registration_url("nl"))
    assert conf.flyer_cache().get(key) == pdf
    arabic = CampaignPage.objects.get(translation_key=campaign.translation_key, locale__language_code="ar")
    assert files.cache_key("flyer", arabic, registration_url("ar")) != key
    # Seats taken move only content_changed_at: the flyer (no seats on it) stays; a page change does not.
    touch_campaigns([campaign.path], pages=False)
    assert files.cache_key("flyer", CampaignPage.objects.get(pk=campaign.pk), registration_url("nl")) == key
    touch_campaigns([campaign.path])
    assert files.cache_key("flyer", CampaignPage.objects.get(pk=campaign.pk), registration_url("nl")) != key


@pytest.mark.parametrize("path", ["flyer.pdf", "poster.pdf", "social-card.png"])
def test_unknown_language_is_404(client, path):
    assert client.get(f"/xx/dorpaanzet/{path}").status_code == 404
    assert client.get(f"/nl/dorpaanzet/{path}").status_code == 200


def test_a_language_without_its_pages_is_404_not_the_dutch_flyer(client):
    """Without a Turkish home page Wagtail would route /tr/ into the Dutch tree."""
    for page in Page.objects.filter(depth=2, locale__language_code="tr"):
        page.delete()
    assert client.get("/tr/dorpaanzet/").status_code == 200  # Wagtail's fallback to Dutch
    assert client.get("/tr/dorpaanzet/flyer.pdf").status_code == 404
    assert client.get("/tr/dorpaanzet/social-card.png").status_code == 404


def test_a_campaign_without_a_form_says_where_to_find_more(client, tools, campaign):
    for form in Page.objects.child_of(campaign).filter(slug="inschrijven"):
        form.unpublish()
    assert campaign.get_registration_url() is None
    pdf = get_pdf(client, "/nl/dorpaanzet/flyer.pdf")
    text = text_of(pdf)
    assert qr_codes(pdf) == []
    assert "Meer informatie" in text
    assert "localhost/nl/dorpaanzet" in text
    assert "inschrijven" not in text
    assert [tag for tag, _alt in structure(pdf) if tag == "/Figure"] == []


def test_longer_content_flows_onto_a_second_page_without_losing_a_sentence(client, tools, campaign):
    sentences = [f"Zin nummer {n} over welzijn in Herent en over wat u daarvan vindt." for n in range(1, 41)]
    campaign.flyer_intro = " ".join(sentences) + " Dit is de laatste zin van de inleiding."
    campaign.save_revision().publish()
    pdf = get_pdf(client, "/nl/dorpaanzet/flyer.pdf")
    document = reader(pdf)
    assert len(document.pages) == 2
    text = " ".join(text_of(pdf).split())
    assert "Dit is de laatste zin van de inleiding." in text
    for theme in content("nl")["themes"]:
        assert theme["summary"] in text
    # The registration box with its QR code is whole, on one page.
    assert qr_codes(pdf, page=1) + qr_codes(pdf, page=2) == [registration_url("nl")]


def test_flyer_panel_intro_summaries_and_image(client, campaign):
    nl = content("nl")
    text = text_of(get_pdf(client, "/nl/dorpaanzet/flyer.pdf"))
    assert " ".join(nl["campaign"]["flyer_intro"].split()[:6]) in " ".join(text.split())
    assert nl["themes"][0]["summary"][:30] in text

    with tempfile.NamedTemporaryFile(suffix=".png") as fh:
        Image.new("RGB", (800, 400), "#c03030").save(fh, format="PNG")
        fh.seek(0)
        image = WagtailImage.objects.create(
            title="Dorpsplein", file=ImageFile(fh, name="plein.png"), description="Het dorpsplein van Herent"
        )
    campaign.flyer_intro = ""
    campaign.flyer_show_summaries = False
    campaign.flyer_image = image
    campaign.save_revision().publish()
    pdf = get_pdf(client, "/nl/dorpaanzet/flyer.pdf")
    text = " ".join(text_of(pdf).split())
    assert " ".join(nl["campaign"]["intro"].split()[:6]) in text  # the web intro as default
    assert nl["themes"][0]["title"] in text
    assert nl["themes"][0]["summary"][:30] not in text
    figures = [alt for tag, alt in structure(pdf) if tag == "/Figure"]
    assert "Het dorpsplein van Herent" in figures


def test_flyer_intro_is_translated_with_wagtail_localize(campaign):
    source, _created = TranslationSource.get_or_create_from_instance(campaign)
    contexts = set(source.stringsegment_set.values_list("context__path", flat=True))
    assert "flyer_intro" in contexts
    for language in LANGUAGES:
        page = CampaignPage.objects.get(
            translation_key=campaign.translation_key, locale__language_code=language
        )
        assert page.flyer_intro == content(language)["campaign"]["flyer_intro"]


def test_bleed_for_the_print_shop(client, settings):
    plain = reader(get_pdf(client, "/nl/dorpaanzet/flyer.pdf")).pages[0]
    assert_size(plain.mediabox, A4)
    bled = reader(get_pdf(client, "/nl/dorpaanzet/flyer.pdf?bleed=1")).pages[0]
    assert_size(bled.trimbox, A4)
    assert_size(bled.mediabox, (A4[0] + 6 * MM, A4[1] + 6 * MM))
    settings.CAMPAIGN_FLYER_BLEED = True
    settings.CAMPAIGN_FLYER_BLEED_MM = 5
    assert_size(
        reader(get_pdf(client, "/nl/dorpaanzet/flyer.pdf")).pages[0].mediabox,
        (A4[0] + 10 * MM, A4[1] + 10 * MM),
    )
    assert_size(reader(get_pdf(client, "/nl/dorpaanzet/flyer.pdf?bleed=0")).pages[0].mediabox, A4)


def test_poster_is_a3_with_the_qr_code(client, tools):
    pdf = get_pdf(client, "/ar/dorpaanzet/poster.pdf")
    document = reader(pdf)
    assert len(document.pages) == 1
    assert_size(document.pages[0].mediabox, A3)
    assert qr_codes(pdf, dpi=72) == [registration_url("ar")]
    assert document.trailer["/Root"]["/Lang"] == "ar"


def test_social_card_is_a_1200_by_630_png_in_the_site_colours(client, settings):
    response = client.get("/uk/dorpaanzet/social-card.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    card = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert card.size == (1200, 630)
    assert card.getpixel((5, 5)) == (0x00, 0x5A, 0x70)  # --brand of cms/static/css/site.css
    assert card.getpixel((600, 625)) == (0xFF, 0xD3, 0x4D)  # --accent
    settings.CAMPAIGN_FLYER_COLOURS = {"brand": "#7a1f5c"}
    recoloured = Image.open(io.BytesIO(client.get("/uk/dorpaanzet/social-card.png").content)).convert("RGB")
    assert recoloured.getpixel((5, 5)) == (0x7A, 0x1F, 0x5C)


def test_share_image_is_the_social_card_or_the_page_image(campaign, rf):
    request = rf.get("/nl/dorpaanzet/", HTTP_HOST="localhost")
    share = campaign.get_share_image(request)
    assert share == {
        "url": "http://localhost/nl/dorpaanzet/social-card.png",
        "width": 1200,
        "height": 630,
        "alt": "Dorp aan zet #over welzijn — Over welzijn — Dorp aan zet — SAMEN!",
    }
    with tempfile.NamedTemporaryFile(suffix=".png") as fh:
        Image.new("RGB", (2000, 1500), "#3070c0").save(fh, format="PNG")
        fh.seek(0)
        image = WagtailImage.objects.create(
            title="Zaal", file=ImageFile(fh, name="zaal.png"), description="De raadszaal"
        )
    campaign.image = image
    share = campaign.get_share_image(request)
    assert (share["width"], share["height"], share["alt"]) == (1200, 630, "De raadszaal")
    assert share["url"].startswith("http://localhost/") and "social-card" not in share["url"]


def test_campaign_page_links_its_flyer(client):
    html = client.get("/fr/dorpaanzet/").content.decode()
    assert 'href="/fr/dorpaanzet/flyer.pdf"' in html


def test_admin_has_a_download_flyer_button_per_language(client, campaign, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    html = client.get(f"/admin/pages/{campaign.pk}/edit/").content.decode()
    for language in LANGUAGES:
        assert f'href="/{language}/dorpaanzet/flyer.pdf"' in html
    assert "Flyer downloaden (Arabisch)" in html or "Download flyer (Arabic)" in html
    assert 'href="/nl/dorpaanzet/poster.pdf"' in html
    assert 'href="/nl/dorpaanzet/flyer.pdf?bleed=1"' in html
    # A theme page is no campaign: no flyer buttons there.
    theme = ThemePage.objects.child_of(campaign).first()
    assert "flyer.pdf" not in client.get(f"/admin/pages/{theme.pk}/edit/").content.decode()
