"""A form's fields as every form page shows them (``templates/includes/form_fields.html`` and
``includes/field.html``), written in Python: each field with its label, and its error or help
beside it.

The two templates call ``{% form_fields %}`` and ``{% field_row %}`` (core/templatetags/ui.py),
so the markup lives here. They were an include per field, with a dozen variable lookups and tests
each, and cost more than the widgets themselves on the event page (issue 22). Each value is
converted and escaped as the template engine does (``core.form_renderer.text``); the output is
tested, byte for byte, against the templates they replace (tests/core/test_form_fields.py).
"""

from __future__ import annotations

from django.template.defaultfilters import join
from django.utils.safestring import SafeString, mark_safe

from core.form_renderer import resolved, text


def _html(value) -> str:
    """``{{ value }}`` for a form part (a bound field, an error list): its own HTML."""
    return text(resolved(value))


def field_row(field) -> SafeString:
    """``includes/field.html``'s markup, less the newline before and after it."""
    errors = field.errors
    parts = ['<div class="field has-error">\n  ' if errors else '<div class="field">\n  ']
    for_label = text(resolved(field.id_for_label))
    label = text(resolved(field.label))
    if field.widget_type == "checkbox":
        parts.append(f'\n  <label for="{for_label}">{_html(field)} {label}</label>\n  ')
    else:
        star = (
            ' <span aria-hidden="true">*</span>'
            if field.field.required and not field.form.empty_permitted
            else ""
        )
        parts.append(f'\n  <label for="{for_label}">{label}{star}</label>\n  {_html(field)}\n  ')
    parts.append("\n  ")
    if errors:
        auto_id = text(resolved(field.auto_id))
        parts.append(
            f'<small class="field-error" id="{auto_id}_error">{text(join(errors, " "))}</small>\n  '
        )
    else:
        help_text = resolved(field.help_text)
        if help_text:
            auto_id = text(resolved(field.auto_id))
            parts.append(f'<small id="{auto_id}_helptext">{text(help_text)}</small>')
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _shown(name, skip) -> bool:
    """``{% if not skip or field.name not in skip %}``: a test that fails is false."""
    if not skip:
        return True
    try:
        return name not in skip
    except Exception:  # noqa: BLE001 - as the template's {% if %}
        return False


def form_fields(form, skip="") -> SafeString:
    """``includes/form_fields.html``'s markup, less the newline before and after it."""
    if not hasattr(form, "visible_fields"):  # not a form: the template writes its newlines only
        return mark_safe("\n\n")
    parts = []
    non_field_errors = form.non_field_errors()
    if non_field_errors:
        parts.append(f'\n<div class="form-errors" role="alert">{_html(non_field_errors)}</div>\n')
    parts.append("\n")
    parts.extend(_html(field) for field in form.hidden_fields())
    parts.append("\n")
    for field in form.visible_fields():
        if _shown(field.name, skip):
            parts.append(f"\n\n{field_row(field)}\n\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
