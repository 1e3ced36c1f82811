"""The campaign page caches its content, yet seats and the call to action are never stale."""

import re

import pytest

from tests.forms.utils import set_capacity, source_sessions, valid_post

pytestmark = pytest.mark.django_db


def seat_notes(html):
    return re.findall(r'<span class="session__status[^"]*">([^<]+)</span>', html)


def test_a_registration_updates_the_cached_seats_at_once(
    client, form_page, django_capture_on_commit_callbacks
):
    first = source_sessions(form_page)[0]
    set_capacity([first], 2)
    before = seat_notes(client.get("/en/dorpaanzet/").content.decode())
    assert "2 places left" in before
    # Rendered again from the cache: the same.
    assert seat_notes(client.get("/en/dorpaanzet/").content.decode()) == before

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/nl/dorpaanzet/inschrijven/", valid_post(form_page, sessions=[first]))
    assert response.status_code == 302

    after = seat_notes(client.get("/en/dorpaanzet/").content.decode())
    assert "1 place left" in after and "2 places left" not in after


def test_unpublishing_the_form_removes_the_call_to_action_at_once(client, form_pages):
    assert 'href="/ar/dorpaanzet/inschrijven/"' in client.get("/ar/dorpaanzet/").content.decode()
    form_pages["ar"].unpublish()
    assert 'href="/ar/dorpaanzet/inschrijven/"' not in client.get("/ar/dorpaanzet/").content.decode()
    assert 'href="/nl/dorpaanzet/inschrijven/"' in client.get("/nl/dorpaanzet/").content.decode()


def test_a_cancellation_frees_the_cached_seat_at_once(client, form_page, django_capture_on_commit_callbacks):
    from forms.booking.seats import cancel
    from forms.models import Booking

    first = source_sessions(form_page)[0]
    set_capacity([first], 2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/nl/dorpaanzet/inschrijven/", valid_post(form_page, sessions=[first]))
    assert "1 place left" in seat_notes(client.get("/en/dorpaanzet/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        cancel(Booking.objects.get(session=first))
    assert "2 places left" in seat_notes(client.get("/en/dorpaanzet/").content.decode())
