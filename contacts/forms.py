"""Forms for contacts: the contact itself, its emails, phones, links and positions, interactions."""

from __future__ import annotations

import datetime as dt
import functools

import phonenumbers
from django import forms
from django.db import models
from django.db.models import Q
from django.forms import inlineformset_factory
from django.forms.utils import ErrorDict
from django.utils.choices import BaseChoiceIterator

from core.form_fields import form_fields
from core.models import Term
from core.vocabulary import fellowships
from core.widgets import FastSelect

from .models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    Interaction,
    Organisation,
    OrganisationKind,
    Position,
    Tag,
)
from .picker import ContactField, ContactsField

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def split_list(text: str) -> list[str]:
    """``"a, b,,c "`` → ``["a", "b", "c"]``, first spelling of each wins (case-insensitive)."""
    seen: dict[str, str] = {}
    for part in (text or "").split(","):
        part = " ".join(part.split())
        if part and part.lower() not in seen:
            seen[part.lower()] = part
    return list(seen.values())


def term_field(kind: str, label: str, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(Term.objects.of_kind(kind), required=False, label=label, **kwargs)


# The contact form's layout: the essentials a doctor fills for every colleague come first, the
# rest waits behind a disclosure each (``templates/contacts/contact_form.html``). The first
# email, phone and position rows are essentials too; their formsets are laid out in the template.
SECTIONS = {
    "name": ["prefix", "given_name", "family_name"],
    "specialty": ["specialty", "specialty_field"],
    "met": ["how_we_met"],
    "about": [
        "preferred_name",
        "career_stage",
        "fellowships",
        "specialty_other",
        "city",
        "state",
        "country",
        "qualification_country",
        "languages_text",
        "birthday_day",
        "birthday_month",
        "birthday_year",
        "photo",
    ],
    "relationship": ["relationship_kinds", "closeness", "cadence_days", "tags_text", "notes"],
}


def _fellowship_choices() -> list[tuple[str, str]]:
    return [(letters, f"{letters} ({college})") for letters, college in fellowships()]


class ContactForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    fellowships = forms.MultipleChoiceField(
        label="College fellowships",
        choices=_fellowship_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Shown after their name: Dr Priya Raman FRACP.",
    )
    languages_text = forms.CharField(
        label="Languages", required=False, help_text="Separate with commas: English, Hindi"
    )
    tags_text = forms.CharField(
        label="Tags",
        required=False,
        help_text="Type to add; separate with commas. New tags are created for you.",
        widget=forms.TextInput(attrs={"list": "tag-suggestions", "autocomplete": "off"}),
    )

    class Meta:
        model = Contact
        fields = [
            "prefix",
            "given_name",
            "family_name",
            "preferred_name",
            "career_stage",
            "fellowships",
            "specialty",
            "specialty_field",
            "specialty_other",
            "city",
            "state",
            "country",
            "qualification_country",
            "how_we_met",
            "relationship_kinds",
            "closeness",
            "cadence_days",
            "birthday_day",
            "birthday_month",
            "birthday_year",
            "notes",
            "photo",
        ]
        widgets = {
            "prefix": forms.TextInput(attrs={"list": "prefix-suggestions"}),
            "how_we_met": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "relationship_kinds": forms.CheckboxSelectMultiple,
            "closeness": forms.Select(
                choices=[("", "—")] + [(i, f"{i}") for i in range(1, 6)],
            ),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/*"}),
        }
        help_texts = {
            "notes": "Markdown. About colleagues, never patients.",
            "cadence_days": "Leave empty for no reminder, e.g. 90 for every three months.",
            "birthday_year": "Optional.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["version"].initial = self.instance.version
        self.fields["career_stage"].queryset = Term.objects.of_kind("career_stage")
        self.fields["specialty"].queryset = Term.objects.of_kind("specialty")
        self.fields["specialty_field"].queryset = self.fields_of_practice()
        self.fields["specialty_field"].error_messages["invalid_choice"] = (
            "Choose a field of practice of the chosen specialty."
        )
        if self.chosen_specialty_id() is None:
            self.fields["specialty_field"].empty_label = "Choose a specialty first"
        # The essentials stay short: the suggestions of these hints come as a list or a
        # placeholder instead.
        self.fields["prefix"].help_text = ""
        self.fields["relationship_kinds"].queryset = Term.objects.of_kind("relationship_kind")
        self.fields["closeness"].help_text = "1 (acquaintance) to 5 (close)."
        self.tag_names = list(Tag.objects.for_user(user).values_list("name", flat=True))
        if self.instance.pk:
            self.initial["languages_text"] = ", ".join(self.instance.languages)
            self.initial["tags_text"] = ", ".join(t.name for t in self.instance.tags.all())

    def chosen_specialty_id(self) -> int | None:
        """The specialty the form shows: as typed when bound, else as saved (or as offered)."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("specialty"))
        else:
            raw = self.get_initial_for_field(self.fields["specialty"], "specialty")
        raw = getattr(raw, "pk", raw)
        return int(raw) if str(raw or "").isdigit() else None

    def fields_of_practice(self) -> models.QuerySet[Term]:
        """The chosen specialty's fields of practice, by label; none until a specialty is chosen.

        Narrowed by ``Term.parent``: a field posted from another specialty is then an invalid
        choice, an error beside the field.
        """
        specialty_id = self.chosen_specialty_id()
        belongs = Q(parent_id=specialty_id) if specialty_id else Q(pk__in=[])
        saved = self.instance.specialty_field_id
        if saved and specialty_id == self.instance.specialty_id:
            # A field saved before fields were narrowed (an import, an older vocabulary) stays
            # offered while the specialty does, so an edit never drops it unseen.
            belongs |= Q(pk=saved)
        return Term.objects.of_kind("specialty_field").filter(belongs).order_by("label", "pk")

    @property
    def sections(self) -> dict[str, list[forms.BoundField]]:
        """The bound fields of each part of the page (``SECTIONS``), in order."""
        return {name: [self[field] for field in fields] for name, fields in SECTIONS.items()}

    def clean_fellowships(self) -> list[str]:
        # In the vocabulary's order whatever order they were ticked: "FRACP FACEM" reads the
        # same on every contact.
        chosen = set(self.cleaned_data.get("fellowships") or [])
        return [letters for letters, _ in fellowships() if letters in chosen]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            if photo.size > PHOTO_MAX_BYTES:
                raise forms.ValidationError("The photo is larger than 2 MB; choose a smaller one.")
            if photo.content_type not in PHOTO_TYPES:
                raise forms.ValidationError("Choose a JPEG, PNG, GIF or WebP image.")
        return photo

    def clean_languages_text(self):
        return split_list(self.cleaned_data["languages_text"])

    def clean_tags_text(self):
        names = split_list(self.cleaned_data["tags_text"])
        if any(len(n) > 60 for n in names):
            raise forms.ValidationError("A tag may be at most 60 characters long.")
        return names

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f) for f in ("given_name", "family_name", "preferred_name")):
            self.add_error("given_name", "Give at least a given name or a family name.")
        day, month, year = (cleaned.get(f"birthday_{p}") for p in ("day", "month", "year"))
        if bool(day) != bool(month):
            self.add_error("birthday_day", "Give both the day and the month of the birthday.")
        elif day and month:
            try:
                dt.date(year or 2000, month, day)  # 2000: a leap year, so 29/02 passes
            except ValueError:
                self.add_error("birthday_day", "That day does not exist in that month.")
        if year and not day:
            self.add_error("birthday_day", "Give the day and month too, or leave the year empty.")
        return cleaned


class ContactEmailForm(forms.ModelForm):
    class Meta:
        model = ContactEmail
        fields = ["email", "label", "is_primary"]
        labels = {"is_primary": "Primary"}
        help_texts = {"label": ""}
        widgets = {"label": forms.TextInput(attrs={"placeholder": "work, personal…"})}


class ContactPhoneForm(forms.ModelForm):
    class Meta:
        model = ContactPhone
        fields = ["number", "label", "is_primary"]
        labels = {"is_primary": "Primary"}
        help_texts = {"number": "Local numbers are read as from your country.", "label": ""}
        widgets = {"label": forms.TextInput(attrs={"placeholder": "mobile, work, pager…"})}

    def __init__(self, *args, region: str = "AU", **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_number(self):
        return normalise_phone(self.cleaned_data["number"], region=self.region)


def normalise_phone(raw: str, *, region: str = "AU") -> str:
    """A phone number in E.164 (``+61412345678``), or a ValidationError saying what is wrong."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise forms.ValidationError(
            f"“{raw}” is not a phone number. Include the country code, e.g. +61 2 9515 6111."
        ) from error
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            f"“{raw}” is not a valid number for {region}. Add the country code if it is abroad."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ContactLinkForm(forms.ModelForm):
    class Meta:
        model = ContactLink
        fields = ["kind", "url"]
        labels = {"url": "Address (URL)"}


class PositionForm(forms.ModelForm):
    # Shown with the contact form's essentials for the first position; the rest of it is folded.
    essential_fields = ["title", "organisation", "new_organisation"]
    new_organisation = forms.CharField(
        label="…or a new organisation",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Type a name to add it"}),
    )
    new_organisation_kind = forms.ChoiceField(
        label="Kind of new organisation",
        choices=OrganisationKind.choices,
        required=False,
        initial=OrganisationKind.HOSPITAL,
    )

    class Meta:
        model = Position
        fields = ["organisation", "department", "title", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, user, organisation_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_user(user)
        self.fields["organisation"].required = False
        if organisation_choices is not None:
            # Every row offers the same organisations: read once per page, not once per row.
            self.fields["organisation"].widget.choices = organisation_choices

    def clean(self):
        cleaned = super().clean()
        named = cleaned.get("organisation") or cleaned.get("new_organisation")
        if not named and self.has_changed() and not cleaned.get("DELETE"):
            self.add_error("organisation", "Choose an organisation or type a new one.")
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date is before the start date.")
        return cleaned


class RowsFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Remove"


def _rows(model, form) -> type[forms.BaseInlineFormSet]:
    return inlineformset_factory(
        Contact, model, form=form, formset=RowsFormSet, extra=1, can_delete=True
    )


EmailFormSet = _rows(ContactEmail, ContactEmailForm)
PhoneFormSet = _rows(ContactPhone, ContactPhoneForm)
LinkFormSet = _rows(ContactLink, ContactLinkForm)
PositionFormSet = _rows(Position, PositionForm)


def contact_formsets(user, data=None, files=None, instance=None) -> dict[str, forms.BaseFormSet]:
    """The four inline formsets of the contact form, bound to ``data`` when given."""
    region = str(getattr(user, "country", "") or "AU") or "AU"
    instance = instance or Contact(owner=user)
    return {
        "emails": EmailFormSet(data, files, instance=instance, prefix="emails"),
        "phones": PhoneFormSet(
            data, files, instance=instance, prefix="phones", form_kwargs={"region": region}
        ),
        "links": LinkFormSet(data, files, instance=instance, prefix="links"),
        "positions": PositionFormSet(
            data,
            files,
            instance=instance,
            prefix="positions",
            form_kwargs={
                "user": user,
                "organisation_choices": SharedChoices(Organisation.objects.for_user(user)),
            },
        ),
    }


class SharedChoices(BaseChoiceIterator):
    """A queryset's ``<select>`` choices read once, when first shown, for every form given them
    (the same organisations in every position row: one query per page, not one per row)."""

    def __init__(self, queryset: models.QuerySet):
        self.queryset = queryset
        self.read = None

    def __iter__(self):
        if self.read is None:
            # Not list(): it would ask the choices' length first, a COUNT query.
            self.read = [choice for choice in forms.ModelChoiceField(self.queryset).choices]
        return iter(self.read)


FORMSET_KINDS = ("emails", "phones", "links", "positions")
# "Add another …" stops here: a form with more rows than this is a stuck button, not a person.
MAX_ROWS = 30


def formset_row(user, *, kind: str, index: int) -> forms.BaseForm:
    """An empty row ``index`` of one of ``contact_formsets``, as "Add another …" inserts it.

    Built as Django builds a formset's ``empty_form``, with the real index in place of
    ``__prefix__``, so it posts back as one more row of the same formset.
    """
    formset = contact_formsets(user)[kind]
    form = formset.form(
        **formset.get_form_kwargs(index),
        auto_id=formset.auto_id,
        prefix=formset.add_prefix(index),
        empty_permitted=True,
        use_required_attribute=False,
        renderer=formset.form_renderer,
    )
    formset.add_fields(form, index)
    return form


def open_sections(
    form: ContactForm, formsets: dict[str, forms.BaseFormSet], *, added: str | None = None
) -> set[str]:
    """The folded parts of the contact form that must show open: those with an error (never
    hide one) and the one a row was just added to."""
    opened = {name for name, fields in SECTIONS.items() if any(form.errors.get(f) for f in fields)}
    opened |= {kind for kind, formset in formsets.items() if not _is_clean(formset)}
    if added:
        opened.add(added)
    return opened


def _is_clean(formset: forms.BaseFormSet) -> bool:
    if not formset.is_bound:
        return True
    return not formset.non_form_errors() and not any(formset.errors)


def with_another_row(data, *, kind: str):
    """A copy of posted ``data`` with one more (empty) row in formset ``kind``, up to MAX_ROWS
    (beyond it, the rows as they are: never fewer)."""
    data = data.copy()
    key = f"{kind}-TOTAL_FORMS"
    count = int(data[key]) if str(data.get(key, "")).isdigit() else 0
    data[key] = str(count + 1 if count < MAX_ROWS else count)
    return data


def unjudged(form: forms.BaseForm, formsets: dict[str, forms.BaseFormSet]) -> None:
    """Show bound forms as typed, without errors: adding a row or narrowing a choice without
    JavaScript posts the form, but it is not a save, and half-typed fields are not mistakes yet.

    Django has no public switch for this: an empty error store is what a clean form holds.
    """
    form._errors = ErrorDict()
    for formset in formsets.values():
        formset._errors = []
        formset._non_form_errors = formset.error_class(error_class="nonform")
        for row in formset.forms:
            row._errors = ErrorDict()


class InteractionForm(forms.ModelForm):
    others = ContactsField(
        required=False,
        label="Also with",
        help_text="Other contacts who were there (optional).",
    )

    follow_up_in = forms.TypedChoiceField(
        label="Follow up",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "No follow-up"),
            (7, "In a week"),
            (14, "In 2 weeks"),
            (30, "In a month"),
            (90, "In 3 months"),
        ],
        help_text="Adds a follow-up with this contact, counted from the interaction's date.",
        widget=FastSelect,  # two template renders per option otherwise, on every contact page
    )

    class Meta:
        model = Interaction
        fields = ["kind", "occurred_on", "place", "note"]
        labels = {"occurred_on": "Date", "note": "Note"}
        widgets = {
            "kind": FastSelect,
            "occurred_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"note": "Markdown. About colleagues, never patients."}

    def __init__(self, *args, user, exclude_contact=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = Term.objects.of_kind("interaction_kind")
        others = self.fields["others"]
        others.limit_to(user)
        if exclude_contact is not None:
            others.queryset = others.queryset.exclude(pk=exclude_contact.pk)


class InteractionEditForm(InteractionForm):
    """Editing an interaction: "With" names everyone who was there."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["follow_up_in"]  # follow-ups are added, not edited, with a log
        self.fields["others"].label = "With"
        self.fields["others"].required = True
        self.fields["others"].help_text = "Everyone who was there."


class BulkAction(models.TextChoices):
    TAG = "tag", "Add a tag"
    UNTAG = "untag", "Remove a tag"
    CADENCE = "cadence", "Set keep-in-touch cadence"
    TRASH = "trash", "Move to Trash"


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=BulkAction.choices, label="With the ticked contacts", widget=FastSelect
    )
    tag_name = forms.CharField(
        label="Tag",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"list": "tag-suggestions", "autocomplete": "off"}),
    )
    cadence_days = forms.IntegerField(
        label="Every (days)",
        required=False,
        min_value=1,
        max_value=3650,
        help_text="Empty removes the cadence.",
    )

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action in (BulkAction.TAG, BulkAction.UNTAG) and not cleaned.get("tag_name", "").strip():
            self.add_error("tag_name", "Type the tag to add or remove.")
        return cleaned


@functools.cache
def blank_bulk_fields() -> str:
    """A blank ``BulkActionForm``'s fields as ``includes/form_fields.html`` draws them. Every
    page of the contact list shows the same (no choice depends on the doctor, and a refused
    action comes back as a message, not as this form with errors), so they are drawn once per
    process: building and drawing the form cost ~0.25 ms a page (issue 22)."""
    return form_fields(BulkActionForm())


def _shown(value) -> str:
    if value in (None, ""):
        return "(empty)"
    return getattr(value, "name", None) if hasattr(value, "flag") else str(value)


class PickedNameForm(forms.Form):
    """A name typed in a person picker, to add as a new contact."""

    name = forms.CharField(max_length=200)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not any(ch.isalpha() for ch in name):
            raise forms.ValidationError("Type the person's name.")
        return name


class MergePickForm(forms.Form):
    """Whom to merge a contact with: any other of the doctor's contacts (never a new one)."""

    def __init__(self, *args, user, contact: Contact, **kwargs):
        super().__init__(*args, **kwargs)
        # "with" names the other contact in the merge page's address (?with=…).
        self.fields["with"] = ContactField(label="Find another contact", allow_new=False)
        self.fields["with"].limit_to(user)
        self.fields["with"].queryset = self.fields["with"].queryset.exclude(pk=contact.pk)


class MergeForm(forms.Form):
    """One radio pair per differing field: keep this contact's value or take the other's."""

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        for choice in choices:
            self.fields[f"take_{choice.name}"] = forms.ChoiceField(
                label=choice.label.capitalize(),
                choices=[
                    ("keep", _shown(choice.kept_value)),
                    ("other", _shown(choice.other_value)),
                ],
                initial="keep" if choice.kept_value not in (None, "") else "other",
                widget=forms.RadioSelect,
            )

    def fields_to_take(self) -> set[str]:
        return {
            name.removeprefix("take_")
            for name, side in self.cleaned_data.items()
            if side == "other"
        }
