"""The due list's row, drawn in Python: ``{% due_item item done_url snooze_url %}``.

The dashboard, the reminders page, a group's own pages and "Show more" list up to 30 items a
page. As an include (``reminders/_due_item.html`` until issue 22) each cost a template render,
a ``|date`` and five conditionals, 3-4 ms a page; this gives the same markup in a fraction of
the time.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
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
    esc = conditional_escape
    title = esc(item.title)
    if item.url:
        heading = f'<a href="{esc(item.url)}" class="due-title">{title}</a>'
    else:
        heading = f'<span class="due-title">{title}</span>'
    detail = f" · {esc(item.detail)}" if item.detail else ""
    actions = ""
    if item.action_ref:
        ref, done, snooze = esc(item.action_ref), esc(done_url), esc(snooze_url)
        actions = (
            '\n  <div class="due-actions">\n'
            f'    <button name="ref" value="{ref}" hx-post="{done}" class="btn btn-primary btn-sm">'
            f'Done<span class="visually-hidden">: {title}</span></button>\n'
            f'    <button name="ref" value="{ref}" formaction="{snooze}" hx-post="{snooze}" '
            'class="btn btn-secondary btn-sm">'
            f'Snooze<span class="visually-hidden">: {title}</span></button>\n'
            "  </div>\n  "
        )
    day = day_dmy(template_localtime(item.due_on))
    # Every value above is escaped; f-strings rather than format_html, a third of the cost.
    return mark_safe(  # noqa: S308
        f'<li class="due-item due-{esc(item.kind)}">\n'
        '  <div class="due-text">\n'
        f"    {heading}\n"
        f"    <small>{esc(day)}{detail}</small>\n"
        "  </div>\n"
        f"  {actions}\n"
        "</li>"
    )
