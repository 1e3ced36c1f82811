"""Delete the personal data of forms whose retention period is over; keep anonymous counts.

Safe to run from cron as often as you like: a form is purged once, a second run (or one running
at the same time) finds nothing left to do.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forms.organisers.retention import purge_expired


class Command(BaseCommand):
    help = "Purge the registrations of forms whose retention period has ended (anonymous counts remain)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report what would be purged; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        results = purge_expired(dry_run=dry_run)
        for result in results:
            rows = result.registrations
            template = (
                ngettext(
                    "Would purge %(rows)s registration (%(bookings)s bookings) of “%(form)s” (page %(id)s).",
                    "Would purge %(rows)s registrations (%(bookings)s bookings) of “%(form)s” (page %(id)s).",
                    rows,
                )
                if dry_run
                else ngettext(
                    "Purged %(rows)s registration (%(bookings)s bookings) of “%(form)s” (page %(id)s).",
                    "Purged %(rows)s registrations (%(bookings)s bookings) of “%(form)s” (page %(id)s).",
                    rows,
                )
            )
            self.stdout.write(
                template
                % {
                    "rows": rows,
                    "bookings": result.bookings,
                    "form": result.form.title,
                    "id": result.form.pk,
                }
            )
        if not results and options["verbosity"] > 1:
            self.stdout.write(_("Nothing to purge."))
