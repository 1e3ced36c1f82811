"""Page and site history without the personal-data entries, for those who may not see them.

The audit log keeps, on the form and campaign pages, who exported registrations, who opened a
listing, a registration, a dashboard or an attendee list, and what was purged or erased. That
is for the organisers and the administrators; an editor who may edit the page (and so open its
history) learns nothing from it but who works on whose data. Wagtail 8 chooses a page's history
view through the page type's ``PageViewSet``; ours leaves those entries out for anyone who may
not view the page's registrations (``forms.organisers.permissions``). The site history report (Reports →
Site history) lists every page's entries and has no such hook: ``forms.organisers.urls.site_history_urls()``
puts a filtered copy at its address, in the project's URLconf before Wagtail's admin.
"""

from django.db.models import Q
from wagtail.admin.views.pages.history import PageHistoryView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import PageLogEntry

from campaign.models import CampaignPage
from forms.models import RegistrationFormPage
from forms.organisers import admin_views, retention
from forms.organisers import views as organiser_views
from forms.organisers.permissions import campaigns_for_user, forms_for_user, user_can_view_registrations

PERSONAL_DATA_ACTIONS = {
    admin_views.EXPORT_ACTION,
    admin_views.LIST_ACTION,
    admin_views.VIEW_ACTION,
    organiser_views.DASHBOARD_ACTION,
    organiser_views.ATTENDEES_ACTION,
    organiser_views.ATTENDEES_EXPORT_ACTION,
    retention.PURGE_ACTION,
    retention.ERASE_ACTION,
}


class PersonalDataHistoryView(PageHistoryView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if user_can_view_registrations(self.request.user, self.object):
            return queryset
        return queryset.exclude(action__in=PERSONAL_DATA_ACTIONS)


class FormPageViewSet(PageViewSet):
    model = RegistrationFormPage
    history_view_class = PersonalDataHistoryView


class CampaignPageViewSet(PageViewSet):
    model = CampaignPage
    history_view_class = PersonalDataHistoryView


def viewsets():
    return [
        FormPageViewSet("campaign_forms_registration_form_pages"),
        CampaignPageViewSet("campaign_forms_campaign_pages"),
    ]


class SiteHistoryView(LogEntriesView):
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if queryset.model is not PageLogEntry or user.is_superuser:
            return queryset
        allowed = [*forms_for_user(user).values_list("pk", flat=True)]
        allowed += campaigns_for_user(user).values_list("pk", flat=True)
        return queryset.exclude(Q(action__in=PERSONAL_DATA_ACTIONS) & ~Q(page_id__in=allowed))
