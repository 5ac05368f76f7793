"""The project's form renderer (``settings.FORM_RENDERER``): Django's own, except that the widget
templates every form draws (``input.html`` and the input types that include it, ``textarea.html``,
``select.html`` with its options, and the radio and checkbox lists) are written in Python.

Django renders each field's widget through two to four templates (the widget's, ``input.html``,
``attrs.html``, and one per option), and each include costs a template render. The functions
below write the same markup, byte for byte, from the same context the templates get (the
``widget`` dict of ``Widget.get_context``): tested field by field against Django's templates for
every form in the project (tests/core/test_form_renderer.py).

The Python is used only while Django's templates are the ones it copies: the renderer checks the
source of each template it stands in for (an installed app, or a newer Django, could change them)
and otherwise renders every widget through the templates, as Django's renderer does. Any other
template name (file inputs, multi-widgets, the admin's widgets, the contact picker's) is rendered
by Django as before.
"""

from __future__ import annotations

import inspect

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData, SafeString

WIDGETS = "django/forms/widgets/"
INPUT = WIDGETS + "input.html"
SELECT_OPTION = WIDGETS + "select_option.html"
INPUT_OPTIONS = (WIDGETS + "radio_option.html", WIDGETS + "checkbox_option.html")
_INCLUDE_INPUT = '{% include "django/forms/widgets/input.html" %}\n'
_INCLUDE_MULTIPLE = '{% include "django/forms/widgets/multiple_input.html" %}\n'
_INCLUDE_INPUT_OPTION = '{% include "django/forms/widgets/input_option.html" %}\n'

# Django 5.2's templates, as the Python below writes them. If any differs from the template the
# engine finds, every widget is rendered through the templates.
SOURCES = {
    WIDGETS + "attrs.html": (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
        "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
        "{% endfor %}"
    ),
    INPUT: (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}'
        " value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
        '{% include "django/forms/widgets/attrs.html" %}>\n'
    ),
    WIDGETS + "textarea.html": (
        '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
        "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
    ),
    WIDGETS + "select.html": (
        '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
        "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
        '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
        "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
        "  </optgroup>{% endif %}{% endfor %}\n</select>\n"
    ),
    SELECT_OPTION: (
        "<option value=\"{{ widget.value|stringformat:'s' }}\""
        '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
    ),
    WIDGETS + "multiple_input.html": (
        '{% with id=widget.attrs.id %}<div{% if id %} id="{{ id }}"{% endif %}'
        '{% if widget.attrs.class %} class="{{ widget.attrs.class }}"{% endif %}>'
        "{% for group, options, index in widget.optgroups %}{% if group %}\n"
        "  <div><label>{{ group }}</label>{% endif %}{% for option in options %}<div>\n"
        "    {% include option.template_name with widget=option %}</div>{% endfor %}"
        "{% if group %}\n  </div>{% endif %}{% endfor %}\n</div>{% endwith %}\n"
    ),
    WIDGETS + "input_option.html": (
        '{% if widget.wrap_label %}<label{% if widget.attrs.id %} for="{{ widget.attrs.id }}"'
        '{% endif %}>{% endif %}{% include "django/forms/widgets/input.html" %}'
        "{% if widget.wrap_label %} {{ widget.label }}</label>{% endif %}\n"
    ),
    **{name: _INCLUDE_INPUT_OPTION for name in INPUT_OPTIONS},
    WIDGETS + "radio.html": _INCLUDE_MULTIPLE,
    WIDGETS + "checkbox_select.html": _INCLUDE_MULTIPLE,
    **{
        f"{WIDGETS}{kind}.html": _INCLUDE_INPUT
        for kind in (
            "checkbox",
            "color",
            "date",
            "datetime",
            "email",
            "hidden",
            "number",
            "password",
            "search",
            "tel",
            "text",
            "time",
            "url",
        )
    },
}

_CONTEXT = Context()  # what a renderer's template gets: autoescape on, the settings' l10n and tz


def resolved(value):
    """A template variable's value: a callable is called, as the template engine calls it
    (``Variable._resolve_lookup``), or is the engine's ``string_if_invalid`` ("")."""
    if not callable(value) or getattr(value, "do_not_call_in_templates", False):
        return value
    if getattr(value, "alters_data", False):
        return ""
    try:
        return value()
    except TypeError:
        try:
            inspect.signature(value).bind()
        except (TypeError, ValueError):  # it needs arguments, or has no signature
            return ""
        raise


def text(value) -> str:
    """``{{ value }}`` for a resolved value: localised, converted and escaped as a template
    would."""
    if type(value) is str:
        return escape(value)
    if isinstance(value, SafeString):
        return value
    return render_value_in_context(value, _CONTEXT)


def formatted(value) -> str:
    """``{{ value|stringformat:'s' }}`` for a resolved value (the filter keeps a safe value
    safe)."""
    try:
        out = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031
    except (ValueError, TypeError):
        out = ""
    return out if isinstance(value, SafeData) else escape(out)


def attrs_html(attrs: dict) -> str:
    """``attrs.html``: `` name="value"``, a bare name for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        value = resolved(value)
        if value is False:
            continue
        name = text(resolved(name))
        out.append(f" {name}" if value is True else f' {name}="{formatted(value)}"')
    return "".join(out)


def input_html(widget: dict) -> str:
    """``input.html`` without its final newline."""
    value = resolved(widget["value"])
    shown = f' value="{formatted(value)}"' if value != None else ""  # noqa: E711 - as the template
    kind, name = text(resolved(widget["type"])), text(resolved(widget["name"]))
    return f'<input type="{kind}" name="{name}"{shown}{attrs_html(widget["attrs"])}>'


def textarea_html(widget: dict) -> str:
    value = resolved(widget["value"])
    return (
        f'<textarea name="{text(resolved(widget["name"]))}"{attrs_html(widget["attrs"])}>\n'
        f"{text(value) if value else ''}</textarea>"
    )


def select_html(widget: dict) -> str | None:
    parts = [f'<select name="{text(resolved(widget["name"]))}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        group_name = resolved(group_name)
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION:
                return None  # a widget's own option template: Django renders it all
            parts.append(
                f'\n  <option value="{formatted(resolved(option["value"]))}"'
                f"{attrs_html(option['attrs'])}>{text(resolved(option['label']))}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def multiple_input_html(widget: dict) -> str | None:
    attrs = widget["attrs"]
    id_, css = resolved(attrs.get("id")), resolved(attrs.get("class"))
    shown_id = f' id="{text(id_)}"' if id_ else ""
    shown_class = f' class="{text(css)}"' if css else ""
    parts = [f"<div{shown_id}{shown_class}>"]
    for group, options, _index in widget["optgroups"]:
        group = resolved(group)
        if group:
            parts.append(f"\n  <div><label>{text(group)}</label>")
        for option in options:
            if option["template_name"] not in INPUT_OPTIONS:
                return None
            parts.append("<div>\n    ")
            if resolved(option["wrap_label"]):
                option_id = resolved(option["attrs"].get("id"))
                parts.append(f'<label for="{text(option_id)}">' if option_id else "<label>")
                parts.append(
                    f"{input_html(option)}\n {text(resolved(option['label']))}</label>\n\n</div>"
                )
            else:
                parts.append(f"{input_html(option)}\n\n\n</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


PYTHON = {
    **{name: input_html for name, source in SOURCES.items() if source == _INCLUDE_INPUT},
    INPUT: input_html,
    WIDGETS + "textarea.html": textarea_html,
    WIDGETS + "select.html": select_html,
    WIDGETS + "radio.html": multiple_input_html,
    WIDGETS + "checkbox_select.html": multiple_input_html,
    WIDGETS + "multiple_input.html": multiple_input_html,
}


class FormRenderer(DjangoTemplates):
    """Django's default renderer, with the widget templates above written in Python."""

    _python: dict | None = None

    def python(self) -> dict:
        """The Python renderers, or none if any template they copy is not the one found."""
        if self._python is None:
            same = all(
                self.get_template(name).template.source == source
                for name, source in SOURCES.items()
            )
            self._python = PYTHON if same else {}
        return self._python

    def render(self, template_name, context, request=None):
        write = self.python().get(template_name)
        if write is not None and request is None:
            html = write(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
