"""What ``forms.compat`` relies on in other libraries is still there, in the version it names.

An upgrade of Wagtail or xlsxwriter fails here first: check the module against the new
version, then its ``CHECKED_VERSION``.
"""

import types
import zipfile
from unittest import mock

import pytest
import wagtail
import xlsxwriter
from django.test import RequestFactory
from wagtail.models import Page
from xlsxwriter.worksheet import Worksheet

from forms.compat import wagtail as wagtail_compat
from forms.compat import xlsxwriter as xlsxwriter_compat
from forms.exports.xlsx import write_xlsx


def test_wagtail_is_the_checked_version():
    assert wagtail.__version__ == wagtail_compat.CHECKED_VERSION


@pytest.mark.django_db
def test_wagtail_routes_from_the_route_we_set(django_assert_num_queries):
    request = RequestFactory().post("/nl/anything/")
    page = Page(title="Any page", slug="any")
    wagtail_compat.set_route(request, page, args=("view", (), {}))
    with django_assert_num_queries(0):
        route = Page.route_for_request(request, "/nl/anything/")
    assert route.page is page
    assert tuple(route) == (page, ("view", (), {}), {})


def test_xlsxwriter_is_the_checked_version():
    assert xlsxwriter.__version__ == xlsxwriter_compat.CHECKED_VERSION
    assert xlsxwriter_compat.fast_rows()


def test_xlsxwriter_worksheet_has_what_the_row_writer_uses(tmp_path):
    workbook = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    for name in ("_write_single_row", "_write_number", "_write_string", "_check_dimensions"):
        assert callable(getattr(Worksheet, name)), name
    for name in (
        "table",
        "previous_row",
        "dim_rowmin",
        "dim_rowmax",
        "dim_colmin",
        "dim_colmax",
        "xls_strmax",
        "xls_rowmax",
        "xls_colmax",
        "constant_memory",
        "excel_version",
        "default_row_height",
        "original_row_height",
        "row_info",
        "col_info",
        "comments",
    ):
        assert hasattr(sheet, name), name
    sheet.write_string(0, 0, "x")
    sheet.write_string(1, 0, "y")  # the first row goes to the temporary file
    assert hasattr(sheet, "fh")
    workbook.close()


def sheet_xml(path):
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_public_api_writes_the_same_sheet_as_the_fast_rows(tmp_path):
    export = types.SimpleNamespace(
        form=types.SimpleNamespace(title="Inschrijving: [test]"),
        header=lambda: ["Id", "Naam", "Opmerking"],
        rows=lambda: iter([[1, "Anna", ""], [2, "Bert <b>", " spatie "], [3, "", "Gewoon"]]),
    )
    write_xlsx(export, str(tmp_path / "fast.xlsx"))
    with mock.patch.object(xlsxwriter_compat, "fast_rows", return_value=False):
        write_xlsx(export, str(tmp_path / "public.xlsx"))
    assert sheet_xml(tmp_path / "fast.xlsx") == sheet_xml(tmp_path / "public.xlsx")
