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

import datetime
import json
import re

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.text import slugify

from campaign.conf import time_zone
from campaign.dates import local
from campaign.models import Session
from campaign.sources import default_locale
from forms.exports.cells import safe_csv_cell
from forms.exports.sql import STATUS_RANK, AnswerJSON, BookedRanks, UTCText
from forms.models import Booking, Registration
from forms.models.answers import answer_writer
from forms.models.fields import CHOICE_TYPES, TICK_TYPES

CHUNK_SIZE = 2000
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    # Semicolons: what Excel set to Belgian (or most European) settings opens as columns.
    "csv-semicolon": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
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


def session_heading(session):
    """ "Theme – 3 mei 2026 19:00", in Dutch and Belgian time."""
    local = session.start.astimezone(time_zone())
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
        query |= Q(theme__path__startswith=campaign.path, locale=default_locale())
    sessions = Session.objects.filter(query).select_related("theme").in_time_order()
    with translation.override(default_locale().language_code):
        return [(session.pk, session_heading(session)) for session in sessions]


class RegistrationExport:
    """The header and rows of one form's export; ``queryset`` holds the (filtered) registrations."""

    def __init__(self, form, queryset, sessions=None):
        self.form = form
        self.queryset = queryset
        self.sessions = export_sessions(form) if sessions is None else sessions
        # Sessions are shown as the status columns; the other questions as they were asked.
        self.fields = [f for f in form.form_fields.all() if f.field_type != "sessions"]
        self.language = default_locale().language_code
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

    def answer_cell(self, field):
        """``(labels, cell)``: how the row loop turns a stored answer to ``field`` into its cell.

        ``cell(value)`` takes any decoded answer; a missing or empty one gives "". Nearly every
        answer is one string, so the loop maps those inline, without a call, as
        ``labels.get(value, value)``: the Dutch label of a choice, or the text itself (empty
        ``labels``). ``labels`` is None where a string needs the writer (checkbox, consent).
        Everything else goes to ``answer_writer``, the rule every other place writes answers by.
        """
        choice_labels = None
        if field.field_type in TICK_TYPES:
            labels = None
        elif field.field_type in CHOICE_TYPES:
            choice_labels = {block.id: str(block.value) for block in field.choices}
            labels = dict(choice_labels)
            labels.pop("", None)  # an empty answer stays an empty cell
        else:
            labels = {}
        write = answer_writer(field, labels=choice_labels, yes_no=(self.yes, self.no))

        def cell(value):
            if value.__class__ is str and labels is not None:
                return labels.get(value, value)
            return write(value)

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
        return value.astimezone(time_zone()).isoformat(" ", "seconds")[:19]


# "YYYY-MM-DD HH" and ":MM:SS" of UTC text as SQLite stores it and ``UTCText`` gives it.
UTC_TEXT = re.compile(r"(\d{4}-\d\d-\d\d \d\d)(:[0-5]\d:[0-5]\d)(?:\.\d{1,6})?")


def local_hour(hour):
    """``"YYYY-MM-DD HH"`` in Belgian time for a UTC ``"YYYY-MM-DD HH"``; "" if minutes could shift."""
    try:
        start = datetime.datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=datetime.UTC)
    except ValueError:
        return ""
    zone = time_zone()
    first = start.astimezone(zone)
    last = (start + datetime.timedelta(minutes=59, seconds=59)).astimezone(zone)
    offset = first.utcoffset()
    if offset != last.utcoffset() or offset % datetime.timedelta(hours=1):
        return ""
    return first.isoformat(" ", "hours")[:13]
