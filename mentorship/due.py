"""What mentorship puts on the dashboard and in digests: the next meeting due by the agreed
cadence, and open action items: the doctor's own, and, in a private mentorship (the other person
is not a NetMed user, so nobody else will be reminded), the other person's too, to chase them.
Both answer for a batch of doctors in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from accounts.models import User
from contacts.models import Contact, display_name
from core.reversing import url_pattern
from reminders.due import DueItem, DueQuery, register_actions, register_query

from . import services
from .models import ActionItem, Meeting, Mentorship, Status

_TABLES = {
    "mentorship": Mentorship._meta.db_table,
    "meeting": Meeting._meta.db_table,
    "action": ActionItem._meta.db_table,
    "user": User._meta.db_table,
    "contact": Contact._meta.db_table,
}

# The names ``Mentorship.other_name_for`` reads: the owner's and member's (users), the contact's.
_NAMES = """
    ou.display_name, ou.email, mu.display_name, mu.email,
    c.given_name, c.preferred_name, c.family_name
"""
_NAME_JOINS = """
    JOIN {user} ou ON ou.id = m.owner_id
    LEFT JOIN {user} mu ON mu.id = m.member_id
    LEFT JOIN {contact} c ON c.id = m.contact_id
"""


def _other_name(user_id, member_id, contact_id, names) -> str:
    """``Mentorship.other_name_for`` on a row's ids and ``_NAMES``."""
    owner_name, owner_email, member_name, member_email, given, preferred, family = names
    if member_id and member_id == user_id:
        return owner_name or owner_email
    if contact_id:
        return display_name(given, preferred, family)
    if member_id:
        return member_name or member_email
    return "(no one named)"


# Active mentorships with a cadence, and the day of each one's last meeting (on the
# (mentorship, -held_on) index), in the model's order.
_MEETINGS_SQL = f"""
    SELECT m.id, m.owner_id, m.member_id, m.contact_id, m.member_contact_id, m.cadence_days,
           m.started_on, m.proposed_on,
           (SELECT mt.held_on FROM {{meeting}} mt WHERE mt.mentorship_id = m.id
            ORDER BY mt.held_on DESC LIMIT 1),
           {_NAMES}
    FROM {{mentorship}} m
    {_NAME_JOINS}
    WHERE (m.owner_id = ANY(%s) OR m.member_id = ANY(%s))
      AND m.status = %s AND m.cadence_days IS NOT NULL
    ORDER BY m.status, m.proposed_on DESC
"""


@register_query("mentorship_meeting")
def meetings_due(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> DueQuery:
    """One item per member of each active mentorship whose next meeting falls due by ``until``."""
    ids = list(owner_ids)
    sql = _MEETINGS_SQL.format(**_TABLES)
    return DueQuery(sql, [ids, ids, Status.ACTIVE.value], lambda rows: _meetings(rows, ids, until))


def _meetings(rows, owner_ids, until: dt.date) -> Iterator[DueItem]:
    ids = set(owner_ids)
    detail_url = url_pattern("mentorship:detail")
    for row in rows:
        pk, owner_id, member_id, contact_id, member_contact_id, cadence, started, proposed = row[:8]
        last_meeting_on, names = row[8], row[9:]
        # As ``Mentorship.next_meeting_due`` (the statement asks for active ones only).
        if not cadence:
            continue
        due_on = (last_meeting_on or started or proposed) + dt.timedelta(days=cadence)
        if due_on > until:
            continue
        for user_id, own_contact in ((owner_id, contact_id), (member_id, member_contact_id)):
            if user_id is not None and user_id in ids:
                yield DueItem(
                    owner_id=user_id,
                    kind="mentorship_meeting",
                    title=f"Meet {_other_name(user_id, member_id, contact_id, names)}",
                    due_on=due_on,
                    url=detail_url.format(pk),
                    detail=f"Every {cadence} days",
                    contact_id=own_contact,
                )


# Open dated items assigned to one of the doctors (on the open items' (assignee, due_on) index),
# and those of the doctors' private mentorships assigned to anyone else; then their mentorship
# and its names, in the model's order.
_ACTION_ITEMS_SQL = f"""
    SELECT ai.id, ai.title, ai.assignee_id, ai.remind_on, m.id, m.owner_id, m.member_id,
           m.contact_id, {_NAMES}
    FROM (
        SELECT ai.id, ai.mentorship_id, ai.title, ai.assignee_id, ai.due_on, ai.done_on,
               GREATEST(ai.due_on, COALESCE(ai.snoozed_until, ai.due_on)) AS remind_on
        FROM {{action}} ai
        WHERE ai.assignee_id = ANY(%s) AND ai.done_on IS NULL AND ai.due_on IS NOT NULL
        UNION ALL
        SELECT ai.id, ai.mentorship_id, ai.title, ai.assignee_id, ai.due_on, ai.done_on,
               GREATEST(ai.due_on, COALESCE(ai.snoozed_until, ai.due_on))
        FROM {{mentorship}} pm JOIN {{action}} ai ON ai.mentorship_id = pm.id
        WHERE pm.member_id IS NULL AND pm.owner_id = ANY(%s)
          AND ai.done_on IS NULL AND ai.due_on IS NOT NULL
          AND (ai.assignee_id IS NULL OR NOT ai.assignee_id = ANY(%s))
    ) ai
    JOIN {{mentorship}} m ON m.id = ai.mentorship_id
    {_NAME_JOINS}
    WHERE m.status = ANY(%s) AND ai.remind_on <= %s
    ORDER BY ai.done_on DESC NULLS FIRST, ai.due_on, ai.title
"""
_OPEN_STATUSES = [Status.ACTIVE.value, Status.PAUSED.value, Status.PROPOSED.value]


@register_query("action_item")
def action_items_due(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> DueQuery:
    """Open dated action items due (or back from snooze) by ``until``: for their assignee, and
    every one of a private mentorship for its owner, whoever it is assigned to ("chase them")."""
    ids = list(owner_ids)
    sql = _ACTION_ITEMS_SQL.format(**_TABLES)
    params = [ids, ids, ids, _OPEN_STATUSES, until]
    return DueQuery(sql, params, lambda rows: _action_items(rows, ids))


def _action_items(rows, owner_ids) -> Iterator[DueItem]:
    ids = set(owner_ids)
    detail_url = url_pattern("mentorship:detail")
    for (
        pk,
        title,
        assignee_id,
        remind_on,
        mentorship_id,
        owner_id,
        member_id,
        contact_id,
        *names,
    ) in rows:
        user_id = assignee_id if assignee_id in ids else owner_id
        other = _other_name(user_id, member_id, contact_id, names)
        chase = assignee_id != user_id
        yield DueItem(
            owner_id=user_id,
            kind="action_item",
            title=f"Chase {other}: {title}" if chase else title,
            due_on=remind_on,
            url=detail_url.format(mentorship_id),
            detail=f"Their action, mentorship with {other}"
            if chase
            else f"Mentorship with {other}",
            action_ref=f"mentorship.actionitem:{pk}",
            contact_id=contact_id if chase else None,
        )


def _item_for(user, object_id) -> ActionItem:
    item = ActionItem.objects.for_user(user).filter(pk=object_id).first()
    if item is None:
        raise LookupError(object_id)
    return item


def mark_done(user, object_id) -> None:
    services.set_action_done(item=_item_for(user, object_id), done=True)


def snooze(user, object_id, until: dt.date) -> None:
    services.snooze_action(item=_item_for(user, object_id), until=until)


register_actions("mentorship.actionitem", done=mark_done, snooze=snooze)
