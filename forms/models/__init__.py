"""Models of the registration forms app, re-exported so ``forms.models.X`` keeps working."""

from forms.models.access import RegistrationAccess
from forms.models.changes import BookingNotice, SessionNotice
from forms.models.fields import FIELD_TYPES, FormField
from forms.models.mail import MailDelivery
from forms.models.messages import OrganiserMessage
from forms.models.pages import RegistrationFormPage
from forms.models.registrations import Booking, Registration
from forms.models.stats import AnonymousCount  # noqa: F401  (registered for the app)

__all__ = [
    "FIELD_TYPES",
    "Booking",
    "BookingNotice",
    "FormField",
    "MailDelivery",
    "OrganiserMessage",
    "Registration",
    "RegistrationAccess",
    "RegistrationFormPage",
    "SessionNotice",
]
