"""How our models meet wagtail-localize's translation editor.

A translator should be asked only for text to translate. Everything else (keys, dates,
capacities, meeting addresses, settings, slugs) is copied from the Dutch page on every sync
and is not offered as an "override" either: ``synchronised`` says so for a list of fields.

Slugs stay the Dutch ones in every language: the address of a page is then the same in every
language but for the language prefix (``/nl/dorpaanzet/``, ``/ar/dorpaanzet/``), so a printed
address or QR code works for everyone, a language switch keeps the path, and no Arabic or
Ukrainian slug turns into a percent-encoded address. The translation editor no longer shows
a slug segment, so publishing no longer warns about an untranslated one.
"""

from wagtail_localize.fields import SynchronizedField


def synchronised(*field_names):
    """Fields copied from the source on every sync, which translators cannot override."""
    return [SynchronizedField(name, overridable=False) for name in field_names]


# What every page of ours adds to wagtail-localize's defaults for pages.
PAGE_SYNCHRONISED = synchronised("slug")
