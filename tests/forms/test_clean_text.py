"""Names and answers without line breaks or invisible characters (issue: clean text fields).

``Eve\\r\\nBcc: …`` as a name made every organiser notice fail for good and wrote attacker text
into an official confirmation; bidi overrides and zero-width characters passed, and a name of
two zero-width spaces passed "required".
"""

import pytest
from django.core import mail
from django.core.mail import BadHeaderError
from django.core.mail.backends import locmem
from django.test import override_settings
from django.utils import translation

from forms.mail import tasks
from forms.models import MailDelivery, Registration
from forms.text import header_text
from tests.forms.utils import valid_post

pytestmark = pytest.mark.django_db


def post(client, page, **changes):
    return client.post(page.get_url(), {**valid_post(page), **changes})


def nl(message):
    with translation.override("nl"):
        return translation.gettext(message)


@pytest.mark.parametrize(
    "name",
    [
        "Eve\r\nBcc: all@example.org",
        "Eve\nBcc: all@example.org",
        "Eve\u202egnp.exe",
        "E\u200bve",
        "Eve\x07",
        "Eve\u2028Bcc",
    ],
)
def test_a_name_with_hidden_characters_is_refused_with_a_message(client, form_page, name):
    response = post(client, form_page, naam=name)
    assert response.status_code == 400
    assert response.context["form"].errors["naam"] == [
        nl("Please remove the line breaks and invisible characters from this answer.")
    ]
    assert not Registration.objects.exists()


@pytest.mark.parametrize("name", ["\u200b\u200b", "1234", "...", "  "])
def test_a_name_needs_a_letter(client, form_page, name):
    response = post(client, form_page, naam=name)
    assert response.status_code == 400
    assert "naam" in response.context["form"].errors


def test_spaces_collapse_and_names_in_any_script_pass(client, form_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            post(
                client, form_page, naam="  سامي   حداد ", **{"postcode-of-gemeente": "3020\tHerent"}
            ).status_code
            == 302
        )
    registration = Registration.objects.get()
    assert registration.name == "سامي حداد"
    assert registration.data["postcode-of-gemeente"] == "3020 Herent"


def test_multi_line_keeps_line_breaks_and_loses_hidden_characters(client, form_page):
    assert (
        post(client, form_page, opmerkingen="Regel 1\r\nRegel\u202e 2\x07\n\tingesprongen").status_code == 302
    )
    assert Registration.objects.get().data["opmerkingen"] == "Regel 1\nRegel 2\n\tingesprongen"


def test_an_old_row_with_a_line_break_still_gets_a_one_line_subject(form_page, settings):
    """A name stored before these rules: the organiser notice goes out, on one line."""
    form_page.notify_emails = "team@example.org"
    form_page.save()
    registration = Registration.objects.create(
        form=form_page, language="nl", email="eve@example.org", name="Eve\r\nBcc: all@example.org"
    )
    delivery = MailDelivery.objects.create(registration=registration, kind=MailDelivery.ORGANISER)
    assert tasks.deliver(delivery.pk) == MailDelivery.SENT
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Eve Bcc: all@example.org" in message.subject
    assert message.bcc == []


class BrokenHeaderBackend(locmem.EmailBackend):
    def send_messages(self, messages):
        raise BadHeaderError("Header values can't contain newlines")


@override_settings(EMAIL_BACKEND="tests.forms.test_clean_text.BrokenHeaderBackend")
def test_a_bad_header_is_given_up_at_once_not_retried(form_page):
    registration = Registration.objects.create(form=form_page, language="nl", email="eve@example.org")
    delivery = MailDelivery.objects.create(registration=registration, kind=MailDelivery.CONFIRMATION)
    assert tasks.deliver(delivery.pk) == MailDelivery.FAILED
    delivery.refresh_from_db()
    assert delivery.attempts == tasks.MAX_ATTEMPTS and delivery.next_attempt_at is None
    assert list(tasks.given_up(MailDelivery.objects.all())) == [delivery]


def test_header_text():
    assert header_text("a\r\nb\u202ec\u200b d") == "a bc d"
