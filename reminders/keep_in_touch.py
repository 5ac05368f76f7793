"""Keep-in-touch nudges (a lapsed cadence, a fading close relationship): the rule that dates
them (``Contact.next_due_on``), done and snooze."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import connection, transaction

from contacts import due_dates
from contacts.interactions import log_interaction
from contacts.models import Contact

from .models import CadenceDefault, KeepInTouchSnooze

# A close relationship (closeness 4-5) with no interaction for this long is "fading".
FADING_AFTER_DAYS = 180
FADING_CLOSENESS = 4


def _tables() -> dict[str, str]:
    return {
        "contact": Contact._meta.db_table,
        "tags": Contact.tags.through._meta.db_table,
        "kinds": Contact.relationship_kinds.through._meta.db_table,
        "defaults": CadenceDefault._meta.db_table,
        "snoozes": KeepInTouchSnooze._meta.db_table,
    }


# The shortest default cadence for one contact (``c``) without its own: by tag or relationship
# kind. Shared by the rule and by the due source, which shows the cadence of the few items listed.
DEFAULT_CADENCE_SQL = """
    SELECT MIN(cd.cadence_days) AS cadence FROM {defaults} cd
    WHERE c.cadence_days IS NULL AND cd.owner_id = c.owner_id AND (
        cd.tag_id IN (SELECT ct.tag_id FROM {tags} ct WHERE ct.contact_id = c.id)
        OR cd.relationship_kind_id IN (
            SELECT ck.term_id FROM {kinds} ck WHERE ck.contact_id = c.id
        )
    )
"""

# Never contacted: the clock starts when the contact was added.
_REFRESH_SQL = """
    UPDATE {contact} AS target SET next_due_on = computed.due_on
    FROM (
        SELECT c.id,
               CASE WHEN COALESCE(c.cadence_days, d.cadence) IS NULL
                         AND COALESCE(c.closeness, 0) < %(closeness)s THEN NULL
               ELSE GREATEST(
                   COALESCE(c.last_interaction_at, (c.created_at AT TIME ZONE 'UTC')::date)
                   + COALESCE(c.cadence_days, d.cadence, %(fading_days)s),
                   s.snoozed_until
               ) END AS due_on
        FROM {contact} c
        LEFT JOIN {snoozes} s ON s.contact_id = c.id
        LEFT JOIN LATERAL ({default_cadence}) d ON TRUE
        WHERE c.id = ANY(%(contacts)s) OR c.owner_id = ANY(%(owners)s)
    ) AS computed
    WHERE target.id = computed.id AND target.next_due_on IS DISTINCT FROM computed.due_on
"""


def refresh_due_dates(*, contact_ids: Sequence[object] = (), owner_ids: Sequence[object] = ()):
    """Recompute ``Contact.next_due_on`` for these contacts and every contact of these owners
    (one UPDATE; rows already right are not rewritten). Registered with ``contacts.due_dates``."""
    tables = _tables()
    sql = _REFRESH_SQL.format(default_cadence=DEFAULT_CADENCE_SQL.format(**tables), **tables)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "contacts": list(contact_ids),
                "owners": list(owner_ids),
                "closeness": FADING_CLOSENESS,
                "fading_days": FADING_AFTER_DAYS,
            },
        )


@transaction.atomic
def mark_in_touch(*, owner, contact: Contact, on: dt.date | None = None) -> None:
    """The doctor got in touch: log a "message" interaction (which resets the clock) and drop
    any snooze."""
    KeepInTouchSnooze.objects.filter(owner=owner, contact=contact).delete()
    log_interaction(owner, [contact], kind="message", occurred_on=on, note="Kept in touch.")


@transaction.atomic
def snooze_contact(*, owner, contact: Contact, until: dt.date) -> KeepInTouchSnooze:
    if contact.owner_id != owner.pk:
        raise PermissionError("Only the owner's own contacts can be snoozed.")
    snooze, _ = KeepInTouchSnooze.objects.update_or_create(
        contact=contact, defaults={"owner": owner, "snoozed_until": until}
    )
    due_dates.refresh([contact.pk])
    return snooze


@transaction.atomic
def save_cadence_default(*, owner, default: CadenceDefault) -> CadenceDefault:
    """Save a default cadence (by tag or relationship kind) and re-date the owner's contacts."""
    if default.owner_id is None:
        default.owner = owner
    elif default.owner_id != owner.pk:
        raise PermissionError("Only the owner's own defaults can be changed.")
    default.save()
    due_dates.refresh(owner_ids=[owner.pk])
    return default


@transaction.atomic
def delete_cadence_default(*, owner, default: CadenceDefault) -> None:
    if default.owner_id != owner.pk:
        raise PermissionError("Only the owner's own defaults can be removed.")
    default.delete()
    due_dates.refresh(owner_ids=[owner.pk])
