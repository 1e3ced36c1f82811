"""The gettext catalogues of the site (locale/) and of the apps (campaign/locale/,
forms/locale/) are complete, up to date with the code, and the site really speaks them.

A catalogue with an untranslated or fuzzy entry, or a msgstr that lost or renamed a
placeholder such as ``%(day)s``, fails here, so a refresh with ``makemessages`` cannot slip
English (or a crash at ``%`` time) onto a page in another language. The apps' catalogues are
installed with the package in sites that do not have our locale/, so each must hold every
string of its app on its own.
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils.html import escape
from django.utils.translation import gettext, override

from cms.borrowed_strings import BORROWED, BORROWED_ADMIN

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
APPS = ["campaign", "campaign_forms"]
# Where each catalogue lives: the site's, then each app's own (shipped in the wheel).
LOCALE_DIRS = {"site": LOCALE_DIR, **{app: Path(apps.get_app_config(app).path) / "locale" for app in APPS}}
# The apps' catalogues per domain; only the campaign app has strings in its scripts.
APP_DOMAINS = [("campaign", "django"), ("campaign", "djangojs"), ("campaign_forms", "django")]
EVERY_CATALOGUE = [("site", "django"), ("site", "djangojs"), *APP_DOMAINS]

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def catalogue(language, owner="site", domain="django"):
    path = LOCALE_DIRS[owner] / language / "LC_MESSAGES" / f"{domain}.po"
    assert path.exists(), f"{path} is missing: run manage.py refresh_catalogues (see locale/README.md)"
    return polib.pofile(str(path))


def find(language, msgid):
    """The entry the site speaks for ``msgid``: the site's own, else the app's that has it."""
    for owner in LOCALE_DIRS:
        entry = catalogue(language, owner).find(msgid)
        if entry is not None:
            return entry
    raise AssertionError(f"{msgid!r} is in no catalogue")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def nplurals(po):
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert match, "the catalogue has no Plural-Forms header"
    return int(match.group(1))


@pytest.mark.parametrize("owner", LOCALE_DIRS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language, owner):
    po = catalogue(language, owner)
    assert po.metadata.get("Language") == language
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    assert untranslated == [], f"{language}: untranslated entries"
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert fuzzy == [], f"{language}: fuzzy entries (check them, then remove the flag)"
    assert not po.metadata_is_fuzzy, f"{language}: the header is still marked fuzzy"
    assert len(po) > 50


@pytest.mark.parametrize("owner", LOCALE_DIRS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language, owner):
    po = catalogue(language, owner)
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
    html = client.get(f"/{language}/dorpaanzet/").content.decode()
    for msgid in ["Skip to main content", "Choose your language", "Themes and sessions"]:
        text = find(language, msgid).msgstr
        # {% translate %} does not escape its output; attributes and filters do.
        assert text in html or escape(text) in html, f"{language}: {msgid!r} is not translated on the page"


@pytest.mark.django_db
def test_arabic_campaign_page_is_arabic(client):
    html = client.get("/ar/dorpaanzet/").content.decode()
    assert "انتقل إلى المحتوى الرئيسي" in html
    assert "المواضيع والجلسات" in html
    assert "الاثنين" in html and "مايو" in html
    assert "Skip to main content" not in html


@pytest.mark.parametrize("owner", ["site", "campaign"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_script_catalogue_is_complete_and_keeps_placeholders(language, owner):
    """The admin's JavaScript strings (djangojs): complete, placeholders and edge spaces kept."""
    po = catalogue(language, owner, "djangojs")
    assert po.metadata.get("Language") == language
    assert [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()] == []
    assert (LOCALE_DIRS[owner] / language / "LC_MESSAGES" / "djangojs.mo").exists(), "run `make messages`"
    for entry in po:
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert set(placeholders(text)) <= set(placeholders(entry.msgid + (entry.msgid_plural or ""))), (
                text
            )
            assert text.endswith(" ") == entry.msgid.endswith(" "), f"{language}: {entry.msgid!r} -> {text!r}"


@pytest.mark.parametrize(("owner", "domain"), EVERY_CATALOGUE)
@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_not_stale(language, owner, domain):
    """The .mo file says what the .po says, so the wheel and the site ship the current texts."""
    po = catalogue(language, owner, domain)
    mo_path = LOCALE_DIRS[owner] / language / "LC_MESSAGES" / f"{domain}.mo"
    assert mo_path.exists(), "run `make messages`"
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in polib.mofile(str(mo_path))}
    for entry in po.translated_entries():
        found = compiled.get((entry.msgctxt, entry.msgid))
        assert found is not None, f"{mo_path}: {entry.msgid!r} missing, run `make messages`"
        wanted = dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
        got = dict(found.msgstr_plural) if entry.msgid_plural else found.msgstr
        assert got == wanted, f"{mo_path}: stale {entry.msgid!r}, run `make messages`"


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="makemessages needs GNU gettext (apt-get install gettext)"
)
@pytest.mark.parametrize(("app", "domain"), APP_DOMAINS)
def test_app_catalogue_has_exactly_the_strings_of_its_code(app, domain, tmp_path, monkeypatch):
    """makemessages on a copy of the app finds the msgids its catalogues hold, no more, no less.

    A string added to the app's code but translated only in the site's locale/ (as before the
    apps had catalogues of their own) would reach other sites in English: fails until
    ``manage.py refresh_catalogues`` moves it (locale/README.md).
    """
    source = Path(apps.get_app_config(app).path)
    copy = tmp_path / source.name
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[]):
        call_command("makemessages", domain=domain, locale=["nl"], no_location=True, verbosity=0)
    extracted = {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(copy / "locale" / "nl" / "LC_MESSAGES" / f"{domain}.po"))
    }
    for language in LANGUAGES:
        held = {
            (entry.msgctxt, entry.msgid) for entry in catalogue(language, app, domain) if not entry.obsolete
        }
        assert sorted(extracted - held, key=str) == [], (
            f"{app} {language}: strings of the code missing from the app catalogue"
        )
        assert sorted(held - extracted, key=str) == [], f"{app} {language}: strings no code of the app uses"
