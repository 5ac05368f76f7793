"""Directory filters, declared once with django-filter."""

import django_filters
from django import forms
from django.db.models import Q

from core.models import Term

from .models import Format, MentorProfile


class MentorProfileFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    specialty = django_filters.ModelChoiceFilter(
        label="Specialty",
        field_name="specialties",
        queryset=Term.objects.of_kind("specialty"),
    )
    focus = django_filters.ModelChoiceFilter(
        label="Focus area",
        field_name="focus_areas",
        queryset=Term.objects.of_kind("mentorship_focus"),
    )
    stage = django_filters.ModelChoiceFilter(
        label="Career stage",
        field_name="career_stages",
        queryset=Term.objects.of_kind("career_stage"),
    )
    format = django_filters.ChoiceFilter(
        label="Format", choices=Format.choices, method="filter_format"
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
        return queryset.filter(capacity__gt=0) if value else queryset
