"""One rule writes answers as text; places differ only in the separator and the empty answer."""

import pytest
from django.utils import translation

from campaign.dates import join_items
from forms.models import FormField
from forms.models.answers import answer_text, answer_writer
from tests.forms.utils import field, make_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def boxes(campaign):
    return field(make_form(campaign, fields=["singleline", "checkboxes"]), "checkboxes")


def test_options_are_written_as_their_labels_joined_as_asked(boxes):
    (first, first_label), (second, second_label) = boxes.get_choices()[:2]
    assert answer_text(boxes, [first, second]) == f"{first_label}; {second_label}"
    assert answer_text(boxes, first) == str(first_label)
    assert answer_text(boxes, [first, second], join=join_items) == join_items([first_label, second_label])
    # An option since removed keeps its stored value rather than vanishing.
    assert answer_text(boxes, ["gone"]) == "gone"


def test_the_export_can_fix_labels_and_words_once(boxes):
    write = answer_writer(boxes, labels={"a": "Eén", "b": "Twee"}, yes_no=("ja", "nee"))
    assert write(["a", "b", "c"]) == "Eén; Twee; c"
    tick = answer_writer(FormField(field_type="consent"), yes_no=("ja", "nee"))
    assert (tick(True), tick(False)) == ("ja", "nee")


@translation.override("en")
def test_empty_answers_ticks_and_removed_questions():
    assert answer_text(None, None) == answer_text(None, "") == answer_text(None, []) == ""
    assert answer_text(None, [], empty="–") == "–"
    assert answer_text(FormField(field_type="checkbox"), True) == "yes"
    assert answer_text(None, False) == "no"
    assert answer_text(None, ["x", 2]) == "x; 2"
    assert answer_text(FormField(field_type="number"), 7) == "7"
