"""The form cannot tell whether someone is registered (issue: no enumeration).

Posting an address that already holds a place answers exactly like a new registration: the
same redirect, the same thank-you page (the statuses a new registrant would get now). Only
that address learns, by e-mail, that it was registered already; at most once a day.
"""

import re

import pytest
from django.core import mail

from forms.models import Booking, MailDelivery, Registration
from tests.forms.utils import set_capacity, source_sessions, valid_post

pytestmark = pytest.mark.django_db


def register(client, page, capture, **kwargs):
    with capture(execute=True):
        response = client.post(page.get_url(), valid_post(page, **kwargs))
    assert response.status_code == 302
    return client.get(response["Location"])


def page_text(response, email):
    """The thank-you page with the address and the per-response token taken out."""
    html = response.content.decode().replace(email, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_an_address_with_a_place_answers_like_a_new_one(
    client, form_page, django_capture_on_commit_callbacks
):
    session = source_sessions(form_page)[0]
    set_capacity([session], 1)
    register(
        client,
        form_page,
        django_capture_on_commit_callbacks,
        email="neighbour@example.org",
        sessions=[session],
    )
    mail.outbox.clear()

    # Now the session is full: a new person goes on the waiting list ...
    new = register(
        client, form_page, django_capture_on_commit_callbacks, email="new@example.org", sessions=[session]
    )
    # ... and someone testing whether the neighbour registered sees exactly the same.
    probe = register(
        client,
        form_page,
        django_capture_on_commit_callbacks,
        email="neighbour@example.org",
        sessions=[session],
    )
    assert page_text(probe, "neighbour@example.org") == page_text(new, "new@example.org")
    assert "waiting list" in new.content.decode() or "wachtlijst" in new.content.decode()

    # The neighbour keeps the seat, no second registration, and only the neighbour is told.
    assert Booking.objects.get(email="neighbour@example.org").status == Booking.CONFIRMED
    assert Registration.objects.filter(email="neighbour@example.org").count() == 1
    notices = [m for m in mail.outbox if m.to == ["neighbour@example.org"]]
    assert len(notices) == 1
    assert "al ingeschreven" in notices[0].subject
    assert session.theme.title in notices[0].body
    assert all("neighbour" not in " ".join(m.to) for m in mail.outbox if m not in notices)


def test_a_new_session_is_booked_and_the_held_one_only_mentioned(
    client, form_page, django_capture_on_commit_callbacks
):
    first, second = source_sessions(form_page)[:2]
    register(client, form_page, django_capture_on_commit_callbacks, email="an@example.org", sessions=[first])
    mail.outbox.clear()
    thanks = register(
        client,
        form_page,
        django_capture_on_commit_callbacks,
        email="an@example.org",
        sessions=[first, second],
    )
    html = thanks.content.decode()
    assert first.theme.title in html and second.theme.title in html
    assert sorted(
        Booking.objects.filter(email="an@example.org").values_list("session_id", flat=True)
    ) == sorted([first.pk, second.pk])
    subjects = sorted(m.subject for m in mail.outbox if m.to == ["an@example.org"])
    assert len(subjects) == 2  # the confirmation of the new place, the notice about the held one
    assert any("al ingeschreven" in subject for subject in subjects)


def test_the_notice_goes_out_at_most_once_a_day(client, form_page, django_capture_on_commit_callbacks):
    session = source_sessions(form_page)[0]
    register(client, form_page, django_capture_on_commit_callbacks, sessions=[session])
    mail.outbox.clear()
    for _attempt in range(3):
        register(client, form_page, django_capture_on_commit_callbacks, sessions=[session])
    assert len(mail.outbox) == 1
    delivery = MailDelivery.objects.get(kind=MailDelivery.ALREADY_REGISTERED)
    assert delivery.status == MailDelivery.SENT
