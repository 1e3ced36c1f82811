"""The seat service: book, cancel, promote; and editors cannot delete booked sessions."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from campaign.models import Session
from forms.booking.seats import AlreadyBooked, book, cancel
from forms.models import Booking, Registration
from tests.editor import edit_form_data, post_edit
from tests.forms.utils import set_capacity, source_sessions

pytestmark = pytest.mark.django_db


def registration(form_page, email):
    return Registration.objects.create(form=form_page, language="nl", email=email)


def test_book_confirms_until_full_then_waits(form_page):
    (session,) = source_sessions(form_page)[:1]
    set_capacity([session], 2)
    statuses = [book(registration(form_page, f"p{n}@example.org"), [session])[0].status for n in range(4)]
    assert statuses == [Booking.CONFIRMED, Booking.CONFIRMED, Booking.WAITING, Booking.WAITING]


def test_book_uses_the_dutch_row_even_when_given_a_translation(form_page):
    dutch = source_sessions(form_page)[0]
    (booking,) = book(registration(form_page, "a@example.org"), [Session.objects.get(pk=dutch.pk).source])
    assert booking.session_id == dutch.pk
    french = Session.objects.get(translation_key=dutch.translation_key, locale__language_code="fr")
    assert french.source.pk == dutch.pk


def test_cancel_frees_the_seat_and_promotes_the_first_waiting(form_page):
    (session,) = source_sessions(form_page)[:1]
    set_capacity([session], 1)
    seat = book(registration(form_page, "seat@example.org"), [session])[0]
    first = book(registration(form_page, "first@example.org"), [session])[0]
    second = book(registration(form_page, "second@example.org"), [session])[0]
    assert (first.status, second.status) == (Booking.WAITING, Booking.WAITING)

    promoted = cancel(seat)
    assert promoted.pk == first.pk
    first.refresh_from_db()
    seat.refresh_from_db()
    assert (seat.status, first.status) == (Booking.CANCELLED, Booking.CONFIRMED)
    assert first.promoted_at is not None
    assert Booking.objects.get(pk=second.pk).status == Booking.WAITING
    # Cancelling twice changes nothing; cancelling a waiting place promotes nobody.
    assert cancel(seat) is None
    assert cancel(second) is None
    assert Booking.objects.filter(session=session, status=Booking.CONFIRMED).count() == 1


def test_cancelled_address_may_book_again(form_page):
    (session,) = source_sessions(form_page)[:1]
    booking = book(registration(form_page, "again@example.org"), [session])[0]
    cancel(booking)
    assert book(registration(form_page, "again@example.org"), [session])[0].status == Booking.CONFIRMED


def test_same_address_cannot_hold_two_places(form_page):
    (session,) = source_sessions(form_page)[:1]
    book(registration(form_page, "twice@example.org"), [session])
    with pytest.raises(AlreadyBooked) as caught:
        book(registration(form_page, "Twice@Example.org"), [session])
    assert caught.value.sessions == [session]
    # The database refuses it too, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            registration=registration(form_page, "twice@example.org"),
            session=session,
            email="twice@example.org",
            status=Booking.WAITING,
        )


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def test_deleting_a_theme_with_bookings_gives_a_message_not_a_500(admin_client, form_page):
    session = source_sessions(form_page)[0]
    book(registration(form_page, "x@example.org"), [session])
    theme = session.theme
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[theme.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[theme.pk])
    assert Session.objects.filter(pk=session.pk).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("1" in m for m in messages)


def test_removing_a_booked_session_in_the_editor_is_refused(admin_client, form_page):
    session = source_sessions(form_page)[0]
    book(registration(form_page, "x@example.org"), [session])
    theme = session.theme.specific
    data = edit_form_data(admin_client, theme)
    for i in range(int(data["sessions-TOTAL_FORMS"])):
        if data[f"sessions-{i}-id"] == str(session.pk):
            data[f"sessions-{i}-DELETE"] = "1"
    response = post_edit(admin_client, theme, data)
    # Refused in the editor itself, with the message on the sessions (tests/forms/test_editor.py).
    assert response.status_code == 200
    assert response.context["form"].formsets["sessions"].non_form_errors()
    assert Session.objects.filter(pk=session.pk).exists()


def test_a_revision_published_later_that_drops_a_booked_session_keeps_it(form_page, caplog):
    """Scheduled publishing or a workflow approval publishes without the editor's check."""
    session = source_sessions(form_page)[0]
    theme = session.theme.specific
    others = [s for s in theme.sessions.all() if s.pk != session.pk]
    # A draft written before anyone booked: it removes the session.
    theme.sessions = others
    revision = theme.save_revision()
    book(registration(form_page, "late@example.org"), [session])

    revision.publish()  # the database would refuse to delete a booked session

    assert Session.objects.filter(pk=session.pk, theme=theme).exists()
    assert Booking.objects.filter(session=session).count() == 1
    assert "kept sessions" in caplog.text and str(session.pk) in caplog.text
    # A session without bookings still goes, as the revision says.
    unbooked = others[0]
    theme = type(theme).objects.get(pk=theme.pk)
    theme.sessions = [s for s in theme.sessions.all() if s.pk != unbooked.pk]
    theme.save_revision().publish()
    assert not Session.objects.filter(pk=unbooked.pk).exists()
    assert Session.objects.filter(pk=session.pk).exists()
