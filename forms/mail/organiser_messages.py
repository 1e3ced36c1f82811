"""The e-mail of a message from organisers (``forms.organisers.messages``) to one registrant.

It lives in the mail layer because the outbox's worker builds every e-mail from its
``MailDelivery`` (``forms.mail.messages.build_message``), and the mail layer never reaches up
into the organisers' side.
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from forms.mail import messages
from forms.mail.tokens import cancel_url


def mail_context(message, registration):
    """What the message's templates need, in the active language; ``registration`` None for the
    preview (no name, a placeholder for the personal link)."""
    language = translation.get_language()
    locale = messages.locale_for(language)
    campaign = message.campaign.get_translation_or_none(locale) or message.campaign
    subject, body = message.version(language)
    about = ""
    if message.session is not None:
        about = messages.session_label(
            messages.localised_sessions([message.session], locale)[message.session.translation_key]
        )
    return {
        "name": registration.name if registration else "",
        "body": body,
        "title": campaign.title,
        "about": about,
        "cancel_url": cancel_url(registration) if registration else gettext("(their personal link)"),
    }, subject


def rendered_text(message, registration):
    """``(subject, plain text)`` of the message in the active language."""
    context, subject = mail_context(message, registration)
    return subject, render_to_string("forms/email/message.txt", context)


def message_mail(delivery):
    """The e-mail of one ``MailDelivery`` of kind ``message``, or None without an address."""
    registration = delivery.registration
    message = delivery.message
    if message is None or not registration.email:
        return None
    with translation.override(message.language_for(registration.language)):
        context, subject = mail_context(message, registration)
        return messages.render_message(
            "message",
            context,
            subject=subject,
            to=[registration.email],
            reply_to=messages.organiser_addresses(registration.form)[:1],
        )
