"""wagtail-localize's translation editor: name the row each inline segment belongs to.

The editor labels a segment of an inline row only with the row model's name and the field,
so every option of every question reads "Form field › Options" and every session's note
"Session › Public note": a translator cannot tell which question an option belongs to. We
wrap its private ``get_segment_location_info`` so such a segment is labelled with its row
("Form field “Which moment suits you best?”"), in the source language the translator reads.

Checked against wagtail-localize 1.14.5.
"""

from django.db import models
from django.utils.translation import pgettext
from wagtail_localize.views import edit_translation

CHECKED_VERSION = "1.14.5"
TARGET = "get_segment_location_info"


def row_label(source_instance, relation, translation_key):
    """``str()`` of the source row with this translation key, looked up once per instance."""
    cache = source_instance.__dict__.setdefault("_segment_rows", {})
    if relation.name not in cache:
        rows = getattr(source_instance, relation.get_accessor_name()).all()
        cache[relation.name] = {str(row.translation_key): str(row) for row in rows}
    return cache[relation.name].get(translation_key)


def with_row_labels(original):
    def get_segment_location_info(source_instance, tab_helper, content_path, field_path, widget=False):
        info = original(source_instance, tab_helper, content_path, field_path, widget=widget)
        field = source_instance._meta.get_field(field_path.split(".")[0])
        if isinstance(field, models.ManyToOneRel) and info.get("blockId"):
            label = row_label(source_instance, field, info["blockId"])
            if label:
                info["field"] = pgettext("translation editor segment", "%(kind)s “%(row)s”") % {
                    "kind": info["field"],
                    "row": label,
                }
        return info

    get_segment_location_info.wrapped = original
    return get_segment_location_info


def install():
    current = getattr(edit_translation, TARGET)
    if not hasattr(current, "wrapped"):
        setattr(edit_translation, TARGET, with_row_labels(current))
