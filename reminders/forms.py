from django import forms

from collaboration.models import Project
from contacts.models import Tag
from contacts.picker import ContactField
from core.models import Term

from .models import CadenceDefault, FollowUp


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = [
            "what",
            "due_on",
            "contact",
            "project",
            "link_url",
            "link_label",
            "repeat_weeks",
            "note",
        ]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"contact": ContactField}
        help_texts = {
            "link_url": "An event or mentorship page in NetMed, e.g. /events/…",
            "what": "e.g. Send Prof Sharma the audit draft",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].limit_to(user)
        self.fields["project"].queryset = Project.objects.for_user(user)

    def clean_link_url(self):
        url = self.cleaned_data["link_url"].strip()
        # Links stay inside NetMed: a path, never another site (no open redirect from an email).
        if url and (not url.startswith("/") or url.startswith("//")):
            raise forms.ValidationError("Use a NetMed page address starting with “/”.")
        return url


class ContactFollowUpForm(forms.ModelForm):
    """A follow-up added from the contact's own page: the contact is the page's."""

    class Meta:
        model = FollowUp
        fields = ["what", "due_on"]
        labels = {"what": "What", "due_on": "By"}
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"what": "e.g. Send the audit draft"}


class SnoozeForm(forms.Form):
    choice = forms.ChoiceField(
        choices=[("day", "1 day"), ("week", "1 week"), ("month", "1 month"), ("date", "Until…")],
        label="Snooze for",
    )
    until = forms.DateField(
        required=False, label="Until", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("choice") == "date" and not cleaned.get("until"):
            self.add_error("until", "Choose the date to snooze until.")
        return cleaned


class CadenceDefaultForm(forms.ModelForm):
    class Meta:
        model = CadenceDefault
        fields = ["tag", "relationship_kind", "cadence_days"]
        help_texts = {"tag": "Choose a tag or a relationship kind, not both."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["tag"].queryset = Tag.objects.for_user(user)
        self.fields["relationship_kind"].queryset = Term.objects.of_kind("relationship_kind")

    def clean(self):
        cleaned = super().clean()
        tag, kind = cleaned.get("tag"), cleaned.get("relationship_kind")
        if bool(tag) == bool(kind):
            raise forms.ValidationError("Choose either a tag or a relationship kind.")
        existing = CadenceDefault.objects.for_user(self.user).exclude(pk=self.instance.pk)
        if (tag and existing.filter(tag=tag).exists()) or (
            kind and existing.filter(relationship_kind=kind).exists()
        ):
            raise forms.ValidationError("There is already a default for that; edit it instead.")
        return cleaned
