"""Editor panels shared by the campaign and forms apps."""

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel


class CheckedInlinePanel(InlinePanel):
    """An ``InlinePanel`` whose rows are checked together by ``formset_class.clean``.

    A rule across rows (a form needs an e-mail field when it has a sessions field; a booked
    session stays) then shows in the page editor on the row or the panel it concerns, instead
    of failing when the revision is saved after the form was accepted.
    """

    def __init__(self, *args, formset_class=BaseChildFormSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.formset_class = formset_class

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "formset_class": self.formset_class}

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = self.formset_class
        return options


def kept_forms(formset):
    """The row forms that will be saved: valid, filled in and not marked for deletion."""
    deleted = set(formset.deleted_forms)
    return [form for form in formset.forms if form not in deleted and getattr(form, "cleaned_data", None)]
