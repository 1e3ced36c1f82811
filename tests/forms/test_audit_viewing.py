"""Looking at personal data is in the audit log; editors do not see those entries."""

from django.urls import reverse
from wagtail.models import PageLogEntry

from forms.organisers.retention import erase_email
from tests.second_factor import login_verified

ENTRIES = {
    "campaign_forms.view_registrations": "Viewed the list of registrations",
    "campaign_forms.view_dashboard": "Viewed the registrations dashboard",
    "campaign_forms.view_attendees": "Viewed the attendee list of session",
    "campaign_forms.export_attendees": "Downloaded the attendee list of session",
}


def look_at_everything(client, campaign, form_page, session):
    client.get(reverse("campaign_forms_registrations:list", args=[form_page.pk]), {"language": "fr"})
    client.get(reverse("campaign_dashboards:campaign", args=[campaign.pk]))
    client.get(reverse("campaign_dashboards:attendees", args=[session.pk]))
    for url in (
        reverse("campaign_dashboards:attendees_csv", args=[session.pk]),
        reverse("campaign_forms_registrations:export", args=[form_page.pk, "csv"]),
    ):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)


def test_listing_dashboard_and_attendee_lists_are_logged(client, users, campaign, form_page, filled):
    _registrations, session, _second = filled
    organiser = users["organiser_a"]
    login_verified(client, organiser)
    look_at_everything(client, campaign, form_page, session)
    listing = PageLogEntry.objects.get(action="campaign_forms.view_registrations")
    assert (listing.page_id, listing.user) == (form_page.pk, organiser)
    assert listing.data == {"page": 1, "filters": {"language": "fr"}}
    dashboard = PageLogEntry.objects.get(action="campaign_forms.view_dashboard")
    assert (dashboard.page_id, dashboard.user) == (campaign.pk, organiser)
    for action in ("campaign_forms.view_attendees", "campaign_forms.export_attendees"):
        entry = PageLogEntry.objects.get(action=action)
        assert (entry.page_id, entry.user, entry.data) == (campaign.pk, organiser, {"session": session.pk})
    # Refused looks write nothing.
    login_verified(client, users["organiser_b"])
    look_at_everything(client, campaign, form_page, session)
    assert PageLogEntry.objects.filter(action__in=ENTRIES, user=users["organiser_b"]).count() == 0


def histories(client, campaign, form_page):
    return "".join(
        client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
        for page in (form_page, campaign)
    )


def test_superusers_see_the_entries_in_page_history(client, users, campaign, form_page, filled):
    _registrations, session, _second = filled
    login_verified(client, users["organiser_a"])
    look_at_everything(client, campaign, form_page, session)
    erase_email("an@example.org", user=users["superuser"])
    login_verified(client, users["superuser"])
    html = histories(client, campaign, form_page)
    for message in [*ENTRIES.values(), "Exported", "Erased on request"]:
        assert message in html, message


def test_editors_do_not_see_who_looked_at_personal_data(client, users, campaign, form_page, filled):
    _registrations, session, _second = filled
    login_verified(client, users["organiser_a"])
    look_at_everything(client, campaign, form_page, session)
    erase_email("an@example.org", user=users["superuser"])
    client.force_login(users["editor"])
    response = client.get(reverse("wagtailadmin_pages:history", args=[form_page.pk]))
    assert response.status_code == 200
    html = histories(client, campaign, form_page)
    for message in [*ENTRIES.values(), "Exported", "Erased on request"]:
        assert message not in html, message
    # The page's own history is still there.
    assert "Published" in html or "Created" in html


def test_site_history_hides_them_from_editors_too(client, users, campaign, form_page, filled):
    _registrations, session, _second = filled
    login_verified(client, users["organiser_a"])
    look_at_everything(client, campaign, form_page, session)
    url = reverse("wagtailadmin_reports:site_history_results")
    messages = [
        "Exported",
        "Viewed the list of registrations",
        "Viewed the attendee list",
        "Viewed the registrations dashboard",
    ]
    login_verified(client, users["superuser"])
    html = client.get(url).content.decode()
    assert all(message in html for message in messages)
    client.force_login(users["editor"])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<tbody>" in html  # the editor's own entries are still listed
    for message in messages:
        assert message not in html, message
