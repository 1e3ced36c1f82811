"""The page a locked-out staff login gets (django-axes, ``AXES_LOCKOUT_CALLABLE``).

In the admin's look and the visitor's language, saying how long the lock lasts and who can
lift it; nothing about whether the username exists.
"""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "campaign/admin/lockout.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
