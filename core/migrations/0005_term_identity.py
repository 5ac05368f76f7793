"""Terms keyed by (kind, parent, code), and the shipped vocabulary loaded (or re-keyed) under it.

Before this, a field of specialty practice was keyed by ``slugify(label)``: a field listed under
two specialties was one row whose parent the last one overwrote (Haematology ended under
Physician, Nuclear medicine under Radiology). Existing rows are re-keyed in place, never deleted,
so every contact keeps pointing at a term; the second parent gets a row of its own, and contacts
whose specialty is that parent move to it.
"""

from django.db import migrations, models

# Field codes the file renamed, besides slug hyphens becoming underscores.
RENAMED_FIELDS = {"paediatric-oncology": "paediatric_medical_oncology"}


def rekey_and_load(apps, schema_editor):
    from core.vocabulary import load_terms

    Term = apps.get_model("core", "Term")
    Contact = apps.get_model("contacts", "Contact")
    for field in Term.objects.filter(kind="specialty_field"):
        code = RENAMED_FIELDS.get(field.code, field.code.replace("-", "_"))
        if code != field.code:
            field.code = code
            field.save(update_fields=["code"])
    # The AMA was listed as a college; it is an association (and a CPD home).
    Term.objects.filter(kind="college", code="AMA", parent=None).update(kind="association")

    load_terms(Term)

    fields = list(Term.objects.filter(kind="specialty_field").exclude(parent=None))
    by_code: dict[str, list] = {}
    for field in fields:
        by_code.setdefault(field.code, []).append(field)
    for shared in (rows for rows in by_code.values() if len(rows) > 1):
        for field in shared:
            for sibling in shared:
                if sibling.pk != field.pk:
                    Contact.objects.filter(
                        specialty_field=field, specialty_id=sibling.parent_id
                    ).update(specialty_field=sibling)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_outbound_email"),
        # Contacts point at fields; the re-keying moves some of them to their specialty's row.
        ("contacts", "0012_import_source_and_encoding"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="term", name="term_kind_code"),
        migrations.AlterField(
            model_name="term",
            name="kind",
            field=models.CharField(
                choices=[
                    ("career_stage", "Career stage"),
                    ("img_pathway", "IMG pathway"),
                    ("specialty", "Specialty"),
                    ("specialty_field", "Field of specialty practice"),
                    ("college", "Specialist college"),
                    ("association", "Association"),
                    ("event_kind", "Event kind"),
                    ("relationship_kind", "Relationship kind"),
                    ("mentorship_focus", "Mentorship focus"),
                    ("interaction_kind", "Interaction kind"),
                    ("cpd_category", "CPD category"),
                ],
                db_index=True,
                max_length=32,
            ),
        ),
        migrations.AddConstraint(
            model_name="term",
            constraint=models.UniqueConstraint(
                condition=models.Q(("parent__isnull", True)),
                fields=("kind", "code"),
                name="term_kind_code_top_level",
            ),
        ),
        migrations.AddConstraint(
            model_name="term",
            constraint=models.UniqueConstraint(
                condition=models.Q(("parent__isnull", False)),
                fields=("kind", "parent", "code"),
                name="term_kind_parent_code",
            ),
        ),
        migrations.RunPython(rekey_and_load, migrations.RunPython.noop),
    ]
