"""``manage.py send_reminders``: run from cron every few minutes.

Queues the reminders that are due (each booking gets one, even when runs overlap) and
re-queues e-mails that failed earlier and are due for another attempt.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from forms import reminders, tasks


class Command(BaseCommand):
    help = "Send due session reminders and retry e-mails that failed. Safe to run often."

    def handle(self, *args, **options):
        now = timezone.now()
        reminded = reminders.queue_due_reminders(now)
        retried = tasks.retry_due(now)
        if options["verbosity"] >= 1:
            self.stdout.write(f"{reminded} reminder(s) queued, {retried} earlier e-mail(s) queued again.")
