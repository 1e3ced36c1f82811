"""Seats left are said with each language's own plural forms, not one 'places' for all."""

import pytest
from django.utils import translation

from forms.public.forms import seat_status_text


@pytest.mark.parametrize(
    "language, left, expected",
    [
        ("nl", 1, "Nog 1 plaats vrij"),
        ("nl", 3, "Nog 3 plaatsen vrij"),
        ("fr", 1, "Encore 1 place libre"),
        ("uk", 1, "Залишилося 1 місце"),
        ("uk", 3, "Залишилося 3 місця"),
        ("uk", 5, "Залишилося 5 місць"),
        ("uk", 21, "Залишилося 21 місце"),
        ("ar", 1, "بقي مقعد واحد"),
        ("ar", 2, "بقي مقعدان"),
        ("ar", 7, "بقيت 7 مقاعد"),
        ("ar", 15, "بقي 15 مقعدًا"),
        ("tr", 4, "4 yer kaldı"),
    ],
)
def test_seats_left_follow_the_plural_rules_of_each_language(language, left, expected):
    with translation.override(language):
        assert seat_status_text(left) == expected


def test_a_full_session_says_so():
    with translation.override("en"):
        assert seat_status_text(0) == "Full — you will be put on the waiting list"
