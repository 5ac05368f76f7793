from django import template
from django.utils.dates import MONTHS_3
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import localtime

from core.templatetags.ui import hours, url_of
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


@register.simple_tag
def event_row(event) -> str:
    """``{% event_row event %}``: an event's row in a list (``for_listing`` and
    ``with_my_status`` annotate what it shows), built in Python: as an include, each of a
    page's 25 rows was a template render with two ``|date``, a ``|floatformat`` and a dozen
    lookups, most of the list's template time (issue 22). ``events/_event_row.html`` calls it;
    tests/events/test_event_row.py holds it to that template's old markup."""
    start = localtime(event.starts_at)
    status = getattr(event, "my_status", None)
    total = event.cpd_total
    place = event.place
    labels = getattr(event, "specialty_labels", None)
    return format_html(
        '<li class="event-row">\n'
        '  <article class="event-card">\n'
        '    <p class="date-tile" aria-hidden="true"><span class="date-tile-month">{}</span>'
        '<span class="date-tile-day">{}</span></p>\n'
        '    <div class="event-card-body">\n'
        '      <p class="event-card-title"><a href="{}"><strong>{}</strong></a>\n'
        "        {}\n"
        "        {}</p>\n"
        "      <p>{}<br>\n"
        "        <small>{}{}{}{}</small>\n"
        "        {}\n"
        "      </p>\n"
        "    </div>\n"
        "  </article>\n"
        "</li>\n",
        MONTHS_3[start.month].title(),
        start.day,
        url_of(event.pk, "events:detail"),
        event.title,
        mark_safe('<small class="badge">Private</small>') if event.owner_id else "",
        format_html('<small class="badge badge-status">{}</small>', capfirst(status))
        if status
        else "",
        event.when_label,
        event.kind,
        format_html(" · {}", place) if place else "",
        " · Online" if event.online_url else "",
        format_html(" · {} CPD h", hours(total)) if total else "",
        format_html("<br><small>{}</small>", ", ".join(labels)) if labels else "",
    )
