"""Post Wagtail's page editor as a browser does, for tests of what editors see.

``edit_form_data`` reads the edit form's fields from the page's HTML. StreamFields are built
by the admin's JavaScript, so their inputs are not in the HTML: they are added from the
page's current values, with their block ids, as the browser would send them unchanged.
"""

from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html


def stream_data(prefix, stream_value):
    data = {f"{prefix}-count": str(len(stream_value))}
    for n, block in enumerate(stream_value):
        data.update(
            {
                f"{prefix}-{n}-type": block.block_type,
                f"{prefix}-{n}-value": block.block.get_prep_value(block.value),
                f"{prefix}-{n}-id": block.id,
                f"{prefix}-{n}-deleted": "",
                f"{prefix}-{n}-order": str(n),
            }
        )
    return data


def stream_fields(model):
    return [f.name for f in model._meta.get_fields() if isinstance(f, StreamField)]


def edit_form_data(client, page, inline=()):
    """The page editor's form data for ``page``; ``inline`` names its child relations with
    StreamFields (e.g. ``["form_fields"]``)."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    # A ticked box without a value attribute: the browser sends "on", wagtail's helper "".
    for box in WagtailTestUtils.get_soup(html).select("#page-edit-form input[type=checkbox][checked]"):
        if "value" not in box.attrs and box.get("name"):
            data.setlist(box["name"], ["on"])
    page = page.specific
    for name in stream_fields(type(page)):
        data.update(stream_data(name, getattr(page, name)))
    for relation in inline:
        rows = {row.pk: row for row in getattr(page, relation).all()}
        for n in range(int(data[f"{relation}-TOTAL_FORMS"])):
            row = rows.get(int(data.get(f"{relation}-{n}-id") or 0))
            for name in stream_fields(type(row)) if row else ():
                data.update(stream_data(f"{relation}-{n}-{name}", getattr(row, name)))
    return data


def add_row(data, relation, values):
    """Append a new inline row (e.g. a form field) and return its index."""
    n = int(data[f"{relation}-TOTAL_FORMS"])
    data[f"{relation}-TOTAL_FORMS"] = str(n + 1)
    data[f"{relation}-{n}-ORDER"] = str(n + 1)
    data[f"{relation}-{n}-id"] = ""
    for name, value in values.items():
        data[f"{relation}-{n}-{name}"] = value
    return n


def rows_of_type(data, relation, field_type):
    total = int(data[f"{relation}-TOTAL_FORMS"])
    return [n for n in range(total) if data.get(f"{relation}-{n}-field_type") == field_type]


def post_edit(client, page, data, action="action-publish"):
    data = data.copy()
    data[action] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def row_errors(response, relation):
    """``[{field: [messages]}]`` of the inline rows in a re-rendered editor."""
    formset = response.context["form"].formsets[relation]
    return [dict(form.errors) for form in formset.forms]
