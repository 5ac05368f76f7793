from django import template
from django.db import connection

from collaboration.models import Collaborator, Presentation, Project
from collaboration.network import ROWS_IN_CONTEXT, SHOWN_ON_CONTACT, shared_projects_statement

register = template.Library()


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
