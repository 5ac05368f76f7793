from django import forms


class AppPasswordForm(forms.Form):
    label = forms.CharField(
        max_length=80,
        label="Device",
        help_text="A name to recognise it by: “iPhone”, “Pixel”, “Thunderbird at work”.",
    )
