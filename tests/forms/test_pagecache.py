"""The stored copy of the registration form: one query per visitor, and never stale or shared.

Each test makes the first request (which renders and stores the page) and then checks what
the next visitor gets from the copy.
"""

import datetime
import re

import pytest
from captcha.models import CaptchaStore
from django.test import Client
from django.utils import timezone

from forms import conf
from forms.models import Registration, RegistrationFormPage
from forms.public import pagecache
from tests.forms.utils import set_capacity, source_sessions, valid_post

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def visitor():
    """A new visitor: no cookies, CSRF enforced as in production."""
    return Client(enforce_csrf_checks=True)


def seats(html):
    return re.findall(r'session-option__seats[^"]*">([^<]+)<', html)


def test_the_next_visitor_is_served_from_the_copy_with_one_query(form_page, django_assert_num_queries):
    first = visitor().get(form_page.url)
    assert first.status_code == 200
    with django_assert_num_queries(2):  # page_version, seats_left_now
        again = visitor().get(form_page.url)
    assert again.status_code == 200
    # The same page, apart from the CSRF token.
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())
    assert pagecache.CSRF_SLOT not in again.content.decode()


def test_each_visitor_gets_their_own_working_csrf_token(form_page):
    visitor().get(form_page.url)  # stores the copy
    tokens = []
    for n in range(2):
        person = visitor()
        page = person.get(form_page.url)
        token = TOKEN.search(page.content.decode()).group(1)
        assert "csrftoken" in page.cookies, "the copy still sets the visitor's CSRF cookie"
        tokens.append(token)
        data = {**valid_post(form_page, email=f"p{n}@example.org"), "csrfmiddlewaretoken": token}
        assert person.post(form_page.url, data).status_code == 302
    assert tokens[0] != tokens[1]
    assert Registration.objects.count() == 2


def test_a_visitor_without_the_cookie_is_still_refused(form_page):
    visitor().get(form_page.url)
    token = TOKEN.search(visitor().get(form_page.url).content.decode()).group(1)
    stranger = visitor()  # has the token from someone else's page, not the cookie
    response = stranger.post(form_page.url, {**valid_post(form_page), "csrfmiddlewaretoken": token})
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_seats_left_change_at_once_after_a_registration(
    form_page, django_capture_on_commit_callbacks, django_assert_num_queries
):
    first = source_sessions(form_page)[0]
    set_capacity([first], 2)
    conf.page_cache().clear()
    assert "Nog 2 plaatsen vrij" in seats(visitor().get(form_page.url).content.decode())
    assert "Nog 2 plaatsen vrij" in seats(visitor().get(form_page.url).content.decode())  # from the copy

    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(form_page.url, valid_post(form_page, sessions=[first])).status_code == 302

    # Still the same copy (a booking changes no page), with today's seats filled in.
    with django_assert_num_queries(2):
        after = seats(visitor().get(form_page.url).content.decode())
    assert "Nog 1 plaats vrij" in after and "Nog 2 plaatsen vrij" not in after

    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(form_page.url, valid_post(form_page, sessions=[first], email="b@example.org"))
    html = visitor().get(form_page.url).content.decode()
    assert html.count("session-option__seats--full") == 1
    assert "Volzet — u komt op de wachtlijst" in seats(html)


def test_a_new_capacity_shows_at_once(form_page):
    first = source_sessions(form_page)[0]
    visitor().get(form_page.url)
    set_capacity([first], 3)  # straight in the database: no page is published
    assert "Nog 3 plaatsen vrij" in seats(visitor().get(form_page.url).content.decode())


def test_publishing_a_change_shows_at_once(form_page):
    visitor().get(form_page.url)
    form_page.title = "Inschrijven voor de kamers"
    form_page.save_revision().publish()
    assert "<h1>Inschrijven voor de kamers</h1>" in visitor().get(form_page.url).content.decode()


def test_an_unpublished_form_is_not_served_from_the_copy(form_page):
    visitor().get(form_page.url)
    url = form_page.url
    form_page.unpublish()
    assert visitor().get(url).status_code == 404


def test_a_form_that_closes_is_closed_at_once(form_page):
    visitor().get(form_page.url)
    RegistrationFormPage.objects.filter(pk=form_page.pk).update(closes_at=timezone.now())
    response = visitor().get(form_page.url)
    assert "<form" not in response.content.decode().split("<main")[1]


def test_the_copy_expires_at_the_next_opening_or_closing_moment(form_page):
    now = timezone.now()
    form_page.closes_at = now + datetime.timedelta(seconds=90)
    assert pagecache.seconds_to_keep(form_page, now) == 90
    form_page.closes_at = now + datetime.timedelta(days=3)
    assert pagecache.seconds_to_keep(form_page, now) == conf.DEFAULT_PAGE_CACHE_SECONDS


def test_each_language_has_its_own_copy(form_pages):
    nl = visitor().get(form_pages["nl"].url).content.decode()
    ar = visitor().get(form_pages["ar"].url).content.decode()
    assert '<html lang="ar" dir="rtl">' in visitor().get(form_pages["ar"].url).content.decode()
    assert '<html lang="nl" dir="ltr">' in visitor().get(form_pages["nl"].url).content.decode()
    assert nl != ar


def test_with_the_captcha_every_visitor_gets_a_new_sum_that_works(form_page):
    RegistrationFormPage.objects.filter(pk=form_page.pk).update(use_captcha=True)
    visitor().get(form_page.url)
    before = CaptchaStore.objects.count()
    person = visitor()
    html = person.get(form_page.url).content.decode()
    again = visitor().get(form_page.url).content.decode()
    assert CaptchaStore.objects.count() == before + 2
    key = html.split('name="captcha_0" value="')[1].split('"')[0]
    assert key not in again
    assert '<label class="field__label" for="id_captcha_1">' in html
    answer = CaptchaStore.objects.get(hashkey=key).response
    data = {
        **valid_post(form_page),
        "csrfmiddlewaretoken": TOKEN.search(html).group(1),
        "captcha_0": key,
        "captcha_1": answer,
    }
    assert person.post(form_page.url, data).status_code == 302


def test_switching_the_captcha_on_shows_it_at_once(form_page):
    assert "captcha_0" not in visitor().get(form_page.url).content.decode()
    RegistrationFormPage.objects.filter(pk=form_page.pk).update(use_captcha=True)
    assert "captcha_0" in visitor().get(form_page.url).content.decode()


def test_editors_with_a_session_never_get_or_make_the_copy(
    form_page, admin_client, django_assert_num_queries
):
    editor_page = admin_client.get(form_page.url).content.decode()
    assert "wagtail-userbar" in editor_page
    assert "wagtail-userbar" not in visitor().get(form_page.url).content.decode()
    assert "wagtail-userbar" in admin_client.get(form_page.url).content.decode()


def test_a_page_behind_a_password_is_never_stored(form_page):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=form_page, restriction_type="password", password="geheim")
    response = visitor().get(form_page.url)
    assert "<form" in response.content.decode()  # Wagtail's password form
    assert not conf.page_cache().get(pagecache.cache_key(response.wsgi_request))


def test_an_old_campaign_revision_does_not_turn_back_the_freshness_marks(form_page):
    campaign = form_page.get_campaign()
    old = campaign.save_revision()
    form_page.save_revision().publish()  # marks the campaign as changed
    campaign.refresh_from_db()
    marks = (campaign.pages_changed_at, campaign.content_changed_at)
    assert all(marks)
    old.publish()
    campaign.refresh_from_db()
    assert (campaign.pages_changed_at, campaign.content_changed_at) == marks


def test_a_registration_to_a_form_with_a_copy_skips_the_page_tree_walk(form_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_of_a_registration(email, with_copy):
        person = visitor()
        token = TOKEN.search(person.get(form_page.url).content.decode()).group(1)
        if not with_copy:
            conf.page_cache().clear()
        data = {**valid_post(form_page, email=email), "csrfmiddlewaretoken": token}
        with CaptureQueriesContext(connection) as queries:
            assert person.post(form_page.url, data).status_code == 302
        return len(queries)

    walked = queries_of_a_registration("first@example.org", with_copy=False)
    routed = queries_of_a_registration("second@example.org", with_copy=True)
    assert routed <= walked - 4, (routed, walked)
    assert Registration.objects.count() == 2


def test_a_registration_after_unpublishing_is_not_routed_from_the_copy(form_page):
    person = visitor()
    token = TOKEN.search(person.get(form_page.url).content.decode()).group(1)
    url = form_page.url
    form_page.unpublish()
    response = person.post(url, {**valid_post(form_page), "csrfmiddlewaretoken": token})
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_a_password_added_after_the_copy_still_guards_registrations(form_page):
    from wagtail.models import PageViewRestriction

    person = visitor()
    token = TOKEN.search(person.get(form_page.url).content.decode()).group(1)
    PageViewRestriction.objects.create(page=form_page, restriction_type="password", password="geheim")
    response = person.post(form_page.url, {**valid_post(form_page), "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and "password" in response.content.decode().lower()
    assert not Registration.objects.exists()


def test_the_copy_can_be_turned_off(form_page, settings):
    settings.CAMPAIGN_FORMS_PAGE_CACHE_SECONDS = 0
    response = visitor().get(form_page.url)
    assert response.status_code == 200 and 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert conf.page_cache().get(pagecache.cache_key(response.wsgi_request)) is None


def test_a_form_shown_again_with_errors_counts_its_seats_too(form_page):
    first = source_sessions(form_page)[0]
    set_capacity([first], 4)
    person = visitor()
    token = TOKEN.search(person.get(form_page.url).content.decode()).group(1)
    data = {**valid_post(form_page, sessions=[first]), "naam": "", "csrfmiddlewaretoken": token}
    response = person.post(form_page.url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "seatslot" not in html
    assert "Nog 4 plaatsen vrij" in seats(html)


NONCE = re.compile(r'<script nonce="([^"]+)" id="nonce-test">')


@pytest.fixture
def form_template_with_a_nonce(settings, tmp_path):
    """A site whose form template has an inline script with django-csp's nonce."""
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "registration_form_page.html").write_text(
        '{% extends "forms/registration_form_page.html" %}{% block extra_head %}{{ block.super }}'
        '<script nonce="{{ request.csp_nonce }}" id="nonce-test">1</script>{% endblock %}'
    )
    # Our folder first; the app's own template is then found by the next loader and extended.
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]


def test_each_visitor_of_the_copy_gets_their_own_nonce(form_page, form_template_with_a_nonce):
    """Issue 9: a nonce in the stored copy must be the visitor's own, the one their header names."""
    nonces = []
    for n in range(3):
        response = visitor().get(form_page.url)
        html = response.content.decode()
        if n:
            assert "forms/registration_form_page.html" not in [t.name for t in response.templates]
        nonce = NONCE.search(html).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"], n
        assert pagecache.NONCE_SLOT not in html
        nonces.append(nonce)
    assert len(set(nonces)) == 3
    stored = conf.page_cache().get(pagecache.cache_key(visitor().get(form_page.url).wsgi_request))
    assert pagecache.NONCE_SLOT in stored["html"] and not any(n in stored["html"] for n in nonces)
