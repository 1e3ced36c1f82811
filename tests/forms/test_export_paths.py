"""The export's fast paths give the cells of the plain ones: answers picked out by the database
vs ``data`` decoded in Python, Belgian time remembered per hour vs converted per row, the most
telling status of several bookings, and ``decode`` vs ``json.loads``."""

import datetime
import json

import pytest
from django.utils import timezone

from forms.exports.rows import RegistrationExport, decode, local_hour
from forms.models import Booking, Registration
from tests.forms.utils import choice_ids, field, make_form, source_sessions

FIELDS = ["singleline", "multiline", "number", "dropdown", "checkboxes", "checkbox", "consent"]


def all_rows(export, extract, neutralise=False):
    return [list(row) for rows in export.row_chunks(neutralise=neutralise, extract=extract) for row in rows]


@pytest.fixture
def form(campaign):
    return make_form(campaign, slug="paden", fields=FIELDS)


def answers(form):
    """Stored answers of every odd shape, keyed by the field types of ``FIELDS``."""
    text, remark, number = field(form, "singleline"), field(form, "multiline"), field(form, "number")
    dropdown, boxes = field(form, "dropdown"), field(form, "checkboxes")
    checkbox, consent = field(form, "checkbox"), field(form, "consent")
    drop_ids, box_ids = choice_ids(dropdown), choice_ids(boxes)

    def data(**values):
        keys = {"t": text, "r": remark, "n": number, "d": dropdown, "b": boxes, "c": checkbox, "k": consent}
        return {keys[name].key: value for name, value in values.items()}

    return [
        data(t="Ann", r="Tot dan", n="12", d=drop_ids[1], b=[box_ids[2], box_ids[0]], c=True, k=True),
        {},  # nothing answered
        data(t="", r=None, n="", d="", b=[], c=False, k=""),  # empty in every way
        data(d="weg", b=[box_ids[0], "weg", 7], c="on", k="nee"),  # unknown values stay as stored
        data(t=0, r=1.5, n=12, d=3, c=0, k=1),  # numbers where text is expected
        data(t=["a", 2, None], r={"x": [1, {"y": "z"}]}, b="enkel", d=[drop_ids[0], "x"]),  # shapes
        data(t='Hij zei "hoi"\\ terug', r="Regel 1\nRegel 2\t\u0001", n="café ü 😀 \u2028"),  # escapes
        data(t='["geen lijst"]', r="{}", n="null", d="true"),  # text that looks like JSON
        data(t="=1+1", r="+32 470", n="-2", d="@SUM(A1)", b=["=x"]),  # formulas
        data(t="  spaties  ", r="\r\n"),
        [1, 2],  # data that is not an object
        "tekst",
        5,
        True,
    ]


def test_answers_picked_out_by_the_database_match_decoded_data(form):
    stored = answers(form)
    for n, data in enumerate(stored):
        Registration.objects.create(
            form=form,
            language="nl",
            data=data,
            submitted_at=datetime.datetime(2026, 5, 3, 10, n, tzinfo=datetime.UTC),
        )
    export = RegistrationExport(form, form.registrations.all())
    assert export.extracts_answers()  # SQLite 3.38+ and PostgreSQL: the tests exercise both paths
    for neutralise in (False, True):
        extracted, decoded = all_rows(export, True, neutralise), all_rows(export, False, neutralise)
        assert extracted == decoded
    assert [list(row) for row in export.rows()] == all_rows(export, None)  # the database decides
    rows = all_rows(export, True)
    answers_of = {n: row[3 + len(export.sessions) :] for n, row in enumerate(rows)}
    # text, remark, number, dropdown, checkboxes, checkbox, consent
    assert answers_of[0] == [
        "Ann",
        "Tot dan",
        "12",
        "dropdown optie 2",
        "checkboxes optie 3; checkboxes optie 1",
        "ja",
        "ja",
    ]
    assert answers_of[1] == ["", "", "", "", "", "", ""]
    assert answers_of[2] == ["", "", "", "", "", "nee", ""]  # False is an answer: no
    assert answers_of[3] == ["", "", "", "weg", "checkboxes optie 1; weg; 7", "ja", "ja"]
    assert answers_of[4] == ["0", "1.5", "12", "3", "", "nee", "ja"]
    assert answers_of[5][:2] == ["a; 2; None", str({"x": [1, {"y": "z"}]})]
    assert answers_of[5][3:5] == ["dropdown optie 1; x", "enkel"]
    assert answers_of[6][:3] == ['Hij zei "hoi"\\ terug', "Regel 1\nRegel 2\t\u0001", "café ü 😀 \u2028"]
    assert answers_of[7][:4] == ['["geen lijst"]', "{}", "null", "true"]
    assert answers_of[8][:5] == ["=1+1", "+32 470", "-2", "@SUM(A1)", "=x"]
    assert all_rows(export, True, neutralise=True)[8][3 + len(export.sessions) :][:5] == [
        "'=1+1",
        "'+32 470",
        "'-2",
        "'@SUM(A1)",
        "'=x",
    ]
    assert answers_of[9][:2] == ["  spaties  ", "\r\n"]
    for n in range(10, 14):
        assert answers_of[n] == ["", "", "", "", "", "", ""], stored[n]


def test_a_field_without_answers_in_old_registrations(form):
    """Answers are looked up by key: a question added later is empty for earlier registrations."""
    Registration.objects.create(form=form, language="fr", data={"vraag-van-vroeger": "oud"})
    export = RegistrationExport(form, form.registrations.all())
    assert all_rows(export, True) == all_rows(export, False)
    assert all_rows(export, True)[0][3 + len(export.sessions) :] == [""] * 7


def utc_texts():
    """UTC text around both 2026 clock changes, every 20 minutes, with and without microseconds."""
    for start in (datetime.datetime(2026, 3, 28, 22), datetime.datetime(2026, 10, 24, 22)):
        for n in range(12):
            moment = start + datetime.timedelta(minutes=20 * n, seconds=59)
            yield str(moment)
            yield str(moment.replace(microsecond=999999))


def test_belgian_time_remembered_per_hour_is_belgian_time():
    convert = RegistrationExport.local_time_converter()
    texts = list(utc_texts())
    odd = [
        "2026-03-29T00:59:59",  # other shapes take the full conversion
        "2026-03-29 00:59:59+00:00",
        "2026-03-29 02:59:59+02:00",
        "2026-03-29 00:59:59.5",
        datetime.datetime(2026, 3, 29, 1, 0, 0, 1),
        datetime.datetime(2026, 10, 25, 0, 59, 59, tzinfo=datetime.UTC),
    ]
    for value in texts + odd + texts:  # twice: computed, then remembered
        assert convert(value) == RegistrationExport.local_time(value), value
    assert convert("2026-03-29 00:59:59.999999") == "2026-03-29 01:59:59"
    assert convert("2026-03-29 01:00:00") == "2026-03-29 03:00:00"
    assert convert("2026-10-25 00:59:59") == "2026-10-25 02:59:59"
    assert convert("2026-10-25 01:00:00") == "2026-10-25 02:00:00"
    assert local_hour("2026-13-01 00") == ""  # not a date: the full conversion decides
    with pytest.raises(ValueError):
        convert("2026-13-01 00:00:00")


@pytest.mark.parametrize("extract", [True, False])
def test_submitted_at_from_the_database_in_belgian_time(form, extract):
    moments = {
        datetime.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=datetime.UTC): "2026-03-29 01:59:59",
        datetime.datetime(2026, 3, 29, 1, 0, 0, tzinfo=datetime.UTC): "2026-03-29 03:00:00",
        datetime.datetime(2026, 10, 25, 0, 59, 59, 500000, tzinfo=datetime.UTC): "2026-10-25 02:59:59",
        datetime.datetime(2026, 10, 25, 1, 0, 0, 1, tzinfo=datetime.UTC): "2026-10-25 02:00:00",
        datetime.datetime(2026, 12, 31, 23, 30, 0, tzinfo=datetime.UTC): "2027-01-01 00:30:00",
    }
    for moment in moments:
        Registration.objects.create(form=form, language="nl", data={}, submitted_at=moment)
    export = RegistrationExport(form, form.registrations.all())
    assert [row[1] for row in all_rows(export, extract)] == list(moments.values())


def test_each_session_shows_the_most_telling_status(form_page):
    first, second = source_sessions(form_page)[:2]
    now = timezone.now()

    def registration(name, *bookings):
        r = Registration.objects.create(form=form_page, language="nl", name=name, data={"naam": name})
        Registration.objects.filter(pk=r.pk).update(submitted_at=now + datetime.timedelta(seconds=len(name)))
        for n, (session, status) in enumerate(bookings):
            Booking.objects.create(
                registration=r, session=session, email=f"{name}{n}@example.org", status=status
            )

    registration("a", (first, "cancelled"), (first, "confirmed"), (second, "waiting"))
    registration("bb", (first, "cancelled"), (first, "waiting"), (first, "cancelled"))
    registration("ccc", (first, "onbekend"), (second, "cancelled"))  # an unknown status shows nothing
    registration("dddd")
    export = RegistrationExport(form_page, form_page.registrations.all())
    columns = [n for n, (pk, _heading) in enumerate(export.sessions) if pk in (first.pk, second.pk)]
    assert [[row[3 + c] for c in columns] for row in all_rows(export, True)] == [
        ["bevestigd", "wachtlijst"],
        ["wachtlijst", ""],
        ["", "geannuleerd"],
        ["", ""],
    ]
    assert all_rows(export, True) == all_rows(export, False)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": [1, 2.5, "x", null, true]}',
        '"\\u00e9\\"\\\\"',
        "[]",
        "0",
        "-1e3",
        '"',
        " [1] ",
        "[1] x",
        "",
        "nul",
        b'{"a": 1}',
        "[1, ]",
    ],
)
def test_decode_is_json_loads(text):
    try:
        expected = json.loads(text)
    except json.JSONDecodeError as error:
        with pytest.raises(json.JSONDecodeError) as caught:
            decode(text)
        assert str(caught.value) == str(error)
    else:
        assert decode(text) == expected
        assert type(decode(text)) is type(expected)
