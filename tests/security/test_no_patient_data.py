"""NetMed is about colleagues, never patients: every notes field a doctor writes says so."""

from pathlib import Path

from django.apps import apps
from django.db import models

BASE_DIR = Path(__file__).resolve().parents[2]
# Free text NetMed or staff write (error reports, moderation), not the doctor's notes.
SYSTEM_TEXT = {"failure", "last_error", "error", "moderation_note"}


def is_note(model, field) -> bool:
    return "note" in field.name or "note" in model.__name__.lower() or field.name == "how_we_met"


def doctor_text_fields():
    for model in apps.get_models():
        if "site-packages" in apps.get_app_config(model._meta.app_label).path:
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.TextField)
                and field.name not in SYSTEM_TEXT
                and is_note(model, field)
            ):
                yield model, field


def test_every_notes_field_says_it_is_about_colleagues_never_patients():
    fields = list(doctor_text_fields())
    silent = [
        f"{model.__name__}.{field.name}"
        for model, field in fields
        if "never patients" not in str(field.help_text)
    ]
    assert len(fields) >= 3
    assert not silent, f"add help_text 'About colleagues, never patients.' to {silent}"


def test_every_page_footer_and_the_security_notes_say_no_patient_data():
    assert "never patients" in (BASE_DIR / "templates" / "base.html").read_text()
    assert "no patient data" in (BASE_DIR / "docs" / "security.md").read_text().lower()
