"""Erase one person's registrations, by e-mail address, from every form (an erasure request)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forms.organisers.retention import erase_email


class Command(BaseCommand):
    help = "Delete every registration of an e-mail address and free its seats; anonymous counts remain."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The e-mail address of the person.")
        parser.add_argument("--dry-run", action="store_true", help="Only report what would be erased.")

    def handle(self, *args, email, dry_run=False, **options):
        try:
            validate_email(email.strip())
        except ValidationError as error:
            raise CommandError(_("“%(email)s” is not a valid e-mail address.") % {"email": email}) from error
        erased = erase_email(email, dry_run=dry_run)
        for form, rows in erased.items():
            template = (
                ngettext(
                    "Would erase %(rows)s registration from “%(form)s” (page %(id)s).",
                    "Would erase %(rows)s registrations from “%(form)s” (page %(id)s).",
                    rows,
                )
                if dry_run
                else ngettext(
                    "Erased %(rows)s registration from “%(form)s” (page %(id)s).",
                    "Erased %(rows)s registrations from “%(form)s” (page %(id)s).",
                    rows,
                )
            )
            self.stdout.write(template % {"rows": rows, "form": form.title, "id": form.pk})
        if not erased:
            self.stdout.write(_("No registration with this e-mail address was found."))
