"""One way to choose a contact, wherever a form asks for one: people met, follow-ups,
introductions, collaborators, mentorships, referees, committees, "also with" and merge.

``ContactField`` (one contact) and ``ContactsField`` (several) render ``ContactPicker``: a search
box over the contacts search (accents, prefixes, nicknames by trigram, see ``contacts.search``)
whose matches come from ``contacts:pick`` as the doctor types, chosen with the keyboard or the
mouse (``static/js/app.js``). "Add as a new contact" is offered only below the near matches
("Did you mean Élodie Dubois?"), so a doctor sees the person they already have before making a
duplicate.

Without JavaScript the box is submitted as typed: one match is taken, several come back as a
choice beside the field, none is an error. Every field is limited to its doctor's living
contacts (``limit_to``), so another doctor's contact id is "not one of the choices".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django import forms
from django.forms.utils import flatatt
from django.template.loader import render_to_string

from .models import Contact

# How many matches the picker lists (and a typed name is resolved among).
PICKER_MATCHES = 8


@dataclass(frozen=True)
class Typed:
    """What a doctor typed in a picker's search box and submitted without choosing a match."""

    text: str


def typed_suffix(name: str) -> str:
    """The name of a picker's search box, beside the field's own inputs."""
    return f"{name}_find"


def _uuid(value) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


class ContactPicker(forms.Widget):
    template_name = "contacts/widgets/contact_picker.html"

    def __init__(self, attrs=None, *, multiple: bool = False, allow_new: bool = False):
        super().__init__(attrs)
        self.multiple = multiple
        self.allow_new = allow_new
        self.candidates: list[Contact] = []  # set by the field when typed text matched several

    @property
    def allow_multiple_selected(self) -> bool:
        return self.multiple

    def value_from_datadict(self, data, files, name):
        # A QueryDict from a request, or a plain dict (a form built in code).
        getlist = getattr(data, "getlist", None)
        chosen = [v for v in (getlist(name) if getlist else [data.get(name)]) if v]
        typed = (data.get(typed_suffix(name)) or "").strip()
        if self.multiple:
            return chosen + [Typed(typed)] if typed else chosen
        if chosen:
            return chosen[-1]
        return Typed(typed) if typed else None

    def value_omitted_from_data(self, data, files, name):
        return name not in data and typed_suffix(name) not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = value if isinstance(value, list | tuple) else [value]
        ids = [_uuid(getattr(v, "pk", v)) for v in values if v and not isinstance(v, Typed)]
        ids = [pk for pk in ids if pk is not None]  # whatever was posted, only real ids are read
        typed = next((v.text for v in values if isinstance(v, Typed)), "")
        queryset = getattr(getattr(self, "choices", None), "queryset", Contact.objects.none())
        chosen = list(queryset.filter(pk__in=ids)) if ids else []
        context["widget"].update(
            multiple=self.multiple,
            allow_new=self.allow_new,
            chosen=chosen,
            typed=typed,
            find_name=typed_suffix(name),
            candidates=self.candidates,
            # id, aria-describedby (help, errors) and aria-invalid go on the search box.
            # A chosen contact is a hidden input, so the box itself is never "required".
            input_attrs=flatatt(
                {k: v for k, v in context["widget"]["attrs"].items() if k != "required"}
            ),
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (templates/contacts/widgets/), not the forms renderer's.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class PickerMixin:
    """Shared by the one- and many-contact fields: scoping to a doctor and reading typed text."""

    owner = None

    def limit_to(self, user) -> None:
        """Only ``user``'s living contacts can be chosen (another doctor's id is invalid)."""
        self.owner = user
        self.queryset = Contact.objects.for_user(user).alive()

    def resolve(self, typed: Typed) -> Contact:
        """The one contact ``typed`` names; several matches are offered beside the field."""
        if self.owner is None:
            raise forms.ValidationError("Choose a contact from the list.")
        matches = list(self.queryset.named_like(typed.text, owner=self.owner)[: PICKER_MATCHES + 1])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                f"None of your contacts matches “{typed.text}”. Check the spelling, or add "
                "them as a new contact first.",
                code="no_match",
            )
        self.widget.candidates = matches[:PICKER_MATCHES]
        raise forms.ValidationError(
            f"Several contacts match “{typed.text}”: choose one.", code="several"
        )


class ContactField(PickerMixin, forms.ModelChoiceField):
    def __init__(self, queryset=None, *, allow_new: bool = True, **kwargs):
        kwargs.setdefault("widget", ContactPicker(allow_new=allow_new))
        super().__init__(queryset if queryset is not None else Contact.objects.none(), **kwargs)

    def to_python(self, value):
        if isinstance(value, Typed):
            return self.resolve(value)
        return super().to_python(value)


class ContactsField(PickerMixin, forms.ModelMultipleChoiceField):
    def __init__(self, queryset=None, *, allow_new: bool = True, **kwargs):
        kwargs.setdefault("widget", ContactPicker(multiple=True, allow_new=allow_new))
        super().__init__(queryset if queryset is not None else Contact.objects.none(), **kwargs)

    def clean(self, value):
        value = list(value or [])
        ids = [v for v in value if not isinstance(v, Typed)]
        typed = next((v for v in value if isinstance(v, Typed)), None)  # one search box
        if typed is None:
            return list(super().clean(ids))
        chosen = list(super().clean(ids)) if ids else []
        found = self.resolve(typed)
        return chosen if found in chosen else [*chosen, found]
