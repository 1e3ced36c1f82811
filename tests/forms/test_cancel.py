"""The cancel link: a confirmation page, cancelling, promotion from the waiting list, bad links."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail, signing
from django.utils import timezone
from django.utils.html import escape

from forms.mail import tokens
from forms.mail.join import join_url
from forms.models import Booking, MailDelivery
from tests.forms.mail_utils import calendars, html_of, register, sent_to
from tests.forms.utils import set_capacity, source_sessions

pytestmark = pytest.mark.django_db


def cancel_path(message):
    """The cancel link of a confirmation, as a path (the test client has no host)."""
    url = re.search(r"http://testserver(/\S+/forms/cancel/\S+/)", message.body).group(1)
    return url


def snapshot():
    return list(Booking.objects.order_by("pk").values_list("pk", "status", "promoted_at"))


def test_get_shows_what_will_be_cancelled_in_the_registrants_language_and_changes_nothing(
    client, django_capture_on_commit_callbacks, form_pages
):
    sessions = source_sessions(form_pages["nl"])[:2]
    _response, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["ar"], sessions=sessions
    )
    path = cancel_path(sent_to(mail.outbox, "an@example.org")[0])
    assert path.startswith("/ar/forms/cancel/")
    before = snapshot()

    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'name="csrfmiddlewaretoken"' in html and 'method="post"' in html
    for booking in registration.bookings.all():
        assert f'name="booking" value="{booking.pk}"' in html
    local_titles = [row["theme"] for row in response.context["rows"]]
    assert local_titles == [s.get_translation(form_pages["ar"].locale).theme.title for s in sessions]
    assert response["Cache-Control"].startswith("max-age=0")
    assert snapshot() == before


def test_confirming_cancels_every_chosen_booking(client, django_capture_on_commit_callbacks, form_pages):
    sessions = source_sessions(form_pages["nl"])[:2]
    _response, registration = register(
        client, django_capture_on_commit_callbacks, form_pages["fr"], sessions=sessions
    )
    bookings = list(registration.bookings.order_by("session__start"))
    path = cancel_path(mail.outbox[0])

    response = client.post(path, {"booking": [bookings[0].pk]})
    assert response.status_code == 200
    assert [row["booking"].pk for row in response.context["cancelled"]] == [bookings[0].pk]
    assert list(registration.bookings.order_by("session__start").values_list("status", flat=True)) == [
        Booking.CANCELLED,
        Booking.CONFIRMED,
    ]

    # The same link cancels the rest; afterwards there is nothing left to cancel.
    client.post(path, {"booking": [b.pk for b in bookings]})
    assert set(registration.bookings.values_list("status", flat=True)) == {Booking.CANCELLED}
    again = client.get(path)
    assert again.status_code == 200 and again.context["rows"] == []


def test_a_post_without_a_choice_asks_again(client, django_capture_on_commit_callbacks, form_pages):
    register(client, django_capture_on_commit_callbacks, form_pages["nl"])
    before = snapshot()
    response = client.post(cancel_path(mail.outbox[0]), {})
    assert response.status_code == 400
    assert 'aria-describedby="cancel-error"' in response.content.decode()
    assert snapshot() == before


def test_cancelling_a_seat_promotes_the_first_person_waiting_and_mails_them(
    client, django_capture_on_commit_callbacks, form_pages
):
    session = source_sessions(form_pages["nl"])[0]
    set_capacity([session], 1)
    register(
        client,
        django_capture_on_commit_callbacks,
        form_pages["nl"],
        sessions=[session],
        email="first@example.org",
    )
    _r, second = register(
        client,
        django_capture_on_commit_callbacks,
        form_pages["uk"],
        sessions=[session],
        email="second@example.org",
    )
    register(
        client,
        django_capture_on_commit_callbacks,
        form_pages["fr"],
        sessions=[session],
        email="third@example.org",
    )
    assert list(Booking.objects.order_by("pk").values_list("status", flat=True)) == [
        Booking.CONFIRMED,
        Booking.WAITING,
        Booking.WAITING,
    ]
    path = cancel_path(sent_to(mail.outbox, "first@example.org")[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"booking": [Booking.objects.get(email="first@example.org").pk]})
    assert response.status_code == 200
    statuses = dict(Booking.objects.values_list("email", "status"))
    assert statuses == {
        "first@example.org": Booking.CANCELLED,
        "second@example.org": Booking.CONFIRMED,
        "third@example.org": Booking.WAITING,
    }
    promoted = Booking.objects.get(email="second@example.org")
    assert promoted.promoted_at is not None

    (message,) = mail.outbox
    assert message.to == ["second@example.org"]
    local_title = session.get_translation(form_pages["uk"].locale).theme.title
    assert local_title in message.subject
    assert join_url(promoted) in message.body and escape(join_url(promoted)) in html_of(message)
    assert session.meeting_url not in message.body and session.meeting_url not in html_of(message)
    assert '<html lang="uk"' in html_of(message)
    (cal,) = calendars(message)
    assert str(cal.walk("VEVENT")[0]["url"]) == join_url(promoted)
    assert "/uk/forms/cancel/" in message.body
    assert MailDelivery.objects.get(kind=MailDelivery.PROMOTED).booking == promoted
    assert second.bookings.get() == promoted


@pytest.mark.parametrize("mangle", ["flip", "other salt", "other registration", "garbage"])
def test_a_tampered_link_gets_a_clear_page_and_changes_nothing(
    client, django_capture_on_commit_callbacks, form_pages, mangle
):
    _response, registration = register(client, django_capture_on_commit_callbacks, form_pages["nl"])
    token = cancel_path(mail.outbox[0]).split("/")[-2]
    expires = int(tokens.expiry_of(registration).timestamp())
    bad = {
        "flip": token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        "other salt": signing.dumps(
            {"r": registration.pk, "x": expires}, salt="forms.thank-you", compress=True
        ),
        "other registration": token.replace(
            token.split(":")[0], signing.dumps({"r": 999, "x": expires})[:10]
        ),
        "garbage": "not-a-token",
    }[mangle]
    before = snapshot()
    for method in (client.get, client.post):
        response = method(
            f"/nl/forms/cancel/{bad}/", {"booking": [b.pk for b in registration.bookings.all()]}
        )
        assert response.status_code == 400
        assert response.context["expired"] is False
        assert "<h1>" in response.content.decode()
    assert snapshot() == before


def test_a_signed_link_for_a_registration_that_is_gone_is_refused(
    client, django_capture_on_commit_callbacks, form_pages
):
    _response, registration = register(client, django_capture_on_commit_callbacks, form_pages["nl"])
    token = tokens.make_token(registration)
    registration.delete()
    assert client.get(f"/nl/forms/cancel/{token}/").status_code == 400


def test_an_expired_link_gets_a_clear_page_and_changes_nothing(
    client, django_capture_on_commit_callbacks, form_pages
):
    _response, registration = register(client, django_capture_on_commit_callbacks, form_pages["fr"])
    path = cancel_path(mail.outbox[0])
    last_end = registration.bookings.get().session.end
    before = snapshot()

    # Still valid a day after the session; no longer once the grace period is over.
    with mock.patch("django.utils.timezone.now", return_value=last_end + datetime.timedelta(days=1)):
        assert client.get(path).status_code == 200
    later = last_end + tokens.GRACE + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        for method in (client.get, client.post):
            response = method(path, {"booking": [registration.bookings.get().pk]})
            assert response.status_code == 400
            assert response.context["expired"] is True
            assert '<html lang="fr"' in response.content.decode()
    assert snapshot() == before


def test_a_token_signed_with_a_past_expiry_is_refused(client, django_capture_on_commit_callbacks, form_pages):
    _response, registration = register(client, django_capture_on_commit_callbacks, form_pages["nl"])
    token = tokens.make_token(registration, expires=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(f"/nl/forms/cancel/{token}/").context["expired"] is True


def test_other_methods_are_refused(client, django_capture_on_commit_callbacks, form_pages):
    register(client, django_capture_on_commit_callbacks, form_pages["nl"])
    before = snapshot()
    assert client.delete(cancel_path(mail.outbox[0])).status_code == 405
    assert snapshot() == before


def test_the_organisers_hear_of_a_cancellation_in_dutch(
    client, django_capture_on_commit_callbacks, form_pages
):
    from django.utils import translation

    source = form_pages["nl"]
    source.notify_emails = "team@herent.example, zorg@herent.example"
    source.save(update_fields=["notify_emails"])
    session = source_sessions(source)[0]
    set_capacity([session], 1)
    for page, email in ((form_pages["ar"], "first@example.org"), (form_pages["nl"], "second@example.org")):
        register(client, django_capture_on_commit_callbacks, page, sessions=[session], email=email)
    path = cancel_path(sent_to(mail.outbox, "first@example.org")[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"booking": [Booking.objects.get(email="first@example.org").pk]})

    (notice,) = [m for m in mail.outbox if "team@herent.example" in m.to]
    assert notice.to == ["team@herent.example", "zorg@herent.example"]
    with translation.override("nl"):
        assert translation.gettext("Cancellation for %(title)s: %(name)s").split("%")[0] in notice.subject
    assert session.theme.title in notice.body and "first@example.org" in notice.body
    # The seat went to the person waiting: 1 of 1 taken, nobody waiting any more.
    with translation.override("nl"):
        figures = translation.gettext(
            "Now %(taken)s of %(capacity)s seats are taken and %(waiting)s people are waiting. "
            "A freed seat goes to the first person waiting, who gets an e-mail."
        ) % {"taken": 1, "capacity": 1, "waiting": 0}
    assert figures in notice.body
    assert '<html lang="nl"' in html_of(notice)
    delivery = MailDelivery.objects.get(kind=MailDelivery.CANCELLED)
    assert delivery.booking.email == "first@example.org" and delivery.status == MailDelivery.SENT
    # Cancelling again changes nothing and sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"booking": [delivery.booking.pk]})
    assert not [m for m in mail.outbox if "team@herent.example" in m.to]
    assert MailDelivery.objects.filter(kind=MailDelivery.CANCELLED).count() == 1
