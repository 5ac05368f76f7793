"""The contact list's rows as plain values, worked out once per page in Python: the template
then only prints them (a template lookup per attribute and a URL reversal per row cost more
than the page's SQL)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.html import format_html_join

from core.reversing import url_pattern

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
