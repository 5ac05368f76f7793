"""Events choose a college or association (``organiser_term``); the text is kept for any other.

Existing rows whose text is exactly a listed one's name or abbreviation are linked to it.
"""

import django.db.models.deletion
from django.db import migrations, models


def link_existing(apps, schema_editor):
    from core.organisations import link_named_rows

    link_named_rows(
        apps.get_model("events", "Event"),
        term_model=apps.get_model("core", "Term"),
        term_field="organiser_term",
        text_field="organiser",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_term_identity'),
        ('events', '0004_moderation_decision'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='organiser_term',
            field=models.ForeignKey(blank=True, help_text='The college or association; leave empty and type the name for any other.', limit_choices_to={'kind__in': ('college', 'association')}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.term', verbose_name='organiser'),
        ),
        migrations.AlterField(
            model_name='event',
            name='organiser',
            field=models.CharField(blank=True, max_length=200, verbose_name='other organiser'),
        ),
        migrations.RunPython(link_existing, migrations.RunPython.noop),
    ]
