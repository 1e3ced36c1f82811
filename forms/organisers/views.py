"""Admin views for organisers: campaign dashboards, attendee lists, erasing one person.

Every view checks ``forms.organisers.permissions``: superusers and the organisers of the campaign get in,
everyone else (editors and translators too) gets 403. Opening a dashboard or an attendee list,
and downloading one, is written to Wagtail's audit log on the campaign page.
"""

from functools import wraps

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from campaign.models import Session
from forms.exports.rows import download_name
from forms.mail import tasks
from forms.organisers import dashboard, delivery, retention
from forms.organisers import messages as organiser_messages
from forms.organisers.attendees import AttendeeList
from forms.organisers.permissions import (
    campaigns_for_user,
    forms_for_user,
    get_campaign_or_403,
    user_can_view_registrations,
)

DASHBOARD_ACTION = "campaign_forms.view_dashboard"
ATTENDEES_ACTION = "campaign_forms.view_attendees"
ATTENDEES_EXPORT_ACTION = "campaign_forms.export_attendees"


def forbidden_as_403(view):
    """Answer a refusal with a real 403, where Wagtail's admin would redirect to its home page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return permission_denied(request, error)

    return wrapper


class DashboardIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The campaigns whose dashboard the user may open."""

    template_name = "forms/admin/dashboard_index.html"
    page_title = gettext_lazy("Dashboards")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        # Without its own item the header shows only Wagtail's "Home".
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaigns"] = campaigns_for_user(self.request.user).order_by("path")
        context["can_erase"] = context["campaigns"].exists()
        return context


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    """One campaign: sessions, registrations per day, per language and per answer."""

    template_name = "forms/admin/dashboard.html"
    header_icon = "table"

    def dispatch(self, request, campaign_id):
        self.campaign = get_campaign_or_403(request, campaign_id)
        return super().dispatch(request, campaign_id)

    def get(self, request, *args, **kwargs):
        log(instance=self.campaign, action=DASHBOARD_ACTION, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Registrations dashboard")

    def get_page_subtitle(self):
        return self.campaign.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("campaign_dashboards:index"), "label": _("Dashboards")},
            {"url": "", "label": self.campaign.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = list(dashboard.campaign_forms(self.campaign))
        per_day = dashboard.registrations_per_day(forms)
        context.update(
            campaign=self.campaign,
            forms=forms,
            sessions=dashboard.session_figures(self.campaign),
            per_day=per_day,
            per_day_chart=dashboard.column_chart(per_day),
            per_language=dashboard.registrations_per_language(forms),
            answer_charts=[(form, dashboard.answer_charts(form)) for form in forms],
            total=dashboard.total_registrations(forms),
            mails=dashboard.mail_status(forms),
            organiser_messages=organiser_messages.sent_messages(self.campaign),
        )
        return context


class DeliveryView(WagtailAdminTemplateMixin, TemplateView):
    """A form's organiser addresses and retention period (``forms.organisers.delivery``): organisers only."""

    template_name = "forms/admin/delivery.html"
    header_icon = "mail"

    def dispatch(self, request, campaign_id, form_id):
        self.campaign = get_campaign_or_403(request, campaign_id)
        self.form_page = dashboard.campaign_forms(self.campaign).filter(pk=form_id).first()
        if self.form_page is None:
            raise Http404
        return super().dispatch(request, campaign_id, form_id)

    def get_page_title(self):
        return _("Where registrations go")

    def get_page_subtitle(self):
        return self.form_page.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("campaign_dashboards:index"), "label": _("Dashboards")},
            {
                "url": reverse("campaign_dashboards:campaign", args=[self.campaign.pk]),
                "label": self.campaign.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", delivery.DeliveryForm(form_page=self.form_page))
        return super().get_context_data(campaign=self.campaign, form_page=self.form_page, **kwargs)

    def post(self, request, campaign_id, form_id):
        form = delivery.DeliveryForm(request.POST, form_page=self.form_page)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if delivery.change_delivery(self.form_page, form.cleaned_data, request.user):
            messages.success(request, _("Saved. The change is in the form's history."))
        return redirect("campaign_dashboards:campaign", self.campaign.pk)


@require_POST
def retry_mails(request, campaign_id):
    """Send the campaign's given-up e-mails again (a button on the dashboard)."""
    campaign = get_campaign_or_403(request, campaign_id)
    count = tasks.retry_given_up(list(dashboard.campaign_forms(campaign)))
    messages.success(
        request,
        ngettext("%(count)s e-mail will be sent again.", "%(count)s e-mails will be sent again.", count)
        % {"count": count},
    )
    return redirect("campaign_dashboards:campaign", campaign.pk)


def session_or_403(request, session_id):
    """The Dutch row of a session (any language's id); 404 if none, 403 if not allowed."""
    session = Session.objects.filter(pk=session_id).select_related("theme").first()
    if session is None:
        raise Http404
    session = session.source
    campaign = session.theme.get_parent()
    if campaign is None or not user_can_view_registrations(request.user, campaign):
        raise PermissionDenied
    return session, campaign.specific


@forbidden_as_403
def attendee_list(request, session_id):
    """The attendee list of one session as a printable A4 page."""
    session, campaign = session_or_403(request, session_id)
    log(instance=campaign, action=ATTENDEES_ACTION, user=request.user, data={"session": session.pk})
    attendees = AttendeeList(session)
    return TemplateResponse(
        request,
        "forms/admin/attendees.html",
        {
            "attendees": attendees,
            "session": session,
            "campaign": campaign,
            "lists": [(_("Confirmed"), attendees.confirmed), (_("Waiting list"), attendees.waiting)],
        },
    )


@forbidden_as_403
def attendee_csv(request, session_id):
    """The attendee list of one session as CSV (UTF-8 with BOM, formula-safe)."""
    session, campaign = session_or_403(request, session_id)
    # The session's start in Belgian time, as on the list itself (not the stored UTC).
    filename = download_name(campaign.slug, session.theme.slug, moment=session.start) + ".csv"
    log(instance=campaign, action=ATTENDEES_EXPORT_ACTION, user=request.user, data={"session": session.pk})
    return AttendeeList(session).csv_response(filename)


class EraseForm(django_forms.Form):
    email = django_forms.EmailField(
        label=gettext_lazy("E-mail address"),
        help_text=gettext_lazy("Every registration with this address is deleted and its seats are freed."),
    )
    confirm = django_forms.BooleanField(
        label=gettext_lazy("I understand that this cannot be undone."),
    )


class EraseView(WagtailAdminTemplateMixin, TemplateView):
    """Erase one person, by e-mail address, from every form the user may see."""

    template_name = "forms/admin/erase.html"
    page_title = gettext_lazy("Erase a person's registrations")
    header_icon = "bin"

    def dispatch(self, request, *args, **kwargs):
        if not campaigns_for_user(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("campaign_dashboards:index"), "label": _("Dashboards")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", EraseForm())
        return context

    def post(self, request):
        form = EraseForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        user = request.user
        scope = None if user.is_superuser else forms_for_user(user)
        erased = retention.erase_email(form.cleaned_data["email"], user=user, forms=scope)
        rows = sum(erased.values())
        if rows:
            messages.success(
                request,
                ngettext(
                    "%(count)s registration was erased.",
                    "%(count)s registrations were erased.",
                    rows,
                )
                % {"count": rows},
            )
        else:
            messages.info(request, _("No registration with this e-mail address was found."))
        return redirect("campaign_dashboards:erase")
