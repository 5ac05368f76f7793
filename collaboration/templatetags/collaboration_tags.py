from django import template
from django.db import connection

from collaboration.models import Collaborator, Presentation, Project

register = template.Library()

SHOWN_ON_CONTACT = 10


# The projects shared with a contact, newest start first (undated last), then by title: what
# ``Collaborator.objects.filter(contact=…, project__owner_id=…).select_related("project")
# .order_by("-project__start_date", "project__title")`` gives, read without building and
# compiling that queryset on every contact page (issue 22). Only what the panel shows is read.
_SHARED_SQL = """
SELECT c.id, c.role, p.id, p.kind, p.title, p.start_date, p.end_date
  FROM collaboration_collaborator c
  JOIN collaboration_project p ON p.id = c.project_id
 WHERE c.contact_id = %s AND p.owner_id = %s
 ORDER BY p.start_date DESC NULLS FIRST, p.title ASC
 LIMIT %s"""


# The context variable in which a view hands the panel its rows, read with its other statements
# (``shared_projects_statement``): the contact page reads them in its timeline's round trip.
ROWS_IN_CONTEXT = "shared_project_rows"


def shared_projects_statement(contact) -> tuple[str, list]:
    """The panel's statement and parameters, for a view that reads its rows itself (put them in
    the context as ``ROWS_IN_CONTEXT``)."""
    return _SHARED_SQL, [contact.pk, contact.owner_id, SHOWN_ON_CONTACT + 1]


@register.inclusion_tag("collaboration/_contact_projects.html", takes_context=True)
def shared_projects(context, contact):
    """The contact page's "Projects together" panel (one query, none when the view has read its
    rows): the newest ten, then a link."""
    rows = context.get(ROWS_IN_CONTEXT)
    if rows is None:
        sql, params = shared_projects_statement(contact)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    memberships = []
    for pk, role, *project in rows:
        # ``from_db`` takes the values in the model's field order.
        membership = Collaborator.from_db(connection.alias, ["id", "role"], [pk, role])
        membership._state.fields_cache["project"] = Project.from_db(
            connection.alias, ["id", "kind", "title", "start_date", "end_date"], project
        )
        memberships.append(membership)
    return {
        "contact": contact,
        "memberships": memberships[:SHOWN_ON_CONTACT],
        "more": len(memberships) > SHOWN_ON_CONTACT,
    }


@register.inclusion_tag("collaboration/_event_presentations.html")
def presentations_at(event, user):
    """The event page's "Your presentations here" (one query; nothing shown when there are none)."""
    presentations = (
        Presentation.objects.for_user(user).filter(event=event).select_related("project")
    )
    return {"presentations": list(presentations)}
