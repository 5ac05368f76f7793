"""Memberships choose a college or association (``organisation_term``); the text is kept for any other.

Existing rows whose text is exactly a listed one's name or abbreviation are linked to it.
"""

import django.db.models.deletion
from django.db import migrations, models


def link_existing(apps, schema_editor):
    from core.organisations import link_named_rows

    link_named_rows(
        apps.get_model("cpd", "Membership"),
        term_model=apps.get_model("core", "Term"),
        term_field="organisation_term",
        text_field="organisation",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_term_identity'),
        ('cpd', '0002_topics_and_yearly_renewals'),
    ]

    operations = [
        migrations.AddField(
            model_name='membership',
            name='organisation_term',
            field=models.ForeignKey(blank=True, limit_choices_to={'kind__in': ('college', 'association')}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.term', verbose_name='college or association'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='organisation',
            field=models.CharField(blank=True, help_text='Only when it is not in the list: the Medical Board (AHPRA), a hospital…', max_length=200, verbose_name='other organisation'),
        ),
        migrations.RunPython(link_existing, migrations.RunPython.noop),
    ]
