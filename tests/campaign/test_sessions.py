"""Sessions: validation, dates in every language, calendar files, privacy of the meeting URL."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from icalendar import Calendar

from campaign.dates import format_session_range
from campaign.models import Session
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def make_session(theme, **kwargs):
    values = {
        "theme": theme,
        "start": datetime.datetime(2027, 5, 3, 19, 0, tzinfo=BRUSSELS),
        "end": datetime.datetime(2027, 5, 3, 21, 0, tzinfo=BRUSSELS),
        "capacity": 10,
        "meeting_url": "https://teams.example.org/secret-room",
        "locale": theme.locale,
    }
    values.update(kwargs)
    return Session(**values)


def test_end_must_be_after_start(theme):
    session = make_session(theme, end=datetime.datetime(2027, 5, 3, 18, 0, tzinfo=BRUSSELS))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "end" in error.value.message_dict


def test_capacity_cannot_be_negative(theme):
    with pytest.raises(ValidationError) as error:
        make_session(theme, capacity=-1).full_clean()
    assert "capacity" in error.value.message_dict


def test_meeting_url_must_be_https(theme):
    with pytest.raises(ValidationError) as error:
        make_session(theme, meeting_url="http://teams.example.org/room").full_clean()
    assert "meeting_url" in error.value.message_dict
    make_session(theme).full_clean(exclude=["theme", "translation_key"])


def test_validation_errors_reach_the_editor(admin_client, admin_user, theme):
    """The page editor shows the session errors instead of saving."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()

    data = nested_form_data(
        {
            "title": theme.title,
            "slug": theme.slug,
            "summary": theme.summary,
            "body": rich_text("<p>x</p>"),
            "questions": streamfield([]),
            "sessions": inline_formset(
                [
                    {
                        "start": "2027-05-03 19:00",
                        "end": "2027-05-03 18:00",
                        "capacity": "-5",
                        "meeting_url": "http://insecure.example.org",
                        "note": "",
                    }
                ]
            ),
        }
    )
    response = admin_client.post(f"/admin/pages/{theme.pk}/edit/", data, HTTP_HOST="localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The end must be after the start." in html
    assert "Enter a secure address that starts with https://." in html
    assert "Ensure this value is greater than or equal to 0." in html
    theme.refresh_from_db()
    assert theme.sessions.count() == 2


EXPECTED = {
    "nl": "maandag 3 mei 2027, 19:00–21:00",
    "en": "Monday 3 May 2027, 19:00–21:00",
    "fr": "lundi 3 mai 2027, 19:00–21:00",
    "uk": "понеділок, 3 травня 2027, 19:00–21:00",
    "tr": "3 Mayıs 2027 Pazartesi, 19:00–21:00",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_are_formatted_per_language_in_brussels_time(language):
    # 17:00 UTC is 19:00 in Brussels (summer time).
    start = datetime.datetime(2027, 5, 3, 17, 0, tzinfo=datetime.UTC)
    end = datetime.datetime(2027, 5, 3, 19, 0, tzinfo=datetime.UTC)
    with translation.override(language):
        text = format_session_range(start, end)
    if language == "ar":
        assert "الاثنين" in text and "مايو" in text and "19:00" in text and "21:00" in text
    else:
        assert text == EXPECTED[language]


def test_campaign_page_shows_local_times(client):
    html = client.get("/nl/dorpaanzet/").content.decode()
    assert "maandag 3 mei" in html and "dinsdag 4 mei" in html and "woensdag 5 mei" in html


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_campaign_calendar_has_every_session_in_brussels_time(client, campaign):
    cal = parse(client.get("/nl/dorpaanzet/calendar/"))
    events = cal.walk("VEVENT")
    sessions = list(campaign.get_sessions())
    assert len(events) == len(sessions) == 10
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Brussels"
    by_uid = {str(e["UID"]): e for e in events}
    for session in sessions:
        event = by_uid[f"session-{session.translation_key}@localhost"]
        start = event.decoded("DTSTART")
        assert start == session.start
        assert str(start.tzinfo) == "Europe/Brussels"
        assert event.decoded("DTEND") == session.end
        assert session.theme.title in str(event["SUMMARY"])


def test_session_calendar_in_the_visitors_language(client):
    from campaign.models import CampaignPage

    arabic = CampaignPage.objects.get(slug="dorpaanzet", locale__language_code="ar")
    session = arabic.get_sessions().first()
    cal = parse(client.get(f"/ar/dorpaanzet/calendar/{session.pk}/"))
    (event,) = cal.walk("VEVENT")
    assert session.theme.title in str(event["SUMMARY"])
    assert event.decoded("DTSTART") == session.start


def test_unknown_session_calendar_is_404(client):
    assert client.get("/nl/dorpaanzet/calendar/999999/").status_code == 404


def test_private_meeting_url_is_absent_from_every_public_response(client, campaign):
    secrets = set(Session.objects.exclude(meeting_url="").values_list("meeting_url", flat=True))
    assert secrets
    paths = ["/nl/dorpaanzet/calendar/"]
    for language in LANGUAGES:
        paths += [f"/{language}/", f"/{language}/dorpaanzet/", f"/{language}/dorpaanzet/calendar/"]
        paths += [f"/{language}/dorpaanzet/{theme.slug}/" for theme in campaign.get_children()]
    paths += [f"/nl/dorpaanzet/calendar/{s.pk}/" for s in campaign.get_sessions()]
    for path in paths:
        body = client.get(path).content.decode()
        for secret in secrets:
            assert secret not in body, path
        assert "meetup-join" not in body, path


def test_event_days_are_listed_with_each_languages_separator():
    from campaign.templatetags.campaign_tags import event_days_label

    days = [datetime.date(2027, 5, 3), datetime.date(2027, 5, 4), datetime.date(2027, 5, 5)]
    with translation.override("nl"):
        assert event_days_label(days) == "maandag 3 mei 2027, dinsdag 4 mei 2027 en woensdag 5 mei 2027"
    with translation.override("ar"):
        text = event_days_label(days)
    assert "، " in text and ", " not in text
