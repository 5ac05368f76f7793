"""The due list's row, drawn in Python: ``{% due_item item done_url snooze_url %}``.

The dashboard, the reminders page, a group's own pages and "Show more" list up to 30 items a
page. As an include (``reminders/_due_item.html`` until issue 22) each cost a template render,
a ``|date`` and five conditionals, 3-4 ms a page; this gives the same markup in a fraction of
the time.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.timezone import template_localtime

from core.templatetags.ui import day_dmy

register = template.Library()


@register.simple_tag
def due_item(item, done_url, snooze_url):
    """One ``reminders.due.DueItem`` as a list item. Its Done and Snooze buttons submit the
    list's one form (``_due_groups.html``, ``reminder_group.html``) with ``ref`` naming the item:
    htmx posts them (static/js/due-items.js adds the item's title) and replaces the item with
    what was done, and without JavaScript the form posts and comes back. ``done_url`` and
    ``snooze_url``: the list's ``{% url %}`` of each action."""
    title = conditional_escape(item.title)
    if item.url:
        heading = format_html('<a href="{}" class="due-title">{}</a>', item.url, title)
    else:
        heading = format_html('<span class="due-title">{}</span>', title)
    detail = format_html(" · {}", item.detail) if item.detail else ""
    actions = ""
    if item.action_ref:
        actions = format_html(
            '\n  <div class="due-actions">\n'
            '    <button name="ref" value="{ref}" hx-post="{done}" class="btn btn-primary btn-sm">'
            'Done<span class="visually-hidden">: {title}</span></button>\n'
            '    <button name="ref" value="{ref}" formaction="{snooze}" hx-post="{snooze}" '
            'class="btn btn-secondary btn-sm">'
            'Snooze<span class="visually-hidden">: {title}</span></button>\n'
            "  </div>\n  ",
            ref=item.action_ref,
            done=done_url,
            snooze=snooze_url,
            title=title,
        )
    return format_html(
        '<li class="due-item due-{kind}">\n'
        '  <div class="due-text">\n'
        "    {heading}\n"
        "    <small>{day}{detail}</small>\n"
        "  </div>\n"
        "  {actions}\n"
        "</li>",
        kind=item.kind,
        heading=heading,
        day=day_dmy(template_localtime(item.due_on)),
        detail=detail,
        actions=actions,
    )
