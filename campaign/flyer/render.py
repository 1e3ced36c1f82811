"""From a flyer's content to print files: WeasyPrint turns the HTML/CSS print template into a
tagged PDF (PDF/UA-1: language, title, structure, text alternatives), and PDFium turns the
social card's one-page PDF into a PNG, so card and flyer share fonts, shaping and bidi.

Rendering never fetches a URL: images arrive as data URIs and any other URL is refused, so an
address typed into a page can never make the server open a connection.
"""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from campaign import conf
from campaign.flyer import qr

PDF_VARIANT = "pdf/ua-1"
SOCIAL_CARD_SIZE = (1200, 630)


@dataclass(frozen=True)
class Format:
    """A print format: page size, print margin and the name in the file's name."""

    name: str
    page_size: str
    margin_mm: float

    def css_lengths(self, bleed_mm):
        """Lengths the stylesheet needs, written here so no locale ever writes "3,5mm"."""
        return {
            "margin": f"{self.margin_mm:g}mm",
            "bleed": f"{bleed_mm:g}mm",
            # The coloured band runs over the margin and the bleed to the paper's (or bleed's) edge.
            "band_out": f"{-(self.margin_mm + bleed_mm):g}mm",
            "band_in": f"{self.margin_mm + bleed_mm:g}mm",
        }


FORMATS = {
    "flyer": Format("flyer", "A4", 13),
    "poster": Format("poster", "A3", 18),
}


def url_fetcher():
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def flyer_html(content, fmt, bleed_mm=0.0):
    """The print template filled in for one language (also handy to look at in a browser)."""
    with translation.override(content.language):
        qr_svg = ""
        if content.registration_url:
            qr_svg = qr.svg(
                content.registration_url,
                # Translators: the text alternative of the QR code on the printed flyer.
                gettext("QR code: opens the registration form at %(address)s")
                % {"address": content.registration_address},
            )
        return render_to_string(
            "campaign/flyer/flyer.html",
            {
                "flyer": content,
                "format": fmt,
                "lengths": fmt.css_lengths(bleed_mm),
                "bleed": bleed_mm > 0,
                "colours": conf.flyer_colours(),
                "qr_svg": qr_svg,
                "language_bidi": translation.get_language_bidi(),
            },
        )


def write_pdf(html):
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=url_fetcher()).write_pdf(pdf_variant=PDF_VARIANT)


def flyer_pdf(content, fmt, bleed_mm=0.0):
    return write_pdf(flyer_html(content, fmt, bleed_mm))


def social_card_html(content):
    with translation.override(content.language):
        return render_to_string(
            "campaign/flyer/social_card.html",
            {
                "flyer": content,
                "colours": conf.flyer_colours(),
                "width": SOCIAL_CARD_SIZE[0],
                "height": SOCIAL_CARD_SIZE[1],
                "language_bidi": translation.get_language_bidi(),
            },
        )


def social_card_png(content):
    """1200×630 PNG: the card's page is 1200×630 CSS pixels, drawn at 96 dpi."""
    import pypdfium2

    pdf = write_pdf(social_card_html(content))
    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=96 / 72)
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    if image.size != SOCIAL_CARD_SIZE:
        image = image.resize(SOCIAL_CARD_SIZE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
