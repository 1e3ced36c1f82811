"""Admin hooks for organisers: their URLs (``forms.organisers.urls``), the "Dashboards" menu, the
button on a campaign page, the summary panel on the admin home, and the audit-log actions of
purge and erasure and of opening a dashboard or an attendee list.

Imported from ``forms/wagtail_hooks.py`` (Wagtail only loads modules of that name).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from campaign.models import CampaignPage
from forms.organisers import dashboard, delivery, retention, urls
from forms.organisers import views as organiser_views
from forms.organisers.permissions import campaigns_for_user, user_can_view_registrations


@hooks.register("register_admin_urls")
def register_organiser_urls():
    """All the organisers' admin pages: registrations, dashboards, messages, second factor."""
    return urls.admin_urls()


class DashboardsMenuItem(MenuItem):
    def is_shown(self, request):
        return campaigns_for_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_dashboards_menu_item():
    return DashboardsMenuItem(
        _("Dashboards"), reverse("campaign_dashboards:index"), icon_name="table", order=250
    )


def dashboard_button(page, user, priority):
    if isinstance(page.specific_deferred, CampaignPage) and user_can_view_registrations(user, page):
        url = reverse("campaign_dashboards:campaign", args=[page.pk])
        return Button(_("Registrations dashboard"), url, icon_name="table", priority=priority)
    return None


@hooks.register("register_page_header_buttons")
def campaign_header_button(page, user, view_name, next_url=None):
    button = dashboard_button(page, user, priority=85)
    return [button] if button else []


@hooks.register("register_page_listing_more_buttons")
def campaign_listing_button(page, user, next_url=None):
    button = dashboard_button(page, user, priority=85)
    return [button] if button else []


class OpenCampaignsPanel(Component):
    """On the admin home: the campaigns with sessions still to come, and how full they are."""

    name = "open_campaigns"
    template_name = "forms/admin/home_panel.html"
    order = 90

    class Media:
        css = {"all": ["forms/dashboard.css"]}

    def __init__(self, summaries):
        self.summaries = summaries

    def get_context_data(self, parent_context):
        return {"summaries": self.summaries}


@hooks.register("construct_homepage_panels")
def add_open_campaigns_panel(request, panels):
    campaigns = campaigns_for_user(request.user)
    summaries = dashboard.open_campaigns(campaigns) if campaigns.exists() else []
    if summaries:
        panels.append(OpenCampaignsPanel(summaries))


class RowsFormatter(LogFormatter):
    """An audit-log line that says how many registrations went."""

    def format_message(self, log_entry):
        rows = (log_entry.data or {}).get("rows", 0)
        return self.message_template(rows) % {"count": rows}


class PurgeFormatter(RowsFormatter):
    label = _("Purge registrations")

    def message_template(self, rows):
        return ngettext(
            "Personal data purged: %(count)s registration, counts kept",
            "Personal data purged: %(count)s registrations, counts kept",
            rows,
        )


class EraseFormatter(RowsFormatter):
    label = _("Erase a person's registrations")

    def message_template(self, rows):
        return ngettext(
            "Erased on request: %(count)s registration",
            "Erased on request: %(count)s registrations",
            rows,
        )


class DeliveryFormatter(LogFormatter):
    label = _("Change where registrations go")

    def format_message(self, log_entry):
        after = (log_entry.data or {}).get("after", {})
        parts = []
        if "notify_emails" in after:
            parts.append(
                _("organiser addresses: %(addresses)s") % {"addresses": after["notify_emails"] or "–"}
            )
        if "retention_days" in after:
            parts.append(_("keep personal data: %(days)s days") % {"days": after["retention_days"]})
        return "; ".join(str(part) for part in parts)


@hooks.register("register_log_actions")
def register_delivery_log_action(actions):
    actions.register_action(delivery.DELIVERY_ACTION)(DeliveryFormatter)


@hooks.register("register_log_actions")
def register_retention_log_actions(actions):
    actions.register_action(retention.PURGE_ACTION)(PurgeFormatter)
    actions.register_action(retention.ERASE_ACTION)(EraseFormatter)


class DashboardViewFormatter(LogFormatter):
    label = _("View the registrations dashboard")

    def format_message(self, log_entry):
        return _("Viewed the registrations dashboard")


class SessionFormatter(LogFormatter):
    """An audit-log line that names the session (its id: the line must not need the session to exist)."""

    def format_message(self, log_entry):
        return self.message % {"id": (log_entry.data or {}).get("session", "?")}


class AttendeesFormatter(SessionFormatter):
    label = _("View an attendee list")
    message = _("Viewed the attendee list of session %(id)s")


class AttendeesExportFormatter(SessionFormatter):
    label = _("Download an attendee list")
    message = _("Downloaded the attendee list of session %(id)s")


@hooks.register("register_log_actions")
def register_viewing_log_actions(actions):
    actions.register_action(organiser_views.DASHBOARD_ACTION)(DashboardViewFormatter)
    actions.register_action(organiser_views.ATTENDEES_ACTION)(AttendeesFormatter)
    actions.register_action(organiser_views.ATTENDEES_EXPORT_ACTION)(AttendeesExportFormatter)
