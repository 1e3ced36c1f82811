"""Admin hooks of the messages to registrants: their URLs under a campaign's dashboard and the
audit-log action of sending one.

Imported from ``forms/wagtail_hooks.py`` (Wagtail only loads modules of that name).
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.log_actions import LogFormatter

import campaign.converters  # noqa: F401  (<id:…> in the URLs below)
from forms.organisers import message_views, second_factor
from forms.organisers.messages import MESSAGE_ACTION
from forms.organisers.permissions import deny_with_403

app_name = "campaign_messages"
urlpatterns = [
    path("", deny_with_403(message_views.ComposeView.as_view()), name="compose"),
    path("send/", deny_with_403(message_views.SendView.as_view()), name="send"),
    path("<id:message_id>/", deny_with_403(message_views.MessageDetailView.as_view()), name="detail"),
]
# Sending reaches every registrant's address: the same second factor as the listings.
second_factor.protect(urlpatterns)


@hooks.register("register_admin_urls")
def register_message_urls():
    return [
        path(
            "dashboards/<id:campaign_id>/messages/",
            include((urlpatterns, app_name), namespace=app_name),
        )
    ]


class MessageFormatter(LogFormatter):
    label = _("Send a message to registrants")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        count = data.get("recipients", 0)
        return ngettext(
            "Message “%(subject)s” sent to %(count)s person (%(to)s)",
            "Message “%(subject)s” sent to %(count)s people (%(to)s)",
            count,
        ) % {"subject": data.get("subject", ""), "count": count, "to": data.get("to", "")}


@hooks.register("register_log_actions")
def register_message_log_action(actions):
    actions.register_action(MESSAGE_ACTION)(MessageFormatter)
