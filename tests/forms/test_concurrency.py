"""Seats under real concurrency, on PostgreSQL: never overbooked.

Transactional (``transaction=True``): each thread has its own database connection and posts
through the real page, so the row lock is what keeps the count right. pytest-django runs
these tests last and flushes the database afterwards, so the test builds its own small site
instead of relying on the shared test site.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from wagtail.models import Locale, Page, Site

from campaign.models import CampaignPage, Session, ThemePage
from forms.models import Booking, FormField, Registration, RegistrationFormPage

ATTEMPTS = 200
SEATS = 20
THREADS = 40
HOST = "concurrency.test"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL (PostgreSQL)"
    ),
]


def build_site():
    locale, _created = Locale.objects.get_or_create(language_code="nl")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    campaign = root.add_child(
        instance=CampaignPage(title="Drukte", slug="drukte", intro="Veel volk.", locale=locale)
    )
    Site.objects.create(hostname=HOST, port=80, root_page=campaign, site_name="Drukte")
    theme = ThemePage(title="Eén kamer", slug="kamer", summary="Twintig plaatsen.")
    theme.sessions.add(
        Session(start="2030-05-03T10:00:00+02:00", end="2030-05-03T12:00:00+02:00", capacity=SEATS)
    )
    campaign.add_child(instance=theme)
    form = RegistrationFormPage(title="Inschrijven", slug="inschrijven", use_captcha=False)
    form.form_fields.add(FormField(field_type="email", label="E-mailadres", required=True, sort_order=0))
    form.form_fields.add(FormField(field_type="sessions", label="Sessies", required=True, sort_order=1))
    campaign.add_child(instance=form)
    return form, theme.sessions.get()


def race(session):
    """``ATTEMPTS`` registrations for ``session`` from ``THREADS`` threads; their status codes."""
    url = "/nl/inschrijven/"
    start = threading.Barrier(THREADS)

    def attempt(n):
        try:
            if n < THREADS:
                start.wait()  # the first wave starts together
            client = Client(HTTP_HOST=HOST, REMOTE_ADDR=f"10.0.{n // 250}.{n % 250 + 1}")
            response = client.post(url, {"e-mailadres": f"p{n}@example.org", "sessies": [str(session.pk)]})
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(attempt, range(ATTEMPTS)))


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_overbook(settings):
    assert connection.vendor == "postgresql"
    settings.CAMPAIGN_FORMS_RATE_LIMIT = {"posts": ATTEMPTS, "seconds": 600}
    form, session = build_site()

    statuses = race(session)

    assert statuses == [302] * ATTEMPTS
    assert Registration.objects.filter(form=form).count() == ATTEMPTS
    bookings = Booking.objects.filter(session=session)
    assert bookings.filter(status=Booking.CONFIRMED).count() == SEATS
    assert bookings.filter(status=Booking.WAITING).count() == ATTEMPTS - SEATS
    # The first twenty to get the lock got the seats: no waiting booking is older than a seat.
    last_seat = bookings.filter(status=Booking.CONFIRMED).order_by("-pk").first()
    first_wait = bookings.filter(status=Booking.WAITING).order_by("pk").first()
    assert last_seat.pk < first_wait.pk


@pytest.mark.django_db(transaction=True)
def test_without_the_seat_lock_the_same_race_overbooks(settings, monkeypatch):
    """The negative control: the test above can fail. With the row lock switched off (a switch
    only tests use), the same 200-way race gives more confirmed seats than there are."""
    from forms.booking import seats as booking

    monkeypatch.setattr(booking, "LOCK_SEATS", False)
    settings.CAMPAIGN_FORMS_RATE_LIMIT = {"posts": ATTEMPTS, "seconds": 600}
    _form, session = build_site()

    race(session)

    assert Booking.objects.filter(session=session, status=Booking.CONFIRMED).count() > SEATS


@pytest.mark.django_db(transaction=True)
def test_parallel_duplicates_get_one_place(settings):
    settings.CAMPAIGN_FORMS_RATE_LIMIT = {"posts": 1000, "seconds": 600}
    form, session = build_site()
    start = threading.Barrier(20)

    def attempt(n):
        try:
            start.wait()
            client = Client(HTTP_HOST=HOST, REMOTE_ADDR=f"10.1.0.{n + 1}")
            return client.post(
                "/nl/inschrijven/", {"e-mailadres": "same@example.org", "sessies": [str(session.pk)]}
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = sorted(pool.map(attempt, range(20)))

    # Every post answers alike (an address that holds a place is told so by e-mail only).
    assert statuses == [302] * 20
    assert Booking.objects.filter(session=session).count() == 1
    assert Registration.objects.filter(form=form).count() == 1
