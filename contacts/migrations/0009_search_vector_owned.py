# Search reads only the searching doctor's entries of the GIN index: every lexeme of a contact's
# search vector is stored under its owner's id ("42:smith"), and a search asks for "42:smi":*.
# A GIN index cannot be partitioned by owner, and an owner-first GIN index (btree_gin, migration
# 0006) still reads every doctor's entries for the word and intersects them with the owner's;
# at 1,000,000 contacts a short prefix such as "cardio" matched 114,000 of them, for the 1,500
# of one doctor. See contacts/search.py and docs/performance.md.

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION contacts_owned_vector(owner bigint, vector tsvector)
RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(
        '''' || replace(replace(owner || ':' || lex.lexeme, '\', '\\'), '''', '''''') || ''''
        || coalesce(':' || (SELECT string_agg(at.position || at.weight, ',')
                              FROM unnest(lex.positions, lex.weights) AS at(position, weight)),
                    ''),
        ' '), '')::tsvector
      FROM unnest(vector) AS lex
$$;

CREATE OR REPLACE FUNCTION contacts_owned_query(owner bigint, query tsquery)
RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(query::text, '(^|[ (!])''', '\1''' || owner || ':', 'g')::tsquery
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS contacts_owned_query(bigint, tsquery);
DROP FUNCTION IF EXISTS contacts_owned_vector(bigint, tsvector);
"""

OWN = """
UPDATE contacts_contact SET search_vector = contacts_owned_vector(owner_id, search_vector)
 WHERE search_vector IS NOT NULL
"""

# Back to plain lexemes: drop everything up to the first colon of each one.
DISOWN = r"""
UPDATE contacts_contact SET search_vector = (
    SELECT coalesce(string_agg(
        '''' || replace(replace(substr(lex.lexeme, strpos(lex.lexeme, ':') + 1), '\', '\\'),
                        '''', '''''') || ''''
        || coalesce(':' || (SELECT string_agg(at.position || at.weight, ',')
                              FROM unnest(lex.positions, lex.weights) AS at(position, weight)),
                    ''),
        ' '), '')::tsvector
      FROM unnest(search_vector) AS lex)
 WHERE search_vector IS NOT NULL
"""


class Migration(migrations.Migration):
    dependencies = [("contacts", "0008_merge_history_due_dates_search")]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RunSQL(OWN, DISOWN),
        # The owner-first GIN index over the vector (where btree_gin made it) now only costs
        # writes: the plain GIN index of migration 0003 reads one owner's entries by itself.
        migrations.RunSQL(
            "DROP INDEX IF EXISTS contact_owner_search",
            """DO $$ BEGIN
                IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gin') THEN
                    CREATE INDEX IF NOT EXISTS contact_owner_search
                        ON contacts_contact USING gin (owner_id, search_vector);
                END IF;
            END $$""",
        ),
    ]
