"""Forms of the Wagtail admin that our staff see in their own language.

Wagtail's login form declares its password field without a label, so Django derives one from
the field name and the login page says "Password" in every language; this one labels it.
Used through ``WAGTAILADMIN_USER_LOGIN_FORM``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
