"""The Python-written selects print exactly what Django's select templates print."""

import pytest
from django import forms

from core.widgets import FastSelect, FastSelectMultiple

CHOICES = [
    ("", "---------"),
    ("a", "Alpha & <Omega>"),
    ("b", "Bravo"),
    ("Group “one”", [("c", "Charlie"), ("d", "Delta")]),
    (3, "Three"),
]


@pytest.mark.parametrize("value", [None, "", "b", "c", 3])
def test_a_fast_select_renders_as_django_select(value):
    attrs = {"id": "id_x", "aria-describedby": "x_help", "required": True, "disabled": False}
    plain = forms.Select(choices=CHOICES).render("x", value, attrs=attrs)
    fast = FastSelect(choices=CHOICES).render("x", value, attrs=attrs)
    assert fast == plain


@pytest.mark.parametrize("value", [None, [], ["a"], ["a", "d", "3"]])
def test_a_fast_multiple_select_renders_as_django_select_multiple(value):
    plain = forms.SelectMultiple(choices=CHOICES, attrs={"size": 4}).render("x", value)
    fast = FastSelectMultiple(choices=CHOICES, attrs={"size": 4}).render("x", value)
    assert fast == plain


def test_a_fast_select_marks_only_the_first_of_repeated_values_selected():
    choices = [("a", "One"), ("a", "Again")]
    assert FastSelect(choices=choices).render("x", "a") == forms.Select(choices=choices).render(
        "x", "a"
    )
