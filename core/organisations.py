"""Colleges and associations as a choice, with free text kept for the ones the lists lack.

An event's organiser and a doctor's membership name an organisation. It is usually a college or
association of the shipped vocabulary (a ``Term``), chosen from a list; "Other" keeps a typed
name (a hospital, an overseas college, an import's text). Imported and legacy text is linked to a
term when it is exactly the term's name or abbreviation (colleges and associations are coded by
their abbreviation: RACP, AMA), and kept as text otherwise, never guessed.
"""

from __future__ import annotations

from django import forms

from .models import Term, TermKind

KINDS = (TermKind.COLLEGE, TermKind.ASSOCIATION)
LIMIT = {"kind__in": KINDS}
OTHER_HELP = "Only when it is not in the list above."


def organisations():
    """Active colleges, then associations, in the vocabulary's order."""
    return Term.objects.filter(kind__in=KINDS, active=True).order_by("-kind", "sort_order")


class OrganisationMatcher:
    """Colleges and associations by name and by abbreviation (case-insensitive), read once."""

    def __init__(self, terms=None):
        self.by_name: dict[str, Term] = {}
        for term in organisations() if terms is None else terms:
            self.by_name.setdefault(term.code.lower(), term)
            self.by_name.setdefault(term.label.lower(), term)

    def match(self, text: str) -> Term | None:
        return self.by_name.get(" ".join((text or "").split()).lower())


def organisation_name(term: Term | None, text: str) -> str:
    """What to show: the chosen organisation's name, else the typed one."""
    return term.label if term is not None else text


class OrganisationField(forms.ModelChoiceField):
    """The colleges and associations, each with its abbreviation; empty means "Other"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organisations())
        kwargs.setdefault("empty_label", "Other (type it below)")
        super().__init__(**kwargs)
        self.widget.attrs["data-other-choice"] = ""

    def label_from_instance(self, term: Term) -> str:
        return f"{term.label} ({term.code})" if term.code.isupper() else term.label


def clean_organisation(form: forms.Form, *, choice: str, other: str, required: bool) -> None:
    """One organisation from the pair of fields: a chosen one clears the typed name (so a term
    is never shown beside stale text); a typed name that is exactly a listed one is linked."""
    data = form.cleaned_data
    term, text = data.get(choice), (data.get(other) or "").strip()
    if term is None and text:
        term = OrganisationMatcher().match(text)
    if term is not None:
        data[choice], data[other] = term, ""
    elif required and not text and choice not in form.errors:
        form.add_error(other, "Choose an organisation from the list or type its name.")
    else:
        data[other] = text


def link_named_rows(model, *, term_model, term_field: str, text_field: str) -> int:
    """For data migrations: link each row whose text is exactly a listed college's or
    association's name or abbreviation, and clear the text. Other text stays. Returns how many
    rows were linked."""
    matcher = OrganisationMatcher(term_model.objects.filter(kind__in=KINDS, active=True))
    linked = 0
    rows = model.objects.filter(**{f"{term_field}__isnull": True}).exclude(**{text_field: ""})
    for pk, text in rows.values_list("pk", text_field):
        term = matcher.match(text)
        if term is not None:
            model.objects.filter(pk=pk).update(**{term_field: term, text_field: ""})
            linked += 1
    return linked
