"""The source-language version of a page or a row, and the default locale: one home for both.

Editors write in the site's default language (Dutch); wagtail-localize keeps one copy per
language that shares ``translation_key`` with the source. What must be counted or decided once
for every language (seats, registrations, organiser rights, the export's headings) lives on
the source version, so every language version is led back to it here.
"""

from wagtail.models import Locale


def default_locale():
    """The site's default locale. A query each time: pass it on when you have it."""
    return Locale.get_default()


def is_source(obj, default=None):
    """Is ``obj`` (a page or a translatable row) in the default locale?"""
    return obj.locale_id == (default or default_locale()).pk


def source_of(obj, default=None):
    """The version of ``obj`` in the default locale, of the same model; ``obj`` itself when it is
    that version or has none. ``default``: the default locale, if the caller has it already."""
    default = default or default_locale()
    if obj.locale_id == default.pk:
        return obj
    return type(obj).objects.filter(translation_key=obj.translation_key, locale=default).first() or obj
