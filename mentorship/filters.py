"""Directory filters, declared once with django-filter."""

import django_filters
from django import forms
from django.db.models import Q

from core.models import Term
from core.widgets import FastSelect

from .models import Format, MentorProfile


class MentorProfileFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    # FastSelect: Django's select templates cost two template renders per option (issue 22).
    specialty = django_filters.ChoiceFilter(
        label="Specialty", field_name="specialties", choices=[], widget=FastSelect
    )
    focus = django_filters.ChoiceFilter(
        label="Focus area", field_name="focus_areas", choices=[], widget=FastSelect
    )
    stage = django_filters.ChoiceFilter(
        label="Career stage", field_name="career_stages", choices=[], widget=FastSelect
    )
    # The mentor's own specialist college: an IMG on a college's pathway looks for its fellows.
    college = django_filters.ChoiceFilter(
        label="College", field_name="owner__college", choices=[], widget=FastSelect
    )
    format = django_filters.ChoiceFilter(
        label="Format", choices=Format.choices, method="filter_format", widget=FastSelect
    )
    state = django_filters.CharFilter(label="State", lookup_expr="iexact")
    has_capacity = django_filters.BooleanFilter(
        label="Taking mentees now",
        method="filter_capacity",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = MentorProfile
        fields: list[str] = []

    TERM_FILTERS = {
        "specialty": "specialty",
        "focus": "mentorship_focus",
        "stage": "career_stage",
        "college": "college",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The four dropdowns' terms in one plain query, read once (a ModelChoiceFilter would
        # iterate a server-side cursor, several round trips, on every validation and render),
        # each kind's in the terms' own order.
        choices: dict[str, list] = {kind: [] for kind in self.TERM_FILTERS.values()}
        terms = Term.objects.filter(kind__in=choices, active=True)
        for kind, pk, label in terms.values_list("kind", "pk", "label"):
            choices[kind].append((pk, label))
        for name, kind in self.TERM_FILTERS.items():
            self.filters[name].extra["choices"] = choices[kind]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(headline__icontains=value)
            | Q(about__icontains=value)
            | Q(owner__display_name__icontains=value)
            | Q(city__icontains=value)
        )

    def filter_format(self, queryset, name, value):
        if value in (Format.IN_PERSON, Format.ONLINE):
            return queryset.filter(format__in=[value, Format.EITHER])
        return queryset

    def filter_capacity(self, queryset, name, value):
        return queryset.taking_mentees() if value else queryset
