"""``manage.py load_demo``: the "Over welzijn" demo campaign in six languages (idempotent)."""

from django.core.management.base import BaseCommand

from home.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = "Create the demo campaign 'Over welzijn — Dorp aan zet' in all languages. Safe to run twice."

    def handle(self, *args, **options):
        builder = DemoBuilder(stdout=self.stdout)
        builder.build()
        for language, slug, text in builder.missing:
            self.stderr.write(f"No {language} translation for a segment of {slug}: {text[:60]!r}")
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
