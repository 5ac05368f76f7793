"""``includes/form_fields.html`` and ``includes/field.html`` write their markup in Python now
(``core.form_fields``): the same bytes as the templates they replaced, kept here, for every
project form that can be made in a test, unbound and with errors, and for the cases they branch
on (checkbox, help text, required, empty_permitted, non-field and hidden-field errors, skip)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django import forms
from django.template import engines

from tests import factories
from tests.core.test_form_renderer import _instances

BEFORE = Path(__file__).parent / "templates_before"  # the two templates as they were
OLD_FIELD = (BEFORE / "field.html").read_text()
OLD_FORM_FIELDS = (
    (BEFORE / "form_fields.html")
    .read_text()
    .replace('{% include "includes/field.html" %}', "{% include old_field %}")
)

ENGINE = engines["django"]
OLD_FIELD_TEMPLATE = ENGINE.from_string(OLD_FIELD)


def _old(form, **context):
    return ENGINE.from_string(OLD_FORM_FIELDS).render(
        {"form": form, "old_field": OLD_FIELD_TEMPLATE, **context}
    )


def _new(form, **context):
    return ENGINE.get_template("includes/form_fields.html").render({"form": form, **context})


class EveryBranch(forms.Form):
    name = forms.CharField(help_text="Your <full> name & title")
    nickname = forms.CharField(required=False, label="Nick “name”")
    agree = forms.BooleanField(label="I agree")
    optional_flag = forms.BooleanField(required=False, help_text="Optional")
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    token = forms.CharField(widget=forms.HiddenInput)
    ref = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError(["Something <wrong>", "And more"])


CASES = [
    {},
    {"data": {}},
    {"data": {"name": "x", "agree": "on", "kind": "a", "token": "t", "ref": "nope"}},
    {"data": {}, "empty_permitted": True, "use_required_attribute": False},
    {"auto_id": False},
    {"auto_id": "f-%s", "prefix": "p", "initial": {"name": "<b>", "agree": True}},
]


@pytest.mark.parametrize("arguments", CASES)
@pytest.mark.parametrize("skip", [None, "", "agree", "name notes", ["kind", "notes"], 3])
def test_a_form_with_every_branch_renders_as_the_templates_did(arguments, skip):
    form = EveryBranch(**arguments)
    context = {} if skip is None else {"skip": skip}
    assert _new(form, **context) == _old(form, **context)


@pytest.mark.parametrize("arguments", CASES)
def test_each_field_renders_as_the_field_template_did(arguments):
    form = EveryBranch(**arguments)
    for field in form:
        old = OLD_FIELD_TEMPLATE.render({"field": field})
        assert ENGINE.get_template("includes/field.html").render({"field": field}) == old


def test_the_templates_before_wrote_fields():
    html = _old(EveryBranch(data={}))
    assert html.count('<div class="field has-error">') == 3
    assert '<div class="form-errors" role="alert"><ul class="errorlist nonfield">' in html
    assert _new(EveryBranch(data={})) == html


def test_something_that_is_not_a_form_renders_as_the_template_did():
    assert _new(None) == _old(None)
    assert _new("") == _old("")


@pytest.mark.django_db
def test_every_project_form_renders_as_the_templates_did():
    made = _instances(factories.UserFactory())
    assert len(made) > 30
    differ = []
    for form in made:
        if form.is_bound:
            form.is_valid()
        if _new(form) != _old(form):
            differ.append(type(form))
        for field in form:
            old = OLD_FIELD_TEMPLATE.render({"field": field})
            if ENGINE.get_template("includes/field.html").render({"field": field}) != old:
                differ.append((type(form), field.name))
    assert differ == []
