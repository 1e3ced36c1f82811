"""Helpers for the e-mail, cancel and reminder tests: registering through the real page."""

import datetime
import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from icalendar import Calendar

from campaign.models import Session
from forms.models import Registration
from tests.forms.utils import valid_post

ORGANISERS = "team@example.org, welzijn@example.org"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def register(client, capture, page, **kwargs):
    """POST a valid answer to ``page`` (running the after-commit work); the response and registration."""
    with capture(execute=True):
        response = client.post(page.get_url(), valid_post(page, **kwargs))
    assert response.status_code == 302, response.content.decode()[:2000]
    email = kwargs.get("email", "an@example.org")
    return response, Registration.objects.filter(email=email).latest("pk")


def move_session(session, start):
    """Move a session (its Dutch row and every translation) to ``start``, lasting two hours."""
    Session.objects.filter(translation_key=session.translation_key).update(
        start=start, end=start + datetime.timedelta(hours=2)
    )


def calendars(message):
    return [
        Calendar.from_ical(content)
        for _name, content, mimetype in message.attachments
        if mimetype.startswith("text/calendar")
    ]


def html_of(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def sent_to(outbox, address):
    return [m for m in outbox if address in m.to]
