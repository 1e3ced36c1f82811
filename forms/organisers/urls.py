"""Every address of the organisers' side, in one place.

``admin_urls()`` is what ``forms.organisers.hooks`` registers under Wagtail's admin (the
``register_admin_urls`` hook): the registrations listing and export, the dashboards with their
attendee lists and erasure, the messages to registrants and the second-factor pages. Everything
that shows personal data or reaches registrants asks for the second factor first.

``site_history_urls()`` goes in the project's URLconf before Wagtail's admin: it answers Wagtail's
own site history address with a copy that leaves out personal-data entries
(``forms.organisers.audit_history``).
"""

from django.urls import include, path
from wagtail.admin.auth import require_admin_access

import campaign.converters  # noqa: F401  (<id:…> in the URLs below)
from forms.organisers import admin_views, message_views, second_factor
from forms.organisers import views as organiser_views
from forms.organisers.audit_history import SiteHistoryView
from forms.organisers.permissions import deny_with_403

registration_urls = [
    path("", admin_views.FormIndexView.as_view(), name="index"),
    path("<id:form_id>/", deny_with_403(admin_views.RegistrationListView.as_view()), name="list"),
    path(
        "<id:form_id>/<id:registration_id>/",
        deny_with_403(admin_views.RegistrationDetailView.as_view()),
        name="detail",
    ),
    path("<id:form_id>/export/<str:file_format>/", deny_with_403(admin_views.export_view), name="export"),
]

dashboard_urls = [
    path("", organiser_views.DashboardIndexView.as_view(), name="index"),
    path(
        "<id:campaign_id>/",
        organiser_views.forbidden_as_403(organiser_views.DashboardView.as_view()),
        name="campaign",
    ),
    path(
        "<id:campaign_id>/forms/<id:form_id>/delivery/",
        organiser_views.forbidden_as_403(organiser_views.DeliveryView.as_view()),
        name="delivery",
    ),
    path(
        "<id:campaign_id>/retry-mails/",
        organiser_views.forbidden_as_403(organiser_views.retry_mails),
        name="retry_mails",
    ),
    path("sessions/<id:session_id>/attendees/", organiser_views.attendee_list, name="attendees"),
    path("sessions/<id:session_id>/attendees.csv", organiser_views.attendee_csv, name="attendees_csv"),
    path("erase/", organiser_views.forbidden_as_403(organiser_views.EraseView.as_view()), name="erase"),
]

# Sending reaches every registrant's address: the same second factor as the listings.
message_urls = [
    path("", deny_with_403(message_views.ComposeView.as_view()), name="compose"),
    path("send/", deny_with_403(message_views.SendView.as_view()), name="send"),
    path("<id:message_id>/", deny_with_403(message_views.MessageDetailView.as_view()), name="detail"),
]

second_factor_urls = [
    path("", second_factor.VerifyView.as_view(), name="verify"),
    path("setup/", second_factor.SetupView.as_view(), name="setup"),
]

for protected in (registration_urls, dashboard_urls, message_urls):
    second_factor.protect(protected)


def admin_urls():
    """The organisers' pages under the admin, each group with its own URL namespace."""
    return [
        path("registrations/", include((registration_urls, "campaign_forms_registrations"))),
        path("dashboards/", include((dashboard_urls, "campaign_dashboards"))),
        path("dashboards/<id:campaign_id>/messages/", include((message_urls, "campaign_messages"))),
        path("second-factor/", include((second_factor_urls, "second_factor"))),
    ]


def site_history_urls(prefix="admin/"):
    """Wagtail's site history addresses, served by ``SiteHistoryView``; ``prefix`` is the admin's."""
    return [
        path(f"{prefix}reports/site-history/", require_admin_access(SiteHistoryView.as_view())),
        path(
            f"{prefix}reports/site-history/results/",
            require_admin_access(SiteHistoryView.as_view(results_only=True)),
        ),
    ]
