"""Seed for the organiser pages in the browser tests: a superuser and a few registrations.

Run in the test server's database by the ``base_url`` fixture (``manage.py shell -c``), after
``load_demo``. Idempotent, so a second run changes nothing.
"""

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from forms.booking.seats import book
from forms.mail.tasks import MAX_ATTEMPTS
from forms.models import MailDelivery, Registration, RegistrationFormPage

USERNAME = "organiser-admin"
PASSWORD = "browser-tests-only"  # noqa: S105 (a throwaway database)
# The key of the organiser's authenticator app, so the tests can compute its codes.
OTP_KEY = "3132333435363738393031323334353637383930"  # noqa: S105
# A superuser who has not set up two-step verification yet.
NEWCOMER = "organiser-new"

PEOPLE = [
    ("an@example.org", "An Peeters", "nl", "Ik heb hulp nodig met de taal."),
    ("sami@example.org", "Sami Haddad", "ar", '=HYPERLINK("http://example.org")'),
    ("olena@example.org", "Olena Kovalenko", "uk", ""),
]


def seed():
    User = get_user_model()
    if not User.objects.filter(username=USERNAME).exists():
        User.objects.create_superuser(USERNAME, "organiser@example.org", PASSWORD)
    if not User.objects.filter(username=NEWCOMER).exists():
        User.objects.create_superuser(NEWCOMER, "new-organiser@example.org", PASSWORD)
    TOTPDevice.objects.get_or_create(
        user=User.objects.get(username=USERNAME),
        name="authenticator",
        defaults={"key": OTP_KEY, "confirmed": True},
    )
    form = RegistrationFormPage.objects.get(slug="inschrijven", locale__language_code="nl")
    session = form.get_campaign().get_sessions().first()
    session.capacity = 2
    session.save(update_fields=["capacity"])
    radios = [f for f in form.form_fields.all() if f.field_type == "radio"]
    for email, name, language, remark in PEOPLE:
        if Registration.objects.filter(form=form, email=email).exists():
            continue
        data = {f.key: f.choices[0].id for f in radios}
        data.update({"naam": name, "e-mailadres": email, "sessies": [session.pk], "opmerkingen": remark})
        registration = Registration.objects.create(
            form=form, language=language, email=email, name=name, data=data
        )
        book(registration, [session])
        # One confirmation that failed every try, so the dashboard shows its warning and table.
        if language == "ar":
            MailDelivery.objects.create(
                registration=registration,
                kind=MailDelivery.CONFIRMATION,
                status=MailDelivery.FAILED,
                attempts=MAX_ATTEMPTS,
                last_error="SMTPServerDisconnected: Connection unexpectedly closed",
            )
