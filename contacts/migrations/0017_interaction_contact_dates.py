"""``Interaction.contacts``'s link table becomes a model of its own (the same table), holding the
interaction's date with a (contact, date) index: a contact's newest interactions come from that
index instead of a sort of all of them (issue 22, the contact page's timeline)."""

import django.db.models.deletion
from django.db import migrations, models

# One statement over every link (a minute or so at 1.3M links): the site's 15 s statement
# timeout is lifted for this migration's transaction only.
BACKFILL = """
SET LOCAL statement_timeout = 0;
UPDATE contacts_interaction_contacts ic SET occurred_on = i.occurred_on
  FROM contacts_interaction i WHERE i.id = ic.interaction_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0016_import_reading_states"),
    ]

    operations = [
        # The table, its unique pair and its indexes already exist, under the names Django gave
        # the automatic link model (derived from the table and column names, so the same).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="InteractionContact",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "interaction",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="contacts.interaction",
                            ),
                        ),
                        (
                            "contact",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="contacts.contact",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "contacts_interaction_contacts",
                        "unique_together": {("interaction", "contact")},
                    },
                ),
                migrations.AlterField(
                    model_name="interaction",
                    name="contacts",
                    field=models.ManyToManyField(
                        related_name="interactions",
                        through="contacts.InteractionContact",
                        to="contacts.contact",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="interactioncontact",
            name="occurred_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="interactioncontact",
            index=models.Index(
                models.F("contact"),
                models.OrderBy(models.F("occurred_on"), descending=True, nulls_last=True),
                name="interactioncontact_date",
            ),
        ),
    ]
