"""The contact list's filters, search and sorting, declared once (django-filter)."""

from __future__ import annotations

import copy

import django_filters
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Lower
from django.http import QueryDict
from django.utils.choices import BaseChoiceIterator

from core.models import Term
from core.widgets import FastSelect, FastSelectMultiple

from .models import Contact, Organisation, Position, Tag
from .search import search_words


def _tags(request):
    return Tag.objects.for_user(request.user) if request else Tag.objects.none()


def _organisations(request):
    return Organisation.objects.for_user(request.user) if request else Organisation.objects.none()


SORTS = {
    # Case-insensitive, as the default order, so both read the contact_owner_name_page index.
    "name": [Lower("family_name").asc(), Lower("given_name").asc()],
    "-name": [Lower("family_name").desc(), Lower("given_name").desc()],
    "organisation": [F("organisation_name").asc(nulls_last=True), "family_name"],
    "-organisation": [F("organisation_name").desc(nulls_last=True), "family_name"],
    "last_contacted": [F("last_interaction_at").asc(nulls_first=True), "family_name"],
    "-last_contacted": [F("last_interaction_at").desc(nulls_last=True), "family_name"],
    "closeness": [F("closeness").asc(nulls_last=True), "family_name"],
    "-closeness": [F("closeness").desc(nulls_last=True), "family_name"],
}


# The form's model choice lists, as their querysets list them (``Tag`` and ``Organisation`` by
# ``Lower("name")``, ``Term.objects.of_kind`` by the model's order) and label them (``str()``: the
# name or label). Each list's rows are numbered in its own order, so the one statement's order
# holds whatever plan PostgreSQL picks.
CHOICE_LISTS_SQL = """
SELECT 'tags', id::text, name, row_number() OVER (ORDER BY lower(name))
  FROM contacts_tag WHERE owner_id = %(owner)s
UNION ALL
SELECT 'organisation', id::text, name, row_number() OVER (ORDER BY lower(name))
  FROM contacts_organisation WHERE owner_id = %(owner)s
UNION ALL
SELECT kind, id::text, label, row_number() OVER (PARTITION BY kind ORDER BY sort_order, label)
  FROM core_term WHERE kind = ANY(%(kinds)s) AND active
ORDER BY 1, 4
"""
# The model choice filters whose lists come from CHOICE_LISTS_SQL; the terms' kind is the name.
LISTED = ("tags", "organisation", "specialty", "career_stage", "relationship_kind")


def _chosen(value) -> bool:
    """Whether a cleaned filter value chooses anything. No tag chosen cleans to
    ``Tag.objects.none()``, which django-filter does not take for empty: asking a queryset with
    ``bool()`` compiled and ran a query on every page (~0.6 ms)."""
    if isinstance(value, QuerySet):
        return not value.query.is_empty()
    return bool(value)


class _ListedChoices(BaseChoiceIterator):
    """A model choice field's options from ``ContactFilter.choice_lists`` (read when the form is
    drawn, so a request that does not draw it reads nothing), led by the field's null and empty
    choices as django-filter's own choice iterator gives them."""

    def __init__(self, filterset, name: str, field):
        self.filterset, self.name, self.field = filterset, name, field

    def __iter__(self):
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.filterset.choice_lists().get(self.name, [])


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    tags = django_filters.ModelMultipleChoiceFilter(
        queryset=_tags, method="filter_tags", label="Tags", widget=FastSelectMultiple
    )
    tags_match = django_filters.ChoiceFilter(
        choices=[("all", "all of these tags"), ("any", "any of these tags")],
        method="filter_noop",
        empty_label=None,
        label="Match",
        widget=FastSelect,
    )
    specialty = django_filters.ModelChoiceFilter(
        queryset=Term.objects.of_kind("specialty"), label="Specialty", widget=FastSelect
    )
    career_stage = django_filters.ModelChoiceFilter(
        queryset=Term.objects.of_kind("career_stage"), label="Career stage", widget=FastSelect
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=_organisations,
        method="filter_organisation",
        label="Organisation",
        widget=FastSelect,
    )
    relationship_kind = django_filters.ModelChoiceFilter(
        queryset=Term.objects.of_kind("relationship_kind"),
        method="filter_relationship",
        label="Relationship",
        widget=FastSelect,
    )
    city = django_filters.CharFilter(field_name="city", lookup_expr="iexact", label="City")
    contact_status = django_filters.ChoiceFilter(
        choices=[("overdue", "Overdue for contact"), ("never", "Never contacted")],
        method="filter_status",
        label="Keeping in touch",
        widget=FastSelect,
    )
    sort = django_filters.ChoiceFilter(
        choices=[(k, k) for k in SORTS], method="filter_sort", label="Sort", widget=FastSelect
    )

    class Meta:
        model = Contact
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        """As ``BaseFilterSet.__init__``, with each filter copied shallowly: it deep-copied the
        ten filters for every filter set (their querysets, fields and widgets, ~1 ms a
        request), though a filter set only sets their model and parent (the form class, the
        one user of their fields, is shared: ``_shared_form_class``)."""
        if queryset is None:
            queryset = Contact.objects.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset, self.request, self.form_prefix = queryset, request, prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base)
            if filter_.method is not None:
                filter_.method = filter_.method  # its own FilterMethod, calling this filter set
            filter_.model, filter_.parent = queryset.model, self
            self.filters[name] = filter_

    @classmethod
    def _shared_form_class(cls):
        """The form class, built once: django-filter builds one from its filters' fields for
        every filter set (a class, ten fields and their querysets a request, a third of the
        page's filter work). Built without a request, so its tags and organisations are
        ``none()``; ``form`` gives each form the doctor's own."""
        if "_form_class" not in cls.__dict__:
            cls._form_class = super(
                ContactFilter, cls(queryset=Contact.objects.none())
            ).get_form_class()
        return cls._form_class

    def get_form_class(self):
        return self._shared_form_class()

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            # the doctor's own tags and organisations, which a chosen value must be one of
            form.fields["tags"].queryset = _tags(self.request)
            form.fields["organisation"].queryset = _organisations(self.request)
            for name in LISTED:
                field = form.fields[name]
                field.widget.choices = _ListedChoices(self, name, field)
        return self._form

    def choice_lists(self) -> dict[str, list[tuple[str, str]]]:
        """The five model choice lists, ``{name: [(pk, label), …]}``, in one query (it was one
        query each, plus the tag suggestions); the querysets still check a chosen value."""
        if not hasattr(self, "_choice_lists"):
            user = getattr(self.request, "user", None)
            owner = user.pk if getattr(user, "is_authenticated", False) else None
            kinds = [name for name in LISTED if name not in ("tags", "organisation")]
            lists: dict[str, list[tuple[str, str]]] = {}
            with connection.cursor() as cursor:
                cursor.execute(CHOICE_LISTS_SQL, {"owner": owner, "kinds": kinds})
                for name, pk, label, _ in cursor.fetchall():
                    lists.setdefault(name, []).append((pk, label))
            self._choice_lists = lists
        return self._choice_lists

    def tag_names(self) -> list[str]:
        """The doctor's tag names, as the tags filter lists them (the bulk form's suggestions)."""
        return [label for _, label in self.choice_lists().get("tags", [])]

    def words_alone(self) -> list[str] | None:
        """What the list asks when it asks nothing but a search, in its own order (by name): the
        search's words (``search_words``), none for the whole list. The commonest pages, which
        ``contacts.listing.search_page`` and ``whole_list_page`` read without the filtered
        queryset. ``None`` when another filter or order is chosen, or the form is invalid."""
        if not self.is_bound:
            return []
        if not self.is_valid():
            return None
        data = self.form.cleaned_data
        if data.get("sort") not in (None, "", "name"):
            return None
        if any(
            _chosen(value)
            for name, value in data.items()
            if name not in ("q", "sort", "tags_match")
        ):
            return None
        return search_words(data.get("q") or "")

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_search(self, queryset, name, value):
        if self.request is None:  # no doctor to search for
            return queryset.none()
        return queryset.search(value, owner=self.request.user)

    def filter_tags(self, queryset, name, tags):
        if not _chosen(tags):
            return queryset
        through = Contact.tags.through.objects
        if self.data.get("tags_match") == "any":
            return queryset.filter(pk__in=through.filter(tag__in=tags).values("contact_id"))
        for tag in tags:
            queryset = queryset.filter(pk__in=through.filter(tag=tag).values("contact_id"))
        return queryset

    def filter_organisation(self, queryset, name, organisation):
        at = Position.objects.filter(organisation=organisation).values("contact_id")
        return queryset.filter(pk__in=at)

    def filter_relationship(self, queryset, name, kind):
        through = Contact.relationship_kinds.through.objects
        return queryset.filter(pk__in=through.filter(term=kind).values("contact_id"))

    def filter_status(self, queryset, name, value):
        return queryset.overdue() if value == "overdue" else queryset.never_contacted()

    def filter_sort(self, queryset, name, value):
        annotated = "organisation_name" in queryset.query.annotations
        if value.lstrip("-") == "organisation" and not annotated:
            # the sort key, worked out for every row it sorts (the list's other columns are
            # worked out for the page's rows only: core.paging.ids_first_page)
            queryset = queryset.annotate(organisation_name=queryset.current_organisation_name())
        return queryset.order_by(*SORTS[value])
