from django import template
from django.utils.html import format_html, format_html_join

from events import follow_ups, selectors

register = template.Library()


@register.simple_tag
def upcoming_events_for(user, limit: int = 5):
    """The dashboard list (one query): ``{% upcoming_events_for user as events %}``."""
    return selectors.upcoming(user, limit=limit)


@register.simple_tag
def follow_up_url(event, contact=None):
    """The follow-up form pre-filled for this event (and a person met there):
    ``{% follow_up_url event person.contact as url %}``."""
    return follow_ups.follow_up_url(event, contact)


@register.simple_tag
def select_field(field):
    """A bound form field's ``<select>``, built in Python: Django's form renderer runs two
    templates per option, which cost the browse page more than its 25 rows (70 options)."""
    widget = field.field.widget
    chosen = widget.format_value(field.value())
    chosen = {chosen} if isinstance(chosen, str) else {str(c) for c in chosen}
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) in chosen else "", label)
            for value, label in widget.choices
        ),
    )
    return format_html(
        '<select name="{}" id="{}">{}</select>', field.html_name, field.id_for_label, options
    )
