"""The translations of the campaign app's admin script (``translation_editor.js``).

Wagtail's ``/admin/jsi18n/`` serves only Wagtail's own catalogue and the site's
``LOCALE_PATHS``, so a site that installs this app would get the script's texts in English.
This catalogue comes from ``campaign/locale/`` (the site's ``LOCALE_PATHS`` still win), in the
admin user's language, as Wagtail's own does.
"""

from django.views.i18n import JavaScriptCatalog
from wagtail.admin.localization import get_localized_response

catalogue = JavaScriptCatalog.as_view(packages=["campaign"])


def script_catalogue(request):
    return get_localized_response(catalogue, request)
