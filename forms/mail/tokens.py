"""Signed cancel links: who may cancel which registration, and until when.

The token carries the registration id and an expiry (a few days after its last session),
signed with ``SECRET_KEY`` and a salt of its own, so it is useless for anything else and
nothing needs to be stored. Anyone holding the link can cancel: it is sent only to the
registrant's own address.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Site

SALT = "forms.cancel"
# After the last session the link is kept valid this long (it then has nothing left to do).
GRACE = datetime.timedelta(days=7)
# A registration without sessions can be cancelled for this long after it was made.
WITHOUT_SESSIONS = datetime.timedelta(days=180)


class InvalidToken(Exception):
    """The link was changed, signed for something else, or has expired."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def expiry_of(registration):
    last = registration.bookings.aggregate(last=Max("session__end"))["last"]
    return (last or registration.submitted_at + WITHOUT_SESSIONS - GRACE) + GRACE


def make_token(registration, expires=None):
    expires = expires or expiry_of(registration)
    return signing.dumps({"r": registration.pk, "x": int(expires.timestamp())}, salt=SALT, compress=True)


def read_token(token, now=None):
    """The registration id in ``token``; raises ``InvalidToken``."""
    try:
        payload = signing.loads(token, salt=SALT)
        registration_id, expires = int(payload["r"]), int(payload["x"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidToken() from error
    now = now or timezone.now()
    if now.timestamp() > expires:
        raise InvalidToken(expired=True)
    return registration_id


def base_url():
    """Where links in e-mails point: ``WAGTAILADMIN_BASE_URL``, else the default Site."""
    configured = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def cancel_url(registration):
    """The absolute cancel link, in the language the registrant used."""
    with translation.override(registration.language):
        path = reverse("forms:cancel", kwargs={"token": make_token(registration)})
    return base_url() + path
