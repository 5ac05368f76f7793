"""Likely duplicates among a doctor's contacts: the same email (any case) or phone number, or a
similarly spelt name at the same organisation (pg_trgm ``similarity``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from .models import Contact

NAME_SIMILARITY = 0.5

PAIRS_SQL = """
WITH alive AS (
    SELECT id, given_name, family_name FROM contacts_contact
     WHERE owner_id = %(owner)s AND deleted_at IS NULL
)
SELECT a.contact_id AS first_id, b.contact_id AS second_id, 'the same email address' AS reason
  FROM contacts_contactemail a
  JOIN contacts_contactemail b ON lower(a.email) = lower(b.email) AND a.contact_id < b.contact_id
 WHERE a.contact_id IN (SELECT id FROM alive) AND b.contact_id IN (SELECT id FROM alive)
UNION
SELECT a.contact_id, b.contact_id, 'the same phone number'
  FROM contacts_contactphone a
  JOIN contacts_contactphone b ON a.number = b.number AND a.contact_id < b.contact_id
 WHERE a.contact_id IN (SELECT id FROM alive) AND b.contact_id IN (SELECT id FROM alive)
UNION
SELECT ca.id, cb.id, 'a similar name at the same organisation'
  FROM contacts_position pa
  JOIN contacts_position pb
    ON pa.organisation_id = pb.organisation_id AND pa.contact_id < pb.contact_id
  JOIN alive ca ON ca.id = pa.contact_id
  JOIN alive cb ON cb.id = pb.contact_id
 WHERE similarity(concat_ws(' ', ca.given_name, ca.family_name),
                  concat_ws(' ', cb.given_name, cb.family_name)) >= %(similarity)s
"""


@dataclass(frozen=True)
class DuplicatePair:
    first: Contact
    second: Contact
    reasons: tuple[str, ...]


def suggest_duplicates(owner, *, contact: Contact | None = None, limit: int = 100):
    """Pairs of the owner's living contacts that are probably one person, each with why.

    Two queries whatever the number of pairs: the pairs, then the contacts they name."""
    sql = f"SELECT * FROM ({PAIRS_SQL}) pairs"
    params = {"owner": owner.pk, "similarity": NAME_SIMILARITY}
    if contact is not None:
        sql += " WHERE %(contact)s IN (pairs.first_id, pairs.second_id)"
        params["contact"] = contact.pk
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    reasons: dict[tuple, list[str]] = {}
    for first, second, reason in rows:
        reasons.setdefault((first, second), []).append(reason)
    pairs = list(reasons.items())[:limit]
    ids = {pk for pair, _ in pairs for pk in pair}
    contacts = Contact.objects.filter(pk__in=ids).select_related("specialty").in_bulk()
    return [
        DuplicatePair(contacts[a], contacts[b], tuple(sorted(why)))
        for (a, b), why in sorted(pairs, key=lambda p: str(contacts[p[0][0]]))
    ]
