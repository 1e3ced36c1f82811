"""``manage.py send_reminders``: run from cron every few minutes.

Queues the reminders that are due (each booking gets one, even when runs overlap),
re-queues e-mails that failed earlier and are due for another attempt, and deletes the
anti-spam sums nobody answered in time (kept out of the visitors' requests).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from forms.mail import reminders, tasks
from forms.public.formfields import remove_expired_sums


class Command(BaseCommand):
    help = "Send due session reminders and retry e-mails that failed. Safe to run often."

    def handle(self, *args, **options):
        now = timezone.now()
        reminded = reminders.queue_due_reminders(now)
        retried = tasks.retry_due(now)
        remove_expired_sums()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{reminded} reminder(s) queued, {retried} earlier e-mail(s) queued again.")
