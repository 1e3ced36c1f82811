"""A stored answer as the text people read: one rule for e-mails, the admin, attendee lists and exports.

A registration stores answers as the form gave them (``RegistrationForm.answers``): text as
typed, a choice as its option's block id (a list of ids for checkboxes), a tick as True/False.
Everywhere an answer is shown, an option is written as its label, a tick as "yes" or "no" and a
list one item after the other. Where the text goes decides only three things, the parameters:

- ``join``: how a list is written. Files and attendee lists use "; " (a spreadsheet cell; a
  label may hold a comma); e-mails and the admin's registration page the language's own
  separator (``campaign.dates.join_items``).
- ``empty``: an unanswered question: "" in files and lists, "–" where a reader would otherwise
  see a question with nothing after it.
- ``labels`` and ``yes_no``: the option labels (``{stored id: label}``) and words for a tick,
  given by the export, which fixes both once, in Dutch, for a hundred thousand rows. By default
  the field's labels in the active language (``FormField.get_choices``) and ``gettext``.
"""

from django.utils.translation import gettext

from forms.models.fields import CHOICE_TYPES, TICK_TYPES

SEMICOLONS = "; ".join


def answer_writer(field, *, join=SEMICOLONS, empty="", labels=None, yes_no=None):
    """A function that writes any stored answer to ``field`` as text (the rule decided once per field).

    ``field`` is None for an answer to a question since removed: its value is written as stored.
    """
    field_type = field.field_type if field is not None else None
    yes, no = yes_no or (gettext("yes"), gettext("no"))
    tick = field_type in TICK_TYPES
    if field_type in CHOICE_TYPES:
        label = (dict(field.get_choices()) if labels is None else labels).get
    else:
        label = None

    def write(value):
        if value is None or value == "" or value == []:
            return empty
        if tick or isinstance(value, bool):
            return yes if value else no
        if label is not None:
            return join([str(label(item, item)) for item in (value if isinstance(value, list) else [value])])
        if isinstance(value, list):
            return join([str(item) for item in value])
        return str(value)

    return write


def answer_text(field, value, **options):
    """One stored answer to ``field`` as text; ``options`` as for ``answer_writer``."""
    return answer_writer(field, **options)(value)
