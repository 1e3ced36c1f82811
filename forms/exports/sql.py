"""Database functions of the export: each answer as its own JSON text, the bookings as short
text, the time as UTC text, so Python does little per row (``forms.exports.rows``)."""

import json

from django.db.models import F, Func, TextField

from forms.models import Booking

# When one person has several bookings for a session, the most telling one is shown.
STATUS_RANK = {Booking.CONFIRMED: 3, Booking.WAITING: 2, Booking.CANCELLED: 1}


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
