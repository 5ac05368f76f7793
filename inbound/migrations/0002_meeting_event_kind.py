"""The "Meeting" event kind, for the private events that meeting invitations become (it is in
core/vocabulary.json too, so reloading the vocabulary keeps it)."""

from django.db import migrations


def add_meeting_kind(apps, schema_editor):
    Term = apps.get_model("core", "Term")
    order = Term.objects.filter(kind="event_kind").count()
    Term.objects.update_or_create(
        kind="event_kind",
        parent=None,
        code="meeting",
        defaults={"label": "Meeting", "sort_order": order, "active": True},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inbound", "0001_inbound_mail"),
        ("core", "0005_term_identity"),
    ]

    operations = [migrations.RunPython(add_meeting_kind, migrations.RunPython.noop)]
