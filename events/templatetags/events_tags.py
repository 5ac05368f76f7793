from django import template

from events.models import Event

register = template.Library()


@register.simple_tag
def upcoming_events_for(user, limit: int = 5):
    """The dashboard list (one query): ``{% upcoming_events_for user as events %}``."""
    return list(Event.objects.upcoming_for(user, limit=limit))
