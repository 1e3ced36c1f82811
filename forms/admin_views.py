"""Admin views for organisers: each form once (all languages), its registrations, the export.

Only superusers and the campaign's organisers get in (``forms.permissions``); the export is
written to Wagtail's audit log.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from forms.export import FORMATS, RegistrationExport, export_response, export_sessions
from forms.filters import RegistrationFilterSet
from forms.models import Booking, RegistrationFormPage
from forms.permissions import forms_for_user, get_form_or_403

EXPORT_ACTION = "campaign_forms.export"
PER_PAGE = 50


def language_versions(form):
    """The language codes this form exists in, Dutch first."""
    codes = RegistrationFormPage.objects.filter(translation_key=form.translation_key).values_list(
        "locale__language_code", flat=True
    )
    return sorted(codes, key=lambda code: (code != form.locale.language_code, code))


class FormIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Every registration form the user may see, once, whatever the number of languages."""

    template_name = "forms/admin/registration_forms.html"
    page_title = _("Registrations")
    header_icon = "form"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        forms = (
            forms_for_user(self.request.user)
            .annotate(registration_count=Count("registrations"))
            .select_related("locale")
            .order_by("path")
        )
        rows = []
        for form in forms:
            rows.append({"form": form, "parent": form.get_parent(), "languages": language_versions(form)})
        return super().get_context_data(rows=rows, **kwargs)


class RegistrationListView(WagtailAdminTemplateMixin, TemplateView):
    """One form's registrations from every language, with filters and the export buttons."""

    template_name = "forms/admin/registration_list.html"
    header_icon = "form"

    def dispatch(self, request, form_id, *args, **kwargs):
        self.form = get_form_or_403(request, form_id)
        return super().dispatch(request, form_id, *args, **kwargs)

    def get_page_title(self):
        return _t("Registrations")

    def get_page_subtitle(self):
        return self.form.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("campaign_forms_registrations:index"), "label": _t("Registrations")},
            {"url": "", "label": self.form.title},
        ]

    def get_context_data(self, **kwargs):
        sessions = export_sessions(self.form)
        filterset = RegistrationFilterSet(
            self.request.GET or None, queryset=self.form.registrations.all(), sessions=sessions
        )
        ignored = filterset.ignored()
        if ignored:
            messages.warning(
                self.request,
                _t("These filters were not understood and are ignored: %(names)s")
                % {"names": ", ".join(str(filterset.filters[name].label) for name in ignored)},
            )
        paginator = Paginator(filterset.qs.order_by("-submitted_at", "-pk"), PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        headings = dict(sessions)
        statuses = dict(Booking.STATUSES)
        bookings = {}
        for booking in Booking.objects.filter(registration__in=list(page.object_list)).order_by("session_id"):
            bookings.setdefault(booking.registration_id, []).append(
                {
                    "session": headings.get(booking.session_id, booking.session_id),
                    "status": booking.status,
                    "status_label": statuses.get(booking.status, booking.status),
                }
            )
        rows = [(registration, bookings.get(registration.pk, [])) for registration in page.object_list]
        query = self.request.GET.copy()
        query.pop("p", None)
        return super().get_context_data(
            form_page=self.form,
            filterset=filterset,
            page_obj=page,
            paginator=paginator,
            rows=rows,
            languages=language_versions(self.form),
            query=query.urlencode(),
            export_formats=list(FORMATS),
            **kwargs,
        )


def export_view(request, form_id, file_format):
    """The merged CSV or XLSX of a form, with the listing's filters; logged in the audit log."""
    form = get_form_or_403(request, form_id)
    if file_format not in FORMATS:
        return HttpResponseBadRequest(_t("Unknown export format."), content_type="text/plain; charset=utf-8")
    sessions = export_sessions(form)
    filterset = RegistrationFilterSet(
        request.GET or None, queryset=form.registrations.all(), sessions=sessions
    )
    ignored = filterset.ignored()
    if ignored:
        return HttpResponseBadRequest(
            _t("These filters were not understood: %(names)s") % {"names": ", ".join(ignored)},
            content_type="text/plain; charset=utf-8",
        )
    queryset = filterset.qs
    export = RegistrationExport(form, queryset, sessions=sessions)
    log(
        instance=form,
        action=EXPORT_ACTION,
        user=request.user,
        data={"format": file_format, "rows": queryset.count(), "filters": filterset.applied()},
    )
    return export_response(export, file_format)
