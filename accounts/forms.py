import zoneinfo

from django import forms

from contacts.forms import normalise_phone
from core.models import Term
from core.zones import zone_choices

from .models import NOT_AN_IMG, ShareCard, User


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls ``signup``)."""

    display_name = forms.CharField(
        max_length=150, required=False, label="Your name", help_text="As colleagues know you."
    )
    # Filled in by the browser (static/js/app.js reads its time zone), so dates and digests are
    # right from the first day; the profile changes it. Sydney when the browser does not say.
    timezone = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"data-browser-zone": ""})
    )

    def clean_timezone(self) -> str:
        value = self.cleaned_data["timezone"].strip()
        return value if value in zoneinfo.available_timezones() else "Australia/Sydney"

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.timezone = zoneinfo.ZoneInfo(self.cleaned_data["timezone"] or "Australia/Sydney")
        user.save(update_fields=["display_name", "timezone"])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput, help_text="To confirm it is you."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "display_name",
            "career_stage",
            "specialty",
            "college",
            "cpd_home",
            "in_accredited_program",
            "interests",
            "training_goal",
            "workplace",
            "city",
            "state",
            "country",
            "qualification_country",
            "img_pathway",
            "timezone",
            "digest_frequency",
            "digest_weekday",
            "digest_hour",
            "digest_when_empty",
        ]
        widgets = {"digest_hour": forms.NumberInput(attrs={"min": 0, "max": 23})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["career_stage"].queryset = Term.objects.of_kind("career_stage")
        self.fields["specialty"].queryset = Term.objects.of_kind("specialty")
        self.fields["college"].queryset = Term.objects.of_kind("college")
        self.fields["img_pathway"].queryset = Term.objects.of_kind("img_pathway")
        self.fields["cpd_home"].queryset = Term.objects.cpd_homes()
        self.fields["interests"].queryset = Term.objects.of_kind("specialty")
        self.fields["interests"].widget.attrs["size"] = 6
        # Australia's zones first, then the rest sorted (the doctor's own kept if it is unusual).
        choices = [*zone_choices(), ("UTC", "UTC")]
        current = str(self.instance.timezone) if self.instance.timezone else ""
        if current and current not in dict(choices):
            choices.insert(0, (current, current.replace("_", " ")))
        self.fields["timezone"].choices = choices

    def clean(self):
        data = super().clean()
        pathway, qualified = data.get("img_pathway"), data.get("qualification_country")
        if (
            pathway
            and pathway.code != NOT_AN_IMG
            and (not qualified or qualified == data.get("country"))
        ):
            # is_img reads the pathway first: a pathway beside a local degree would contradict
            # the countries the Medical Board asks about.
            self.add_error(
                "qualification_country",
                "An IMG pathway is for a degree from another country: choose that country.",
            )
        return data

    def clean_digest_hour(self):
        hour = self.cleaned_data["digest_hour"]
        if not 0 <= hour <= 23:
            raise forms.ValidationError("Choose an hour from 0 to 23.")
        return hour


class ShareCardForm(forms.ModelForm):
    """What "my card" shows another doctor. The name always shows."""

    class Meta:
        model = ShareCard
        fields = [
            "show_career_stage",
            "show_specialty",
            "show_workplace",
            "show_email",
            "phone",
            "website",
            "linkedin",
        ]

    def __init__(self, *args, region: str = "AU", **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region or "AU"

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        return normalise_phone(raw, region=self.region) if raw else ""
