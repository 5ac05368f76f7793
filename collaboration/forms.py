from django import forms

from contacts.models import Contact

from .models import Collaborator, Introduction, Project


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
    """Limits every contact field to the doctor's own, living contacts."""

    contact_fields: tuple[str, ...] = ()

    def limit_contacts(self, user) -> None:
        contacts = Contact.objects.for_user(user).alive()
        for name in self.contact_fields:
            self.fields[name].queryset = contacts


class CollaboratorForm(OwnedContactChoiceMixin, forms.ModelForm):
    contact_fields = ("contact",)

    class Meta:
        model = Collaborator
        fields = ["contact", "role"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_contacts(user)


class IntroductionForm(OwnedContactChoiceMixin, forms.ModelForm):
    contact_fields = ("introducer", "introduced")

    class Meta:
        model = Introduction
        fields = ["introducer", "direction", "introduced", "introduced_on", "note"]
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
        choices=[
            ("project", "Shared projects"),
            ("co_author", "Co-authors"),
            ("introduction", "Introductions"),
            ("met_together", "Met together"),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
