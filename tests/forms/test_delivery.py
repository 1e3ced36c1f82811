"""Who decides where personal data goes: the campaign's organisers and superusers only.

Anyone who could publish the form page (Wagtail's Moderators) could add their own address to
the organiser addresses and from then on receive every registrant's answers.
"""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision

from forms.models import RegistrationFormPage
from forms.organisers.delivery import DELIVERY_ACTION
from tests.editor import edit_form_data, post_edit
from tests.forms.people import ROLES
from tests.second_factor import login_verified

pytestmark = pytest.mark.django_db
MAY_CHANGE = {"superuser", "organiser_a"}


def delivery_url(campaign, form_page):
    return reverse("campaign_dashboards:delivery", args=[campaign.pk, form_page.pk])


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_of_the_campaign_and_superusers_redirect_the_data(
    client, users, campaign, form_page, role
):
    if role != "anonymous":
        login_verified(client, users[role])
    before = form_page.notify_emails
    response = client.post(
        delivery_url(campaign, form_page), {"notify_emails": "mine@example.org", "retention_days": "5"}
    )
    changed = RegistrationFormPage.objects.get(pk=form_page.pk)
    if role in MAY_CHANGE:
        assert response.status_code == 302
        assert changed.notify_emails == "mine@example.org" and changed.retention_days == 5
        # Every language version follows (the Arabic page's mails go to the same organisers).
        assert set(
            RegistrationFormPage.objects.filter(translation_key=form_page.translation_key).values_list(
                "notify_emails", flat=True
            )
        ) == {"mine@example.org"}
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/login/" in response["Location"]
        assert changed.notify_emails == before
    reading = client.get(delivery_url(campaign, form_page))
    assert (reading.status_code == 200) is (role in MAY_CHANGE)


def test_the_page_editor_cannot_change_them(client, users, form_page):
    login_verified(client, users["moderator"])
    data = edit_form_data(client, form_page, inline=["form_fields"])
    assert "notify_emails" not in data and "retention_days" not in data
    data["notify_emails"] = "moderator@example.org"
    data["retention_days"] = "999"
    response = post_edit(client, form_page, data)
    assert response.status_code == 302
    page = RegistrationFormPage.objects.get(pk=form_page.pk)
    assert page.notify_emails != "moderator@example.org" and page.retention_days != 999


def test_an_old_revision_cannot_bring_an_address_back(client, users, campaign, form_page):
    form_page.notify_emails = "old-volunteer@example.org"
    form_page.save()
    old = form_page.save_revision()
    login_verified(client, users["organiser_a"])
    client.post(
        delivery_url(campaign, form_page), {"notify_emails": "team@example.org", "retention_days": "30"}
    )
    Revision.objects.get(pk=old.pk).publish()  # as the history's "publish this version" does
    assert RegistrationFormPage.objects.get(pk=form_page.pk).notify_emails == "team@example.org"


def test_every_change_is_in_the_audit_log(client, users, campaign, form_page):
    login_verified(client, users["organiser_a"])
    client.post(
        delivery_url(campaign, form_page), {"notify_emails": "team@example.org", "retention_days": "30"}
    )
    entry = PageLogEntry.objects.get(action=DELIVERY_ACTION, page=form_page)
    assert entry.user == users["organiser_a"]
    assert entry.data["after"] == {"notify_emails": "team@example.org"}
    response = client.post(delivery_url(campaign, form_page), {"notify_emails": "a b", "retention_days": "x"})
    assert response.status_code == 200  # errors on the fields, nothing changed or logged
    assert PageLogEntry.objects.filter(action=DELIVERY_ACTION).count() == 1


def test_the_dashboard_shows_where_registrations_go(client, users, campaign, form_page):
    login_verified(client, users["organiser_a"])
    html = client.get(reverse("campaign_dashboards:campaign", args=[campaign.pk])).content.decode()
    assert delivery_url(campaign, form_page) in html
