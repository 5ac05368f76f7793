"""Contact photos move to random, unguessable names (contacts/photos.py); upload_to follows."""

from django.db import migrations

import contacts.photos


def rename_photos(apps, schema_editor):
    contacts.photos.rename_stored_photos(
        contact_model=apps.get_model("contacts", "Contact"),
        history_model=apps.get_model("contacts", "HistoricalContact"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0014_contact_fellowships"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contact",
            name="photo",
            field=contacts.photos.PrivatePhotoField(
                blank=True, upload_to=contacts.photos.photo_upload_to
            ),
        ),
        # Files already moved stay where they are when the migration is reversed: their new
        # names are just as valid under the old upload_to.
        migrations.RunPython(rename_photos, migrations.RunPython.noop),
    ]
