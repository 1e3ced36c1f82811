"""The "my registration" page behind the link in the e-mails: see, cancel, add, switch.

The seats follow the registration form's rules (``forms.booking.seats``); a switch never gives up a
place before the new one is certain. Bad links and foreign ids change nothing. The race for
the last seat through this page runs on PostgreSQL at the end of this file.
"""

import datetime
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from django.core import mail, signing
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from forms.mail import tokens
from forms.models import Booking, FormField, MailDelivery, Registration, RegistrationFormPage
from tests.forms.mail_utils import calendars, html_of, register, sent_to
from tests.forms.utils import set_capacity, source_sessions


def page_path(registration, language=None):
    """The "my registration" address as the e-mails make it, as a path."""
    with translation.override(language or registration.language):
        return reverse("forms:cancel", kwargs={"token": tokens.make_token(registration)})


def snapshot():
    return list(Booking.objects.order_by("pk").values_list("pk", "session_id", "status", "promoted_at"))


def statuses(registration):
    return dict(registration.bookings.values_list("session_id", "status").order_by("pk"))


def with_organisers(form_pages):
    source = form_pages["nl"]
    source.notify_emails = "team@herent.example"
    source.save(update_fields=["notify_emails"])
    return source


@pytest.mark.django_db
def test_the_page_shows_each_session_with_its_place_in_the_links_language_and_changes_nothing(
    client, django_capture_on_commit_callbacks, form_pages
):
    sessions = source_sessions(form_pages["nl"])
    set_capacity([sessions[1]], 1)
    register(
        client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=[sessions[1]], email="a@x.org"
    )
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["ar"], sessions=sessions[:2]
    )
    path = page_path(registration)
    assert path.startswith("/ar/forms/cancel/")
    before = snapshot()
    deliveries = MailDelivery.objects.count()

    for method in (client.get, client.head):
        response = method(path)
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("max-age=0")
    response = client.get(path)
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        assert translation.gettext("My registration") in html
        waiting = translation.gettext(
            "This session is full: you are number %(position)s on the waiting list."
        ) % {"position": 1}
    assert waiting in html
    rows = response.context["rows"]
    local = [s.get_translation(form_pages["ar"].locale).theme.title for s in sessions[:2]]
    assert [row["theme"] for row in rows] == local
    assert [row["confirmed"] for row in rows] == [True, False]
    # The confirmed session has its join link and calendar links; the meeting address never shows.
    assert rows[0]["join_url"].startswith("http://testserver/ar/") and "join_url" not in rows[1]
    assert f'id="booking-{rows[0]["booking"].pk}"' in html
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "outlook.live.com/calendar/0/deeplink/compose" in html
    assert 'rel="noreferrer"' in html
    assert "webcal://testserver/ar/forms/calendar/" in html
    for session in sessions:
        assert session.meeting_url not in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert snapshot() == before and MailDelivery.objects.count() == deliveries


@pytest.mark.django_db
def test_cancel_one_of_two_then_all(client, django_capture_on_commit_callbacks, form_pages):
    with_organisers(form_pages)
    sessions = source_sessions(form_pages["nl"])[:2]
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["fr"], sessions=sessions
    )
    first, second = registration.bookings.order_by("session__start")
    path = page_path(registration)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"action": "cancel", "booking": [first.pk]})
    assert response.status_code == 200
    assert [row["booking"].pk for row in response.context["cancelled"]] == [first.pk]
    assert [row["booking"].pk for row in response.context["rows"]] == [second.pk]
    assert statuses(registration) == {sessions[0].pk: Booking.CANCELLED, sessions[1].pk: Booking.CONFIRMED}
    (notice,) = sent_to(mail.outbox, "team@herent.example")
    assert sessions[0].theme.title in notice.body
    assert f'href="{path}"' in response.content.decode()  # back to "my registration"

    # "Cancel all my sessions" ignores the boxes and cancels what is left.
    response = client.post(path, {"action": "cancel_all"})
    assert response.status_code == 200
    assert set(registration.bookings.values_list("status", flat=True)) == {Booking.CANCELLED}
    assert client.get(path).context["rows"] == []


@pytest.mark.django_db
def test_add_a_session_books_it_mails_the_registrant_and_the_organisers(
    client, django_capture_on_commit_callbacks, form_pages
):
    with_organisers(form_pages)
    sessions = source_sessions(form_pages["nl"])
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["uk"], sessions=sessions[:1]
    )
    path = page_path(registration)
    page = client.get(path)
    offered = [offer["value"] for offer in page.context["offers"]]
    assert str(sessions[0].pk) not in offered and str(sessions[2].pk) in offered
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"action": "add", "session": [sessions[2].pk]})
    assert response.status_code == 200
    (added,) = response.context["added"]
    assert added["confirmed"] and added["booking"].session_id == sessions[2].pk
    assert statuses(registration) == {sessions[0].pk: Booking.CONFIRMED, sessions[2].pk: Booking.CONFIRMED}
    # Still one registration: the new seat belongs to the same one, in the same language.
    assert Registration.objects.filter(email="an@example.org").count() == 1

    (confirmation,) = sent_to(mail.outbox, "an@example.org")
    local_title = sessions[2].get_translation(form_pages["uk"].locale).theme.title
    with translation.override("uk"):
        assert confirmation.subject == translation.gettext("Your place is booked: %(theme)s") % {
            "theme": local_title
        }
    assert '<html lang="uk"' in html_of(confirmation)
    (cal,) = calendars(confirmation)
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == sessions[2].start
    assert "/uk/forms/cancel/" in confirmation.body
    (notice,) = sent_to(mail.outbox, "team@herent.example")
    assert '<html lang="nl"' in html_of(notice)
    with translation.override("nl"):
        assert translation.gettext("Session added for %(title)s: %(name)s").split(" %")[0] in notice.subject
    assert sessions[2].theme.title in notice.body and "an@example.org" in notice.body
    new = registration.bookings.get(session=sessions[2])
    kinds = set(MailDelivery.objects.filter(booking=new).values_list("kind", "status"))
    assert kinds == {
        (MailDelivery.CONFIRMATION, MailDelivery.SENT),
        (MailDelivery.ORGANISER, MailDelivery.SENT),
    }

    # The same post again (a reload) books nothing twice and sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(path, {"action": "add", "session": [sessions[2].pk]})
    assert again.status_code == 400
    assert registration.bookings.filter(session=sessions[2]).count() == 1 and mail.outbox == []


@pytest.mark.django_db
def test_adding_a_full_session_puts_the_person_on_its_waiting_list_with_their_number(
    client, django_capture_on_commit_callbacks, form_pages
):
    sessions = source_sessions(form_pages["nl"])
    set_capacity([sessions[1]], 1)
    for email in ("seat@x.org", "wait@x.org"):
        register(
            client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=[sessions[1]], email=email
        )
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["tr"], sessions=sessions[:1]
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_path(registration), {"action": "add", "session": [sessions[1].pk]})
    assert response.status_code == 200
    assert statuses(registration)[sessions[1].pk] == Booking.WAITING
    (row,) = [row for row in response.context["rows"] if row["waiting"]]
    assert row["position"] == 2
    (message,) = mail.outbox
    with translation.override("tr"):
        assert message.subject.startswith(
            translation.gettext("You are on the waiting list: %(theme)s").split("%")[0]
        )
    assert calendars(message) == []

    # The person ahead cancels: the seat goes to "wait@x.org", and this registrant is number 1.
    waiting_one = Registration.objects.get(email="wait@x.org")
    client.post(page_path(Registration.objects.get(email="seat@x.org")), {"action": "cancel_all"})
    assert Booking.objects.get(registration=waiting_one).status == Booking.CONFIRMED
    (row,) = [row for row in client.get(page_path(registration)).context["rows"] if row["waiting"]]
    assert row["position"] == 1


@pytest.mark.django_db
def test_switch_to_a_free_session_takes_the_new_seat_and_gives_the_old_one_to_the_first_waiting(
    client, django_capture_on_commit_callbacks, form_pages
):
    with_organisers(form_pages)
    sessions = source_sessions(form_pages["nl"])
    set_capacity([sessions[0]], 1)
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["en"], sessions=sessions[:1]
    )
    _r, waiting = register(
        client,
        django_capture_on_commit_callbacks,
        form_pages["nl"],
        sessions=sessions[:1],
        email="next@x.org",
    )
    old = registration.bookings.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page_path(registration), {"action": "switch", "from": old.pk, "to": sessions[2].pk}
        )
    assert response.status_code == 200
    assert response.context["switched"]["booking"].session_id == sessions[2].pk
    assert statuses(registration) == {sessions[0].pk: Booking.CANCELLED, sessions[2].pk: Booking.CONFIRMED}
    assert waiting.bookings.get().status == Booking.CONFIRMED
    assert {tuple(m.to) for m in mail.outbox} >= {
        ("an@example.org",),
        ("next@x.org",),
        ("team@herent.example",),
    }
    organiser_subjects = [m.subject for m in sent_to(mail.outbox, "team@herent.example")]
    assert len(organiser_subjects) == 2  # the cancellation and the added session


@pytest.mark.django_db
def test_switch_to_a_full_session_leaves_the_old_place_untouched_and_offers_the_waiting_list(
    client, django_capture_on_commit_callbacks, form_pages
):
    sessions = source_sessions(form_pages["nl"])
    set_capacity([sessions[1]], 1)
    register(
        client,
        django_capture_on_commit_callbacks,
        form_pages["nl"],
        sessions=[sessions[1]],
        email="full@x.org",
    )
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["ar"], sessions=sessions[:1]
    )
    old = registration.bookings.get()
    path = page_path(registration)
    before = snapshot()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"action": "switch", "from": old.pk, "to": sessions[1].pk})
    assert response.status_code == 409
    assert response.context["switch_refused"] == "full"
    assert snapshot() == before and mail.outbox == []
    html = response.content.decode()
    assert f'name="session" value="{sessions[1].pk}"' in html and 'value="add"' in html

    # The offer: join the waiting list of the full session and keep the current seat.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"action": "add", "session": [sessions[1].pk]})
    assert statuses(registration) == {sessions[0].pk: Booking.CONFIRMED, sessions[1].pk: Booking.WAITING}


@pytest.mark.django_db
def test_the_switch_is_one_transaction_a_failure_after_the_new_seat_changes_nothing(
    client, django_capture_on_commit_callbacks, form_pages
):
    sessions = source_sessions(form_pages["nl"])
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=sessions[:1]
    )
    old = registration.bookings.get()
    before = snapshot()
    client.raise_request_exception = True
    with (
        mock.patch("forms.public.mine.cancel", side_effect=RuntimeError("database gone")),
        pytest.raises(RuntimeError),
    ):
        client.post(page_path(registration), {"action": "switch", "from": old.pk, "to": sessions[2].pk})
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "post",
    [
        {"action": "cancel", "booking": ["OTHER"]},
        {"action": "switch", "from": "OTHER", "to": "FREE"},
        {"action": "switch", "from": "MINE", "to": "PAST"},
        {"action": "switch", "from": "MINE", "to": "MINE_SESSION"},
        {"action": "add", "session": ["PAST"]},
        {"action": "add", "session": ["nonsense"]},
        {"action": "add"},
        {"action": "delete-everything"},
    ],
)
def test_someone_elses_bookings_and_sessions_not_offered_are_refused_and_change_nothing(
    client, django_capture_on_commit_callbacks, form_pages, post
):
    sessions = source_sessions(form_pages["nl"])
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=sessions[:1]
    )
    _r, other = register(
        client,
        django_capture_on_commit_callbacks,
        form_pages["nl"],
        sessions=sessions[:1],
        email="other@x.org",
    )
    past = sessions[3]
    past.__class__.objects.filter(translation_key=past.translation_key).update(
        start=timezone.now() - datetime.timedelta(days=2),
        end=timezone.now() - datetime.timedelta(days=2, hours=-2),
    )
    names = {
        "OTHER": other.bookings.get().pk,
        "MINE": registration.bookings.get().pk,
        "FREE": sessions[2].pk,
        "PAST": past.pk,
        "MINE_SESSION": sessions[0].pk,
    }
    data = {
        key: [str(names.get(v, v)) for v in value]
        if isinstance(value, list)
        else str(names.get(value, value))
        for key, value in post.items()
    }
    before = snapshot()
    deliveries = MailDelivery.objects.count()
    response = client.post(page_path(registration), data)
    assert response.status_code == 400
    assert snapshot() == before and MailDelivery.objects.count() == deliveries


@pytest.mark.django_db
@pytest.mark.parametrize("mangle", ["flip", "feed salt", "thank-you salt", "garbage", "expired", "gone"])
def test_a_bad_or_expired_link_refuses_every_action_and_changes_nothing(
    client, django_capture_on_commit_callbacks, form_pages, mangle
):
    sessions = source_sessions(form_pages["nl"])
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=sessions[:1]
    )
    token = page_path(registration).split("/")[-2]
    old = registration.bookings.get()
    now = timezone.now()
    bad = {
        "flip": token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        "feed salt": signing.dumps(
            {"r": registration.pk, "x": int(now.timestamp()) + 9999}, salt="forms.feed"
        ),
        "thank-you salt": signing.dumps({"r": registration.pk}, salt="forms.thank-you"),
        "garbage": "not-a-token",
        "expired": tokens.make_token(registration, expires=now - datetime.timedelta(seconds=1)),
        "gone": tokens.make_token(
            Registration(pk=registration.pk + 1000, submitted_at=now),
            expires=now + datetime.timedelta(days=1),
        ),
    }[mangle]
    before = snapshot()
    posts = [
        {"action": "cancel_all"},
        {"action": "add", "session": [sessions[2].pk]},
        {"action": "switch", "from": old.pk, "to": sessions[2].pk},
    ]
    for data in [None, *posts]:
        response = (
            client.get(f"/nl/forms/cancel/{bad}/")
            if data is None
            else client.post(f"/nl/forms/cancel/{bad}/", data)
        )
        assert response.status_code == 400
        assert response.context["expired"] is (mangle == "expired")
        assert "<h1>" in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_posts_need_the_csrf_token(django_capture_on_commit_callbacks, form_pages, client):
    sessions = source_sessions(form_pages["nl"])
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=sessions[:1]
    )
    strict = Client(enforce_csrf_checks=True)
    before = snapshot()
    for data in ({"action": "cancel_all"}, {"action": "add", "session": [sessions[2].pk]}):
        assert strict.post(page_path(registration), data).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
def test_a_closed_form_still_lets_people_cancel_but_not_book_or_switch(
    client, django_capture_on_commit_callbacks, form_pages
):
    sessions = source_sessions(form_pages["nl"])
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=sessions[:2]
    )
    RegistrationFormPage.objects.filter(translation_key=form_pages["nl"].translation_key).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    path = page_path(registration)
    page = client.get(path)
    assert page.context["window_closed"] and not page.context["can_add"] and not page.context["can_switch"]
    assert 'value="add"' not in page.content.decode() and 'value="switch"' not in page.content.decode()
    before = snapshot()
    first = registration.bookings.order_by("pk").first()
    assert client.post(path, {"action": "add", "session": [sessions[2].pk]}).status_code == 403
    assert client.post(path, {"action": "switch", "from": first.pk, "to": sessions[2].pk}).status_code == 403
    assert snapshot() == before
    assert client.post(path, {"action": "cancel", "booking": [first.pk]}).status_code == 200
    assert registration.bookings.get(pk=first.pk).status == Booking.CANCELLED


@pytest.mark.django_db
def test_a_form_with_one_session_per_person_offers_a_switch_not_a_second_session(
    client, django_capture_on_commit_callbacks, form_pages
):
    FormField.objects.filter(field_type="sessions").update(multiple=False)
    sessions = source_sessions(form_pages["nl"])
    _r, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["nl"], sessions=sessions[:1]
    )
    path = page_path(registration)
    page = client.get(path)
    assert not page.context["can_add"] and page.context["can_switch"]
    before = snapshot()
    assert client.post(path, {"action": "add", "session": [sessions[2].pk]}).status_code == 400
    assert snapshot() == before
    client.post(path, {"action": "switch", "from": registration.bookings.get().pk, "to": sessions[2].pk})
    assert registration.bookings.get(status=Booking.CONFIRMED).session_id == sessions[2].pk


# The race for the last seat, on PostgreSQL -------------------------------------------------------------

PEOPLE = 30
SEATS = 5
HOST = "mine.test"


def build_site():
    """A small campaign of its own (the transactional test flushes the database): two sessions."""
    from wagtail.models import Locale, Page, Site

    from campaign.models import CampaignPage, Session, ThemePage

    locale, _created = Locale.objects.get_or_create(language_code="nl")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    campaign = root.add_child(
        instance=CampaignPage(title="Mijn", slug="mijn", intro="Wissels.", locale=locale)
    )
    Site.objects.create(hostname=HOST, port=80, root_page=campaign, site_name="Mijn")
    theme = ThemePage(title="Kamer", slug="kamer", summary="Twee sessies.")
    theme.sessions.add(
        Session(start="2030-05-03T10:00:00+02:00", end="2030-05-03T12:00:00+02:00", capacity=PEOPLE)
    )
    theme.sessions.add(
        Session(start="2030-05-04T10:00:00+02:00", end="2030-05-04T12:00:00+02:00", capacity=SEATS)
    )
    campaign.add_child(instance=theme)
    form = RegistrationFormPage(title="Inschrijven", slug="inschrijven", use_captcha=False)
    form.form_fields.add(FormField(field_type="email", label="E-mailadres", required=True, sort_order=0))
    form.form_fields.add(
        FormField(field_type="sessions", label="Sessies", required=True, multiple=True, sort_order=1)
    )
    campaign.add_child(instance=form)
    first, last = theme.sessions.order_by("start")
    people = []
    for n in range(PEOPLE):
        registration = Registration.objects.create(form=form, language="nl", email=f"p{n}@example.org")
        Booking.objects.create(
            registration=registration, session=first, email=registration.email, status=Booking.CONFIRMED
        )
        people.append(registration)
    return people, first, last


def race(people, data_for):
    start = threading.Barrier(len(people))
    paths = [page_path(person, "nl") for person in people]

    def attempt(n):
        try:
            start.wait()
            return Client(HTTP_HOST=HOST).post(paths[n], data_for(people[n])).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        return list(pool.map(attempt, range(len(people))))


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_parallel_adds_of_the_last_seats_never_overbook():
    assert connection.vendor == "postgresql"
    people, _first, last = build_site()

    codes = race(people, lambda person: {"action": "add", "session": [str(last.pk)]})

    assert codes == [200] * PEOPLE
    bookings = Booking.objects.filter(session=last)
    assert bookings.filter(status=Booking.CONFIRMED).count() == SEATS
    assert bookings.filter(status=Booking.WAITING).count() == PEOPLE - SEATS


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_without_the_seat_lock_the_same_adds_overbook(monkeypatch):
    """The negative control: the race above can fail. With ``forms.booking.seats``'s row lock off, the
    same thirty adds give more confirmed seats than there are."""
    from forms.booking import seats as booking

    monkeypatch.setattr(booking, "LOCK_SEATS", False)
    people, _first, last = build_site()

    race(people, lambda person: {"action": "add", "session": [str(last.pk)]})

    assert Booking.objects.filter(session=last, status=Booking.CONFIRMED).count() > SEATS


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_parallel_switches_into_the_last_seats_keep_every_refused_old_place():
    assert connection.vendor == "postgresql"
    people, first, last = build_site()
    old = {p.pk: p.bookings.get().pk for p in people}

    codes = race(people, lambda person: {"action": "switch", "from": str(old[person.pk]), "to": str(last.pk)})

    assert sorted(codes) == [200] * SEATS + [409] * (PEOPLE - SEATS)
    assert Booking.objects.filter(session=last, status=Booking.CONFIRMED).count() == SEATS
    assert not Booking.objects.filter(session=last, status=Booking.WAITING).exists()
    # Everyone refused still has their seat in the first session; nobody lost both.
    assert Booking.objects.filter(session=first, status=Booking.CONFIRMED).count() == PEOPLE - SEATS
    for person in people:
        assert person.bookings.exclude(status=Booking.CANCELLED).count() == 1
