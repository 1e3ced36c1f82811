"""xlsxwriter's worksheet internals, for the export's fast row writer.

``ExportWorksheet.write_export_row`` writes a row of plain text as one piece of XML, straight
to the worksheet's temporary file, and keeps the worksheet's own bookkeeping (previous row,
dimensions) as xlsxwriter would: it reads and sets ``fh``, ``previous_row``, ``dim_*``,
``table``, ``row_info``, ``col_info``, ``comments`` and calls ``_write_single_row``,
``_write_number`` and ``_write_string``. Only for the version in ``CHECKED_VERSION``
(``fast_rows``); with any other version the export writes through the public API.

Checked against xlsxwriter 3.3.1.
"""

import re

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

# Where xlsxwriter writes a text cell other than as ``<t>text</t>`` (xmlwriter.py: XML escapes,
# control characters and literal "_xHHHH_"; utility.py: edge whitespace kept with xml:space).
XLSX_CAREFUL_TEXT = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")


class ExportWorksheet(Worksheet):
    """xlsxwriter's worksheet, plus ``write_export_row``: a row of plain text as one piece of XML.

    In constant-memory mode xlsxwriter keeps each cell, then writes it as XML when the next row
    starts, through a dozen calls per cell: three quarters of an export's time. A row whose
    texts need none of xlsxwriter's care (``XLSX_CAREFUL_TEXT``, over-long text) comes out the
    same when written at once; any other row, or a sheet set up in ways these rows do not
    repeat (row or column formats, comments, Excel 2010 rows), takes the cell-by-cell way.
    ``tests/forms/test_export_xlsx.py`` compares both ways byte for byte, for the xlsxwriter
    version in ``VERIFIED``; another version takes the cell-by-cell way until checked.
    """

    VERIFIED = "3.3.1"

    def write_export_row(self, row, cells):
        """Write ``cells`` to ``row``: a number, then texts ("" leaves the cell out)."""
        if self._plain_row(row, len(cells)):
            if self.table:  # a row written the usual way is still pending: write it first
                self._write_single_row(row)
            r = str(row + 1)
            parts = [f'<row r="{r}"><c r="A{r}"><v>{cells[0]:.16G}</v></c>']
            names, careful, half = (
                self._column_names(len(cells)),
                XLSX_CAREFUL_TEXT.search,
                self.xls_strmax // 2,
            )
            last = 0
            for col in range(1, len(cells)):
                text = cells[col]
                if text:
                    if len(text) > half or careful(text):
                        break
                    parts.append(f'<c r="{names[col]}{r}" t="inlineStr"><is><t>{text}</t></is></c>')
                    last = col
            else:
                parts.append("</row>")
                self.fh.write("".join(parts))
                self.previous_row = row
                # What _check_dimensions notes for these cells.
                if self.dim_rowmin is None or row < self.dim_rowmin:
                    self.dim_rowmin = row
                if self.dim_rowmax is None or row > self.dim_rowmax:
                    self.dim_rowmax = row
                if self.dim_colmin is None or self.dim_colmin > 0:
                    self.dim_colmin = 0
                if self.dim_colmax is None or last > self.dim_colmax:
                    self.dim_colmax = last
                return
        self._write_number(row, 0, cells[0])
        for col in range(1, len(cells)):
            if cells[col]:
                self._write_string(row, col, cells[col])

    def _plain_row(self, row, width):
        """Would xlsxwriter write ``row`` as a bare ``<row r="n">`` of bare cells?"""
        if not hasattr(self, "_plain_sheet"):
            self._plain_sheet = (
                xlsxwriter.__version__ == self.VERIFIED
                and self.constant_memory
                and self.excel_version == 2007
                and self.default_row_height == self.original_row_height
            )
        return (
            self._plain_sheet
            and self.previous_row < row < self.xls_rowmax
            and width <= self.xls_colmax
            and not self.row_info
            and not self.col_info
            and not self.comments
        )

    def _column_names(self, count):
        """``["A", "B", ...]``, at least ``count`` long."""
        names = self.__dict__.setdefault("_export_column_names", [])
        while len(names) < count:
            names.append(xl_col_to_name(len(names)))
        return names


CHECKED_VERSION = ExportWorksheet.VERIFIED


def fast_rows():
    """Is the installed xlsxwriter the one ``ExportWorksheet`` was checked against?"""
    return xlsxwriter.__version__ == CHECKED_VERSION
