"""``manage.py refresh_catalogues``: every catalogue refreshed from the code, each string in the
catalogue of the app that uses it.

The extension (``campaign``, ``forms``) is installed in other sites, which do not have our
``locale/``: its strings must travel in ``campaign/locale/`` and ``forms/locale/``, complete on
their own. ``makemessages`` run from the project folder already sends a file's strings to the
nearest ``locale/`` folder above it, so the apps' strings land in their own catalogues and
``locale/`` keeps the site's (a string both use is in both; for our site ``LOCALE_PATHS``
wins). What ``makemessages`` cannot do is carry the translations along: a string that moves
arrives empty in the app and is left behind, obsolete, in ``locale/``. This command fills every
empty or fuzzy entry of an app catalogue from the same msgid in the site's catalogue (where
other branches keep adding them), then drops the moved entries from ``locale/``. Strings nobody
has translated yet stay empty, and ``tests/home/test_catalogues.py`` names them.
"""

import os

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

APPS = ("campaign", "forms")
DOMAINS = ("django", "djangojs")
# As in locale/README.md. The scripts' run ignores only the top-level static/ (collectstatic's
# output), not the apps' own static/ folders.
IGNORE = {
    "django": [".venv", "static", "media", "bench", "node_modules"],
    "djangojs": [".venv", "./static", "media", "bench", "node_modules"],
}
HEADER_KEYS = ("Language", "Language-Team", "Plural-Forms", "Last-Translator", "Content-Type")


def key(entry):
    return (entry.msgctxt, entry.msgid)


def translated(entry):
    """Has a checked translation; unlike polib's ``translated()``, obsolete entries count."""
    texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    return "fuzzy" not in entry.flags and all(texts) and bool(list(texts))


class Command(BaseCommand):
    help = "Run makemessages for the site and the apps, and move the apps' translations into their own catalogues"

    def handle(self, *args, **options):
        base = settings.BASE_DIR
        languages = [code for code, _name in settings.LANGUAGES]
        os.chdir(base)
        for app in APPS:
            # makemessages sends an app's strings to its locale/ only when the folder exists.
            (base / app / "locale").mkdir(exist_ok=True)
        for domain in DOMAINS:
            call_command(
                "makemessages",
                domain=domain,
                locale=languages,
                no_location=True,
                ignore_patterns=IGNORE[domain],
                verbosity=0,
            )
        missing = 0
        for domain in DOMAINS:
            for language in languages:
                missing += self.split(base, domain, language)
        if missing:
            self.stdout.write(
                f"{missing} entries still need a translation (see tests/home/test_catalogues.py)."
            )
        self.stdout.write("Compile them with `make messages`.")

    def split(self, base, domain, language):
        site_path = base / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
        site = polib.pofile(str(site_path))
        known = {key(entry): entry for entry in site if translated(entry)}
        moved = set()
        missing = 0
        for app in APPS:
            path = base / app / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                continue
            po = polib.pofile(str(path))
            po.header = (
                f"{site.metadata.get('Language-Team', language)} strings of the {app} app (wagtail-campaigns).\n"
                "Refreshed by `manage.py refresh_catalogues`: see locale/README.md."
            )
            po.metadata["Project-Id-Version"] = "wagtail-campaigns"
            for name in HEADER_KEYS:
                if name in site.metadata:
                    po.metadata[name] = site.metadata[name]
            po.metadata_is_fuzzy = False
            for entry in list(po):
                if entry.obsolete:
                    po.remove(entry)
                    continue
                source = known.get(key(entry))
                if not translated(entry) and source is not None:
                    entry.msgstr = source.msgstr
                    entry.msgstr_plural = dict(source.msgstr_plural)
                    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
                    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
                if translated(entry):
                    moved.add(key(entry))
                else:
                    missing += 1
                    self.stdout.write(f"{path.relative_to(base)}: untranslated {entry.msgid!r}")
            po.save()
        for entry in [entry for entry in site if entry.obsolete and key(entry) in moved]:
            site.remove(entry)
        site.save()
        return missing
