from django import forms

from contacts.picker import ContactField
from core.models import Term

from .models import (
    ActionItem,
    Goal,
    GoalNote,
    MeetingNote,
    MentorProfile,
    MentorRequest,
    Mentorship,
    Opportunity,
    Referee,
    RefereeAsk,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _terms(kind: str):
    return Term.objects.of_kind(kind)


class MentorshipForm(forms.ModelForm):
    """The owner's form. For a shared mentorship the other person is fixed (no contact field for
    the member: each side keeps their own contact row, see ``services.link_contacts``)."""

    class Meta:
        model = Mentorship
        fields = [
            "contact",
            "side",
            "focus_areas",
            "status",
            "cadence_days",
            "expectations",
            "meeting_frequency",
            "preferred_channel",
            "confidentiality",
        ]
        widgets = {
            "focus_areas": forms.CheckboxSelectMultiple,
            "expectations": forms.Textarea(attrs={"rows": 3}),
            "confidentiality": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"contact": "Who"}
        field_classes = {"contact": ContactField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].limit_to(user)
        self.fields["focus_areas"].queryset = _terms("mentorship_focus")
        self.fields["status"].choices = [
            c for c in self.fields["status"].choices if c[0] != "completed"
        ]
        self.user = user
        shared = self.instance.pk and self.instance.member_id
        if shared:
            # The other member is fixed and the side was agreed in the directory. Each member
            # may link their own contact row for the other (meetings then go on its timeline).
            del self.fields["contact"]
            del self.fields["side"]
            self.fields["my_contact"] = ContactField(
                label="Their contact in my network",
                required=False,
                initial=self.instance.contact_for(user),
                help_text="Only you see this. Meetings are logged on this contact's timeline.",
            )
            self.fields["my_contact"].limit_to(user)
        else:
            self.fields["contact"].required = True


class CompleteForm(forms.Form):
    ended_on = forms.DateField(label="Ended on", required=False, widget=DATE)
    outcome_summary = forms.CharField(
        label="Outcome summary",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What came of it, what you learnt, what you would do differently.",
    )

    def __init__(self, *args, started_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on and self.started_on and ended_on < self.started_on:
            raise forms.ValidationError(
                f"It started on {self.started_on:%d/%m/%Y}; choose that date or later."
            )
        return ended_on


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "detail", "target_date", "status"]
        widgets = {"target_date": DATE, "detail": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].required = False

    def clean_status(self):
        return self.cleaned_data.get("status") or "not_started"


class GoalNoteForm(forms.ModelForm):
    class Meta:
        model = GoalNote
        fields = ["written_on", "text"]
        widgets = {"written_on": DATE, "text": forms.Textarea(attrs={"rows": 2})}
        labels = {"written_on": "Date", "text": "Progress note"}


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Date", widget=DATE)
    agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    private = forms.BooleanField(
        label="Keep these notes private to me", required=False, initial=True
    )


class MeetingEditForm(forms.Form):
    held_on = forms.DateField(label="Date", widget=DATE)
    agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MeetingNoteForm(forms.ModelForm):
    class Meta:
        model = MeetingNote
        fields = ["text", "private"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": "Note", "private": "Private to me"}


class ActionItemForm(forms.ModelForm):
    """``assignee``: "me" or "them"; "them" is the member of a shared mentorship, or nobody
    (the contact) for a private one."""

    who = forms.ChoiceField(label="Whose action", choices=[("me", "Me"), ("them", "Them")])

    class Meta:
        model = ActionItem
        fields = ["title", "who", "due_on"]
        widgets = {"due_on": DATE}
        labels = {"title": "Action", "due_on": "Due"}

    def __init__(self, *args, user=None, mentorship=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.mentorship = user, mentorship

    def clean(self):
        cleaned = super().clean()
        if self.user is not None and "who" in cleaned:
            self.instance.assignee = self.assignee_for(self.user, self.mentorship)
        return cleaned

    def assignee_for(self, user, mentorship):
        if self.cleaned_data["who"] == "me":
            return user
        if mentorship.member_id:
            return mentorship.owner if mentorship.member_id == user.pk else mentorship.member
        return None


class OpportunityForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = ["kind", "title", "opened_on", "outcome", "outcome_note"]
        widgets = {"opened_on": DATE, "outcome_note": forms.Textarea(attrs={"rows": 2})}


class RefereeForm(forms.ModelForm):
    class Meta:
        model = Referee
        fields = ["contact", "agreed_on", "capacity", "active", "notes"]
        widgets = {"agreed_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
        labels = {"agreed_on": "Agreed on"}
        field_classes = {"contact": ContactField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["contact"].limit_to(user)

    def clean_contact(self):
        contact = self.cleaned_data["contact"]
        others = Referee.objects.for_user(self.user).filter(contact=contact)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("This contact is already one of your referees.")
        return contact


class RefereeAskForm(forms.ModelForm):
    class Meta:
        model = RefereeAsk
        fields = ["asked_on", "application", "outcome"]
        widgets = {"asked_on": DATE}


class MentorProfileForm(forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = [
            "headline",
            "about",
            "specialties",
            "focus_areas",
            "career_stages",
            "format",
            "city",
            "state",
            "capacity",
            "published",
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 4}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "career_stages": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialties"].queryset = _terms("specialty")
        self.fields["focus_areas"].queryset = _terms("mentorship_focus")
        self.fields["career_stages"].queryset = _terms("career_stage")


class MentorRequestForm(forms.ModelForm):
    class Meta:
        model = MentorRequest
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
