"""Admin views for organisers: each form once (all languages), its registrations, one
registration, the export.

Only superusers and the campaign's organisers get in (``forms.organisers.permissions``), with a second
factor (``forms.organisers.second_factor``); the export, the opening of the listing and of one person's
registration are written to Wagtail's audit log.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from campaign.dates import format_moment, join_items
from forms.exports import export_response
from forms.exports.rows import FORMATS, RegistrationExport, export_sessions
from forms.mail.messages import session_label
from forms.models import Booking, Registration, RegistrationFormPage
from forms.models.answers import answer_text
from forms.organisers.dashboard import language_name
from forms.organisers.filters import RegistrationFilterSet
from forms.organisers.permissions import forms_for_user, get_form_or_403

# The download buttons, one per format of ``forms.exports.rows.FORMATS``.
EXPORT_LABELS = {
    "csv": _("CSV"),
    "csv-semicolon": _("CSV for Excel with semicolons (Belgium)"),
    "xlsx": _("Excel (XLSX)"),
}

EXPORT_ACTION = "campaign_forms.export"
VIEW_ACTION = "campaign_forms.view_registration"
LIST_ACTION = "campaign_forms.view_registrations"
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
        return gettext("Registrations")

    def get_page_subtitle(self):
        return self.form.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("campaign_forms_registrations:index"), "label": gettext("Registrations")},
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
                gettext("These filters were not understood and are ignored: %(names)s")
                % {"names": join_items(filterset.filters[name].label for name in ignored)},
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
        # Who looked at whose names, as for one registration (the filters, never the names).
        log(
            instance=self.form,
            action=LIST_ACTION,
            user=self.request.user,
            data={"page": page.number, "filters": filterset.applied()},
        )
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
            export_formats=[(name, EXPORT_LABELS[name]) for name in FORMATS],
            **kwargs,
        )


class RegistrationDetailView(WagtailAdminTemplateMixin, TemplateView):
    """One registration: the person's answers under the Dutch questions, their sessions.

    Permission as for the listing (the form's campaign). The registration must belong to the
    form in the address, so a form id one may see does not open another campaign's people.
    Each opening is written to the audit log (who, which registration; never its contents).
    """

    template_name = "forms/admin/registration_detail.html"
    header_icon = "form"

    def dispatch(self, request, form_id, registration_id, *args, **kwargs):
        self.form = get_form_or_403(request, form_id)
        self.registration = Registration.objects.filter(pk=registration_id, form=self.form).first()
        if self.registration is None:
            raise Http404
        return super().dispatch(request, form_id, registration_id, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        log(
            instance=self.form,
            action=VIEW_ACTION,
            user=request.user,
            data={"registration": self.registration.pk},
        )
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Registration")

    def get_page_subtitle(self):
        return self.registration.name or self.registration.email or str(self.registration.pk)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("campaign_forms_registrations:index"), "label": gettext("Registrations")},
            {
                "url": reverse("campaign_forms_registrations:list", args=[self.form.pk]),
                "label": self.form.title,
            },
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def answers(self):
        """``[(Dutch question, answer)]`` in form order, then answers to questions since removed."""
        data = self.registration.data or {}
        fields = [f for f in self.form.form_fields.all() if f.key and f.field_type != "sessions"]
        # As in the organisers' e-mail: the language's separator, a dash for no answer.
        rows = [(f.label, answer_text(f, data.get(f.key), join=join_items, empty="–")) for f in fields]
        known = {f.key for f in self.form.form_fields.all()}
        rows += [
            (key, answer_text(None, value, join=join_items, empty="–"))
            for key, value in data.items()
            if key not in known
        ]
        return rows

    def bookings(self):
        statuses = dict(Booking.STATUSES)
        bookings = self.registration.bookings.select_related("session__theme").order_by(
            "session__start", "pk"
        )
        return [
            {
                "session": session_label(booking.session),
                "status": booking.status,
                "status_label": statuses.get(booking.status, booking.status),
                "booked_at": format_moment(booking.created_at),
                "promoted_at": format_moment(booking.promoted_at) if booking.promoted_at else "",
            }
            for booking in bookings
        ]

    def get_context_data(self, **kwargs):
        registration = self.registration
        return super().get_context_data(
            form_page=self.form,
            registration=registration,
            submitted_at=format_moment(registration.submitted_at),
            language=language_name(registration.language),
            answers=self.answers(),
            bookings=self.bookings(),
            **kwargs,
        )


def export_view(request, form_id, file_format):
    """The merged CSV or XLSX of a form, with the listing's filters; logged in the audit log."""
    form = get_form_or_403(request, form_id)
    if file_format not in FORMATS:
        return HttpResponseBadRequest(
            gettext("Unknown export format."), content_type="text/plain; charset=utf-8"
        )
    sessions = export_sessions(form)
    filterset = RegistrationFilterSet(
        request.GET or None, queryset=form.registrations.all(), sessions=sessions
    )
    ignored = filterset.ignored()
    if ignored:
        return HttpResponseBadRequest(
            gettext("These filters were not understood: %(names)s") % {"names": join_items(ignored)},
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
