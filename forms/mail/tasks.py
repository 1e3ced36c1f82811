"""Sending e-mails as background tasks, with retries.

django-tasks runs a task once and has no retry of its own, so each mail is a ``MailDelivery``
row and this module keeps its state:

* ``send_delivery`` claims the row with a conditional UPDATE (pending/failed → sending), so
  two workers, or a worker and the cron retry, never both send it; it then sends and marks
  the row sent. A failure is logged, recorded (attempts, last error, next attempt) and never
  raised: with the immediate backend the task runs inside the visitor's request.
* On a backend that can defer (django-tasks-db), a failed task queues itself again with
  ``run_after``. ``retry_due`` — run by ``manage.py send_reminders`` every few minutes —
  re-queues whatever is due on any backend, including mails whose queueing itself failed.
"""

import datetime
import logging

from django.core.mail import BadHeaderError
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from forms.mail import messages
from forms.models import MailDelivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Minutes to wait after the first, second, … failure (the last value repeats).
BACKOFF_MINUTES = [2, 10, 30, 60, 180, 360, 720]
# A pending row older than this was never picked up (e.g. the queue was down): queue it again.
STALE_PENDING = datetime.timedelta(minutes=10)
# A row "being sent" for this long belonged to a worker that died: try it again.
STUCK_SENDING = datetime.timedelta(minutes=30)


def backoff(attempts):
    return datetime.timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


@task()
def send_delivery(delivery_id):
    """Send the e-mail of one ``MailDelivery``. Returns its status afterwards."""
    return deliver(delivery_id)


def claim(delivery_id, now):
    return MailDelivery.objects.filter(
        pk=delivery_id, status__in=[MailDelivery.PENDING, MailDelivery.FAILED]
    ).update(status=MailDelivery.SENDING, attempts=F("attempts") + 1, claimed_at=now, next_attempt_at=None)


def deliver(delivery_id):
    now = timezone.now()
    if not claim(delivery_id, now):
        return None  # sent already, or another worker is sending it
    delivery = MailDelivery.objects.select_related("registration__form", "booking__session").get(
        pk=delivery_id
    )
    try:
        message = messages.build_message(delivery)
        if message is not None:
            message.send()
    except Exception as error:
        record_failure(delivery, error)
        return delivery.status
    delivery.status = MailDelivery.SENT if message is not None else MailDelivery.SKIPPED
    delivery.sent_at = timezone.now() if message is not None else None
    delivery.last_error = ""
    delivery.save(update_fields=["status", "sent_at", "last_error"])
    return delivery.status


def record_failure(delivery, error):
    # A message that cannot be built right (a header with a line break) fails the same way on
    # every try: it is given up at once instead of retried for a day.
    fields = ["status", "last_error", "next_attempt_at"]
    if isinstance(error, BadHeaderError):
        delivery.attempts = MAX_ATTEMPTS
        fields.append("attempts")
    retry = delivery.attempts < MAX_ATTEMPTS
    logger.exception(
        "Sending the %s e-mail of registration %s failed (attempt %s of %s)%s",
        delivery.kind,
        delivery.registration_id,
        delivery.attempts,
        MAX_ATTEMPTS,
        "; it will be retried" if retry else "; giving up",
    )
    delivery.status = MailDelivery.FAILED
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts) if retry else None
    delivery.save(update_fields=fields)
    if retry and send_delivery.get_backend().supports_defer:
        queue(delivery, run_after=delivery.next_attempt_at)


def queue(delivery, run_after=None):
    """Queue ``delivery``; never raises (a row left pending is picked up by ``retry_due``)."""
    queued = send_delivery if run_after is None else send_delivery.using(run_after=run_after)
    try:
        queued.enqueue(delivery.pk)
    except Exception:
        logger.exception(
            "Could not queue the %s e-mail of registration %s; send_reminders will retry it",
            delivery.kind,
            delivery.registration_id,
        )


def retry_due(now=None):
    """Queue every delivery that failed and is due again, or got lost on the way. Returns how many."""
    now = now or timezone.now()
    MailDelivery.objects.filter(status=MailDelivery.SENDING, claimed_at__lte=now - STUCK_SENDING).update(
        status=MailDelivery.FAILED, next_attempt_at=now
    )
    due = MailDelivery.objects.filter(
        Q(status=MailDelivery.FAILED, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS)
        | Q(status=MailDelivery.PENDING, created_at__lte=now - STALE_PENDING)
    )
    count = 0
    for delivery in due.iterator():
        queue(delivery)
        count += 1
    return count


def given_up(deliveries):
    """The deliveries among these that failed every try: nothing sends them any more."""
    return deliveries.filter(status=MailDelivery.FAILED, attempts__gte=MAX_ATTEMPTS)


def retry_given_up(forms):
    """Send again the e-mails of these forms that failed every try; returns how many.

    For an organiser who has fixed the cause (the mail server, a mistyped organiser address):
    each gets a fresh set of tries.
    """
    deliveries = list(given_up(MailDelivery.objects.filter(registration__form__in=forms)))
    MailDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(attempts=0, next_attempt_at=None)
    for delivery in deliveries:
        queue(delivery)
    return len(deliveries)
