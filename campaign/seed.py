"""Content files for seeding translated pages: one JSON file per language, all of the same shape.

The source language's file gives the pages; walking it side by side with another language's
file gives a translation memory (source string → translated string), which a loader hands to
wagtail-localize as ``StringTranslation`` rows, the way a translator's work is stored. A site's
demo loader and the extension's own test site both build their pages this way.
"""

import html
import json
from pathlib import Path

from wagtail_localize.models import StringTranslation, Translation, TranslationSource


def load_content(directory: Path, language: str):
    with open(Path(directory) / f"{language}.json", encoding="utf-8") as fh:
        return json.load(fh)


def translation_memory(source, target):
    """Walk two content trees of the same shape; map each source string to its translation.

    Each string is also mapped HTML-escaped, as it appears in a rich-text segment.
    """
    memory = {}

    def walk(a, b):
        if isinstance(a, dict):
            for key in a:
                walk(a[key], b[key])
        elif isinstance(a, list):
            for x, y in zip(a, b, strict=True):
                walk(x, y)
        elif isinstance(a, str):
            memory[a] = b
            memory[html.escape(a, quote=False)] = html.escape(b, quote=False)

    walk(source, target)
    return memory


def paragraph(text):
    """A paragraph of rich text; a list of strings in the content file becomes a bulleted list."""
    if isinstance(text, list):
        items = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in text)
        return f"<ul>{items}</ul>"
    return f"<p>{html.escape(text, quote=False)}</p>"


def campaign_body(blocks):
    """A campaign page's body (StreamField data) from the content file's list of blocks."""
    body = []
    for block in blocks:
        if block["type"] == "paragraph":
            body.append(("paragraph", paragraph(block["text"])))
        elif block["type"] == "quote":
            body.append(("quote", {"text": block["text"], "attribution": block["attribution"]}))
        elif block["type"] == "cta":
            body.append(("call_to_action", {"text": block["text"], "label": block["label"], "page": None}))
    return body


def translate_page(page, locale, memory):
    """Translate ``page`` into ``locale`` from ``memory`` and publish it; return the strings it lacks.

    Slugs stay the source's, as the translation editor keeps them (``campaign.localize``). A draft
    is saved, then its revision is published from the database: wagtail-localize would publish
    in ``transaction.on_commit`` with the in-memory page, whose tree counters are stale once its
    children are translated in the same transaction.
    """
    source, _created = TranslationSource.get_or_create_from_instance(page)
    Translation.objects.get_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    missing = []
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = segment.string.data
        translated = memory.get(text)
        if translated is None:
            if segment.context.path != "slug":
                missing.append(text)
                continue
            translated = text
        StringTranslation.from_text(segment.string, locale, segment.context, translated)
    target, _created = source.create_or_update_translation(
        locale, publish=False, fallback=True, copy_parent_pages=True
    )
    target.get_latest_revision().publish()
    return missing
