"""URL converters: ``<id:…>`` is a database id, never a number the database cannot hold.

``<int:…>`` takes any length of digits: ``/calendar/99999999999999999999/`` reached the
database and SQLite answered with an ``OverflowError`` (a 500). An id of at most 18 digits
fits every database's 64-bit key; a longer one is simply not found (404).
"""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
