"""Retention purge and erasure: personal data goes, anonymous counts stay, all in the audit log."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageLogEntry

from campaign.models import Session
from forms.models import Booking, MailDelivery, Registration
from forms.models.stats import AnonymousCount
from forms.organisers.retention import (
    ERASE_ACTION,
    PURGE_ACTION,
    erase_email,
    purge_expired,
    retention_deadline,
)
from tests.forms.people import ROLES
from tests.forms.registrants import register
from tests.forms.utils import make_form, source_sessions
from tests.second_factor import login_verified


def sessions_ended(days_ago):
    end = timezone.now() - datetime.timedelta(days=days_ago)
    Session.objects.update(start=end - datetime.timedelta(hours=2), end=end)


def purge(*args):
    """The command's report, read in English (it speaks the site's language, Dutch, by default)."""
    out = io.StringIO()
    with translation.override("en"):
        call_command("purge_registrations", *args, stdout=out)
    return out.getvalue()


def test_deadline_is_retention_days_after_the_last_session(form_page):
    last = max(s.end for s in source_sessions(form_page))
    assert retention_deadline(form_page) == last + datetime.timedelta(days=30)
    form_page.retention_days = 7
    assert retention_deadline(form_page) == last + datetime.timedelta(days=7)


def test_nothing_is_purged_before_the_deadline(form_page, filled):
    sessions_ended(days_ago=29)
    assert purge() == ""
    assert Registration.objects.filter(form=form_page).count() == 6
    assert not AnonymousCount.objects.exists()


def test_dry_run_changes_nothing(form_page, filled):
    sessions_ended(days_ago=31)
    output = purge("--dry-run")
    assert "Would purge 6 registrations (6 bookings)" in output
    assert Registration.objects.filter(form=form_page).count() == 6
    assert Booking.objects.count() == 6
    assert not AnonymousCount.objects.exists()
    assert not PageLogEntry.objects.filter(action=PURGE_ACTION).exists()


def test_purge_removes_personal_data_keeps_counts_and_is_idempotent(form_page, filled):
    registrations, first, second = filled
    MailDelivery.objects.create(registration=registrations[0], kind="confirmation")
    sessions_ended(days_ago=31)
    assert "Purged 6 registrations (6 bookings)" in purge()

    assert not Registration.objects.exists()
    assert not Booking.objects.exists()
    assert not MailDelivery.objects.exists()
    # No personal data in what is kept.
    kept = list(AnonymousCount.objects.values())
    assert "@example.org" not in repr(kept) and "An" not in {row["answer"] for row in kept}

    def total(**filters):
        return sum(AnonymousCount.objects.filter(**filters).values_list("count", flat=True))

    assert total(kind=AnonymousCount.REGISTRATIONS) == 6
    assert total(kind=AnonymousCount.REGISTRATIONS, language="ar") == 2
    assert total(kind=AnonymousCount.BOOKINGS, session=first, status=Booking.CONFIRMED) == 2
    assert total(kind=AnonymousCount.BOOKINGS, session=first, status=Booking.WAITING) == 2
    assert total(kind=AnonymousCount.BOOKINGS, session=second, status=Booking.CONFIRMED) == 2
    assert total(kind=AnonymousCount.BOOKINGS, session=first, language="fr") == 1
    assert total(kind=AnonymousCount.ANSWERS, field_key="ik-kom-als") == 6

    [entry] = PageLogEntry.objects.filter(action=PURGE_ACTION)
    assert entry.page_id == form_page.pk and entry.data["rows"] == 6 and entry.user is None

    rows_before = AnonymousCount.objects.count()
    assert purge() == ""
    assert purge_expired() == []
    assert AnonymousCount.objects.count() == rows_before
    assert PageLogEntry.objects.filter(action=PURGE_ACTION).count() == 1


def test_purge_leaves_forms_that_are_not_expired(campaign, form_page, filled):
    other = make_form(campaign, slug="later")
    session = source_sessions(form_page)[2]
    register(other, email="zo@example.org", sessions=[session])
    sessions_ended(days_ago=31)
    other.retention_days = 365
    other.save()
    purge()
    assert list(Registration.objects.values_list("email", flat=True)) == ["zo@example.org"]


def test_a_removed_session_keeps_its_counts(client, users, campaign, form_page, filled):
    _registrations, first, _second = filled
    sessions_ended(days_ago=31)
    purge()
    first.delete()
    login_verified(client, users["superuser"])
    context = client.get(reverse("campaign_dashboards:campaign", args=[campaign.pk])).context
    gone = context["sessions"][-1]
    assert gone.session is None and (gone.booked, gone.waiting) == (2, 2)


def test_erasure_removes_a_person_from_every_form_and_moves_the_waiting_list_up(
    campaign, form_page, filled, django_capture_on_commit_callbacks
):
    registrations, first, _second = filled
    other = make_form(campaign, slug="nog-een-formulier")
    register(other, email="An@Example.org ", name="An", sessions=[source_sessions(form_page)[3]])
    cy = Booking.objects.get(session=first, email="cy@example.org")
    assert cy.status == Booking.WAITING

    with django_capture_on_commit_callbacks(execute=True):
        erased = erase_email(" AN@example.org")

    assert {form.pk: rows for form, rows in erased.items()} == {form_page.pk: 1, other.pk: 1}
    assert not Registration.objects.filter(email="an@example.org").exists()
    assert not Booking.objects.filter(email="an@example.org").exists()
    assert Registration.objects.count() == 5
    cy.refresh_from_db()
    assert cy.status == Booking.CONFIRMED and cy.promoted_at is not None
    assert MailDelivery.objects.filter(booking=cy, kind=MailDelivery.PROMOTED).exists()
    entries = PageLogEntry.objects.filter(action=ERASE_ACTION)
    assert {e.page_id for e in entries} == {form_page.pk, other.pk}
    assert all(e.data == {"rows": 1} for e in entries)
    assert "an@example.org" not in repr([e.data for e in entries])
    # Counted anonymously, their bookings as cancelled: the dashboard never shows a ghost seat.
    assert (
        AnonymousCount.objects.filter(kind=AnonymousCount.BOOKINGS).exclude(status=Booking.CANCELLED).count()
        == 0
    )


@translation.override("en")
def test_erase_registrant_command(form_page, filled):
    out = io.StringIO()
    call_command("erase_registrant", "bo@example.org", "--dry-run", stdout=out)
    assert "Would erase 1 registration from" in out.getvalue()
    assert Registration.objects.filter(email="bo@example.org").exists()
    call_command("erase_registrant", "bo@example.org", stdout=out)
    assert not Registration.objects.filter(email="bo@example.org").exists()
    out = io.StringIO()
    call_command("erase_registrant", "bo@example.org", stdout=out)
    assert "No registration" in out.getvalue()


def test_audit_log_entries_are_visible_in_the_admin(client, users, form_page, filled):
    erase_email("an@example.org", user=users["superuser"])
    sessions_ended(days_ago=31)
    purge()
    login_verified(client, users["superuser"])
    html = client.get(reverse("wagtailadmin_pages:history", args=[form_page.pk])).content.decode()
    assert "Erased on request: 1 registration" in html
    assert "Personal data purged: 5 registrations, counts kept" in html
    report = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Personal data purged" in report


def test_erase_view_for_superusers_and_organisers(client, users, form_page, filled):
    url = reverse("campaign_dashboards:erase")
    login_verified(client, users["organiser_b"])
    # Organiser B may use the form, but cannot reach campaign A's registrations.
    response = client.post(url, {"email": "an@example.org", "confirm": "on"}, follow=True)
    assert "No registration" in response.content.decode()
    assert Registration.objects.filter(email="an@example.org").exists()
    login_verified(client, users["organiser_a"])
    assert client.post(url, {"email": "an@example.org"}).status_code == 200  # not confirmed: form again
    assert Registration.objects.filter(email="an@example.org").exists()
    response = client.post(url, {"email": "an@example.org", "confirm": "on"}, follow=True)
    assert "1 registration was erased" in response.content.decode()
    assert not Registration.objects.filter(email="an@example.org").exists()
    assert PageLogEntry.objects.get(action=ERASE_ACTION).user == users["organiser_a"]


@pytest.mark.parametrize("role", ROLES)
def test_erase_view_permission_matrix(client, users, role):
    if role != "anonymous":
        login_verified(client, users[role])
    response = client.get(reverse("campaign_dashboards:erase"))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in {"superuser", "organiser_a", "organiser_b"} else 403)
