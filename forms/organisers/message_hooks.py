"""Admin hooks of the messages to registrants: the audit-log action of sending one (their URLs:
``forms.organisers.urls``).

Imported from ``forms/wagtail_hooks.py`` (Wagtail only loads modules of that name).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from forms.organisers.messages import MESSAGE_ACTION


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
