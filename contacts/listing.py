"""The contact list's rows as plain values, worked out once per page in Python: the template
then only prints them (a template lookup per attribute and a URL reversal per row cost more
than the page's SQL)."""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable

from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from core.reversing import url_pattern
from core.templatetags.ui import avatar

from .models import Contact


def url_maker(name: str = "contacts:detail"):
    """``reverse(name, args=[pk])`` for many pks (``core.reversing.url_pattern``)."""
    return url_pattern(name).format


def list_rows(contacts: Iterable[Contact]) -> list[dict]:
    """One dict per contact with what a row of ``_contact_results.html`` shows (as
    ``Contact.display_name``, ``is_overdue`` and the list's columns would give it)."""
    today = timezone.localdate()
    url = url_maker()
    rows = []
    for contact in contacts:
        last = contact.last_interaction_at
        # Contact.is_overdue with today worked out once: next_due_on holds the whole rule
        # (own cadence, a default one, fading, snoozes), as the overdue filter and dashboard use.
        due = contact.next_due_on
        overdue = due is not None and due < today
        rows.append(
            {
                "pk": contact.pk,
                "url": url(contact.pk),
                "name": contact.display_name,
                "post_nominals": contact.post_nominals,
                "overdue": overdue,
                "organisation": contact.organisation_name or "",
                "specialty": contact.specialty_label or contact.specialty_other,
                "last_contacted": f"{last:%d/%m/%Y}" if last else "never",
                "closeness": contact.closeness or "",
                "tags": format_html_join(
                    "", '<span class="tag">{}</span> ', ((t,) for t in contact.tag_names)
                ),
            }
        )
    return rows


# One row of the list's table, as ``{% for row in rows %}`` in _contact_results.html printed it
# (its whitespace included): the loop's lookups, tags and ``{% if %}`` cost ~100 µs a row.
ROW = (
    "\n    <tr>\n"
    '      <td class="cell-pick"><input type="checkbox" name="ids" value="{pk}" id="pick-{pk}"'
    ' aria-label="Select {name}"></td>\n'
    '      <td class="cell-person"><div class="person">{avatar}<div class="person-body">'
    '<a class="person-name" href="{url}">{name}</a>{post_nominals}{overdue}</div></div></td>\n'
    '      <td data-label="Organisation">{organisation}</td>\n'
    '      <td data-label="Specialty">{specialty}</td>\n'
    '      <td data-label="Last contacted">{last_contacted}</td>\n'
    '      <td data-label="Closeness">{closeness}</td>\n'
    '      <td data-label="Tags">{tags}</td>\n'
    "    </tr>\n    "
).format
POST_NOMINALS = ' <span class="post-nominals">{}</span>'.format
OVERDUE = ' <span class="badge badge-warning cadence overdue">overdue</span>'


def _text(value) -> str:
    """``value`` as ``{{ value }}`` prints it: ``conditional_escape`` without the lazy-string
    check that made it a third of this module's time (the rows hold no lazy strings; a number,
    the closeness from 1 to 5, prints as ``str()`` prints it)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@functools.lru_cache(maxsize=4096)
def _avatar(name: str) -> str:
    """``{% avatar name size="sm" %}``: the same for a name on every page, so worked out once."""
    return avatar(name, size="sm")


def rows_html(rows: Iterable[dict]) -> SafeString:
    """The table rows of ``list_rows``' dicts, as ``{% for row in rows %}`` printed them, each
    value escaped as ``{{ value }}`` escapes it."""
    out = []
    for row in rows:
        name = row["name"]
        post_nominals = row["post_nominals"]
        out.append(
            ROW(
                pk=_text(row["pk"]),
                name=_text(name),
                avatar=_avatar(name),
                url=_text(row["url"]),
                post_nominals=POST_NOMINALS(_text(post_nominals)) if post_nominals else "",
                overdue=OVERDUE if row["overdue"] else "",
                organisation=_text(row["organisation"]),
                specialty=_text(row["specialty"]),
                last_contacted=_text(row["last_contacted"]),
                closeness=_text(row["closeness"]),
                tags=_text(row["tags"]),
            )
        )
    return mark_safe("".join(out))
