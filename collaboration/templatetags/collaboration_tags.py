from django import template

from collaboration.models import Collaborator, Presentation

register = template.Library()

SHOWN_ON_CONTACT = 10


@register.inclusion_tag("collaboration/_contact_projects.html")
def shared_projects(contact):
    """The contact page's "Projects together" panel (one query): the newest ten, then a link."""
    memberships = list(
        Collaborator.objects.filter(contact=contact, project__owner_id=contact.owner_id)
        .select_related("project")
        .order_by("-project__start_date", "project__title")[: SHOWN_ON_CONTACT + 1]
    )
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
