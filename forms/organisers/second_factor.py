"""A second factor for everyone who may see personal data, before they see any.

Superusers and the members of a group with access to a campaign's registrations
(``forms.organisers.permissions``) open the listings, dashboards, attendee lists and exports only from a
session that has passed a one-time code (django-otp: an authenticator app's TOTP code, or one
of the backup codes handed out at enrolment). Without one they are sent to enter a code, or,
with no authenticator set up yet, to set one up; afterwards they land where they were going.
Editors and translators, who see no personal data, are not asked.

The enrolment page shows the QR code as inline SVG (segno): no script, no style attribute,
nothing the admin's Content-Security-Policy has to allow.
"""

import base64
from functools import wraps

import django_otp
import segno
from django import forms as django_forms
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from forms.organisers.permissions import campaigns_for_user

BACKUP_CODES = 10
DEVICE_NAME = "authenticator"
BACKUP_NAME = "backup"


def needs_second_factor(user):
    """May ``user`` see personal data, and so must pass a second factor first?"""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or campaigns_for_user(user).exists()


def is_verified(user):
    """Has this request's session passed a one-time code? False without django-otp's middleware."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def safe_next(request, default=None):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("wagtailadmin_home")


def redirect_to_second_factor(request):
    """To the code entry, or to enrolment for someone without an authenticator yet."""
    # After a refused POST (an erasure, a retry) the user comes back to the page, not the action.
    target = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "")
    name = "verify" if django_otp.user_has_device(request.user, confirmed=True) else "setup"
    url = reverse(f"second_factor:{name}")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        url += "?" + urlencode({"next": target})
    return redirect(url)


def second_factor_required(view):
    """``view`` answers only a session with a second factor, for those who need one."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if needs_second_factor(request.user) and not is_verified(request.user):
            return redirect_to_second_factor(request)
        return view(request, *args, **kwargs)

    return wrapper


def protect(urlpatterns):
    """Put ``second_factor_required`` on every view of ``urlpatterns`` (a list of ``path()``)."""
    for pattern in urlpatterns:
        pattern.callback = second_factor_required(pattern.callback)
    return urlpatterns


class CodeForm(django_forms.Form):
    token = django_forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=django_forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


def secret_text(device):
    """The device's key as the base32 text an authenticator app accepts, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device):
    """The enrolment address as an inline SVG QR code, dark on white in either admin theme."""
    qr = segno.make(device.config_url, error="m")
    # segno writes its own markup from the address alone: no user input reaches the SVG.
    return mark_safe(qr.svg_inline(scale=5, border=4, light="#fff", title=gettext("QR code")))  # noqa: S308


def new_backup_codes(user):
    """Replace the user's backup codes with fresh ones; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


class SecondFactorView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CodeForm())
        return super().get_context_data(next=safe_next(self.request, ""), **kwargs)


class SetupView(SecondFactorView):
    """Set up an authenticator app: scan the QR code, confirm with a first code, keep the backup codes.

    Someone who already has one must enter a code first: a stolen password alone cannot
    replace the authenticator.
    """

    template_name = "forms/second_factor/setup.html"
    page_title = _("Set up two-step verification")

    def dispatch(self, request, *args, **kwargs):
        if django_otp.user_has_device(request.user, confirmed=True) and not is_verified(request.user):
            return redirect(
                reverse("second_factor:verify") + "?" + urlencode({"next": request.get_full_path()})
            )
        return super().dispatch(request, *args, **kwargs)

    def pending_device(self):
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=self.request.user, name=DEVICE_NAME, confirmed=False)

    def get_context_data(self, **kwargs):
        device = kwargs.pop("device", None) or self.pending_device()
        return super().get_context_data(
            qr_svg=qr_svg(device),
            secret=secret_text(device),
            replacing=django_otp.user_has_device(self.request.user, confirmed=True),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        device = self.pending_device()
        form = CodeForm(request.POST)
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = new_backup_codes(request.user)
            django_otp.login(request, device)
            self.template_name = "forms/second_factor/backup_codes.html"
            context = super().get_context_data(codes=codes, **kwargs)
            return self.render_to_response({**context, "next": safe_next(request)})
        if form.is_valid():
            form.add_error("token", gettext("This code is not right. Enter the code your app shows now."))
        return self.render_to_response(self.get_context_data(form=form, device=device))


class VerifyView(SecondFactorView):
    """Enter a code from the authenticator app (or a backup code) to open personal data."""

    template_name = "forms/second_factor/verify.html"
    page_title = _("Two-step verification")

    def dispatch(self, request, *args, **kwargs):
        if not django_otp.user_has_device(request.user, confirmed=True):
            return redirect(reverse("second_factor:setup") + "?" + urlencode({"next": safe_next(request)}))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        if form.is_valid():
            device = django_otp.match_token(request.user, form.cleaned_data["token"])
            if device is not None:
                django_otp.login(request, device)
                return redirect(safe_next(request))
            form.add_error(
                "token",
                gettext(
                    "This code is not right. Enter the code your app shows now, or an unused backup code."
                ),
            )
        return self.render_to_response(self.get_context_data(form=form))
