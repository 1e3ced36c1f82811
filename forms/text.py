"""What a visitor types, made safe to store, show, mail and export: one home for the rules.

Characters nobody types on purpose can hide or reorder text: a line break in a name becomes a
second mail header ("Eve\\r\\nBcc: …"), a right-to-left override (U+202E) turns "txt.exe"
around, a name of two zero-width spaces passes "required". Single-line answers refuse them
with a clear message; multi-line answers keep their line breaks and tabs and lose the rest.
Text already stored (rows from before these rules) is cleaned where it leaves the system:
mail subjects (``header_text``) and CSV cells (``forms.exports.cells.safe_csv_cell``).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control and format characters, bidi embeddings, overrides and isolates, zero-width ones.
INVISIBLE = (
    "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e"
    "\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb"
)
INVISIBLE_CHARS = re.compile(f"[{INVISIBLE}]")
LINE_BREAKS = re.compile("[\\r\\n\\u0085\\u2028\\u2029]")
WHITESPACE = re.compile(r"\s+")


def is_hidden(char):
    """A character that is not seen: control (Cc) or format (Cf)."""
    return unicodedata.category(char) in ("Cc", "Cf")


def single_line(value):
    """A single-line answer with its spaces collapsed; refuses line breaks and hidden characters."""
    if LINE_BREAKS.search(value) or any(is_hidden(char) for char in value if char != "\t"):
        raise ValidationError(
            _("Please remove the line breaks and invisible characters from this answer."),
            code="hidden_characters",
        )
    return WHITESPACE.sub(" ", value).strip()


def multi_line(value):
    """A multi-line answer: line breaks and tabs kept (as "\\n"), other hidden characters removed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(char for char in value if char in "\n\t" or not is_hidden(char)).strip()


def needs_a_letter(value):
    if value and not any(char.isalpha() for char in value):
        raise ValidationError(_("Please write a name with at least one letter."), code="no_letter")


def header_text(value):
    """Text that can go into a mail header: on one line, nothing hidden (old rows too)."""
    value = LINE_BREAKS.sub(" ", str(value))
    return WHITESPACE.sub(" ", "".join(char for char in value if not is_hidden(char))).strip()
