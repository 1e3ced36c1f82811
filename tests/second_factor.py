"""Staff who pass the second factor in tests, through django-otp's own API.

``login_verified`` is ``client.force_login`` plus what the code entry does on success: a
confirmed authenticator for the user, and ``django_otp.login`` on the client's session. Tests
of the gate itself log in with ``force_login`` alone.
"""

import django_otp
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator(user):
    """The user's confirmed TOTP device, made if missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device):
    """The code the user's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def login_verified(client, user):
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, authenticator(user))
    request.session.save()
    return client
