"""A mentorship's action items as markup built in Python (issue 22).

The mentorship page draws some 70 of them (its open actions and each recent meeting's). As
includes, each was a template render with a dozen lookups and filters, most of the page's
template time. ``mentorship/_action_text.html`` and ``_action_item.html`` call these tags, so
the markup lives here only; tests/mentorship/test_action_rows.py holds it to the templates'
old output."""

from __future__ import annotations

# The standard library's escape is what Django's ``escape`` and autoescaping call, without
# their lazy-string wrappers (a row here escapes a few values; format_html per value cost
# more than the rest of the row).
from html import escape as _escape

from django import template
from django.template.defaultfilters import join, linebreaksbr, pluralize, truncatechars
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe

from core.form_renderer import resolved, text
from core.templatetags.ui import dmy, url_of

register = template.Library()

_CSRF = CsrfTokenNode()


def action_text_html(item, user, today) -> SafeString:
    """An action's title, who does it, when it is due and when it was done."""
    title = _escape(item.title)
    if item.done_on:
        title = f"<s>{title}</s>"
    if item.assignee_id == getattr(user, "pk", None):
        who = "me"
    elif item.assignee_id is not None:
        # ActionItem.objects.for_rows() reads the name with the row; else the user is loaded.
        who = _escape(str(item.__dict__.get("assignee_name") or item.assignee))
    else:
        who = "them"
    due = done = ""
    if item.due_on:
        due = f", due {dmy(item.due_on)}"
        if not item.done_on and today is not None and item.due_on < today:
            due += ' <strong class="overdue">overdue</strong>'
    if item.done_on:
        done = f", done {dmy(item.done_on)}"
    return mark_safe(f"{title}\n  <small>— {who}{due}{done}</small>\n")


@register.simple_tag(takes_context=True)
def action_text(context, item) -> SafeString:
    """``{% action_text item %}``: what ``mentorship/_action_text.html`` draws; reads ``user``
    and ``today`` from the context, as the template did."""
    return action_text_html(item, context.get("user"), context.get("today"))


@register.simple_tag(takes_context=True)
def action_item(context, item) -> SafeString:
    """``{% action_item item %}``: an action with its Done / Reopen button (the form posts
    ``back`` when the context has one), what ``mentorship/_action_item.html`` draws."""
    toggle_url = _escape(url_of(item.pk, "mentorship:action_toggle"))
    back = context.get("back")
    back = f'<input type="hidden" name="back" value="{_escape(str(back))}">' if back else ""
    done = item.done_on is not None
    text = action_text_html(item, context.get("user"), context.get("today"))
    return mark_safe(
        f'<li id="action-{item.pk}" class="action-item{" done" if done else ""}">\n'
        f'  <form method="post" action="{toggle_url}" class="inline-form" hx-post="{toggle_url}" '
        f'hx-target="#action-{item.pk}" hx-swap="outerHTML">\n'
        f"    {_CSRF.render(context)}{back}\n"
        f'    <button type="submit" class="btn btn-secondary btn-sm">{"Reopen" if done else "Done"}'
        f'<span class="visually-hidden">: {_escape(item.title)}</span></button>\n'
        "  </form>\n"
        f"  {text}\n"
        "</li>\n"
    )


def meeting_html(meeting, user, today) -> SafeString:
    """A recent meeting: its date and agenda, its notes and its actions."""
    url = _escape(url_of(meeting.pk, "mentorship:meeting_detail"))
    items = meeting.action_items.all()
    parts = [f'<article class="meeting">\n  <header><a href="{url}"><strong>{dmy(meeting.held_on)}']
    parts.append("</strong></a>")
    if meeting.agenda:
        parts.append(f" — {_escape(truncatechars(meeting.agenda, 120))}")
    parts.append("</header>\n  ")
    for note in meeting.notes.all():
        private = " (private)" if note.private else ""
        parts.append(
            f"<p><small>{_escape(str(note.author))}{private}:</small> "
            f"{linebreaksbr(note.text, autoescape=True)}</p>"
        )
    parts.append("\n  ")
    if items:
        parts.append('\n  <ul class="meeting-actions">')
        for item in items:
            done = " done" if item.done_on else ""
            parts.append(
                f'<li class="action-item{done}">{action_text_html(item, user, today)}</li>'
            )
        parts.append(
            f'</ul>\n  <p><small><a href="{url}">Tick off or add actions</a></small></p>\n  '
        )
    parts.append("\n</article>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def meeting_card(context, meeting) -> SafeString:
    """``{% meeting_card meeting %}``: what ``mentorship/_meeting.html`` draws (a dozen lookups,
    filters and a ``{% with %}`` per meeting as a template); reads ``user`` and ``today`` from
    the context, as the template did."""
    return meeting_html(meeting, context.get("user"), context.get("today"))


def _shown(value) -> str:
    """``{{ value }}``: converted and escaped as the template engine does."""
    return text(resolved(value))


def directory_card_html(profile) -> SafeString:
    """A mentor's card in the directory: name, headline, specialty, format, place, focus areas,
    career stages helped and places left (``mentorship.directory.card_rows`` reads them)."""
    url = _escape(url_of(profile.pk, "mentorship:directory_profile"))
    owner = profile.owner
    meta = [f"{_shown(owner.specialty)} · " if owner.specialty else ""]
    meta.append(_shown(profile.get_format_display()))
    city, state = profile.city, profile.state
    if city or state:
        meta.append(f" · {_shown(city)}{', ' if city and state else ''}{_shown(state)}")
    areas, stages = profile.focus_labels, profile.stage_labels
    areas = f"<p><small>Focus: {text(join(areas, ', '))}</small></p>" if areas else ""
    stages = f"<p><small>Helps: {text(join(stages, ', '))}</small></p>" if stages else ""
    left = profile.places_left
    if left:
        room = f"Room for {_shown(left)} more mentee{pluralize(left)}"
    else:
        room = "Not taking mentees now"
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<article>\n    <header><a href="{url}"><strong>{_shown(owner)}</strong></a><br>'
        f"<small>{_shown(profile.headline)}</small></header>\n"
        f"    <p><small>{''.join(meta)}</small></p>\n"
        f"    \n    {areas}\n    {stages}\n    \n"
        f"    <footer><small>{room}</small></footer>\n  </article>"
    )


@register.simple_tag
def directory_card(profile) -> SafeString:
    """``{% directory_card profile %}``: one card of ``mentorship/_directory_results.html``, a
    dozen lookups and filters per card as a template."""
    return directory_card_html(profile)
