"""The organiser's pages for messages to registrants: write, preview, send, read back.

Write and preview are one view: a valid POST shows the preview (how many people, in which
languages, the message in each language) with the message in hidden fields; "Send" posts them
to the send view, "Change the message" back here. The form carries a key made when the empty
form is opened; ``forms.organisers.messages.send`` refuses to use a key twice. Only the campaign's
organisers and superusers get in (``forms.organisers.permissions``); everyone else gets 403.
"""

import uuid

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from forms.models import OrganiserMessage
from forms.organisers import messages as organiser_messages
from forms.organisers.dashboard import language_name
from forms.organisers.permissions import get_campaign_or_403
from forms.text import multi_line, single_line

SUBJECT_LENGTH = 200
BODY_LENGTH = 10000


class MessageForm(django_forms.Form):
    """A message: to whom, and its subject and text in Dutch and, optionally, other languages."""

    key = django_forms.UUIDField(widget=django_forms.HiddenInput)
    to = django_forms.ChoiceField(label=gettext_lazy("Send to"))
    audience = django_forms.ChoiceField(
        label=gettext_lazy("Who"), choices=OrganiserMessage.AUDIENCES, initial=OrganiserMessage.CONFIRMED
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["to"].choices = organiser_messages.scope_choices(campaign)
        self.languages = []
        self.scope = None
        self.add_language(settings.LANGUAGE_CODE, required=True)
        for code in organiser_messages.other_languages():
            self.add_language(code, required=False)

    def add_language(self, code, *, required):
        name = language_name(code)
        attrs = {"lang": code, "dir": "rtl" if get_language_info(code)["bidi"] else "ltr"}
        subject, body = self.names(code)
        self.fields[subject] = django_forms.CharField(
            label=_("Subject (%(language)s)") % {"language": name},
            max_length=SUBJECT_LENGTH,
            required=required,
            widget=django_forms.TextInput(attrs=attrs),
        )
        self.fields[body] = django_forms.CharField(
            label=_("Text (%(language)s)") % {"language": name},
            max_length=BODY_LENGTH,
            required=required,
            widget=django_forms.Textarea(attrs={**attrs, "rows": 10}),
            help_text=_(
                "Plain text. Web addresses become links. Each e-mail starts with “Dear …,” and ends "
                "with the link to the person's registration."
            )
            if required
            else "",
        )
        if not required:
            self.languages.append(code)

    @staticmethod
    def names(code):
        if code == settings.LANGUAGE_CODE:
            return "subject", "body"
        return f"subject_{code}", f"body_{code}"

    def clean(self):
        cleaned = super().clean()
        for code in [settings.LANGUAGE_CODE, *self.languages]:
            subject, body = self.names(code)
            for name, clean_text in ((subject, single_line), (body, multi_line)):
                if cleaned.get(name):
                    try:
                        cleaned[name] = clean_text(cleaned[name])
                    except django_forms.ValidationError as error:
                        self.add_error(name, error)
                        continue
                    if not cleaned[name] and self.fields[name].required:
                        # Only invisible characters: nothing anyone could read.
                        required = self.fields[name].error_messages["required"]
                        self.add_error(name, django_forms.ValidationError(required, code="required"))
            if code != settings.LANGUAGE_CODE and bool(cleaned.get(subject)) != bool(cleaned.get(body)):
                missing = body if cleaned.get(subject) else subject
                self.add_error(missing, _("Please write both the subject and the text, or neither."))
        if cleaned.get("to"):
            self.scope = organiser_messages.resolve_scope(self.campaign, cleaned["to"])
            if self.scope is None:
                self.add_error("to", _("Please choose a form or a session of this campaign."))
        return cleaned

    def language_fields(self):
        """``[(language name, subject field, body field, open)]`` for the other languages."""
        rows = []
        for code in self.languages:
            subject, body = (self[name] for name in self.names(code))
            filled = bool(subject.value() or body.value() or subject.errors or body.errors)
            rows.append((language_name(code), subject, body, filled))
        return rows

    def message(self):
        """The unsaved message this valid form describes."""
        data = self.cleaned_data
        form, session, label = self.scope
        translations = {}
        for code in self.languages:
            subject, body = self.names(code)
            if data.get(subject) and data.get(body):
                translations[code] = {"subject": data[subject], "body": data[body]}
        return OrganiserMessage(
            campaign=self.campaign,
            form=form,
            session=session,
            scope_label=label,
            audience=data["audience"],
            subject=data["subject"],
            body=data["body"],
            translations=translations,
            idempotency_key=data["key"],
        )


class CampaignMessageMixin(WagtailAdminTemplateMixin):
    header_icon = "mail"

    def dispatch(self, request, campaign_id, **kwargs):
        self.campaign = get_campaign_or_403(request, campaign_id)
        self.prepare(**kwargs)
        return super().dispatch(request, campaign_id, **kwargs)

    def prepare(self, **kwargs):
        """Load what the page is about, after the permission check (404 if it is not there)."""

    def get_page_subtitle(self):
        return self.campaign.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("campaign_dashboards:index"), "label": _("Dashboards")},
            {"url": dashboard_url(self.campaign), "label": self.campaign.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(campaign=self.campaign, **kwargs)


def dashboard_url(campaign):
    return reverse("campaign_dashboards:campaign", args=[campaign.pk])


class ComposeView(CampaignMessageMixin, TemplateView):
    """The empty form (GET), its errors or the preview (POST)."""

    template_name = "forms/messages/compose.html"

    def get_page_title(self):
        return _("Message to registrants")

    def get(self, request, campaign_id):
        initial = {"key": uuid.uuid4(), "to": request.GET.get("to", "")}
        return self.render_to_response(
            self.get_context_data(form=MessageForm(campaign=self.campaign, initial=initial))
        )

    def post(self, request, campaign_id):
        form = MessageForm(request.POST, campaign=self.campaign)
        if "edit" in request.POST or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        message = form.message()
        people = organiser_messages.recipients(message)
        self.template_name = "forms/messages/preview.html"
        return self.render_to_response(
            self.get_context_data(
                form=form, message=message, preview=organiser_messages.preview(message, people)
            )
        )


class SendView(ComposeView):
    """Sends a previewed message once; answers a repeated POST of the same form by pointing to it."""

    http_method_names = ["post"]

    def post(self, request, campaign_id):
        form = MessageForm(request.POST, campaign=self.campaign)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        message = form.message()
        people = organiser_messages.recipients(message)
        if not people:
            form.add_error(
                None, _("Nobody would get this message. Please choose other people to send it to.")
            )
            return self.render_to_response(self.get_context_data(form=form))
        message, sent = organiser_messages.send(message, people, request.user)
        if sent:
            messages.success(
                request,
                ngettext(
                    "Your message is on its way to %(count)s person.",
                    "Your message is on its way to %(count)s people.",
                    message.recipients,
                )
                % {"count": message.recipients},
            )
        else:
            messages.info(request, _("This message was sent already. It was not sent again."))
        return redirect(dashboard_url(self.campaign) + "#dash-messages")


class MessageDetailView(CampaignMessageMixin, TemplateView):
    """One sent message: to whom, by whom, its versions and how its e-mails are doing."""

    template_name = "forms/messages/detail.html"

    def prepare(self, message_id):
        found = organiser_messages.sent_messages(self.campaign, pk=message_id)
        if not found:
            raise Http404
        self.message = found[0]

    def get_page_title(self):
        return self.message.subject

    def get(self, request, campaign_id, message_id):
        return self.render_to_response(
            self.get_context_data(message=self.message, versions=organiser_messages.versions(self.message))
        )
