"""Form fields that accept what newcomers type: digits in any script, a captcha they can read."""

import re

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.helpers import captcha_image_url
from captcha.models import CaptchaStore
from django import forms
from django.core.validators import RegexValidator
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forms import text

# Arabic-Indic (٠١٢…) and Extended Arabic-Indic / Persian (۰۱۲…) digits as 0-9.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalise_digits(value):
    return value.translate(DIGITS) if isinstance(value, str) else value


class DigitsMixin:
    """Reads Eastern Arabic and Persian digits as 0-9 before validating."""

    def to_python(self, value):
        return super().to_python(normalise_digits(value))


class SingleLineField(forms.CharField):
    """One line of text: spaces collapsed; line breaks and invisible characters refused
    (``forms.text``). ``name=True``: the registrant's name, which needs a letter."""

    def __init__(self, *args, name=False, **kwargs):
        super().__init__(*args, strip=True, **kwargs)
        self.is_name = name

    def to_python(self, value):
        value = super().to_python(value)
        return text.single_line(value) if value else value

    def validate(self, value):
        super().validate(value)
        if self.is_name:
            text.needs_a_letter(value)


class MultiLineField(forms.CharField):
    """Text over several lines: line breaks and tabs kept, invisible characters removed."""

    def to_python(self, value):
        value = super().to_python(value)
        return text.multi_line(value) if value else value


class NumberField(DigitsMixin, forms.DecimalField):
    """A number; a decimal comma (2,5 — as written in Belgium) reads as a decimal point."""

    def to_python(self, value):
        if isinstance(value, str) and value.count(",") == 1 and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


class PhoneField(DigitsMixin, forms.CharField):
    default_validators = [
        RegexValidator(
            r"^\+?[0-9][0-9 ()./-]{5,30}$",
            _("Enter a phone number with digits only, e.g. 0470 12 34 56 or +32 470 12 34 56."),
        )
    ]


class DateField(DigitsMixin, forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


SPOKEN_OPERATORS = {
    "+": _("%(left)s plus %(right)s"),
    "-": _("%(left)s minus %(right)s"),
    "×": _("%(left)s times %(right)s"),
}
SUM = re.compile(r"^\s*(\d+)\s*([+×*-])\s*(\d+)\s*=?\s*$")


def image_text(challenge):
    """The text alternative of the sum's picture: the sum itself, in words of the visitor's language.

    Without it a blind visitor could not register (WCAG 1.1.1 asks for a CAPTCHA that works
    without sight). A sum in an image stops no program that reads images; the honeypot and
    the per-address limit do the real work, so the words give nothing away.
    """
    match = SUM.match(challenge or "")
    if not match:
        return gettext("A small sum as a picture. Type its answer in the box below.")
    left, operator, right = match.groups()
    spoken = SPOKEN_OPERATORS["×" if operator == "*" else operator] % {"left": left, "right": right}
    return gettext("The sum in the picture: %(sum)s. Type its answer in the box below.") % {"sum": spoken}


def challenge_text(key):
    return CaptchaStore.objects.filter(hashkey=key).values_list("challenge", flat=True).first()


class CaptchaInput(CaptchaTextInput):
    """The captcha with a described image and a 'new sum' button that works without JS."""

    template_name = "forms/widgets/captcha.html"
    # One answer box with its own label, not a group: the key beside it is hidden.
    use_fieldset = False

    def refresh_url(self):
        # In the visitor's language, so the new sum's text alternative is in it too.
        return reverse("forms:captcha_refresh")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["refresh_url"] = self.refresh_url()
        context["image_text"] = image_text(challenge_text(self._key))
        # Its size in the page, so nothing jumps when the picture arrives.
        context["image_size"] = captcha_settings.CAPTCHA_IMAGE_SIZE
        # The key is a hidden input: HTML allows it no required, aria-* or autocomplete (the
        # W3C checker rejects the page otherwise). Those belong to the answer box, which keeps them.
        key_attrs = context["widget"]["subwidgets"][0]["attrs"]
        for name in [n for n in key_attrs if n in ("required", "autocomplete") or n.startswith("aria-")]:
            del key_attrs[name]
        # The answer box: numeric keyboard on phones, still any script accepted.
        for subwidget in context["widget"]["subwidgets"][1:]:
            subwidget["attrs"]["inputmode"] = "numeric"
            subwidget["attrs"]["size"] = 6
        return context


class SumCaptchaField(CaptchaField):
    """django-simple-captcha's math challenge, with our own words and any digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Anti-spam question: what is the answer to this sum?"))
        kwargs.setdefault(
            "help_text",
            _("Type the answer in digits, for example 12. You may use any digits (١٢, ۱۲)."),
        )
        kwargs["widget"] = CaptchaInput()
        kwargs["error_messages"] = {
            "invalid": _("That answer is not right. We show you a new sum: please try again."),
            "required": _("Please answer the sum."),
            "incomplete": _("Please answer the sum."),
        }
        super().__init__(**kwargs)

    def clean(self, value):
        """Check the answer against the stored sum; each sum can be tried once.

        django-simple-captcha's own ``clean`` also deletes every expired sum on each post: on
        SQLite, 50 people sending at once then fought over that one write ("database is
        locked"). The same check without the clean-up, which ``send_reminders`` does instead
        (``remove_expired_sums``).
        """
        if isinstance(value, list | tuple) and len(value) > 1:
            value = [value[0], normalise_digits(value[1] or "")]
        forms.MultiValueField.clean(self, value)  # required and complete
        answer, value[1] = (value[1] or "").strip().lower(), ""  # never shown again
        store = CaptchaStore.objects.filter(hashkey=value[0], expiration__gt=timezone.now()).first()
        if store is not None:
            store.delete()  # a sum can be tried once, right or wrong
        if store is None or store.response != answer:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def remove_expired_sums():
    """Delete the sums nobody answered in time (run from ``send_reminders``); returns how many."""
    deleted, _per_model = CaptchaStore.objects.filter(expiration__lte=timezone.now()).delete()
    return deleted


@never_cache
@require_GET
def captcha_refresh(request):
    """A new sum for "Show another sum" with JavaScript: its key, picture and text alternative.

    django-simple-captcha's own refresh view, plus the text alternative in the visitor's
    language (this URL carries the language prefix).
    """
    if request.headers.get("x-requested-with") != "XMLHttpRequest":
        raise Http404
    key = CaptchaStore.pick()
    return JsonResponse(
        {"key": key, "image_url": captcha_image_url(key), "image_text": image_text(challenge_text(key))}
    )
