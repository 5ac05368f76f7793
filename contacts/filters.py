"""The contact list's filters, search and sorting, declared once (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F
from django.db.models.functions import Lower

from core.models import Term
from core.widgets import FastSelect, FastSelectMultiple

from .models import Contact, Organisation, Position, Tag


def _tags(request):
    return Tag.objects.for_user(request.user) if request else Tag.objects.none()


def _organisations(request):
    return Organisation.objects.for_user(request.user) if request else Organisation.objects.none()


SORTS = {
    # Case-insensitive, as the default order, so both read the contact_owner_name_alive index.
    "name": [Lower("family_name").asc(), Lower("given_name").asc()],
    "-name": [Lower("family_name").desc(), Lower("given_name").desc()],
    "organisation": [F("organisation_name").asc(nulls_last=True), "family_name"],
    "-organisation": [F("organisation_name").desc(nulls_last=True), "family_name"],
    "last_contacted": [F("last_interaction_at").asc(nulls_first=True), "family_name"],
    "-last_contacted": [F("last_interaction_at").desc(nulls_last=True), "family_name"],
    "closeness": [F("closeness").asc(nulls_last=True), "family_name"],
    "-closeness": [F("closeness").desc(nulls_last=True), "family_name"],
}


class _OneQueryChoices(forms.models.ModelChoiceIterator):
    """Reads the choices in one query. ``ModelChoiceIterator`` reads through
    ``QuerySet.iterator()``, which on PostgreSQL is a server-side cursor (DECLARE, FETCH, CLOSE:
    three round trips) for a list of a few dozen; the list page draws five (issue 22)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class _FilterChoices(django_filters.fields.ModelChoiceIterator, _OneQueryChoices):
    """django-filter's null choice handling over ``_OneQueryChoices``."""


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

    def get_form_class(self):
        form_class = super().get_form_class()
        for field in form_class.base_fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = _FilterChoices
                field.widget.choices = field.choices
        return form_class

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_search(self, queryset, name, value):
        if self.request is None:  # no doctor to search for
            return queryset.none()
        return queryset.search(value, owner=self.request.user)

    def filter_tags(self, queryset, name, tags):
        if not tags:
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
