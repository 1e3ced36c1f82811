"""The attendee list of one session, for the room host: on paper (A4) or as CSV.

Columns: status, name, language, then the answers the room host needs. Which answers is a
setting, ``CAMPAIGN_FORMS_ATTENDEE_FIELDS``: a list whose items are a field key (e.g.
``"opmerkingen"``) or ``"type:<field type>"`` (e.g. ``"type:radio"``). The default takes every
choice field and every multi-line text: in the demo that is "Ik kom als", the language-support
question and the remarks — never the e-mail address, phone number or postcode, which a room host
does not need. Field keys are the same in every language, so the setting holds for all of them.
Headings and choices are shown in Dutch, the language of the source form.
"""

import csv
import io

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from forms import conf
from forms.exports.cells import safe_csv_cell
from forms.mail.messages import session_label
from forms.models import Booking
from forms.models.answers import answer_text
from forms.organisers.dashboard import language_name


def safe_cell(value):
    """A CSV cell a spreadsheet shows as text (the merged export's rule, ``safe_csv_cell``)."""
    return safe_csv_cell("" if value is None else str(value))


def wanted(form_field, selectors):
    return form_field.key in selectors or f"type:{form_field.field_type}" in selectors


def attendee_columns(forms):
    """``[(key, Dutch label, field)]`` for the configured fields of ``forms``, by key, in form order."""
    selectors = set(conf.attendee_fields())
    columns = {}
    for form in forms:
        for form_field in form.form_fields.all():
            if form_field.key not in columns and wanted(form_field, selectors):
                columns[form_field.key] = form_field
    return list(columns.values())


class AttendeeList:
    """The confirmed people of a (Dutch) session, then its waiting list, in booking order."""

    def __init__(self, session):
        self.session = session
        self.bookings = list(
            Booking.objects.filter(session=session, status__in=[Booking.CONFIRMED, Booking.WAITING])
            .select_related("registration__form")
            .order_by("created_at", "pk")
        )
        forms = {b.registration.form_id: b.registration.form for b in self.bookings}
        self.columns = attendee_columns(forms.values())

    @property
    def label(self):
        return session_label(self.session)

    def rows(self, status):
        for booking in self.bookings:
            if booking.status != status:
                continue
            registration = booking.registration
            yield {
                "name": registration.name,
                "language": language_name(registration.language),
                "answers": [answer_text(c, registration.data.get(c.key)) for c in self.columns],
            }

    @property
    def confirmed(self):
        return list(self.rows(Booking.CONFIRMED))

    @property
    def waiting(self):
        return list(self.rows(Booking.WAITING))

    def csv_lines(self):
        """The CSV, line by line. Headings are translated now, in the request's language:
        a streaming response reads the lines after the view has returned."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)

        def line(cells):
            writer.writerow([safe_cell(c) for c in cells])
            value = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            return value

        header = "\ufeff" + line([_("Status"), _("Name"), _("Language"), *(c.label for c in self.columns)])
        statuses = [(Booking.CONFIRMED, _("confirmed")), (Booking.WAITING, _("waiting list"))]
        rows = [(label, list(self.rows(status))) for status, label in statuses]

        def lines():
            yield header
            for status_label, status_rows in rows:
                for row in status_rows:
                    yield line([status_label, row["name"], row["language"], *row["answers"]])

        return lines()

    def csv_response(self, filename):
        response = StreamingHttpResponse(self.csv_lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
