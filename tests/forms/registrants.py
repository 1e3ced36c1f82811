"""Builders for the organiser tests: registrations written through the seat service."""

import datetime

from django.utils import timezone

from forms.booking.seats import book
from forms.models import Registration
from tests.forms.utils import choice_ids, field, source_sessions


def register(form, *, email, name="An Peeters", language="nl", sessions=(), answers=None, days_ago=0):
    """A registration on the Dutch ``form`` with its bookings, as the form view stores it."""
    data = {"naam": name, "e-mailadres": email, "sessies": [s.pk for s in sessions], **(answers or {})}
    registration = Registration.objects.create(
        form=form.get_source(),
        language=language,
        email=email,
        name=name,
        data=data,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    book(registration, list(sessions))
    return registration


def form_choices(form):
    """``(key of "Ik kom als", its option ids, key of the language question, its option ids)``."""
    come_as, language_help = field(form, "radio", 0), field(form, "radio", 1)
    return come_as.key, choice_ids(come_as), language_help.key, choice_ids(language_help)


def fill_form(form):
    """Six registrations on the form "Inschrijven": a full first session with a waiting list, three languages."""
    sessions = source_sessions(form)
    first, second = sessions[0], sessions[1]
    first.capacity = 2
    first.save(update_fields=["capacity"])
    come_as, come_as_ids, help_key, help_ids = form_choices(form)
    people = [
        ("an@example.org", "An", "nl", [first, second], come_as_ids[0], help_ids[0], "", 0),
        ("bo@example.org", "Bo", "fr", [first], come_as_ids[1], help_ids[1], "Ik breng een tolk mee", 1),
        ("cy@example.org", "Cy", "ar", [first], come_as_ids[0], help_ids[2], "", 1),
        ("di@example.org", "Di", "nl", [second], come_as_ids[2], help_ids[0], "", 3),
        ("ed@example.org", "Ed", "ar", [first], come_as_ids[0], help_ids[1], "", 3),
        ("fa@example.org", "Fa", "uk", [], come_as_ids[1], help_ids[0], "", 3),
    ]
    registrations = [
        register(
            form,
            email=email,
            name=name,
            language=language,
            sessions=chosen,
            answers={come_as: answer, help_key: need, "opmerkingen": remark},
            days_ago=days_ago,
        )
        for email, name, language, chosen, answer, need, remark, days_ago in people
    ]
    return registrations, first, second
