# Interaction.people_count: the network graph pairs only interactions with two or more people
# and finds them by the partial index below. Existing interactions are counted once here.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0009_search_vector_owned'),
        ('core', '0003_pending_task'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='interaction',
            name='people_count',
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunSQL(
            """
            UPDATE contacts_interaction i SET people_count = n.people
              FROM (SELECT interaction_id, count(*) AS people
                      FROM contacts_interaction_contacts GROUP BY 1) n
             WHERE i.id = n.interaction_id
            """,
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name='interaction',
            index=models.Index(condition=models.Q(('people_count__gt', 1)), fields=['owner'], include=('id',), name='interaction_owner_shared'),
        ),
    ]
