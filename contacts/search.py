"""Searching a doctor's contacts: PostgreSQL full-text search plus pg_trgm similarity on names.

Each contact stores ``search_vector``: a ``tsvector`` of its names (weight A), organisations,
positions, specialty and tags (B), emails (C) and notes, city and how we met (D). It spans several
tables, so it cannot be a generated column; every writer that changes those rows calls
``refresh_search_vectors`` (the editing, bulk, merge and import services do). A GIN index serves
the ``@@`` match; trigram GIN indexes on the given and family names serve the fuzzy match, so
"Smyth" finds "Smith" and "cardio" finds "Cardiology" (a prefix match on the vector).

Every lexeme is stored under its owner's id: Dr Smith in doctor 42's network has ``'42:smith'``,
and doctor 42 searching "smi" asks for ``'42:smi':*`` (the SQL functions
``contacts_owned_vector`` and ``contacts_owned_query``, migration 0009). A GIN index cannot be
split by owner, so with plain lexemes a short prefix read every doctor's matches from the index
(114,000 for "cardio" among a million contacts) to keep one doctor's 1,500; under the owner's id
the index holds each doctor's words in a range of its own, and a prefix reads only that range.

Names and organisations are stored without their accents, and searches are folded the same way,
so "elo" finds "Élodie" and "bjorn" finds "Bjørn" (``fold_accents``, and its SQL twin
``contacts_fold_accents`` which migration 0013 creates: PostgreSQL's ``unaccent`` extension is not
in the embedded server, so the table is ours, built from Unicode's decompositions).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchQueryField
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, Value

# The vector for every contact matching the WHERE clause appended by the caller. (Migration 0003
# ran a copy of it, without the owner's ids, to fill the column for existing contacts.)
VECTOR_SQL = """
UPDATE contacts_contact c SET search_vector = contacts_owned_vector(c.owner_id,
    setweight(to_tsvector('simple', contacts_fold_accents(concat_ws(' ', c.prefix, c.given_name,
        c.family_name, c.preferred_name, array_to_string(c.fellowships, ' ')))), 'A')
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

# The same vector for every contact of many owners at once (the benchmark seed, a network loaded
# in bulk): each child table aggregated in one pass and hash-joined, instead of four index
# lookups per contact, so it also runs while a bulk load has dropped the indexes. Keep the
# parts in step with VECTOR_SQL (tests/contacts/test_search_vectors.py compares them).
BULK_VECTOR_SQL = """
UPDATE contacts_contact c SET search_vector = contacts_owned_vector(c.owner_id,
    setweight(to_tsvector('simple', contacts_fold_accents(concat_ws(' ', c.prefix, c.given_name,
        c.family_name, c.preferred_name, array_to_string(c.fellowships, ' ')))), 'A')
    || setweight(to_tsvector('simple', contacts_fold_accents(concat_ws(' ', parts.positions,
        parts.tags,
        (SELECT string_agg(term.label, ' ') FROM core_term term
          WHERE term.id IN (c.specialty_id, c.specialty_field_id, c.career_stage_id)),
        c.specialty_other))), 'B')
    || setweight(to_tsvector('simple', coalesce(parts.emails, '')), 'C')
    || setweight(to_tsvector('simple', concat_ws(' ', c.city, c.notes, c.how_we_met)), 'D'))
FROM (
    SELECT c2.id, pos.text AS positions, tag.text AS tags, email.text AS emails
      FROM contacts_contact c2
      LEFT JOIN (SELECT p.contact_id, string_agg(concat_ws(' ', o.name, p.title, p.department),
                        ' ') AS text
                   FROM contacts_position p JOIN contacts_organisation o
                     ON o.id = p.organisation_id
                  GROUP BY p.contact_id) pos ON pos.contact_id = c2.id
      LEFT JOIN (SELECT ct.contact_id, string_agg(t.name, ' ') AS text
                   FROM contacts_contact_tags ct JOIN contacts_tag t ON t.id = ct.tag_id
                  GROUP BY ct.contact_id) tag ON tag.contact_id = c2.id
      LEFT JOIN (SELECT e.contact_id, string_agg(e.email, ' ') AS text
                   FROM contacts_contactemail e GROUP BY e.contact_id) email
             ON email.contact_id = c2.id
     WHERE c2.owner_id = ANY(%s)
) parts
WHERE parts.id = c.id
"""

# The vector of a contact not written yet, from its owner's id and its four texts
# (``vector_texts``): the %s are values or, in the import's INSERT ... SELECT, the staging
# table's columns.
NEW_VECTOR_SQL = (
    "contacts_owned_vector(%s, "
    "setweight(to_tsvector('simple', contacts_fold_accents(%s)), 'A')"
    " || setweight(to_tsvector('simple', contacts_fold_accents(%s)), 'B')"
    " || setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D'))"
)

# Letters Unicode does not decompose into a base letter and marks, folded as people type them.
LETTERS_WITHOUT_DECOMPOSITION = {
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d",
    "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i",
}  # fmt: skip

# The Latin blocks whose accented letters people type without accents: Latin-1 Supplement,
# Extended-A and -B, and Extended Additional (Vietnamese).
LATIN_BLOCKS = (range(0xC0, 0x250), range(0x1E00, 0x1F00))


@cache
def accent_folds() -> dict[str, str]:
    """Every accented Latin letter and the letters a person types for it ("é" → "e")."""
    folds = dict(LETTERS_WITHOUT_DECOMPOSITION)
    for block in LATIN_BLOCKS:
        for code in block:
            letter = chr(code)
            base = "".join(
                c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c)
            )
            if letter not in folds and base != letter and base.isascii() and base.isalpha():
                folds[letter] = base
    return folds


def fold_accents(text: str) -> str:
    """``text`` without the accents of its Latin letters, as ``contacts_fold_accents`` folds it."""
    if text.isascii():
        return text
    return text.translate(str.maketrans(accent_folds()))


def fold_accents_function_sql() -> str:
    """The SQL function ``contacts_fold_accents``: ``fold_accents`` in the database, for the
    vectors. ASCII text (most of it: one byte per character) skips the translation. Migration
    0013 creates it; a change to the folds needs a migration that runs this again and
    refreshes the vectors."""
    folds = accent_folds()
    single = {k: v for k, v in folds.items() if len(v) == 1}
    expression = "t"
    for letter, letters in folds.items():
        if len(letters) > 1:
            expression = f"replace({expression}, '{letter}', '{letters}')"
    sources, targets = "".join(single), "".join(single.values())
    return f"""
CREATE OR REPLACE FUNCTION contacts_fold_accents(t text)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN octet_length(t) = char_length(t) THEN t
                ELSE translate({expression}, '{sources}', '{targets}') END
$$;
"""


# A search word: letters and digits, plus the dots, @, hyphens and apostrophes of emails and names.
WORD = re.compile(r"[\w.@'-]*\w[\w.@'-]*", re.UNICODE)


def refresh_search_vectors(contact_ids: Iterable[object]) -> None:
    """Recompute the stored search vector of these contacts (one UPDATE statement)."""
    ids = [str(pk) for pk in contact_ids]
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(VECTOR_SQL + " WHERE c.id = ANY(%s::uuid[])", [ids])


def vector_texts(
    *, names: Iterable[str], described: Iterable[str], emails: Iterable[str], other: Iterable[str]
) -> list[str]:
    """The four texts (weights A to D) that ``NEW_VECTOR_SQL`` turns into the vector of a
    contact not written yet (bulk imports build it in the INSERT, so the row is written once):
    names and fellowships (A); organisations, positions, tags and specialty (B); emails (C);
    city, notes and how we met (D), as in ``VECTOR_SQL``."""
    return [" ".join(t for t in part if t) for part in (names, described, emails, other)]


def fill_search_vectors(owner_ids: Iterable[int]) -> int:
    """Compute the search vector of every contact of these owners in one set-based statement;
    the number of contacts written. For bulk loads; everyday writers use
    ``refresh_search_vectors``."""
    with connection.cursor() as cursor:
        # Bulk loads run this while the tables' indexes are dropped and their statistics stale;
        # the planner then guesses a few thousand rows and may pick nested loops over unindexed
        # aggregates, which never finish at 2M contacts (the fleet scenario). Hash joins read
        # each table once. SET LOCAL only lasts for the caller's transaction.
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(BULK_VECTOR_SQL, [list(owner_ids)])
        written = cursor.rowcount
        cursor.execute("RESET enable_nestloop")
        return written


def refresh_organisation(organisation_id: object) -> None:
    """After an organisation is renamed: refresh everyone who works or worked there."""
    with connection.cursor() as cursor:
        cursor.execute(
            VECTOR_SQL + " WHERE c.id IN "
            "(SELECT contact_id FROM contacts_position WHERE organisation_id = %s)",
            [str(organisation_id)],
        )


def search_words(text: str) -> list[str]:
    """The words of a search (at most 8), lower-cased and without accents (as the vectors store
    names); none when the text holds no word."""
    return WORD.findall(fold_accents(text.lower()))[:8]


def owned_match(words: list[str], owner_id: int) -> Q:
    """Every word as a prefix among ``owner_id``'s lexemes (the GIN index on the vector). It
    can only match that owner's contacts, so it needs no owner filter of its own."""
    # Each word quoted (so PostgreSQL's parser splits "o'connor" as it split the names) and
    # matched as a prefix: "cardio" finds "cardiology". contacts_owned_query then puts the
    # owner's id before each of the parser's lexemes, as contacts_owned_vector stored them.
    raw = " & ".join("'{}':*".format(w.replace("'", "''")) for w in words)
    owned_query = Func(
        Value(owner_id, output_field=BigIntegerField()),
        SearchQuery(raw, search_type="raw", config="simple"),
        function="contacts_owned_query",
        output_field=SearchQueryField(),
    )
    return Q(
        Func(
            F("search_vector"),
            owned_query,
            template="(%(expressions)s)",
            arg_joiner=" @@ ",
            output_field=BooleanField(),
        )
    )


def similar_names(words: list[str]) -> list[Q]:
    """A given or family name similar in spelling to the longest word (the trigram GIN
    indexes), so "Smyth" finds "Smith"; none for words under 3 letters."""
    longest = max(words, key=len).strip(".@'-")
    if len(longest) < 3:
        return []
    return [Q(family_name__trigram_similar=longest), Q(given_name__trigram_similar=longest)]


# The ids of a search's matches among one owner's contacts, as an array: every word as a prefix
# among the owner's lexemes (``owned_match``), or a given or family name similar to the longest
# word (``similar_names``; the trigram branches only with a word of 3 letters or more), each a
# branch of one UNION so PostgreSQL plans each on its own index. Written out: building it as
# three querysets and compiling their union cost ~2.5 ms of CPU a search, more than PostgreSQL
# takes to run it. The full-text branch carries no owner filter (its lexemes name the owner);
# the trigram branches keep to the owner's contacts, trashed ones included (the caller's
# queryset filters the result), the owner's id cast to bigint so that the (owner_id, name)
# trigram indexes serve it (an int4 literal left them for a bitmap of all the owner's rows).
# tests/contacts/test_search_statement.py holds it to the querysets.
SEARCH_IDS_SQL = (
    "ARRAY(SELECT id FROM contacts_contact"
    " WHERE search_vector @@ contacts_owned_query(%s::bigint, to_tsquery('simple'::regconfig, %s))"
)
SIMILAR_NAMES_SQL = (
    " UNION SELECT id FROM contacts_contact WHERE owner_id = %s::bigint AND family_name %% %s"
    " UNION SELECT id FROM contacts_contact WHERE owner_id = %s::bigint AND given_name %% %s"
)


def search_ids_sql(words: list[str], owner_id: int) -> tuple[str, list]:
    """``SEARCH_IDS_SQL`` for these words (``search_words``) and its parameters."""
    # Each word quoted (so PostgreSQL's parser splits "o'connor" as it split the names) and
    # matched as a prefix: "cardio" finds "cardiology" (as ``owned_match``).
    raw = " & ".join("'{}':*".format(w.replace("'", "''")) for w in words)
    longest = max(words, key=len).strip(".@'-")
    if len(longest) < 3:
        return SEARCH_IDS_SQL + ")", [owner_id, raw]
    return SEARCH_IDS_SQL + SIMILAR_NAMES_SQL + ")", [
        owner_id,
        raw,
        owner_id,
        longest,
        owner_id,
        longest,
    ]
