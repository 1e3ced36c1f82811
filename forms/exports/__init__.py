"""The merged export of a form's registrations: rows (``rows``), as CSV (``csv``) or XLSX (``xlsx``)."""

from forms.exports.csv import CSV_DELIMITERS, csv_response
from forms.exports.xlsx import xlsx_response


def export_response(export, file_format):
    """A streaming response for ``file_format`` ("csv" or "xlsx"); ValueError for others."""
    if file_format in CSV_DELIMITERS:
        return csv_response(export, file_format)
    if file_format == "xlsx":
        return xlsx_response(export)
    raise ValueError(file_format)
