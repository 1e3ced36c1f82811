"""Exports are safe to open in a spreadsheet, also where Excel splits cells on semicolons.

Belgian Excel uses ";" as its list separator: an unquoted ``a;=cmd|...`` in a comma CSV opens
as two cells, the second a formula. Every place a formula could start is neutralised, in the
merged export and the attendee CSV; invisible characters (bidi overrides, zero-width spaces,
control characters) of old rows are left out of CSV cells.
"""

import csv
import io

import pytest
from django.urls import reverse

from forms.exports.cells import FORMULA_START
from tests.forms.people import make_user
from tests.forms.registrants import register
from tests.second_factor import login_verified

pytestmark = pytest.mark.django_db
BOM = "\ufeff"
HOSTILE = [
    "a;=cmd|'/C calc'!A0;",
    "ok,=1+2",
    "regel\n@SUM(A1:A9)",
    "tab\t-2+3",
    "Eve\u202eexe.txt",
    "\u200bverborgen\u200d",
    "bel\x07l",
]


@pytest.fixture
def boss(client):
    login_verified(client, make_user("boss", superuser=True))
    return client


def excel_cells(content, delimiter):
    """The cells Excel makes of a CSV file when its list separator is ``delimiter``."""
    text = content.decode("utf-8").removeprefix(BOM)
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def no_formula(cells):
    for cell in cells:
        for line in cell.splitlines() or [""]:
            assert not line.startswith(FORMULA_START), repr(cell)
        assert not any(ch in cell for ch in "\u202e\u200b\u200d\x07"), repr(cell)


@pytest.fixture
def hostile_rows(form_page):
    session = form_page.get_campaign().get_sessions().first()
    for n, text in enumerate(HOSTILE):
        register(
            form_page, email=f"p{n}@example.org", name=text, sessions=[session], answers={"opmerkingen": text}
        )
    return session


@pytest.mark.parametrize(("file_format", "delimiter"), [("csv", ","), ("csv", ";"), ("csv-semicolon", ";")])
def test_merged_export_opens_without_formulas(boss, form_page, hostile_rows, file_format, delimiter):
    response = boss.get(reverse("campaign_forms_registrations:export", args=[form_page.pk, file_format]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    no_formula(excel_cells(content, delimiter))
    if file_format == "csv-semicolon":
        rows = list(csv.reader(io.StringIO(content.decode().removeprefix(BOM)), delimiter=";"))
        remarks = [row[rows[0].index("Opmerkingen")] for row in rows[1:]]
        assert "a;'=cmd|'/C calc'!A0;" in remarks  # one cell, kept whole and readable


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_attendee_csv_opens_without_formulas(boss, hostile_rows, delimiter):
    response = boss.get(reverse("campaign_dashboards:attendees_csv", args=[hostile_rows.pk]))
    no_formula(excel_cells(b"".join(response.streaming_content), delimiter))
