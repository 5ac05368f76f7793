from django import template

from events import follow_ups
from events.models import Event

register = template.Library()


@register.simple_tag
def upcoming_events_for(user, limit: int = 5):
    """The dashboard list (one query): ``{% upcoming_events_for user as events %}``."""
    return list(Event.objects.upcoming_for(user, limit=limit))


@register.simple_tag
def follow_up_url(event, contact=None):
    """The follow-up form pre-filled for this event (and a person met there):
    ``{% follow_up_url event person.contact as url %}``."""
    return follow_ups.follow_up_url(event, contact)
