"""A second factor before personal data: superusers and organisers, not editors or translators."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from forms.organisers.second_factor import needs_second_factor
from tests.forms.people import ROLES
from tests.second_factor import authenticator, current_code, login_verified


def personal_data_urls(campaign, form_page, session):
    """Every kind of page that shows registrants: listing, one person, dashboard, lists, exports."""
    urls = [
        reverse("campaign_forms_registrations:index"),
        reverse("campaign_forms_registrations:list", args=[form_page.pk]),
        reverse("campaign_dashboards:index"),
        reverse("campaign_dashboards:campaign", args=[campaign.pk]),
        reverse("campaign_dashboards:attendees", args=[session.pk]),
        reverse("campaign_dashboards:attendees_csv", args=[session.pk]),
        reverse("campaign_dashboards:erase"),
    ]
    urls += [
        reverse("campaign_forms_registrations:export", args=[form_page.pk, name])
        for name in ("csv", "csv-semicolon", "xlsx")
    ]
    return urls


def wrong_code(device):
    return "000000" if current_code(device) != "000000" else "111111"


def wait_out_throttle(user):
    """As after the second or so django-otp makes one wait after a wrong code."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


@pytest.mark.parametrize("role", ROLES)
def test_who_needs_a_second_factor(role, users):
    assert needs_second_factor(users[role]) is (role in {"superuser", "organiser_a", "organiser_b"})


@pytest.mark.parametrize("role", ["superuser", "organiser_a"])
def test_without_a_second_factor_no_personal_data(client, users, campaign, form_page, filled, role):
    _registrations, session, _second = filled
    registration = form_page.registrations.first()
    client.force_login(users[role])
    urls = personal_data_urls(campaign, form_page, session)
    urls.append(reverse("campaign_forms_registrations:detail", args=[form_page.pk, registration.pk]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("second_factor:setup") + "?next="), url
    # With an authenticator set up (but no code entered this session), to the code entry.
    authenticator(users[role])
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("second_factor:verify") + "?next="), url
    # The actions refuse too, and write nothing.
    response = client.post(reverse("campaign_dashboards:erase"), {"email": "an@example.org", "confirm": "on"})
    assert response.status_code == 302
    assert form_page.registrations.filter(email="an@example.org").exists()


def test_with_a_second_factor_the_same_pages_open(client, users, campaign, form_page, filled):
    _registrations, session, _second = filled
    login_verified(client, users["organiser_a"])
    for url in personal_data_urls(campaign, form_page, session):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["editor", "translator", "moderator"])
def test_staff_without_personal_data_are_not_asked(client, users, campaign, form_page, filled, role):
    _registrations, session, _second = filled
    client.force_login(users[role])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    # They still may not see registrations: a 403, not a code entry.
    assert client.get(reverse("campaign_dashboards:campaign", args=[campaign.pk])).status_code == 403


def test_enrolment_with_the_qr_code_then_backup_codes(client, users, campaign):
    user = users["organiser_a"]
    client.force_login(user)
    target = reverse("campaign_dashboards:campaign", args=[campaign.pk])
    setup = client.get(client.get(target)["Location"])
    html = setup.content.decode()
    assert setup.status_code == 200
    assert "<svg" in html and "Set up two-step verification" in html
    # No inline script or style of our own: the QR code is plain SVG.
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "style" not in svg and "script" not in svg
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert re.sub(r"\s", "", re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1))
    # A wrong code does not enrol.
    wrong = client.post(reverse("second_factor:setup"), {"token": wrong_code(device), "next": target})
    assert "This code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    wait_out_throttle(user)
    done = client.post(reverse("second_factor:setup"), {"token": current_code(device), "next": target})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert TOTPDevice.objects.get(user=user).confirmed
    # The session is verified: the dashboard opens.
    assert client.get(target).status_code == 200


def test_code_entry_with_app_code_or_backup_code(client, users, campaign):
    user = users["superuser"]
    device = authenticator(user)
    target = reverse("campaign_dashboards:campaign", args=[campaign.pk])
    client.force_login(user)
    verify_url = client.get(target)["Location"]
    response = client.post(verify_url, {"token": wrong_code(device)})
    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    wait_out_throttle(user)
    response = client.post(verify_url, {"token": current_code(device), "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert client.get(target).status_code == 200
    # A new session, a backup code: works once.
    from forms.organisers.second_factor import new_backup_codes

    code = new_backup_codes(user)[0]
    for expected in (302, 200):
        client.logout()
        client.force_login(user)
        response = client.post(reverse("second_factor:verify"), {"token": code, "next": target})
        assert response.status_code == expected


def test_next_never_leaves_the_site(client, users):
    user = users["organiser_a"]
    device = authenticator(user)
    client.force_login(user)
    response = client.post(
        reverse("second_factor:verify"), {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_replacing_the_authenticator_needs_a_code_first(client, users):
    user = users["organiser_a"]
    authenticator(user)
    client.force_login(user)
    response = client.get(reverse("second_factor:setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor:verify"))
    login_verified(client, user)
    assert client.get(reverse("second_factor:setup")).status_code == 200
