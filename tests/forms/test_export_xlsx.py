"""``ExportWorksheet.write_export_row`` writes the sheet xlsxwriter writes cell by cell, byte for byte."""

import zipfile
from unittest import mock

import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from forms.compat.xlsxwriter import ExportWorksheet

PLAIN = [1, "2026-05-03 19:30:00", "nl", "bevestigd", "Ann Peeters", 'Zei "hoi"', "café 😀", "'=1+1"]
CAREFUL = [
    "Tom & Jerry",
    "a < b > c",
    "<r>niet rijk</r>",
    "_x0041_",
    "ctl\x01",
    "\x1f",
    " vooraan",
    "achteraan ",
    "\ttab",
    "regel\n",
    "\xa0",
    "\ufffe",
    "\uffff",
    "x" * 20000,
]
MIDDLE = ["a\nb", "tab\tin", "x" * 16383, "in\u2028het midden", "_x41_", "_xZZZZ_"]  # no care needed


def rows():
    """Plain rows around every careful text, empty cells, a wide row, big and negative ids."""
    out = [PLAIN, [2, "", "", "", "", "", "", ""], [3, "", "fr"], [4, *("k" for _ in range(30))]]
    for n, text in enumerate(CAREFUL + MIDDLE, start=10):
        out.append([n, "2026-05-03 19:30:00", "nl", "", text, "na"])
        out.append([n * 1000, "plain", "", "", "Bert"])
    out += [[10**17, "groot"], [-5, "negatief"], PLAIN]
    return out


def write(path, sheet_class, rows, setup=None):
    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "in_memory": False, "tmpdir": str(path.parent)}
    )
    sheet = workbook.add_worksheet("Inschrijvingen", worksheet_class=sheet_class)
    if setup:
        setup(workbook, sheet)
    bold = workbook.add_format({"bold": True})
    for col, heading in enumerate(["id", "verzonden op", "taal", "sessie", "Naam", "x", "y", "z"]):
        sheet.write_string(0, col, heading, bold)
    sheet.freeze_panes(1, 1)
    for r, row in enumerate(rows, start=1):
        if sheet_class is ExportWorksheet:
            sheet.write_export_row(r, row)
        else:
            sheet.write_number(r, 0, row[0])
            for col in range(1, len(row)):
                if row[col]:
                    sheet.write_string(r, col, row[col])
    workbook.close()
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_the_verified_xlsxwriter_is_installed():
    """The row writer repeats xlsxwriter's XML: after an upgrade, check these tests and VERIFIED."""
    assert xlsxwriter.__version__ == ExportWorksheet.VERIFIED


@pytest.mark.parametrize("start", [0, 1])
def test_rows_written_at_once_are_the_cells_xlsxwriter_writes(tmp_path, start):
    data = rows()[start:]
    usual = write(tmp_path / "usual.xlsx", Worksheet, data)
    with mock.patch.object(
        ExportWorksheet, "_write_string", autospec=True, side_effect=Worksheet._write_string
    ) as slow:
        fast = write(tmp_path / "fast.xlsx", ExportWorksheet, data)
    assert fast == usual
    # Only rows holding a careful text took the cell-by-cell way (the header is written that way too).
    slow_texts = {call.args[3] for call in slow.call_args_list if call.args[1] > 0}
    assert set(CAREFUL) <= slow_texts
    assert not slow_texts & {"Ann Peeters", "Bert", *MIDDLE}


@pytest.mark.parametrize(
    "setup",
    [
        lambda book, sheet: sheet.set_column(2, 2, 20, book.add_format({"italic": True})),
        lambda book, sheet: sheet.set_default_row(20),
        lambda book, sheet: sheet.set_row(3, 30),
        lambda book, sheet: sheet.write_comment(2, 2, "opmerking"),
        lambda book, sheet: book.set_size(1200, 800) or sheet.hide_gridlines(2),
    ],
)
def test_a_sheet_set_up_otherwise_still_gets_the_same_cells(tmp_path, setup):
    data = rows()
    assert write(tmp_path / "fast.xlsx", ExportWorksheet, data, setup) == write(
        tmp_path / "usual.xlsx", Worksheet, data, setup
    )


def test_a_sheet_without_constant_memory_is_written_cell_by_cell(tmp_path):
    workbook = xlsxwriter.Workbook(str(tmp_path / "book.xlsx"))
    sheet = workbook.add_worksheet(worksheet_class=ExportWorksheet)
    sheet.write_export_row(1, PLAIN)
    assert sheet.table[1][4].string is not None  # kept in the table, as xlsxwriter does
    workbook.close()
