from django import template
from django.utils.dates import MONTHS_3
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import localtime

from core.html import printed
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
    # format_html_join's work done directly (an escape per value): as it wrote them
    options = "".join(
        f'<option value="{printed(value)}"{" selected" if str(value) in chosen else ""}>'
        f"{printed(label)}</option>"
        for value, label in widget.choices
    )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<select name="{printed(field.html_name)}" id="{printed(field.id_for_label)}">'
        f"{options}</select>"
    )


@register.simple_tag
def event_row(event) -> str:
    """``{% event_row event %}``: an event's row in a list (an ``events.listing.ListedEvent``,
    or an event annotated by ``for_listing`` and ``with_my_status``), built in Python: as an
    include, each of a page's 25 rows was a template render with two ``|date``, a
    ``|floatformat`` and a dozen lookups, most of the list's template time (issue 22).
    ``events/_event_row.html`` calls it; tests/events/test_event_row.py holds it to that
    template's old markup."""
    start = localtime(event.starts_at)
    status = getattr(event, "my_status", None)
    total = event.cpd_total
    place = event.place
    labels = getattr(event, "specialty_labels", None)
    # format_html's work (an escape per value, a SafeString per call) done directly: a third
    # of the row's time
    return mark_safe(  # noqa: S308 - every value below is escaped
        _ROW(
            MONTHS_3[start.month].title(),
            start.day,
            printed(url_of(event.pk, "events:detail")),
            printed(event.title),
            _PRIVATE if event.owner_id else "",
            _STATUS(printed(capfirst(status))) if status else "",
            printed(event.when_label),
            printed(event.kind),
            f" · {printed(place)}" if place else "",
            " · Online" if event.online_url else "",
            f" · {printed(hours(total))} CPD h" if total else "",
            f"<br><small>{printed(', '.join(labels))}</small>" if labels else "",
        )
    )


_ROW = (
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
    "</li>\n"
).format
_PRIVATE = '<small class="badge">Private</small>'
_STATUS = '<small class="badge badge-status">{}</small>'.format
