"""Admin hooks of the organiser views: menu item, history viewsets, the audit-log actions of the
export, of opening the listing and of opening one registration (their URLs: ``forms.organisers.urls``).

Imported from ``forms/wagtail_hooks.py`` (Wagtail only loads modules of that name).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from forms.organisers import admin_views, audit_history
from forms.organisers.permissions import campaigns_for_user


@hooks.register("register_admin_viewset")
def register_history_viewsets():
    """Page history of forms and campaigns without personal-data entries for editors."""
    return audit_history.viewsets()


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return campaigns_for_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return RegistrationsMenuItem(
        _("Registrations"),
        reverse("campaign_forms_registrations:index"),
        name="registrations",
        icon_name="form",
        order=250,
    )


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    @actions.register_action(admin_views.EXPORT_ACTION)
    class ExportFormatter(LogFormatter):
        label = _("Export registrations")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Exported %(rows)s registrations as %(format)s") % {
                "rows": data.get("rows", "?"),
                "format": str(data.get("format", "")).upper(),
            }

    @actions.register_action(admin_views.LIST_ACTION)
    class ListFormatter(LogFormatter):
        label = _("View the registrations")

        def format_message(self, log_entry):
            return _("Viewed the list of registrations")

    @actions.register_action(admin_views.VIEW_ACTION)
    class ViewFormatter(LogFormatter):
        label = _("View a registration")

        def format_message(self, log_entry):
            return _("Viewed registration %(id)s") % {"id": (log_entry.data or {}).get("registration", "?")}
