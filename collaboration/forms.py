from django import forms
from django.db.models import Exists, OuterRef, Q

from contacts.picker import ContactField
from events.models import Attendance, Event

from .models import Collaborator, Introduction, Presentation, Project
from .network import EDGE_KINDS


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "kind",
            "title",
            "status",
            "start_date",
            "end_date",
            "description",
            "doi",
            "registry_id",
            "url",
            "audience",
            "topic",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date is before the start date.")
        return cleaned


class OwnedContactChoiceMixin:
    """Every contact field is a person picker over the doctor's own, living contacts."""

    contact_fields: tuple[str, ...] = ()

    def limit_contacts(self, user) -> None:
        for name in self.contact_fields:
            self.fields[name].limit_to(user)


class CollaboratorForm(OwnedContactChoiceMixin, forms.ModelForm):
    contact_fields = ("contact",)

    class Meta:
        model = Collaborator
        fields = ["contact", "role"]
        field_classes = {"contact": ContactField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_contacts(user)


class IntroductionForm(OwnedContactChoiceMixin, forms.ModelForm):
    contact_fields = ("introducer", "introduced")

    class Meta:
        model = Introduction
        fields = ["introducer", "direction", "introduced", "introduced_on", "note"]
        field_classes = {"introducer": ContactField, "introduced": ContactField}
        labels = {
            "introducer": "Contact",
            "direction": "Who introduced whom",
            "introduced": "Contact",
        }
        widgets = {
            "introduced_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_contacts(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("introducer") and cleaned.get("introducer") == cleaned.get("introduced"):
            self.add_error("introduced", "Choose two different people.")
        return cleaned


def events_to_present_at(user, also=None):
    """Events the doctor could have presented at: their own private events and those they have
    marked attendance for (never the whole published calendar), newest first."""
    mine = Q(owner=user) | Q(Exists(Attendance.objects.filter(owner=user, event=OuterRef("pk"))))
    if also:
        mine |= Q(pk=also)
    return Event.objects.visible_to(user).filter(mine).order_by("-starts_at", "title")


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.first_day:%d/%m/%Y})"


class PresentationForm(forms.ModelForm):
    """A project's talk or poster: pick one of the doctor's events, or describe the meeting."""

    class Meta:
        model = Presentation
        fields = ["title", "event", "event_name", "venue", "presented_on"]
        widgets = {"presented_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"event": "Event"}
        field_classes = {"event": EventChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events_to_present_at(user, also=self.instance.event_id)
        self.fields["event"].empty_label = "Not in my calendar"


class ReferenceUploadForm(forms.Form):
    file = forms.FileField(
        label="BibTeX (.bib) or RIS (.ris) file",
        help_text="Export from EndNote, Zotero, Mendeley or PubMed. Up to 2 MB.",
    )


class GraphFilterForm(forms.Form):
    colour_by = forms.ChoiceField(
        choices=[("specialty", "Specialty"), ("organisation", "Organisation")], required=False
    )
    edges = forms.MultipleChoiceField(
        label="Connections",
        choices=[(code, kind.label) for code, kind in EDGE_KINDS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    q = forms.CharField(
        label="Find a person",
        max_length=100,
        required=False,
        help_text="Shows them and the people they are linked to.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    focus = forms.UUIDField(required=False, widget=forms.HiddenInput)
