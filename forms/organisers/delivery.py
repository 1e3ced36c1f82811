"""Where a form's personal data goes, decided by the people allowed to see it.

The organiser e-mail addresses receive every registrant's name, e-mail address and answers,
and the first one is the confirmations' Reply-To; the retention period decides how long the
data is kept. So they are set by the campaign's organisers and superusers only, in the
organiser side (the campaign dashboard), never in the page editor: anyone who could publish
the form page could otherwise add their own address and read every registration. Each change
is written to the audit log. A published revision keeps the current values (see
``RegistrationFormPage.with_content_json``), so an old revision cannot bring back an address.
"""

from django import forms
from django.db import transaction
from wagtail.log_actions import log

from forms.models import RegistrationFormPage

DELIVERY_ACTION = "campaign_forms.change_delivery"
FIELDS = ["notify_emails", "retention_days"]


class DeliveryForm(forms.Form):
    """The two fields as the model defines them (validators, help texts), not bound to the page:
    ``change_delivery`` compares them with the page's values before it changes anything."""

    def __init__(self, *args, form_page, **kwargs):
        super().__init__(*args, initial=current(form_page), **kwargs)
        self.fields.update(forms.fields_for_model(RegistrationFormPage, fields=FIELDS))


def current(form_page):
    return {name: getattr(form_page, name) for name in FIELDS}


@transaction.atomic
def change_delivery(form_page, values, user):
    """Set ``values`` on the Dutch form and every translation of it; log what changed.

    Returns the changed field names (nothing is logged when nothing changed).
    """
    before = current(form_page)
    changed = [name for name in FIELDS if values[name] != before[name]]
    if not changed:
        return []
    RegistrationFormPage.objects.filter(translation_key=form_page.translation_key).update(
        **{name: values[name] for name in FIELDS}
    )
    log(
        instance=form_page,
        action=DELIVERY_ACTION,
        user=user,
        data={
            "before": {name: before[name] for name in changed},
            "after": {name: values[name] for name in changed},
        },
    )
    for name in FIELDS:
        setattr(form_page, name, values[name])
    return changed
