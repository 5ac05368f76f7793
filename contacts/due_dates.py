"""``Contact.next_due_on``: when keeping in touch with a contact next falls due.

The rule (a contact's own cadence, else the shortest default for one of its tags or relationship
kinds, else "fading" for a close contact; after any snooze) belongs to the reminders app, which
keeps the defaults and snoozes and registers the rule here from its ``AppConfig.ready``. Every
writer of what the rule reads calls ``refresh`` in the same transaction, after writing:
interactions (``contacts.interactions``), a contact's cadence, closeness, tags or relationship
kinds (editing, bulk actions, merging, imports, admin), and the reminders app's own defaults and
snoozes. One UPDATE per call, whatever the number of contacts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# rule(contact_ids=..., owner_ids=...): recompute next_due_on for those contacts (or every
# contact of those owners) in one statement.
Rule = Callable[..., None]

_RULES: dict[str, Rule] = {}


def register_rule(name: str, rule: Rule) -> None:
    """``register_rule("reminders.keep_in_touch", refresh_due_dates)`` from ``ready()``."""
    _RULES[name] = rule


def refresh(contact_ids: Iterable[object] = (), *, owner_ids: Iterable[object] = ()) -> None:
    """Recompute ``next_due_on`` for these contacts, and for every contact of these owners."""
    contact_ids, owner_ids = list(contact_ids), list(owner_ids)
    if not contact_ids and not owner_ids:
        return
    for rule in _RULES.values():
        rule(contact_ids=contact_ids, owner_ids=owner_ids)
