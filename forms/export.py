"""The merged export of a form's registrations, all languages in one file: CSV and XLSX.

Columns: id, submitted at, language, the status of each session, then one column per question
headed by its Dutch label; choices come out as their Dutch labels, looked up by their stable
value (never by position). Rows are read in chunks from a server-side cursor and the bookings
of each chunk are fetched with it, so memory does not grow with the number of rows: CSV is
streamed as it is written, XLSX is written in xlsxwriter's constant-memory mode to a temporary
file and then streamed.
"""

import csv
import datetime
import io
import json
import os
import tempfile
from zoneinfo import ZoneInfo

import xlsxwriter
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q
from django.http import FileResponse, StreamingHttpResponse
from django.utils import formats, translation
from django.utils.text import slugify
from wagtail.models import Locale

from campaign.models import Session
from forms.models import Booking, Registration
from forms.models.fields import CHOICE_TYPES

BRUSSELS = ZoneInfo("Europe/Brussels")
CHUNK_SIZE = 2000
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet evaluates a cell that starts with one of these (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CHARS = frozenset(FORMULA_START)
# When one person has several bookings for a session, the most telling one is shown.
STATUS_RANK = {Booking.CONFIRMED: 3, Booking.WAITING: 2, Booking.CANCELLED: 1}


def neutralise(text):
    """Prefix a quote to a cell a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def session_heading(session):
    """ "Theme – 3 mei 2026 19:00", in Dutch and Belgian time."""
    local = session.start.astimezone(BRUSSELS)
    return f"{session.theme.title} – {formats.date_format(local, 'j F Y H:i')}"


def export_sessions(form):
    """``[(session id, heading)]``: the campaign's Dutch sessions, in time order.

    Sessions of unpublished themes, or of themes moved elsewhere, are kept when this form has
    bookings for them, so every booking stays readable.
    """
    booked = Booking.objects.filter(registration__form=form).values("session_id")
    query = Q(pk__in=booked)
    campaign = form.get_campaign()
    if campaign is not None:
        query |= Q(theme__path__startswith=campaign.path, locale=Locale.get_default())
    sessions = Session.objects.filter(query).select_related("theme").order_by("start", "pk")
    with translation.override(Locale.get_default().language_code):
        return [(session.pk, session_heading(session)) for session in sessions]


class RegistrationExport:
    """The header and rows of one form's export; ``queryset`` holds the (filtered) registrations."""

    def __init__(self, form, queryset, sessions=None):
        self.form = form
        self.queryset = queryset
        self.sessions = export_sessions(form) if sessions is None else sessions
        # Sessions are shown as the status columns; the other questions as they were asked.
        self.fields = [f for f in form.form_fields.all() if f.field_type != "sessions"]
        self.language = Locale.get_default().language_code
        with translation.override(self.language):
            self.status_labels = {value: str(label) for value, label in Booking.STATUSES}
            self.yes, self.no = str(translation.gettext("yes")), str(translation.gettext("no"))
            self.fixed_headings = [
                "id",
                str(Registration._meta.get_field("submitted_at").verbose_name),
                str(Registration._meta.get_field("language").verbose_name),
            ]

    def filename(self, extension):
        return f"{slugify(self.form.slug or self.form.title) or 'registrations'}-registrations.{extension}"

    def header(self):
        return [
            *self.fixed_headings,
            *(heading for _pk, heading in self.sessions),
            *(field.label for field in self.fields),
        ]

    def answer_formatter(self, field):
        """A function turning a stored answer of ``field`` into the text of its cell."""
        if field.field_type in CHOICE_TYPES:
            labels = {block.id: block.value for block in field.choices}

            def choice(value):
                if isinstance(value, list):
                    return "; ".join(str(labels.get(v, v)) for v in value)
                return str(labels.get(value, value))

            return choice
        if field.field_type in ("checkbox", "consent"):
            return lambda value: self.yes if value else self.no

        def text(value):
            if isinstance(value, list):
                return "; ".join(str(v) for v in value)
            return str(value)

        return text

    def chunks(self):
        """The registrations as lists of raw ``(pk, submitted_at, language, data)``, a chunk at a time.

        The same server-side cursor ``.iterator(chunk_size=...)`` uses (``chunked_cursor``), read
        without Django's per-value converters: the export converts the two columns itself.
        """
        values = self.queryset.order_by("submitted_at", "pk").values_list(
            "pk", "submitted_at", "language", "data"
        )
        try:
            sql, params = values.query.get_compiler(using=values.db).as_sql()
        except EmptyResultSet:
            return
        with connections[values.db].chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(CHUNK_SIZE):
                yield chunk

    def rows(self):
        """Each registration as a list of cells: the id as an int, the rest as text; oldest first."""
        formatters = [(field.key, self.answer_formatter(field)) for field in self.fields]
        session_ids = [pk for pk, _heading in self.sessions]
        for chunk in self.chunks():
            yield from self._chunk_rows(chunk, formatters, session_ids)

    def _chunk_rows(self, chunk, formatters, session_ids):
        statuses = {}
        for registration_id, session_id, status in self.chunk_bookings([row[0] for row in chunk]):
            key = (registration_id, session_id)
            if STATUS_RANK.get(status, 0) > STATUS_RANK.get(statuses.get(key), 0):
                statuses[key] = status
        labels = self.status_labels
        loads, local_time = json.loads, self.local_time
        for pk, submitted_at, language, data in chunk:
            if isinstance(data, str | bytes):
                data = loads(data)
            if not isinstance(data, dict):
                data = {}
            cells = [pk, local_time(submitted_at), language]
            for session_id in session_ids:
                status = statuses.get((pk, session_id))
                cells.append(labels.get(status, status) if status else "")
            for key, formatter in formatters:
                value = data.get(key)
                cells.append("" if value is None or value == "" or value == [] else formatter(value))
            yield cells

    def chunk_bookings(self, registration_ids):
        """``(registration id, session id, status)`` of the bookings of one chunk, in one query.

        Plain SQL: preparing 2000 values one by one for an ``__in`` lookup costs more than the
        query itself.
        """
        table = connections[self.queryset.db].ops.quote_name(Booking._meta.db_table)
        placeholders = ", ".join(["%s"] * len(registration_ids))
        sql = f"SELECT registration_id, session_id, status FROM {table} WHERE registration_id IN ({placeholders})"  # noqa: S608 -- only placeholders are interpolated
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, registration_ids)
            return cursor.fetchall()

    @staticmethod
    def local_time(value):
        """``"YYYY-MM-DD HH:MM:SS"`` in Belgian time, from a datetime or a backend's UTC text."""
        if isinstance(value, str):
            value = datetime.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value.astimezone(BRUSSELS).isoformat(" ", "seconds")[:19]


def csv_chunks(export):
    """The CSV file as byte chunks: a BOM, the header, then a few thousand rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(cell) for cell in export.header()])
    fixed = len(export.fixed_headings) + len(export.sessions)  # id, time, language, statuses: no formulas
    writerow = writer.writerow
    for n, row in enumerate(export.rows(), start=1):
        writerow(row[:fixed] + [("'" + c) if c[:1] in FORMULA_CHARS else c for c in row[fixed:]])
        if n % CHUNK_SIZE == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def csv_response(export):
    response = StreamingHttpResponse(csv_chunks(export), content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{export.filename("csv")}"'
    return response


def write_xlsx(export, path):
    """Write the export to ``path`` in constant-memory mode; every answer is stored as text."""
    workbook = xlsxwriter.Workbook(
        path, {"constant_memory": True, "in_memory": False, "tmpdir": os.path.dirname(path)}
    )
    sheet = workbook.add_worksheet(export.form.title[:31].translate(str.maketrans("[]:*?/\\", "       ")))
    bold = workbook.add_format({"bold": True})
    for col, heading in enumerate(export.header()):
        sheet.write_string(0, col, heading, bold)
    sheet.freeze_panes(1, 1)
    write_string, write_number = sheet.write_string, sheet.write_number
    for r, row in enumerate(export.rows(), start=1):
        write_number(r, 0, row[0])
        for c in range(1, len(row)):
            if row[c]:
                write_string(r, c, row[c])
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


def export_response(export, file_format):
    """A streaming response for ``file_format`` ("csv" or "xlsx"); ValueError for others."""
    if file_format == "csv":
        return csv_response(export)
    if file_format == "xlsx":
        return xlsx_response(export)
    raise ValueError(file_format)
