"""The campaign dashboard: its numbers equal the data, before and after a purge; who may see it."""

import datetime
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.users.models import UserProfile

from campaign.dates import format_moment, format_session_range
from campaign.models import Session
from forms.models import Booking, Registration
from forms.organisers import dashboard
from forms.organisers.retention import purge_form
from tests.forms.people import ROLES
from tests.forms.registrants import form_choices
from tests.second_factor import login_verified

ALLOWED = {"superuser", "organiser_a"}


def dashboard_context(client, user, campaign):
    login_verified(client, user)
    response = client.get(reverse("campaign_dashboards:campaign", args=[campaign.pk]))
    assert response.status_code == 200
    return response


def expected_figures(form_page):
    """The same numbers, counted independently from the rows themselves."""
    bookings = Counter(Booking.objects.values_list("session_id", "status"))
    registrations = list(Registration.objects.filter(form=form_page))
    languages = Counter(r.language for r in registrations)
    days = Counter(timezone.localtime(r.submitted_at).date() for r in registrations)
    come_as, _ids, _help, _help_ids = form_choices(form_page)
    answers = Counter(r.data[come_as] for r in registrations)
    return bookings, languages, days, answers


def test_dashboard_numbers_equal_the_data(client, users, campaign, form_page, filled):
    _registrations, first, second = filled
    bookings, languages, days, answers = expected_figures(form_page)
    response = dashboard_context(client, users["superuser"], campaign)
    context = response.context

    rows = {row.session.pk: row for row in context["sessions"]}
    assert (
        len(rows)
        == Session.objects.filter(theme__path__startswith=campaign.path, locale=campaign.locale).count()
    )
    for session in (first, second):
        assert rows[session.pk].booked == bookings[session.pk, Booking.CONFIRMED]
        assert rows[session.pk].waiting == bookings[session.pk, Booking.WAITING]
        assert rows[session.pk].capacity == session.capacity
    assert (rows[first.pk].booked, rows[first.pk].waiting) == (2, 2)
    assert context["total"] == 6
    per_language = {bar.label: bar.count for bar in context["per_language"]}
    assert per_language == {dashboard.language_name(code): n for code, n in languages.items()}
    assert sorted(bar.count for bar in context["per_day"] if bar.count) == sorted(days.values())
    # Every day from the first to the last registration has its bar, quiet days at 0.
    assert len(context["per_day"]) == (max(days) - min(days)).days + 1
    [(form, charts)] = context["answer_charts"]
    come_as_chart = charts[0]
    assert come_as_chart.label == "Ik kom als"
    field = form.form_fields.get(label="Ik kom als")
    assert {bar.label: bar.count for bar in come_as_chart.bars} == {
        label: answers[value] for value, label in field.get_choices()
    }
    # One chart per radio/drop-down/checkbox question, generic: the language question too.
    assert [chart.label for chart in charts] == ["Ik kom als", "Hebt u hulp met de taal nodig?"]


def test_dashboard_counts_survive_a_purge(client, users, campaign, form_page, filled):
    before = dashboard_context(client, users["superuser"], campaign).context
    snapshot = (
        [(r.label, r.booked, r.waiting, r.capacity) for r in before["sessions"]],
        [(b.label, b.count) for b in before["per_day"]],
        [(b.label, b.count) for b in before["per_language"]],
        [[(b.label, b.count) for b in chart.bars] for chart in before["answer_charts"][0][1]],
        before["total"],
    )
    purge_form(form_page)
    assert not Registration.objects.filter(form=form_page).exists()
    after = dashboard_context(client, users["superuser"], campaign).context
    assert (
        [(r.label, r.booked, r.waiting, r.capacity) for r in after["sessions"]],
        [(b.label, b.count) for b in after["per_day"]],
        [(b.label, b.count) for b in after["per_language"]],
        [[(b.label, b.count) for b in chart.bars] for chart in after["answer_charts"][0][1]],
        after["total"],
    ) == snapshot


def test_dashboard_charts_are_tables_with_captions_and_headers(client, users, campaign, filled):
    html = dashboard_context(client, users["organiser_a"], campaign).content.decode()
    assert html.count("<caption>") >= 5
    assert 'scope="row"' in html and 'scope="col"' in html
    assert 'role="img"' in html and '<title id="dash-days-title">' in html
    assert "cdn" not in html.lower().split("campaign-dashboard", 1)[1]
    assert "Ik kom als" in html


def test_dashboard_from_a_translated_campaign_shows_the_dutch_one(client, users, campaign, filled):
    french = campaign.get_translation(campaign.locale.get_default().__class__.objects.get(language_code="fr"))
    response = dashboard_context(client, users["organiser_a"], french)
    assert response.context["campaign"] == campaign
    assert response.context["total"] == 6


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_permission_matrix(client, users, campaign, role):
    user = users[role]
    if role != "anonymous":
        login_verified(client, user)
    response = client.get(reverse("campaign_dashboards:campaign", args=[campaign.pk]))
    if role == "anonymous":
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    else:
        assert response.status_code == (200 if role in ALLOWED else 403)


def test_organiser_b_opens_b_but_not_a(client, users, campaign, campaign_b):
    login_verified(client, users["organiser_b"])
    assert client.get(reverse("campaign_dashboards:campaign", args=[campaign_b.pk])).status_code == 200
    assert client.get(reverse("campaign_dashboards:campaign", args=[campaign.pk])).status_code == 403
    # Unknown ids fall through to the site's language redirect, never to a 500.
    assert client.get(reverse("campaign_dashboards:campaign", args=[999999])).status_code in (302, 404)


def test_dashboards_menu_lists_only_visible_campaigns(client, users, campaign, campaign_b):
    login_verified(client, users["organiser_a"])
    home = client.get("/admin/").content.decode()
    assert reverse("campaign_dashboards:index") in home
    index = client.get(reverse("campaign_dashboards:index")).content.decode()
    assert reverse("campaign_dashboards:campaign", args=[campaign.pk]) in index
    assert reverse("campaign_dashboards:campaign", args=[campaign_b.pk]) not in index
    login_verified(client, users["editor"])
    assert reverse("campaign_dashboards:index") not in client.get("/admin/").content.decode()


def test_campaign_page_in_the_admin_links_its_dashboard(client, users, campaign, theme):
    login_verified(client, users["superuser"])
    url = reverse("campaign_dashboards:campaign", args=[campaign.pk])
    assert url in client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk])).content.decode()
    assert (
        url in client.get(reverse("wagtailadmin_explore", args=[campaign.get_parent().pk])).content.decode()
    )
    # Not on other pages, and not for an editor who may not see registrations.
    assert (
        "campaign_dashboards"
        not in client.get(reverse("wagtailadmin_pages:edit", args=[theme.pk])).content.decode()
    )
    login_verified(client, users["editor"])
    assert url not in client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk])).content.decode()


def test_admin_home_panel_shows_open_campaigns_the_user_may_see(client, users, campaign, campaign_b, filled):
    _registrations, first, second = filled
    login_verified(client, users["organiser_a"])
    html = client.get("/admin/").content.decode()
    assert 'id="open-campaigns' in html or "open-campaigns" in html
    assert reverse("campaign_dashboards:campaign", args=[campaign.pk]) in html
    [summary] = dashboard.open_campaigns(dashboard_campaigns(users["organiser_a"]))
    sessions = dashboard.campaign_sessions(campaign)
    assert summary.capacity == sum(s.capacity for s in sessions)
    assert summary.booked == Booking.objects.filter(status=Booking.CONFIRMED).count() == 4
    assert summary.waiting == 2
    # Organiser B's campaign has no sessions: no panel at all.
    login_verified(client, users["organiser_b"])
    assert "open-campaigns" not in client.get("/admin/").content.decode()
    # Once every session is over, the campaign is no longer open.
    Session.objects.update(
        start=timezone.now() - datetime.timedelta(days=2), end=timezone.now() - datetime.timedelta(days=1)
    )
    assert dashboard.open_campaigns(dashboard_campaigns(users["organiser_a"])) == []


def dashboard_campaigns(user):
    from forms.organisers.permissions import campaigns_for_user

    return campaigns_for_user(user)


def test_quiet_days_show_as_empty_bars(form_page):
    when = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 0))
    for offset in (0, 3):
        Registration.objects.create(
            form=form_page,
            language="nl",
            email=f"d{offset}@example.org",
            submitted_at=when + datetime.timedelta(days=offset),
        )
    bars = dashboard.registrations_per_day([form_page])
    assert [bar.count for bar in bars] == [1, 0, 0, 1]
    Registration.objects.create(
        form=form_page,
        language="nl",
        email="far@example.org",
        submitted_at=when + datetime.timedelta(days=200),
    )
    assert [bar.count for bar in dashboard.registrations_per_day([form_page])] == [1, 1, 1]


def test_e_mails_that_failed_every_try_are_shown_and_can_be_sent_again(
    client, users, campaign, form_page, filled, mailoutbox
):
    from forms.mail.tasks import MAX_ATTEMPTS
    from forms.models import MailDelivery

    registration, other = filled[0][:2]
    MailDelivery.objects.create(registration=other, kind=MailDelivery.CONFIRMATION, status=MailDelivery.SENT)
    failed = MailDelivery.objects.create(
        registration=registration,
        kind=MailDelivery.CONFIRMATION,
        status=MailDelivery.FAILED,
        attempts=MAX_ATTEMPTS,
        last_error="SMTPServerDisconnected: gone",
    )
    response = dashboard_context(client, users["organiser_a"], campaign)
    mails = response.context["mails"]
    assert [d.pk for d in mails.given_up] == [failed.pk]
    assert (mails.sent, mails.waiting) == (1, 0)
    html = response.content.decode()
    assert registration.email in html and "SMTPServerDisconnected: gone" in html

    url = reverse("campaign_dashboards:retry_mails", args=[campaign.pk])
    # Only those who may see the campaign's registrations, and only by POST.
    login_verified(client, users["organiser_b"])
    assert client.post(url).status_code == 403
    login_verified(client, users["organiser_a"])
    assert client.get(url).status_code == 405
    mailoutbox.clear()
    assert client.post(url).status_code == 302
    failed.refresh_from_db()
    assert failed.status == MailDelivery.SENT and failed.attempts == 1
    assert [m.to for m in mailoutbox] == [[registration.email]]
    assert dashboard_context(client, users["organiser_a"], campaign).context["mails"].given_up == []


def bar_widths(html, label):
    """The widths of the bars in the table row headed ``label``."""
    row = html.split(f'<th scope="row">{escape(label)}</th>', 1)[1].split("</tr>", 1)[0]
    return [int(w) for w in re.findall(r'class="dash-bar__fill[^"]*" width="(\d+)%"', row)]


def test_each_session_bar_measures_its_own_capacity(client, users, campaign, filled):
    """Issue 8: with one shared scale a full 2/2 session next to a 30-seat one looked empty."""
    _registrations, first, second = filled
    response = dashboard_context(client, users["organiser_a"], campaign)
    rows = {row.session.pk: row for row in response.context["sessions"]}
    assert (rows[first.pk].booked, rows[first.pk].capacity, rows[first.pk].waiting) == (2, 2, 2)
    assert second.capacity > 2 * rows[second.pk].booked
    html = response.content.decode()
    # One bar per session: booked against its own capacity. Full is full, however small.
    assert bar_widths(html, rows[first.pk].label) == [100]
    assert bar_widths(html, rows[second.pk].label) == [round(100 * rows[second.pk].booked / second.capacity)]
    # The table still says it in numbers and words; the waiting list is its own column.
    first_row = html.split(f'<th scope="row">{escape(rows[first.pk].label)}</th>', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<span class="dash-num">(\d+)</span>', first_row)
    assert cells == ["2", "2", "2"]
    with translation.override("en"):
        assert "100% full" in first_row


def test_dashboard_dates_are_written_the_languages_way(client, users, campaign, form_page, filled):
    """Issue 8: "2 Dec 2026" (Django's "M", capitalised, looks English in Dutch): the days and
    sessions use the project's translatable formats, in the organiser's admin language."""
    user = users["organiser_a"]
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "nl"
    profile.save()
    day = timezone.make_aware(datetime.datetime(2026, 12, 2, 10, 0))
    Registration.objects.filter(form=form_page).update(submitted_at=day)
    response = dashboard_context(client, user, campaign)
    html = response.content.decode()
    assert [bar.label for bar in response.context["per_day"]] == ["woensdag 2 december 2026"]
    assert "Dec 2026" not in html
    _registrations, first, _second = filled
    with translation.override("nl"):
        when = format_session_range(first.start, first.end)
    assert f"{first.theme.title}, {when}" in html

    # The admin home's "next session" too (Django's DATETIME_FORMAT wrote "3 mei 2027 10:00").
    home = client.get("/admin/").content.decode()
    [summary] = dashboard.open_campaigns(dashboard_campaigns(user))
    with translation.override("nl"):
        assert format_moment(summary.next_start) in home


def test_dashboards_index_has_its_own_title(client, users, campaign):
    """Issue 8: the index showed only Wagtail's "Home" as its title."""
    user = users["organiser_a"]
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    login_verified(client, user)
    response = client.get(reverse("campaign_dashboards:index"))
    with translation.override("fr"):
        title = str(translation.gettext("Dashboards"))
        labels = [str(item["label"]) for item in response.context["breadcrumbs_items"]]
    assert title != "Dashboards"  # the French catalogue has its own word
    # The last breadcrumb is what the header shows: it was "Home" (Wagtail's "Accueil").
    assert labels[-1] == title
    html = response.content.decode()
    assert f"<title>{title}" in html
    assert re.search(rf">\s*{title}\s*<", html.split("w-breadcrumbs", 1)[1])
