"""Spam defences that do not shut people out: the sum captcha, the honeypot, the rate limit."""

import io
import re

import pytest
from captcha.models import CaptchaStore
from django.test import override_settings
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from forms.models import Registration
from tests.forms.utils import solve_captcha, valid_post

pytestmark = pytest.mark.django_db

EASTERN_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture
def captcha_pages(form_pages):
    type(form_pages["nl"]).objects.filter(slug="inschrijven").update(use_captcha=True)
    for page in form_pages.values():
        page.refresh_from_db()
    return form_pages


def in_language(language, message):
    with translation.override(language):
        return escape(translation.gettext(message))


@pytest.mark.parametrize("digits", [None, EASTERN_ARABIC, PERSIAN])
def test_captcha_accepts_western_eastern_arabic_and_persian_digits(client, captcha_pages, digits):
    page = captcha_pages["ar"]
    key, answer = solve_captcha(client.get(page.get_url()))
    typed = answer.translate(digits) if digits else answer
    data = {**valid_post(page), "captcha_0": key, "captcha_1": f" {typed} "}
    response = client.post(page.get_url(), data)
    assert response.status_code == 302, response.context["form"].errors
    assert Registration.objects.get().language == "ar"


def test_wrong_captcha_answer_is_a_field_error_with_a_new_sum(client, captcha_pages):
    page = captcha_pages["nl"]
    key, answer = solve_captcha(client.get(page.get_url()))
    data = {**valid_post(page), "captcha_0": key, "captcha_1": str(int(answer) + 1)}
    response = client.post(page.get_url(), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["captcha"]
    html = response.content.decode()
    assert 'href="#id_captcha_1"' in html
    new_key, _answer = solve_captcha(response)
    assert new_key != key
    assert not CaptchaStore.objects.filter(hashkey=key).exists()  # one attempt per sum
    assert Registration.objects.count() == 0


def test_captcha_markup_is_labelled_and_translated(client, captcha_pages):
    html = client.get(captcha_pages["ar"].get_url()).content.decode()
    assert '<label class="field__label" for="id_captcha_1">' in html
    assert 'id="id_captcha_1"' in html and 'inputmode="numeric"' in html
    assert 'aria-describedby="id_captcha_helptext"' in html
    assert in_language("ar", "Show another sum") in html
    assert 'data-refresh-url="/ar/forms/captcha/refresh/"' in html


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_picture_of_the_sum_has_the_sum_in_words_for_blind_visitors(client, captcha_pages, language):
    html = client.get(captcha_pages[language].get_url()).content.decode()
    key = html.split('name="captcha_0" value="')[1].split('"')[0]
    challenge = CaptchaStore.objects.get(hashkey=key).challenge
    left, operator, right = re.match(r"(\d+)([+×-])(\d+)=", challenge).groups()
    word = {"+": "%(left)s plus %(right)s", "-": "%(left)s minus %(right)s", "×": "%(left)s times %(right)s"}
    with translation.override(language):
        spoken = translation.gettext(word[operator]) % {"left": left, "right": right}
        expected = translation.gettext(
            "The sum in the picture: %(sum)s. Type its answer in the box below."
        ) % {"sum": spoken}
    alt = re.search(r'<img src="[^"]*" alt="([^"]*)" class="captcha__image"[^>]*>', html).group(1)
    assert alt == escape(expected)


def test_another_sum_comes_with_its_words_in_the_visitors_language(client, captcha_pages):
    response = client.get("/ar/forms/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    data = response.json()
    challenge = CaptchaStore.objects.get(hashkey=data["key"]).challenge
    assert data["image_url"] == f"/captcha/image/{data['key']}/"
    assert re.match(r"\d+", challenge).group(0) in data["image_text"]
    with translation.override("ar"):
        assert (
            translation.gettext("The sum in the picture: %(sum)s. Type its answer in the box below.").split(
                "%(sum)s"
            )[0]
            in data["image_text"]
        )
    # Only for the page's script, as django-simple-captcha's own refresh.
    assert client.get("/ar/forms/captcha/refresh/").status_code == 404


def test_new_sum_without_javascript_keeps_the_answers(client, captcha_pages):
    page = captcha_pages["nl"]
    key, _answer = solve_captcha(client.get(page.get_url()))
    data = {**valid_post(page), "captcha_0": key, "captcha_1": "", "new_challenge": "1"}
    response = client.post(page.get_url(), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="An Peeters"' in html and 'value="3020 Herent"' in html
    assert "error-summary" not in html
    assert solve_captcha(response)[0] != key
    assert Registration.objects.count() == 0


def test_captcha_can_be_switched_off_per_form(client, form_pages):
    html = client.get(form_pages["nl"].get_url()).content.decode()
    assert 'name="captcha_1"' not in html and "captcha.js" not in html


def test_honeypot_rejects_with_a_clear_400(client, form_page):
    response = client.post(form_page.get_url(), {**valid_post(form_page), "website": "http://spam.example"})
    assert response.status_code == 400
    assert in_language("nl", "Your registration could not be sent") in response.content.decode()
    assert Registration.objects.count() == 0


def test_honeypot_is_hidden_from_people(client, form_page):
    html = client.get(form_page.get_url()).content.decode()
    start = html.index('class="honeypot"')
    chunk = html[start - 40 : start + 400]
    assert 'aria-hidden="true"' in chunk
    assert 'tabindex="-1"' in chunk and 'autocomplete="off"' in chunk


@override_settings(CAMPAIGN_FORMS_RATE_LIMIT={"posts": 3, "seconds": 600})
def test_rate_limit_per_address_gives_a_translated_429(client, form_pages):
    page = form_pages["ar"]
    for n in range(3):
        assert client.post(page.get_url(), {"naam": str(n)}).status_code == 400
    response = client.post(page.get_url(), valid_post(page))
    assert response.status_code == 429
    assert in_language("ar", "Please wait a moment") in response.content.decode()
    assert Registration.objects.count() == 0
    # Another address is not affected.
    other = client.post(page.get_url(), valid_post(page), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


@override_settings(CAMPAIGN_FORMS_RATE_LIMIT={"posts": 2, "seconds": 600}, CAMPAIGN_FORMS_TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_limit_counts_visitors_not_the_proxy(client, form_page):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    def send(forwarded):
        return client.post(
            form_page.get_url(), {"naam": "x"}, HTTP_X_FORWARDED_FOR=forwarded, **proxy
        ).status_code

    assert [send("198.51.100.1"), send("198.51.100.1")] == [400, 400]
    assert send("198.51.100.1") == 429
    # A neighbour behind the same proxy still gets through ...
    assert send("198.51.100.2") == 400
    # ... and what a client writes in the header itself does not let it escape its limit.
    assert send("203.0.113.9, 198.51.100.1") == 429


@override_settings(CAMPAIGN_FORMS_RATE_LIMIT={"posts": 1, "seconds": 600})
def test_without_a_proxy_a_forwarded_header_is_ignored(client, form_page):
    assert (
        client.post(form_page.get_url(), {"naam": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
        == 400
    )
    assert (
        client.post(form_page.get_url(), {"naam": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code
        == 429
    )


def test_rate_limit_lets_posts_through_when_the_cache_is_down(client, form_page, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", broken)
    assert client.post(form_page.get_url(), valid_post(form_page)).status_code == 302


def test_the_sum_uses_the_times_sign_people_know_and_its_picture_renders(client):
    from captcha.conf import settings as captcha_settings

    challenges = [captcha_settings.get_challenge()() for _ in range(300)]
    assert any("×" in challenge for challenge, _answer in challenges)
    assert not any("*" in challenge for challenge, _answer in challenges)
    times = next((c, a) for c, a in challenges if "×" in c)
    left, right = times[0].rstrip("=").split("×")
    assert times[1] == str(int(left) * int(right))
    store = CaptchaStore.objects.create(challenge=times[0], response=times[1])
    image = client.get(f"/captcha/image/{store.hashkey}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_the_picture_of_the_sum_is_large_and_plain_enough_to_read(client, captcha_pages):
    """Issue 8: the picture was about 60×20 px of tilted grey digits crossed by lines and dots."""
    from captcha.conf import settings as captcha_settings

    html = client.get(captcha_pages["ar"].get_url()).content.decode()
    tag = re.search(r'<img [^>]*class="captcha__image"[^>]*>', html).group(0)
    src = re.search(r'src="([^"]+)"', tag).group(1)
    width, height = (int(re.search(rf'{side}="(\d+)"', tag).group(1)) for side in ("width", "height"))
    assert (width, height) == tuple(captcha_settings.CAPTCHA_IMAGE_SIZE)
    assert width >= 200 and height >= 70
    assert re.search(r'alt="[^"]{20,}"', tag)  # still described in words

    image = Image.open(io.BytesIO(client.get(src).content))
    assert image.size == (width, height)
    # Plain: dark digits on white, nothing else. Without noise most of the picture is white and
    # the ink is dark (the default draws grey arcs and dots all over it).
    grey = image.convert("L")
    histogram = grey.histogram()
    assert sum(histogram[241:]) / (width * height) > 0.75
    assert sum(histogram[:60]) > 0
    # And the digits are big: 30 px and more (the default's were about 16 px).
    top, bottom = grey.point(lambda p: 255 if p < 128 else 0).getbbox()[1::2]
    assert bottom - top >= 30
