from django import forms

from contacts.picker import ContactsField
from core.organisations import OrganisationField, clean_organisation

from . import rules
from .models import CommitteeRole, CpdEntry, CpdGoal, CpdPlan, Membership

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".heic", ".docx", ".txt")


class CpdEntryForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label="Topics addressed",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="CPD homes ask you to address these during the year.",
    )

    class Meta:
        model = CpdEntry
        fields = [
            "activity",
            "date",
            "provider",
            "cpd_educational",
            "cpd_reviewing_performance",
            "cpd_measuring_outcomes",
            "topics",
            "goal",
            "reflection",
            "evidence",
        ]
        widgets = {"date": DATE, "reflection": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = rules.topics()
        self.fields["goal"].queryset = CpdGoal.objects.for_user(user).select_related("plan")

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence and hasattr(evidence, "size"):
            if evidence.size > MAX_EVIDENCE_BYTES:
                raise forms.ValidationError("Evidence files can be up to 10 MB.")
            if not evidence.name.lower().endswith(EVIDENCE_TYPES):
                raise forms.ValidationError("Upload a PDF, an image, a Word document or text.")
        return evidence

    def clean(self):
        data = super().clean()
        hours = [
            data.get(f)
            for f in ("cpd_educational", "cpd_reviewing_performance", "cpd_measuring_outcomes")
        ]
        if all(h is not None for h in hours):
            if any(h < 0 for h in hours):
                raise forms.ValidationError("Hours cannot be negative.")
            if sum(hours) <= 0:
                raise forms.ValidationError("Give the hours in at least one category.")
        return data


class CpdPlanForm(forms.ModelForm):
    class Meta:
        model = CpdPlan
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class CpdGoalForm(forms.ModelForm):
    class Meta:
        model = CpdGoal
        fields = ["description"]
        labels = {"description": "New goal"}


class MembershipForm(forms.ModelForm):
    organisation_term = OrganisationField(required=False, label="College or association")

    class Meta:
        model = Membership
        fields = [
            "organisation_term",
            "organisation",
            "kind",
            "number",
            "renewal_date",
            "renews_annually",
        ]
        widgets = {"renewal_date": DATE}

    def clean(self):
        data = super().clean()
        clean_organisation(self, choice="organisation_term", other="organisation", required=True)
        return data


class CommitteeRoleForm(forms.ModelForm):
    class Meta:
        model = CommitteeRole
        fields = ["committee", "organisation", "role", "start_date", "end_date", "contacts"]
        widgets = {"start_date": DATE, "end_date": DATE}
        field_classes = {"contacts": ContactsField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].limit_to(user)
