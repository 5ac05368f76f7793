from django import forms

from .importing.base import CHOOSABLE_ENCODINGS
from .importing.service import MAX_FILE_BYTES, MAX_ROWS


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Contact file",
        help_text=(
            "LinkedIn Connections.csv, Google Contacts CSV, Outlook CSV or a vCard (.vcf) file; "
            f"up to {MAX_FILE_BYTES // 1_048_576} MB and {MAX_ROWS:,} contacts."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.vcf,.vcard,text/csv,text/vcard"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1_048_576} MB. Split it into smaller files."
            )
        return upload


class ReadAgainForm(forms.Form):
    encoding = forms.ChoiceField(label="Read the file as", choices=CHOOSABLE_ENCODINGS)
