import datetime as dt
import functools

import django_filters
from django import forms
from django.db import connection
from django.db.models import Q

from contacts.picker import ContactField
from core.models import Term
from core.organisations import OTHER_HELP, OrganisationField, clean_organisation

from .models import Attendance, AttendanceRole, AttendanceStatus, Event

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class EventForm(forms.ModelForm):
    """A doctor's private event. Times are entered in the event's own timezone."""

    organiser_term = OrganisationField(required=False, label="Organiser")
    starts_at = forms.DateTimeField(
        label="Starts",
        input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    ends_at = forms.DateTimeField(
        label="Ends",
        input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "organiser_term",
            "organiser",
            "specialties",
            "starts_at",
            "ends_at",
            "timezone",
            "all_day",
            "venue",
            "city",
            "state",
            "country",
            "online_url",
            "website",
            "cost_note",
            "description",
            "cpd_educational",
            "cpd_reviewing_performance",
            "cpd_measuring_outcomes",
            "early_bird_deadline",
            "registration_deadline",
            "abstract_deadline",
        ]
        widgets = {
            "early_bird_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "registration_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "abstract_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "specialties": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {"organiser": OTHER_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = Term.objects.of_kind("event_kind")
        self.fields["specialties"].queryset = Term.objects.of_kind("specialty")
        if not self.instance._state.adding:
            # Show the stored instants as wall-clock times where the event happens.
            self.initial["starts_at"] = self.instance.local_start.replace(tzinfo=None)
            self.initial["ends_at"] = self.instance.local_end.replace(tzinfo=None)
            if self.instance.all_day:
                self.initial["ends_at"] -= dt.timedelta(days=1)

    def clean(self):
        data = super().clean()
        clean_organisation(self, choice="organiser_term", other="organiser", required=False)
        tz, start, end = data.get("timezone"), data.get("starts_at"), data.get("ends_at")
        if tz and start and end:
            start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
            if data.get("all_day"):
                start = dt.datetime.combine(start.date(), dt.time())
                end = dt.datetime.combine(end.date() + dt.timedelta(days=1), dt.time())
            data["starts_at"], data["ends_at"] = start.replace(tzinfo=tz), end.replace(tzinfo=tz)
            if data["ends_at"] < data["starts_at"]:
                self.add_error("ends_at", "The event must end after it starts.")
        return data


class EventAdminForm(forms.ModelForm):
    """The admin's event form: the organiser chosen or typed, as on the doctor's form."""

    organiser_term = OrganisationField(required=False, label="Organiser")

    class Meta:
        model = Event
        # The admin's fieldsets name the rest.
        fields = ["organiser_term", "organiser"]
        help_texts = {"organiser": OTHER_HELP}

    def clean(self):
        data = super().clean()
        clean_organisation(self, choice="organiser_term", other="organiser", required=False)
        return data


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = [
            "status",
            "role",
            "notes",
            "cpd_educational",
            "cpd_reviewing_performance",
            "cpd_measuring_outcomes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class AttendanceStatusForm(forms.Form):
    status = forms.ChoiceField(choices=AttendanceStatus.choices)
    role = forms.ChoiceField(choices=AttendanceRole.choices, required=False)


class QuickAddForm(forms.Form):
    given_name = forms.CharField(max_length=100, label="First name")
    family_name = forms.CharField(max_length=100, label="Last name", required=False)
    email = forms.EmailField(required=False)
    organisation = forms.CharField(
        max_length=200, required=False, label="Workplace", help_text="Hospital, practice…"
    )
    add_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The phone's id for this entry (static/js/offline-capture.js): sent twice, added once.
    client_ref = forms.UUIDField(required=False, widget=forms.HiddenInput)


class MetContactForm(forms.Form):
    """One of the doctor's contacts met at an event, chosen with the person picker."""

    contact = ContactField(label="Who did you meet? Find them in your contacts")

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "met-%s")
        super().__init__(*args, **kwargs)
        self.fields["contact"].limit_to(user)


MONTH_CHOICES_AHEAD = 18

# The browse filter's two vocabularies (active terms, by sort order then label, as
# ``Term.objects.filter(kind__in=…, active=True).order_by("sort_order", "label")``), and, with
# an owner, that doctor's interests (``user.interests``, in ``Term``'s own ordering) after
# them: one query where there were two. tests/events/test_browse_filter.py holds it to the ORM.
VOCABULARIES_SQL = """
SELECT false AS interest, t.kind, t.id, t.label, NULL::varchar AS by_kind, t.sort_order
  FROM core_term t
 WHERE t.kind = ANY(%(kinds)s) AND t.active
 UNION ALL
SELECT true, t.kind, t.id, t.label, t.kind, t.sort_order
  FROM core_term t
  JOIN accounts_user_interests i ON i.term_id = t.id
 WHERE i.user_id = %(owner)s
 ORDER BY interest, by_kind, sort_order, label
"""


def _months() -> tuple[tuple[str, str], ...]:
    return _months_around(dt.date.today().replace(day=1))


@functools.lru_cache(maxsize=4)
def _months_around(today: dt.date) -> tuple[tuple[str, str], ...]:
    """The month choices around this month, worked out once a month (30 ``strftime`` pairs
    every time the select was drawn or a month checked)."""
    months = []
    for offset in range(-12, MONTH_CHOICES_AHEAD):
        year, month = divmod(today.month - 1 + offset, 12)
        first = dt.date(today.year + year, month + 1, 1)
        months.append((first.strftime("%Y-%m"), first.strftime("%B %Y")))
    return tuple(months)


class EventFilter(django_filters.FilterSet):
    """Browse filters, shared by upcoming and past lists."""

    q = django_filters.CharFilter(method="search", label="Search")
    # Choices are read in __init__, both vocabularies in one query, so checking a chosen value
    # needs no query of its own.
    kind = django_filters.ChoiceFilter(empty_label="Any kind")
    specialty = django_filters.ChoiceFilter(field_name="specialties", empty_label="Any specialty")
    state = django_filters.CharFilter(lookup_expr="iexact", label="State")
    city = django_filters.CharFilter(lookup_expr="iexact", label="City")
    month = django_filters.ChoiceFilter(choices=_months, method="in_month", empty_label="Any month")
    online = django_filters.BooleanFilter(method="is_online", label="Online")

    class Meta:
        model = Event
        fields = ["q", "kind", "specialty", "state", "city", "month", "online"]

    def for_doctor(self, queryset, user, fields: list[int]):
        """The browse default: events in the doctor's specialty (or open to every specialty)
        in their state, plus the online and national ones (no state) wherever they are hosted:
        an online grand round in Sydney is for a physician in Victoria too. Whatever their
        specialties, the events the doctor's own college organises are theirs too."""
        if fields:
            # On the row (``specialty_ids``, kept with the specialties): subqueries over the
            # specialties read all of them ("no specialty" has no index to use) for the page
            # and again for its count.
            matches = Q(specialty_ids__overlap=fields) | Q(specialty_ids=[])
            if user.college_id:
                matches |= Q(organiser_term_id=user.college_id)
            queryset = queryset.filter(matches)
        if user.state:
            queryset = queryset.filter(
                Q(state__iexact=user.state) | ~Q(online_url="") | Q(state="")
            )
        return queryset

    def fields_of(self, user) -> list[int]:
        """The doctor's specialty and the fields they follow or aim for (read with the
        vocabularies: the filter set is made with ``interests_of=user``)."""
        if self._interests is None:
            raise ValueError("fields_of needs a filter set made with interests_of=user")
        return ([user.specialty_id] if user.specialty_id else []) + self._interests

    VOCABULARIES = {"kind": "event_kind", "specialty": "specialty"}

    def __init__(self, *args, interests_of=None, **kwargs):
        """``interests_of``: a doctor whose interests (``fields_of``) come in the same query
        as the vocabularies, when the list starts from their profile."""
        super().__init__(*args, **kwargs)
        choices = {name: [] for name in self.VOCABULARIES}
        by_kind = {kind: name for name, kind in self.VOCABULARIES.items()}
        owner = interests_of.pk if interests_of is not None else None
        self._interests = [] if owner is not None else None
        with connection.cursor() as cursor:
            cursor.execute(VOCABULARIES_SQL, {"kinds": list(by_kind), "owner": owner})
            for interest, kind, pk, label, _, _ in cursor.fetchall():
                if interest:
                    self._interests.append(pk)
                else:
                    choices[by_kind[kind]].append((str(pk), label))
        self._choices = choices
        for name, found in choices.items():
            self.filters[name].extra["choices"] = found

    def get_form_class(self):
        """The form class, built once per process: django-filter builds a class from its
        filters' fields for every filter set. Each form gets this request's vocabularies
        (``form``); the months are a callable, read whenever the select is drawn."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, found in self._choices.items():
                form.fields[name].choices = found
        return self._form

    def label_of(self, name: str, value) -> str:
        """The label of a choice, e.g. the specialty chosen from the doctor's profile."""
        return dict(self.filters[name].extra["choices"]).get(str(value or ""), "")

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split()[:6]:
            terms &= (
                Q(title__icontains=word)
                | Q(theme__icontains=word)
                | Q(organiser__icontains=word)
                | Q(organiser_term__label__icontains=word)
                | Q(organiser_term__code__iexact=word)
                | Q(city__icontains=word)
                | Q(venue__icontains=word)
            )
        return queryset.filter(terms)

    def in_month(self, queryset, name, value):
        year, month = (int(p) for p in value.split("-"))
        first = dt.date(year, month, 1)
        after = dt.date(year + month // 12, month % 12 + 1, 1)
        return queryset.filter(starts_at__date__lt=after, ends_at__date__gte=first)

    def is_online(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(online_url="") if value else queryset.filter(online_url="")
