"""Delete the personal data of forms whose retention period is over; keep anonymous counts.

Safe to run from cron as often as you like: a form is purged once, a second run (or one running
at the same time) finds nothing left to do.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from forms.retention import purge_expired


class Command(BaseCommand):
    help = "Purge the registrations of forms whose retention period has ended (anonymous counts remain)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report what would be purged; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        results = purge_expired(dry_run=dry_run)
        for result in results:
            template = (
                _("Would purge %(rows)s registrations (%(bookings)s bookings) of “%(form)s” (page %(id)s).")
                if dry_run
                else _("Purged %(rows)s registrations (%(bookings)s bookings) of “%(form)s” (page %(id)s).")
            )
            self.stdout.write(
                template
                % {
                    "rows": result.registrations,
                    "bookings": result.bookings,
                    "form": result.form.title,
                    "id": result.form.pk,
                }
            )
        if not results and options["verbosity"] > 1:
            self.stdout.write(_("Nothing to purge."))
