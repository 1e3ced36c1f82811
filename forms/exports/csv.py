"""The export as CSV, streamed as it is written (comma or semicolon separated)."""

import csv
import io

from django.http import StreamingHttpResponse

from forms.exports.cells import safe_csv_cell
from forms.exports.rows import FORMATS

CSV_DELIMITERS = {"csv": ",", "csv-semicolon": ";"}


def csv_chunks(export, delimiter=","):
    """The CSV file as byte chunks: a BOM, the header, then a few thousand rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    buffer.write("\ufeff")
    writer.writerow([safe_csv_cell(cell) for cell in export.header()])
    for rows in export.row_chunks(neutralise=True):
        writer.writerows(rows)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no registrations: the header alone
        yield buffer.getvalue().encode()


def csv_response(export, file_format="csv"):
    response = StreamingHttpResponse(
        csv_chunks(export, CSV_DELIMITERS[file_format]), content_type=FORMATS[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename("csv")}"'
    return response
