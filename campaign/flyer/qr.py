"""The QR code of a flyer: vector SVG from segno, with a text alternative.

Error correction M at least (segno raises it when the code stays the same size), and the
standard quiet zone of four modules, so it scans from a folded or slightly worn flyer.
The SVG's ``<title>`` becomes the ``Alt`` text of the figure in the tagged PDF.
"""

import segno
from django.utils.safestring import mark_safe

ERROR_CORRECTION = "m"


def make(url):
    return segno.make(url, error=ERROR_CORRECTION, micro=False)


def svg(url, title, dark="#000000"):
    """Inline SVG (``viewBox``, no fixed size: the stylesheet sizes it) that opens ``url``."""
    code = make(url)
    # Safe: segno escapes the title, the rest is its own path data.
    return mark_safe(
        code.svg_inline(title=title, omitsize=True, border=4, dark=dark, light="#ffffff", svgclass="qr")
    )
