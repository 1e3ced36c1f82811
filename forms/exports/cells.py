"""What a spreadsheet cell of an export may hold: text, never a formula (CSV; XLSX stores text)."""

import re

from forms.text import INVISIBLE, INVISIBLE_CHARS

# A spreadsheet evaluates a cell that starts with one of these (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CHARS = frozenset(FORMULA_START)
# A formula can also start inside a cell: Excel with the ";" list separator splits an unquoted
# "a;=cmd|..." into two cells, and a line break or tab starts a new one too.
FORMULA_INSIDE = re.compile(r"(^|[;,\t\r\n])(?=[=+\-@\t\r])")
UNSAFE_CELL = re.compile(f"^[=+\\-@\\t\\r]|[;,\\t\\r\\n][=+\\-@\\t\\r]|[{INVISIBLE}]")


def safe_csv_cell(text):
    """A cell a spreadsheet shows as text: invisible characters out, a quote before every
    place a formula could start (the cell's start, after a separator, tab or line break)."""
    if not UNSAFE_CELL.search(text):
        return text
    return FORMULA_INSIDE.sub(r"\1'", INVISIBLE_CHARS.sub("", text))
