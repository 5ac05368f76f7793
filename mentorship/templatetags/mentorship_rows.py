"""A mentorship's action items as markup built in Python (issue 22).

The mentorship page draws some 70 of them (its open actions and each recent meeting's). As
includes, each was a template render with a dozen lookups and filters, most of the page's
template time. ``mentorship/_action_text.html`` and ``_action_item.html`` call these tags, so
the markup lives here only; tests/mentorship/test_action_rows.py holds it to the templates'
old output."""

from __future__ import annotations

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.templatetags.ui import dmy, url_of

register = template.Library()

_CSRF = CsrfTokenNode()


def action_text_html(item, user, today) -> SafeString:
    """An action's title, who does it, when it is due and when it was done."""
    title = format_html("<s>{}</s>", item.title) if item.done_on else format_html("{}", item.title)
    if item.assignee_id == getattr(user, "pk", None):
        who = "me"
    elif item.assignee_id is not None:
        # ActionItem.objects.for_rows() reads the name with the row; else the user is loaded.
        who = item.__dict__.get("assignee_name") or item.assignee
    else:
        who = "them"
    due = ""
    if item.due_on:
        overdue = not item.done_on and today is not None and item.due_on < today
        due = format_html(
            ", due {}{}",
            dmy(item.due_on),
            mark_safe(' <strong class="overdue">overdue</strong>') if overdue else "",
        )
    done = format_html(", done {}", dmy(item.done_on)) if item.done_on else ""
    return format_html("{}\n  <small>— {}{}{}</small>\n", title, who, due, done)


@register.simple_tag(takes_context=True)
def action_text(context, item) -> SafeString:
    """``{% action_text item %}``: what ``mentorship/_action_text.html`` draws; reads ``user``
    and ``today`` from the context, as the template did."""
    return action_text_html(item, context.get("user"), context.get("today"))


@register.simple_tag(takes_context=True)
def action_item(context, item) -> SafeString:
    """``{% action_item item %}``: an action with its Done / Reopen button (the form posts
    ``back`` when the context has one), what ``mentorship/_action_item.html`` draws."""
    toggle_url = url_of(item.pk, "mentorship:action_toggle")
    back = context.get("back")
    done = item.done_on is not None
    return format_html(
        '<li id="action-{}" class="action-item{}">\n'
        '  <form method="post" action="{}" class="inline-form" hx-post="{}" '
        'hx-target="#action-{}" hx-swap="outerHTML">\n'
        "    {}{}\n"
        '    <button type="submit" class="btn btn-secondary btn-sm">{}'
        '<span class="visually-hidden">: {}</span></button>\n'
        "  </form>\n"
        "  {}\n"
        "</li>\n",
        item.pk,
        " done" if done else "",
        toggle_url,
        toggle_url,
        item.pk,
        mark_safe(_CSRF.render(context)),
        format_html('<input type="hidden" name="back" value="{}">', back) if back else "",
        "Reopen" if done else "Done",
        item.title,
        action_text_html(item, context.get("user"), context.get("today")),
    )
