"""The project's form renderer writes what Django's templates write, byte for byte: for every
field of every form and filter set in the project (and allauth's and the admin's forms), with
empty, typed, hostile and chosen values and with the attributes a form adds (id, required,
disabled, aria-describedby, aria-invalid), and for each widget type with choices, groups and
several values chosen."""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import importlib
import inspect
import uuid

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from core.form_renderer import SOURCES, FormRenderer
from tests import factories

DJANGO = DjangoTemplates()
PYTHON = FormRenderer()


def _import_form_modules():
    for config in apps.get_app_configs():
        for module in ("forms", "filters", "admin"):
            try:
                importlib.import_module(f"{config.name}.{module}")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.{module}":
                    raise


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_fields() -> list[tuple[str, str, forms.Field]]:
    """(where, field name, field) for each declared field of each form and filter set."""
    _import_form_modules()
    fields = {}
    for form in _subclasses(forms.BaseForm):
        for name, field in getattr(form, "base_fields", {}).items():
            fields[f"{form.__module__}.{form.__qualname__}.{name}"] = (name, field)
    for filterset in _subclasses(django_filters.FilterSet):
        for name, filter_ in getattr(filterset, "base_filters", {}).items():
            where = f"{filterset.__module__}.{filterset.__qualname__}.{name}"
            try:
                # A copy: ``Filter.field`` keeps the field it builds on the filter, and a class's
                # base filter with a field kept would hand every later filter set that field.
                fields[where] = (name, copy.deepcopy(filter_).field)
            except Exception:  # noqa: BLE001, S112 - a filter whose field needs a request
                continue
    return [(where, name, field) for where, (name, field) in sorted(fields.items())]


FIELDS = _project_fields()

VALUES = [
    None,
    "",
    "plain",
    "a <b> & \"c\" 'd'",
    mark_safe("<i>safe</i>"),
    0,
    7,
    True,
    False,
    decimal.Decimal("1.50"),
    dt.date(2027, 5, 12),
    uuid.UUID("12345678-1234-5678-1234-567812345678"),
    ["a", "b"],
]

ATTRS = [
    None,
    {"id": "id_f", "required": True},
    {"id": "id_f", "disabled": True, "aria-describedby": "f_helptext", "aria-invalid": "true"},
    {"class": 'x "y"', "data-n": 3, "checked": False, "placeholder": "<&>"},
]


def _both(widget, name, value, attrs):
    """What each renderer writes, or the exception each raises."""
    out = []
    for renderer in (DJANGO, PYTHON):
        try:
            out.append(widget.render(name, value, attrs=copy.copy(attrs), renderer=renderer))
        except Exception as error:  # noqa: BLE001 - both renderers must fail alike
            out.append(type(error))
    return out


def test_the_renderer_copies_the_templates_django_renders():
    assert PYTHON.python(), "a template differs from the one written in Python"
    for name, source in SOURCES.items():
        assert DJANGO.get_template(name).template.source == source


def test_every_form_field_is_found():
    kinds = {type(field.widget).__name__ for _where, _name, field in FIELDS}
    assert len(FIELDS) > 150
    assert {"TextInput", "Textarea", "Select", "CheckboxInput", "DateInput"} <= kinds


# Fewer here than for each widget type below (every field, a few hundred, through Django's
# templates too): a value of each kind and the attributes a bound field adds.
FIELD_VALUES = [None, "", 'a <b> & "c"', 7, dt.date(2027, 5, 12), ["a", "b"]]
FIELD_ATTRS = {
    "id": "id_f",
    "required": True,
    "aria-describedby": "f_helptext",
    "aria-invalid": "true",
    "disabled": False,
}


@pytest.mark.django_db
def test_every_field_of_every_form_renders_as_django_renders_it():
    differ = []
    for where, name, field in FIELDS:
        widget = copy.deepcopy(field.widget)
        initial = field.initial() if callable(field.initial) else field.initial  # the clock runs
        for value in [*FIELD_VALUES, initial]:
            django_html, python_html = _both(widget, name, value, FIELD_ATTRS)
            if python_html != django_html:
                differ.append((where, value, django_html, python_html))
    assert differ == []


CHOICES = [
    ("", "---------"),
    ("a", "Alpha & <Omega>"),
    ("b", mark_safe("<b>Bravo</b>")),
    ("Group “one”", [("c", "Charlie"), ("d", "Delta")]),
    (3, "Three"),
    (decimal.Decimal("2.5"), 2.5),
    (None, "None"),
]

CHOICE_WIDGETS = [
    forms.Select,
    forms.SelectMultiple,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.NullBooleanSelect,
]


@pytest.mark.parametrize("widget_class", CHOICE_WIDGETS)
def test_a_choice_widget_renders_as_django_renders_it(widget_class):
    widget = widget_class() if widget_class is forms.NullBooleanSelect else widget_class(CHOICES)
    for value in [None, "", "a", "c", 3, "3", ["a", "d"], ["b", "3", "2.5"], [None], "zz"]:
        for attrs in ATTRS:
            django_html, python_html = _both(widget, "f", value, attrs)
            assert python_html == django_html, (value, attrs)


def test_a_choice_list_without_an_id_or_with_unwrapped_labels_renders_as_django_renders_it():
    class Unwrapped(forms.RadioSelect):
        def create_option(self, *args, **kwargs):
            return {**super().create_option(*args, **kwargs), "wrap_label": False}

    for widget in (forms.RadioSelect(CHOICES), Unwrapped(CHOICES)):
        for attrs in (None, {"id": "r", "class": "stack"}):
            django_html, python_html = _both(widget, "f", "a", attrs)
            assert python_html == django_html


def test_a_widget_with_its_own_option_template_is_rendered_by_its_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    django_html, python_html = _both(Custom(CHOICES), "f", "a", None)
    assert python_html == django_html


INPUTS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.Textarea,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
]


@pytest.mark.parametrize("widget_class", INPUTS)
def test_an_input_renders_as_django_renders_it(widget_class):
    for value in [*VALUES, lambda: "called", str.upper]:
        for attrs in [*ATTRS, {"title": lambda: "called", "data-f": str.upper}]:
            django_html, python_html = _both(widget_class(), "f", value, attrs)
            assert python_html == django_html, (value, attrs)


FORM_ARGUMENTS = [{}, {"data": {}}, {"data": {"x": "y"}, "prefix": "p"}]


def _instances(user):
    """Each project form that can be made with no arguments or with a doctor, unbound and
    bound to empty data (every required field in error)."""
    _import_form_modules()
    made = []
    for form_class in _subclasses(forms.BaseForm):
        if form_class.__module__.split(".")[0] not in {c.name for c in apps.get_app_configs()}:
            continue
        if inspect.isabstract(form_class) or form_class.__name__.startswith("Base"):
            continue
        for arguments in FORM_ARGUMENTS:
            for extra in ({}, {"user": user}, {"owner": user}):
                try:
                    made.append(form_class(**arguments, **extra))
                    break
                except Exception:  # noqa: BLE001, S112 - needs other arguments: its fields are tested above
                    continue
    return made


@pytest.mark.django_db
def test_each_field_of_each_project_form_renders_as_django_renders_it():
    user = factories.UserFactory()
    made = _instances(user)
    assert len(made) > 30
    for form in made:
        for bound_field in form:
            rendered = []
            for renderer in (DJANGO, PYTHON):
                form.renderer = renderer
                try:
                    rendered.append(str(bound_field))
                except Exception as error:  # noqa: BLE001
                    rendered.append(type(error))
            assert rendered[1] == rendered[0], (type(form), bound_field.name)
