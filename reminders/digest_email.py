"""The digest email's subject, plain text and HTML, from ``digest.context``.

Built with plain string formatting rather than Django templates: a pass renders ten thousand of
these, and the template engine was half of the dispatcher's time (docs/performance.md). Every
value from the database goes through ``escape`` in the HTML.
"""

from __future__ import annotations

from html import escape


def _day(date) -> str:
    return f"{date:%a %d/%m/%Y}"


def subject(ctx: dict) -> str:
    count = ctx["count"]
    what = (
        f"{count} thing{'s' if count != 1 else ''} to keep in touch with"
        if count
        else ("nothing due this week")
    )
    return f"NetMed: {what} ({_day(ctx['today'])})"


def text(ctx: dict) -> str:
    lines = [f"Hello {ctx['user']},", ""]
    if not ctx["count"]:
        lines += ["Nothing is due this week. Enjoy the quiet.", ""]
    for section in ctx["sections"]:
        lines += [f"{section['heading'].upper()} ({section['total']})", ""]
        for link in section["items"]:
            item = link["item"]
            lines.append(f"- {item.title} ({_day(item.due_on)})")
            if item.detail:
                lines.append(f"  {item.detail}")
            lines.append(f"  Open: {link['open']}")
            if "done" in link:
                lines.append(f"  Done: {link['done']}")
                lines.append(f"  Snooze a week: {link['snooze']}")
            lines.append("")
    if ctx["hidden"]:
        lines += [f"…and {ctx['hidden']} more: {ctx['dashboard_url']}", ""]
    lines += [
        f"Your dashboard: {ctx['dashboard_url']}",
        f"Change when this email comes: {ctx['preferences_url']}",
        f"Stop these emails: {ctx['unsubscribe_url']}",
        "",
        "Links work without logging in for 14 days. NetMed is about colleagues, never patients.",
        "",
    ]
    return "\n".join(lines)


def html(ctx: dict) -> str:
    """The HTML body, styled by class; ``digest.render`` inlines static/css/email-digest.css."""
    e = escape
    out = [
        '<!doctype html><html lang="en-AU"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>NetMed digest</title></head><body><div class="wrap">',
        f"<h1>Hello {e(str(ctx['user']))}</h1>",
    ]
    if not ctx["count"]:
        out.append("<p>Nothing is due this week. Enjoy the quiet.</p>")
    for section in ctx["sections"]:
        out.append(
            f'<h2 class="{section["key"]}">{e(section["heading"])} ({section["total"]})</h2>'
        )
        for link in section["items"]:
            item = link["item"]
            meta = _day(item.due_on) + (f" · {e(item.detail)}" if item.detail else "")
            out.append(
                f'<div class="item"><a class="title" href="{e(link["open"])}">{e(item.title)}</a>'
                f'<div class="meta">{meta}</div>'
            )
            if "done" in link:
                out.append(
                    f'<a class="button" href="{e(link["done"])}">Done</a>'
                    f'<a class="button secondary" href="{e(link["snooze"])}">Snooze a week</a>'
                )
            out.append("</div>")
    dashboard = e(ctx["dashboard_url"])
    if ctx["hidden"]:
        out.append(f'<p><a href="{dashboard}">…and {ctx["hidden"]} more on your dashboard</a></p>')
    out += [
        f'<p><a class="button secondary" href="{dashboard}">Open your dashboard</a></p>',
        '<p class="footer">Links work without logging in for 14 days. '
        f'<a href="{e(ctx["preferences_url"])}">Change when this email comes</a> · '
        f'<a href="{e(ctx["unsubscribe_url"])}">Stop these emails</a><br>'
        "NetMed is about colleagues, never patients.</p>",
        "</div></body></html>",
    ]
    return "".join(out)
