"""The gettext catalogues in locale/ are complete, and the site really speaks them.

A catalogue with an untranslated or fuzzy entry, or a msgstr that lost or renamed a
placeholder such as ``%(day)s``, fails here, so a refresh with ``makemessages`` cannot slip
English (or a crash at ``%`` time) onto a page in another language.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext, override

from cms.borrowed_strings import BORROWED, BORROWED_ADMIN

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def catalogue(language):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing: run makemessages -l {language} (see locale/README.md)"
    return polib.pofile(str(path))


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def nplurals(po):
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert match, "the catalogue has no Plural-Forms header"
    return int(match.group(1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    po = catalogue(language)
    assert po.metadata.get("Language") == language
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    assert untranslated == [], f"{language}: untranslated entries"
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert fuzzy == [], f"{language}: fuzzy entries (check them, then remove the flag)"
    assert not po.metadata_is_fuzzy, f"{language}: the header is still marked fuzzy"
    assert len(po) > 50


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language):
    po = catalogue(language)
    forms = nplurals(po)
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            wanted = set(placeholders(entry.msgid_plural)) | set(placeholders(entry.msgid))
            assert len(entry.msgstr_plural) == forms, (
                f"{language}: {entry.msgid!r} needs {forms} plural forms"
            )
            for index, text in entry.msgstr_plural.items():
                assert text, f"{language}: plural form {index} of {entry.msgid!r} is empty"
                assert set(placeholders(text)) <= wanted, (
                    f"{language}: {entry.msgid!r} form {index}: {text!r}"
                )
        else:
            assert placeholders(entry.msgstr) == placeholders(entry.msgid), (
                f"{language}: {entry.msgid!r} -> {entry.msgstr!r}"
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_borrowed_strings_are_in_every_catalogue(language):
    msgids = {entry.msgid for entry in catalogue(language) if not entry.obsolete}
    assert {*BORROWED, *BORROWED_ADMIN} <= msgids, (
        "run makemessages: the strings of cms/borrowed_strings.py are missing"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_used(language):
    """The .mo file exists and wins over Django's and captcha's own translations."""
    po = catalogue(language)
    assert (LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").exists(), "run `make messages`"
    with override(language):
        for msgid in ["Skip to main content", "Invalid CAPTCHA", "Monday"]:
            assert gettext(msgid) == po.find(msgid).msgstr, f"{language}: stale .mo, run `make messages`"


def test_ukrainian_weekday_is_lower_case():
    with override("uk"):
        assert gettext("Monday") == "понеділок"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_campaign_page_shows_interface_in_its_language(client, language):
    po = catalogue(language)
    html = client.get(f"/{language}/dorpaanzet/").content.decode()
    for msgid in ["Skip to main content", "Choose your language", "Themes and sessions"]:
        text = po.find(msgid).msgstr
        # {% translate %} does not escape its output; attributes and filters do.
        assert text in html or escape(text) in html, f"{language}: {msgid!r} is not translated on the page"


@pytest.mark.django_db
def test_arabic_campaign_page_is_arabic(client):
    html = client.get("/ar/dorpaanzet/").content.decode()
    assert "انتقل إلى المحتوى الرئيسي" in html
    assert "المواضيع والجلسات" in html
    assert "الاثنين" in html and "مايو" in html
    assert "Skip to main content" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_script_catalogue_is_complete_and_keeps_placeholders(language):
    """The admin's JavaScript strings (djangojs): complete, placeholders and edge spaces kept."""
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "djangojs.po"))
    assert po.metadata.get("Language") == language
    assert [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()] == []
    assert (LOCALE_DIR / language / "LC_MESSAGES" / "djangojs.mo").exists(), "run `make messages`"
    for entry in po:
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert set(placeholders(text)) <= set(placeholders(entry.msgid + (entry.msgid_plural or ""))), (
                text
            )
            assert text.endswith(" ") == entry.msgid.endswith(" "), f"{language}: {entry.msgid!r} -> {text!r}"
