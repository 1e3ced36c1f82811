"""wagtail-localize's translation editor, made clearer for translators.

- The editor labels a segment of an inline row only with the row model's name and the field,
  so every option of every question reads "Form field › Options" and every session's note
  "Session › Public note": a translator cannot tell which question an option belongs to. We
  wrap its private ``get_segment_location_info`` so such a segment is labelled with its row
  ("Form field “Which moment suits you best?”"), in the source language the translator reads.
- It writes dates with ``strftime`` ("Translated manually on 2 December 2026" in a Dutch
  admin). The translation notes and the "last published" date are written in the admin's
  language instead, with Django's date format for that language.

Checked against wagtail-localize 1.14.5.
"""

import datetime
import json

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import pgettext
from wagtail_localize import compat as localize_compat
from wagtail_localize.models import StringTranslation
from wagtail_localize.views import edit_translation

CHECKED_VERSION = "1.14.5"
LOCATION = "get_segment_location_info"
RENDER = "render"
ENGLISH_DATE = localize_compat.DATE_FORMAT


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


def local_date(value):
    return date_format(value, "DATE_FORMAT")


def with_local_comment_dates(original):
    def get_comment(self):
        comment = original(self)
        if comment and self.updated_at:
            comment = comment.replace(self.updated_at.strftime(ENGLISH_DATE), local_date(self.updated_at))
        return comment

    get_comment.wrapped = original
    return get_comment


def with_local_publish_date(original):
    def render(request, template, context=None, *args, **kwargs):
        props = (context or {}).get("props")
        if props:
            data = json.loads(props)
            english = (data.get("object") or {}).get("lastPublishedDate")
            if english:
                day = datetime.datetime.strptime(english, "%d %B %Y").date()
                data["object"]["lastPublishedDate"] = local_date(day)
                context["props"] = json.dumps(data)
        return original(request, template, context, *args, **kwargs)

    render.wrapped = original
    return render


def install():
    for owner, name, wrap in [
        (edit_translation, LOCATION, with_row_labels),
        (edit_translation, RENDER, with_local_publish_date),
        (StringTranslation, "get_comment", with_local_comment_dates),
    ]:
        current = getattr(owner, name)
        if not hasattr(current, "wrapped"):
            setattr(owner, name, wrap(current))
