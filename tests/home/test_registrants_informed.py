"""Issue 11's "done when", in the demo: what the organisers change reaches the registrants.

One walk through the demo campaign as its people do it: three people register in Dutch,
Arabic and Ukrainian; an editor replaces the meeting address a minute before the room opens
and moves the session by an hour in the page editor; an organiser writes to the people of
that session from the dashboard; one registrant adds a second session from "my registration".
The parts are tested one by one in ``tests/forms``; this shows them together on the demo.
"""

import datetime
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from forms.mail import join
from forms.models import Booking, RegistrationFormPage
from forms.organisers.groups import organiser_group
from tests.forms.mail_utils import calendars, html_of, register, sent_to
from tests.forms.people import make_user
from tests.forms.test_changes import publish, typed
from tests.forms.test_my_registration import page_path
from tests.forms.utils import set_capacity, source_sessions
from tests.second_factor import login_verified

pytestmark = pytest.mark.django_db

NEW_ROOM = "https://teams.microsoft.com/l/meetup-join/the-new-room"
LANGUAGES = ("nl", "ar", "uk")
ARABIC = ("جدول الأعمال", "هذا جدول أعمال الغرفة.")


def event_of(message):
    (cal,) = calendars(message)
    (event,) = cal.walk("VEVENT")
    return cal, event


def staff(username, *groups, superuser=False):
    """A staff member of the municipality, who reads the admin in Dutch."""
    return make_user(username, *groups, superuser=superuser, language="nl")


def test_in_the_demo_changes_and_messages_reach_every_registrant(
    client, django_capture_on_commit_callbacks, campaign
):
    capture = django_capture_on_commit_callbacks
    RegistrationFormPage.objects.filter(slug="inschrijven").update(use_captcha=False)
    forms = {p.locale.language_code: p for p in RegistrationFormPage.objects.filter(slug="inschrijven")}
    session, *others = source_sessions(forms["nl"])
    set_capacity([session, *others], 10)
    people = {}
    for language in LANGUAGES:
        cache.clear()  # three neighbours, not one client posting three times
        _r, people[language] = register(
            Client(), capture, forms[language], sessions=[session], email=f"{language}@example.org"
        )
    confirmations = {language: sent_to(mail.outbox, f"{language}@example.org")[0] for language in LANGUAGES}
    bookings = {language: people[language].bookings.get() for language in LANGUAGES}

    # Today's session (moved here in the editor, so its registrants were told): the room
    # opens in a minute, and the editor replaces its address. Nobody is mailed, and once the
    # room is open every personal join link leads to the new room.
    editor = Client()
    editor.force_login(staff("redactie", superuser=True))
    opens_before = datetime.timedelta(minutes=forms["nl"].join_opens_before)
    soon = (timezone.now() + opens_before + datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)
    publish(editor, capture, session, start=typed(soon), end=typed(soon + datetime.timedelta(hours=2)))
    session.refresh_from_db()
    assert session.start == soon
    mail.outbox.clear()
    publish(editor, capture, session, meeting_url=NEW_ROOM)
    assert mail.outbox == []
    in_two_minutes = soon - opens_before + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=in_two_minutes):
        for booking in bookings.values():
            response = Client().get(join.join_url(booking).removeprefix("http://testserver"))
            assert response.status_code == 302 and response["Location"] == NEW_ROOM

    # The editor moves the session by an hour: each calendar's event is updated in place.
    later = session.start + datetime.timedelta(hours=1)
    publish(editor, capture, session, start=typed(later), end=typed(later + datetime.timedelta(hours=2)))
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"{language}@example.org" for language in sorted(LANGUAGES)
    ]
    for language in LANGUAGES:
        (notice,) = sent_to(mail.outbox, f"{language}@example.org")
        _first_cal, first = event_of(confirmations[language])
        cal, event = event_of(notice)
        assert cal["method"] == "REQUEST"
        assert str(event["uid"]) == str(first["uid"]) and event["sequence"] > first["sequence"]
        assert event.decoded("dtstart") == later
        assert f'<html lang="{language}"' in html_of(notice)
        with translation.override(language):
            assert notice.subject.startswith(
                translation.gettext("Changed: %(theme)s, %(when)s").split("%")[0]
            )

    # An organiser of the demo campaign writes to the people of that session, with an Arabic
    # version: Arabic for the Arabic registrant, Dutch for the others (no Ukrainian version).
    organiser = login_verified(Client(), staff("organisator", organiser_group(campaign)))
    mail.outbox.clear()
    data = {
        "key": str(uuid.uuid4()),
        "to": f"session-{session.pk}",
        "audience": "all",
        "subject": "Agenda",
        "body": "Dit is de agenda van de kamer.",
        "subject_ar": ARABIC[0],
        "body_ar": ARABIC[1],
    }
    with capture(execute=True):
        response = organiser.post(reverse("campaign_messages:send", args=[campaign.pk]), data)
    assert response.status_code == 302
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {"nl@example.org": "Agenda", "ar@example.org": ARABIC[0], "uk@example.org": "Agenda"}
    assert ARABIC[1] in sent_to(mail.outbox, "ar@example.org")[0].body

    # The Ukrainian registrant adds a second session from "my registration".
    mail.outbox.clear()
    second = others[0]
    with capture(execute=True):
        response = client.post(page_path(people["uk"]), {"action": "add", "session": [second.pk]})
    assert response.status_code == 200
    assert people["uk"].bookings.get(session=second).status == Booking.CONFIRMED
    (added,) = sent_to(mail.outbox, "uk@example.org")
    assert '<html lang="uk"' in html_of(added)
