"""The merged export of a form's registrations, all languages in one file: CSV and XLSX.

Columns: id, submitted at, language, the status of each session, then one column per question
headed by its Dutch label; choices come out as their Dutch labels, looked up by their stable
value (never by position). Rows, each with its bookings, are read in chunks from a server-side
cursor, so memory does not grow with the number of rows: CSV is streamed as it is written, XLSX
is written in xlsxwriter's constant-memory mode to a temporary file and then streamed.

An export can hold a hundred thousand rows, so the per-row work is kept small: the database
hands over each answer as its own JSON text, the time as UTC text and the bookings as short
text, most answers need no JSON decoding, Belgian time is worked out once per hour, a chunk is
converted a column at a time, and XLSX rows of plain text are written as one piece of XML.
``tests/forms/test_export_paths.py`` and ``test_export_xlsx.py`` hold these shortcuts to the
plain ways' output.
"""

import csv
import datetime
import io
import json
import os
import re
import tempfile
from zoneinfo import ZoneInfo

import xlsxwriter
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Func, Q, TextField
from django.http import FileResponse, StreamingHttpResponse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from wagtail.models import Locale
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from campaign.dates import local
from campaign.models import Session
from forms.models import Booking, Registration
from forms.models.fields import CHOICE_TYPES
from forms.text import INVISIBLE, INVISIBLE_CHARS

BRUSSELS = ZoneInfo("Europe/Brussels")
CHUNK_SIZE = 2000
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    # Semicolons: what Excel set to Belgian (or most European) settings opens as columns.
    "csv-semicolon": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CSV_DELIMITERS = {"csv": ",", "csv-semicolon": ";"}
# A spreadsheet evaluates a cell that starts with one of these (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CHARS = frozenset(FORMULA_START)
# A formula can also start inside a cell: Excel with the ";" list separator splits an unquoted
# "a;=cmd|..." into two cells, and a line break or tab starts a new one too.
FORMULA_INSIDE = re.compile(r"(^|[;,\t\r\n])(?=[=+\-@\t\r])")
UNSAFE_CELL = re.compile(f"^[=+\\-@\\t\\r]|[;,\\t\\r\\n][=+\\-@\\t\\r]|[{INVISIBLE}]")
# When one person has several bookings for a session, the most telling one is shown.
STATUS_RANK = {Booking.CONFIRMED: 3, Booking.WAITING: 2, Booking.CANCELLED: 1}
SCAN_JSON = json.JSONDecoder().scan_once  # json.loads' C scanner: see decode()


def decode(text):
    """``json.loads(text)`` for the database's JSON text, a few times faster.

    The decoder's C scanner, called directly: ``json.loads`` spends most of its time on this
    small a text in its Python steps around it. Any text the scanner does not take whole
    (whitespace around it, bytes, invalid JSON) goes to ``json.loads``, so the result, or the
    error, is the same.
    """
    try:
        value, end = SCAN_JSON(text, 0)
    except (StopIteration, TypeError):
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def download_name(*parts, moment):
    """A file name from ``parts`` (slugified, empty ones left out) and ``moment`` in Belgian time."""
    words = [slugify(str(part)) for part in parts]
    return "-".join([*(word for word in words if word), f"{local(moment):%Y%m%d-%H%M}"])


def safe_csv_cell(text):
    """A cell a spreadsheet shows as text: invisible characters out, a quote before every
    place a formula could start (the cell's start, after a separator, tab or line break)."""
    if not UNSAFE_CELL.search(text):
        return text
    return FORMULA_INSIDE.sub(r"\1'", INVISIBLE_CHARS.sub("", text))


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

    def filename(self, extension, now=None):
        """E.g. ``dorpaanzet-inschrijven-20261202-1430.csv``: which campaign, which form, and
        when it was downloaded (Belgian time), so two campaigns' files never share a name."""
        campaign = self.form.get_campaign()
        return (
            download_name(
                campaign.slug if campaign else "",
                self.form.slug or self.form.title,
                moment=now or timezone.now(),
            )
            + f".{extension}"
        )

    def header(self):
        return [
            *self.fixed_headings,
            *(heading for _pk, heading in self.sessions),
            *(field.label for field in self.fields),
        ]

    def answer_formatter(self, field):
        """A function turning a stored answer of ``field`` into the text of its cell."""
        if field.field_type in CHOICE_TYPES:
            labels = {block.id: str(block.value) for block in field.choices}
            get = labels.get

            def choice(value):
                if isinstance(value, list):
                    try:  # labels are text: only other stored values need str()
                        return "; ".join(map(get, value, value))
                    except TypeError:
                        return "; ".join(map(str, map(get, value, value)))
                return str(get(value, value))

            return choice
        if field.field_type in ("checkbox", "consent"):
            return lambda value: self.yes if value else self.no

        def text(value):
            if isinstance(value, list):
                return "; ".join(map(str, value))
            return str(value)

        return text

    def answer_cell(self, field):
        """``(labels, cell)``: how the row loop turns a stored answer to ``field`` into its cell.

        ``cell(value)`` takes any decoded answer; a missing or empty one gives "". Nearly every
        answer is one string, so the loop maps those inline, without a call, as
        ``labels.get(value, value)``: the Dutch label of a choice, or the text itself (empty
        ``labels``). ``labels`` is None where a string needs the formatter (checkbox, consent).
        """
        formatter = self.answer_formatter(field)
        if field.field_type in ("checkbox", "consent"):
            labels = None
        elif field.field_type in CHOICE_TYPES:
            labels = {block.id: str(block.value) for block in field.choices}
            labels.pop("", None)  # an empty answer stays an empty cell
        else:
            labels = {}

        def cell(value):
            if value.__class__ is str and labels is not None:
                return labels.get(value, value)
            return "" if value is None or value == "" or value == [] else formatter(value)

        return labels, cell

    def extracts_answers(self):
        """Can the database hand over each answer as its own JSON text (``AnswerJSON``)?"""
        connection = connections[self.queryset.db]
        if connection.vendor == "postgresql":
            return True
        return connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 38)

    def chunks(self, extract=False):
        """The registrations as lists of raw rows, a chunk at a time.

        Rows are ``(pk, submitted_at, language, bookings, data)``, or with ``extract``
        ``(pk, submitted_at, language, bookings, answer, ...)``: one answer per field of
        ``self.fields`` as JSON text, None when missing (``AnswerJSON``). ``bookings`` is
        ``BookedRanks``; ``submitted_at`` comes as UTC text where the database can format it
        (``UTCText``). The same server-side cursor ``.iterator(chunk_size=...)`` uses
        (``chunked_cursor``), read without Django's per-value converters: the export converts
        the columns itself.
        """
        answers = {f"export_answer_{n}": AnswerJSON(field.key) for n, field in enumerate(self.fields)}
        columns = [
            "pk",
            "export_submitted_at",
            "language",
            "export_bookings",
            *(answers if extract else ["data"]),
        ]
        values = (
            self.queryset.annotate(
                export_submitted_at=UTCText("submitted_at"),
                export_bookings=BookedRanks(),
                **(answers if extract else {}),
            )
            .order_by("submitted_at", "pk")
            .values_list(*columns)
        )
        try:
            sql, params = values.query.get_compiler(using=values.db).as_sql()
        except EmptyResultSet:
            return
        with connections[values.db].chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(CHUNK_SIZE):
                yield chunk

    def rows(self, neutralise=False):
        """Each registration as a tuple of cells: the id as an int, the rest as text; oldest first.

        With ``neutralise`` (CSV), answers are made safe for a spreadsheet (``safe_csv_cell``);
        XLSX needs no such care: every cell is stored as text, never run as a formula.
        """
        for rows in self.row_chunks(neutralise=neutralise):
            yield from rows

    def row_chunks(self, neutralise=False, extract=None):
        """The rows of ``rows()``, a chunk (``CHUNK_SIZE`` registrations) at a time.

        A chunk is converted a column at a time (one tight loop per question instead of a
        loop over the questions per row) and its rows are zipped together as they are written,
        so each is garbage by the next one. (A whole chunk of row lists would outlive Python's
        young-object collections and have it scan the process's objects again and again: a
        fifth of the export's time.) ``extract`` (by default where the database can) has the
        database pick out each answer, cheaper than decoding all of ``data`` in Python; both
        give the same cells.
        """
        if extract is None:
            extract = self.extracts_answers()
        fields = [self.answer_cell(field) for field in self.fields]
        local_time = self.local_time_converter()
        statuses = self.status_converter()
        answer_columns = self._extracted_answers if extract else self._decoded_answers
        for chunk in self.chunks(extract=extract):
            ids, times, languages, bookings, *answers = zip(*chunk, strict=True)
            cells = [ids, list(map(local_time, times)), languages, *statuses(bookings)]
            for values in answer_columns(answers, fields):
                if neutralise:
                    values = [safe_csv_cell(cell) if cell else cell for cell in values]
                cells.append(values)
            yield zip(*cells, strict=True)

    def _decoded_answers(self, answers, fields):
        """The answer cells, a column per field, from the ``data`` column: decoded here."""
        (data,) = answers
        data = [decode(value) if isinstance(value, str | bytes) else value for value in data]
        data = [value if isinstance(value, dict) else {} for value in data]
        for field, (_labels, cell) in zip(self.fields, fields, strict=True):
            key = field.key
            yield [cell(values.get(key)) for values in data]

    def _extracted_answers(self, answers, fields):
        """The answer cells, a column per field, from each answer's JSON text (``AnswerJSON``).

        A JSON string without a backslash is its text between the quotes: most answers skip
        decoding. Everything else (escapes, lists, numbers, booleans, null) is decoded.
        """
        for values, (labels, cell) in zip(answers, fields, strict=True):
            if labels is None:
                yield ["" if value is None else cell(decode(value)) for value in values]
                continue
            get = labels.get
            yield [
                ""
                if value is None
                else get(text, text)
                if value[0] == '"' and "\\" not in (text := value[1:-1])
                else cell(decode(value))
                for value in values
            ]

    def status_converter(self):
        """A function turning a chunk's ``BookedRanks`` texts into its status cells.

        It gives a column of labels per session, in the chunk's order; "" where a registration
        has no booking in that session. When one person has several bookings for a session,
        the most telling status (``STATUS_RANK``) wins. Most registrations share one of a few
        texts (``"12:3"``: confirmed in session 12), so each text is worked out once.
        """
        columns = {pk: n for n, (pk, _heading) in enumerate(self.sessions)}
        labels = {rank: self.status_labels.get(status, status) for status, rank in STATUS_RANK.items()}
        known = {}

        def cells_of(text):
            best = {}
            for pair in text.split(","):
                session, _colon, rank = pair.partition(":")
                column, rank = columns.get(int(session)), int(rank)
                if column is not None and rank > best.get(column, 0):
                    best[column] = rank
            return [(column, labels[rank]) for column, rank in best.items()]

        def convert(bookings):
            cells = [[""] * len(bookings) for _column in columns]
            if not columns:
                return cells
            for n, text in enumerate(bookings):
                if text:
                    found = known.get(text)
                    if found is None:
                        found = cells_of(text)
                        if len(known) < 10_000:
                            known[text] = found
                    for column, label in found:
                        cells[column][n] = label
            return cells

        return convert

    @classmethod
    def local_time_converter(cls):
        """``local_time`` for a whole export, with the Belgian hour of each UTC hour remembered.

        Belgian time is UTC plus whole hours and only changes on the hour, so within one UTC
        hour the minutes and seconds stay as they are: one ``astimezone`` per hour of data
        instead of one per row. Anything but plain UTC text (``UTC_TEXT``), or an hour whose
        offset is not whole or changes within the hour, takes ``local_time``.
        """
        hours = {}
        match = UTC_TEXT.fullmatch
        local_time = cls.local_time

        def convert(value):
            parts = match(value) if value.__class__ is str else None
            if parts is None:
                return local_time(value)
            hour, rest = parts.groups()
            prefix = hours.get(hour)
            if prefix is None:
                prefix = hours[hour] = local_hour(hour)
            return prefix + rest if prefix else local_time(value)

        return convert

    @staticmethod
    def local_time(value):
        """``"YYYY-MM-DD HH:MM:SS"`` in Belgian time, from a datetime or a backend's UTC text."""
        if isinstance(value, str):
            value = datetime.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value.astimezone(BRUSSELS).isoformat(" ", "seconds")[:19]


# "YYYY-MM-DD HH" and ":MM:SS" of UTC text as SQLite stores it and ``UTCText`` gives it.
UTC_TEXT = re.compile(r"(\d{4}-\d\d-\d\d \d\d)(:[0-5]\d:[0-5]\d)(?:\.\d{1,6})?")


def local_hour(hour):
    """``"YYYY-MM-DD HH"`` in Belgian time for a UTC ``"YYYY-MM-DD HH"``; "" if minutes could shift."""
    try:
        start = datetime.datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=datetime.UTC)
    except ValueError:
        return ""
    first = start.astimezone(BRUSSELS)
    last = (start + datetime.timedelta(minutes=59, seconds=59)).astimezone(BRUSSELS)
    offset = first.utcoffset()
    if offset != last.utcoffset() or offset % datetime.timedelta(hours=1):
        return ""
    return first.isoformat(" ", "hours")[:13]


class AnswerJSON(Func):
    """One answer of ``data`` as JSON text (``data -> key``); NULL when missing or not an object.

    PostgreSQL and SQLite (3.38+) both have the ``->`` operator; SQLite takes a JSON path,
    where the key is quoted so that it always names an object member.
    """

    output_field = TextField()

    def __init__(self, key):
        super().__init__(F("data"))
        self.key = key

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} -> %s)", (*params, self.key)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} -> %s)", (*params, "$." + json.dumps(self.key))


class BookedRanks(Func):
    """A registration's bookings as ``"session:rank,..."`` text (``STATUS_RANK``; 0 if unknown).

    A correlated subquery in the export's own query: one index lookup per row, where a query
    per chunk for its bookings cost as much, plus a round trip, and on PostgreSQL a plan that
    could turn to a sequential scan. NULL without bookings. PostgreSQL joins with
    ``string_agg``, others (SQLite) with ``group_concat``.
    """

    output_field = TextField()

    def __init__(self):
        super().__init__(F("pk"))

    def as_sql(self, compiler, connection, **extra_context):
        pk, params = compiler.compile(self.source_expressions[0])
        quote = connection.ops.quote_name
        table = quote(Booking._meta.db_table)
        registration, session, status = (
            quote(Booking._meta.get_field(name).column) for name in ("registration", "session", "status")
        )
        ranks = " ".join(f"WHEN %s THEN {int(rank)}" for rank in STATUS_RANK.values())
        pair = f"CAST({session} AS TEXT) || ':' || CAST(CASE {status} {ranks} ELSE 0 END AS TEXT)"
        join = "string_agg" if connection.vendor == "postgresql" else "group_concat"
        sql = f"(SELECT {join}({pair}, ',') FROM {table} WHERE {registration} = {pk})"  # noqa: S608 -- names and ints only
        return sql, (*STATUS_RANK, *params)


class UTCText(Func):
    """A datetime column as ``"YYYY-MM-DD HH:MM:SS[.ffffff]"`` UTC text, for ``local_time_converter``.

    The driver would build a datetime per row: in Python on PostgreSQL (Django's timestamptz
    loader replaces psycopg's C one) and through Django's converter on SQLite, at a cost close
    to the rest of the row. PostgreSQL formats the text itself; SQLite already stores UTC text
    and a cast hides the column's declared type from the converter. Other backends return the
    datetime, which ``local_time`` takes too.
    """

    output_field = TextField()
    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS TEXT)", **extra_context)


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


def write_xlsx(export, path):
    """Write the export to ``path`` in constant-memory mode; every answer is stored as text."""
    workbook = xlsxwriter.Workbook(
        path, {"constant_memory": True, "in_memory": False, "tmpdir": os.path.dirname(path)}
    )
    sheet = workbook.add_worksheet(
        export.form.title[:31].translate(str.maketrans("[]:*?/\\", "       ")),
        worksheet_class=ExportWorksheet,
    )
    bold = workbook.add_format({"bold": True})
    for col, heading in enumerate(export.header()):
        sheet.write_string(0, col, heading, bold)
    sheet.freeze_panes(1, 1)
    write_row = sheet.write_export_row
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


def export_response(export, file_format):
    """A streaming response for ``file_format`` ("csv" or "xlsx"); ValueError for others."""
    if file_format in CSV_DELIMITERS:
        return csv_response(export, file_format)
    if file_format == "xlsx":
        return xlsx_response(export)
    raise ValueError(file_format)
