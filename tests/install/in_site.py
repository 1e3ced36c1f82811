"""Run inside the fresh ``wagtail start`` site of ``run.py``, with only the wheel installed.

Builds what an editor builds in the admin, through Wagtail's public page API: a campaign under
the site's home page (after the system checks), a theme with one session, a registration form with a name, an e-mail
and a sessions field. Then, as a visitor with Django's test client: the campaign, theme and
form pages and the calendar files render; one registration is posted, answering the sum the
way a person does (the answer the picture shows, read from the captcha store); as a superuser
its export downloads with that person in it. Nothing here imports this checkout's code.
"""

import datetime
import re
import sys
from pathlib import Path

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from wagtail.models import Site  # noqa: E402

import campaign  # noqa: E402
import forms  # noqa: E402
from campaign.models import CampaignPage, Session, ThemePage  # noqa: E402
from forms.models import FormField, Registration, RegistrationFormPage  # noqa: E402

CHECKOUT = Path(sys.argv[1]).resolve()


def expect(condition, message):
    if not condition:
        sys.exit(f"install test: {message}")


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def get(client, url, *, contains=(), content_type="text/html"):
    response = client.get(url)
    expect(response.status_code == 200, f"GET {url} answered {response.status_code}")
    expect(response["Content-Type"].startswith(content_type), f"GET {url} is {response['Content-Type']}")
    body = response.content.decode()
    for text in contains:
        expect(text in body, f"GET {url} does not show {text!r}")
    print(f"   GET {url}: {response.status_code}, {len(body)} characters")
    return body


def main():
    for package in (campaign, forms):
        where = Path(package.__file__).resolve()
        expect(CHECKOUT not in where.parents, f"{package.__name__} is imported from the checkout ({where})")
    call_command("check", fail_level="WARNING")
    setup_test_environment()  # e-mails into mail.outbox, any host name

    with translation.override("ar"):
        expect(
            translation.gettext("Themes and sessions") == "المواضيع والجلسات",
            "the wheel's catalogues are not used",
        )

    home = Site.objects.get(is_default_site=True).root_page.specific
    expect(type(home).__name__ == "HomePage", f"the site's root page is a {type(home).__name__}")
    start = (timezone.now() + datetime.timedelta(days=30)).replace(hour=19, minute=0, second=0, microsecond=0)

    campaign_page = publish(
        home, CampaignPage(title="Think along", slug="think-along", intro="Have your say.")
    )
    theme = ThemePage(title="Care", slug="care", summary="What care our town needs.")
    theme.sessions.add(
        Session(
            start=start,
            end=start + datetime.timedelta(hours=2),
            capacity=10,
            meeting_url="https://meet.example.org/care",
        )
    )
    theme = publish(campaign_page, theme)
    session = Session.objects.get(theme=theme)
    form_page = RegistrationFormPage(
        title="Register", slug="register", use_captcha=True, notify_emails="organiser@example.org"
    )
    for n, (field_type, label) in enumerate(
        [("singleline", "Name"), ("email", "E-mail"), ("sessions", "Sessions")]
    ):
        form_page.form_fields.add(FormField(sort_order=n, field_type=field_type, label=label, required=True))
    form_page = publish(campaign_page, form_page)
    keys = {field.field_type: field.key for field in form_page.form_fields.all()}

    visitor = Client()
    get(visitor, campaign_page.url, contains=["Think along", "Care"])
    get(visitor, theme.url, contains=["Care", "What care our town needs."])
    form_html = get(visitor, form_page.url, contains=["Register", 'name="captcha_0"'])
    get(
        visitor,
        campaign_page.url + "calendar/",
        contains=["BEGIN:VCALENDAR", "Care"],
        content_type="text/calendar",
    )
    get(
        visitor,
        f"{campaign_page.url}calendar/{session.pk}/",
        contains=["BEGIN:VEVENT"],
        content_type="text/calendar",
    )
    expect(f'value="{session.pk}"' in form_html, "the form does not offer the session")

    from captcha.models import CaptchaStore

    captcha_key = re.search(r'name="captcha_0" value="([^"]+)"', form_html).group(1)
    answer = CaptchaStore.objects.get(hashkey=captcha_key).response
    data = {
        keys["singleline"]: "An Peeters",
        keys["email"]: "an@example.org",
        keys["sessions"]: [str(session.pk)],
        "captcha_0": captcha_key,
        "captcha_1": answer,
    }
    response = visitor.post(form_page.url, data)
    expect(
        response.status_code == 302,
        f"POST {form_page.url} answered {response.status_code}: {response.content[:2000]!r}",
    )
    get(visitor, response["Location"])
    registration = Registration.objects.get(form=form_page)
    expect(registration.bookings.filter(session=session).exists(), "the registration booked no seat")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    expect("an@example.org" in recipients, f"no confirmation e-mail (sent to {recipients})")
    print(f"   POST {form_page.url}: registration {registration.pk}, e-mails to {', '.join(recipients)}")

    organiser = Client()
    organiser.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "not-used"))
    get(organiser, f"/admin/pages/{home.pk}/", contains=["Think along"])
    url = reverse("campaign_forms_registrations:export", args=[form_page.pk, "csv"])
    pass_second_factor(organiser, url)
    response = organiser.get(url)
    expect(response.status_code == 200, f"GET {url} answered {response.status_code}")
    export = b"".join(response.streaming_content).decode("utf-8-sig")
    expect(
        "An Peeters" in export and "an@example.org" in export,
        f"the export lacks the registration: {export[:500]!r}",
    )
    print(f"   GET {url}: {len(export.splitlines())} lines of CSV")


def pass_second_factor(client, url):
    """Personal data asks for a second factor first: set up an authenticator as a person
    does (the setup page, then the code the app would show) and come back to ``url``."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    response = client.get(url)
    expect(response.status_code == 302, f"GET {url} without a second factor answered {response.status_code}")
    setup = response["Location"]
    expect("/second-factor/setup/" in setup, f"GET {url} led to {setup}, not to setting up a second factor")
    expect(client.get(setup).status_code == 200, f"GET {setup} failed")
    device = TOTPDevice.objects.get(confirmed=False)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    response = client.post(setup, {"token": f"{code:0{device.digits}d}"})
    expect(response.status_code == 200 and TOTPDevice.objects.get().confirmed, "the code was refused")
    print(f"   second factor: authenticator set up at {setup.split('?')[0]}")


main()
