"""Who is linked to whom through contacts' own facts: a hook for tables derived from it.

The network graph keeps its edges in a table (``collaboration.NetworkEdge``): pairs of a doctor's
living contacts who met together at one interaction, among other kinds of shared work. The
contacts app writes some of what those edges read (interactions, the Trash, merges) but must not
import the app that keeps them, so the collaboration app registers its refresh here from its
``AppConfig.ready``, as the reminders app registers its due-date rule in ``contacts.due_dates``.

Every writer in the contacts app whose change may add, remove or re-weigh a link calls
``refresh(owner_id, contact_ids)`` in the same transaction, after writing: interactions naming
two or more people (``contacts.interactions`` and the admin), moving to and from the Trash
(``contacts.services``) and merges (``contacts.merging``). Deleting contacts for good calls
``refresh(..., leaving=True)`` first, so what is derived for the people linked to them (how many
links each has) is put right before their own rows go (foreign keys with ``CASCADE``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# rule(owner_id, contact_ids, leaving=False): recompute whatever touches those contacts of that
# owner (leaving: they are about to be deleted).
Rule = Callable[..., None]

_RULES: dict[str, Rule] = {}


def register_rule(name: str, rule: Rule) -> None:
    """``register_rule("collaboration.edges", refresh_edges_for)`` from ``ready()``."""
    _RULES[name] = rule


def refresh(owner_id: int, contact_ids: Iterable[object], *, leaving: bool = False) -> None:
    """Recompute every derived link touching these contacts of ``owner_id``; ``leaving``: they
    are about to be deleted for good, so they keep none."""
    contact_ids = list(contact_ids)
    if not contact_ids:
        return
    for rule in _RULES.values():
        rule(owner_id, contact_ids, leaving=leaving)
