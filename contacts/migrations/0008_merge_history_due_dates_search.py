# Joins three branches of work: change history, keep-in-touch due dates, the owner search index.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_change_history"),
        ("contacts", "0006_search_owner_gin"),
        ("contacts", "0007_contact_owner_health"),
    ]

    operations = []
