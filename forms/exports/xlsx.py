"""The export as XLSX: written in xlsxwriter's constant-memory mode to a temporary file, then streamed.

Rows of plain text go through the fast row writer of ``forms.compat.xlsxwriter`` when the
installed xlsxwriter is the version it was checked against, else through the public API.
"""

import functools
import os
import tempfile

import xlsxwriter
from django.http import FileResponse

from forms.compat import xlsxwriter as xlsxwriter_compat
from forms.exports.rows import FORMATS


def write_public_row(sheet, row, cells):
    """Write ``cells`` to ``row`` through xlsxwriter's public API: a number, then texts."""
    sheet.write_number(row, 0, cells[0])
    for col in range(1, len(cells)):
        if cells[col]:
            sheet.write_string(row, col, cells[col])


def write_xlsx(export, path):
    """Write the export to ``path`` in constant-memory mode; every answer is stored as text."""
    workbook = xlsxwriter.Workbook(
        path, {"constant_memory": True, "in_memory": False, "tmpdir": os.path.dirname(path)}
    )
    name = export.form.title[:31].translate(str.maketrans("[]:*?/\\", "       "))
    if xlsxwriter_compat.fast_rows():
        sheet = workbook.add_worksheet(name, worksheet_class=xlsxwriter_compat.ExportWorksheet)
        write_row = sheet.write_export_row
    else:
        sheet = workbook.add_worksheet(name)
        write_row = functools.partial(write_public_row, sheet)
    bold = workbook.add_format({"bold": True})
    for col, heading in enumerate(export.header()):
        sheet.write_string(0, col, heading, bold)
    sheet.freeze_panes(1, 1)
    for r, row in enumerate(export.rows(), start=1):
        write_row(r, row)
    workbook.close()


def xlsx_response(export):
    directory = tempfile.mkdtemp(prefix="registrations-")
    path = os.path.join(directory, "export.xlsx")
    try:
        write_xlsx(export, path)
        handle = open(path, "rb")  # noqa: SIM115 -- FileResponse closes it
    finally:
        # The open handle keeps the data readable; the name is gone at once (POSIX).
        if os.path.exists(path):
            os.unlink(path)
        os.rmdir(directory)
    return FileResponse(
        handle, as_attachment=True, filename=export.filename("xlsx"), content_type=FORMATS["xlsx"]
    )
