"""The digest email's subject, plain text and HTML, from ``digest.context``.

Built with plain string formatting rather than Django templates: a pass renders ten thousand of
these, and the template engine was half of the dispatcher's time (docs/performance.md). Every
value from the database goes through ``escape`` in the HTML.

Mail clients ignore ``<style>`` and linked sheets, so every element carries its rules in a
``style`` attribute. css-inline works them out **once per process**, from a skeleton of the email
holding each kind of element in its place (``_SKELETON``), not once per message: the email is
then written with each element's opening tag already styled. Block elements end their line, so
no line nears SMTP's 998-character limit and the HTML part goes as 8-bit text, not the larger
quoted-printable.
"""

from __future__ import annotations

import functools
import re
from html import escape

import css_inline
from django.conf import settings

# Every element the HTML uses, nested as in the email, each named by ``data-part``.
_SKELETON = (
    '<!doctype html><html><head></head><body data-part="body"><div class="wrap" data-part="wrap">'
    '<h1 data-part="h1"></h1><p data-part="p"></p>'
    '<h2 class="overdue" data-part="h2_overdue"></h2><h2 class="today" data-part="h2_today"></h2>'
    '<h2 class="this_week" data-part="h2_this_week"></h2>'
    '<div class="item" data-part="item"><a class="title" data-part="title"></a>'
    '<div class="meta" data-part="meta"></div><a class="button" data-part="button"></a>'
    '<a class="button secondary" data-part="secondary"></a></div>'
    '<p data-part="more"><a data-part="more_link"></a></p>'
    '<p data-part="p_dashboard"><a class="button secondary" data-part="dashboard"></a></p>'
    '<p class="footer" data-part="footer"><a data-part="footer_link"></a></p>'
    "</div></body></html>"
)
_TAG = re.compile(r"<(\w+)([^>]*?)\sdata-part=\"(\w+)\"([^>]*)>")
_ATTRIBUTE = re.compile(r'\s(class|style)="([^"]*)"')


@functools.cache
def _tags(css: str) -> dict[str, str]:
    """{part: its opening tag without the closing ``>``, e.g. ``<a class="title" style="…"``}.

    Links add `` href="…">``, other elements ``>``."""
    inlined = css_inline.CSSInliner(extra_css=css, load_remote_stylesheets=False).inline(_SKELETON)
    tags = {}
    for tag, before, part, after in _TAG.findall(inlined):
        attributes = dict(_ATTRIBUTE.findall(before + " " + after))
        tags[part] = f"<{tag}" + "".join(
            f' {name}="{attributes[name]}"' for name in ("class", "style") if name in attributes
        )
    return tags


def _css() -> str:
    return (settings.BASE_DIR / "static" / "css" / "email-digest.css").read_text()


@functools.cache
def styled_tags() -> dict[str, str]:
    return _tags(_css())


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
        if section["hidden"]:
            lines += [f"…and {section['hidden']} more: {ctx['dashboard_url']}", ""]
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
    """The HTML body with every element's CSS already inline (see ``styled_tags``)."""
    e, t = escape, styled_tags()
    out = [
        '<!doctype html>\n<html lang="en-AU"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>NetMed digest</title></head>\n{t['body']}>{t['wrap']}>\n",
        f"{t['h1']}>Hello {e(str(ctx['user']))}</h1>\n",
    ]
    if not ctx["count"]:
        out.append(f"{t['p']}>Nothing is due this week. Enjoy the quiet.</p>\n")
    for section in ctx["sections"]:
        out.append(
            f"{t['h2_' + section['key']]}>{e(section['heading'])} ({section['total']})</h2>\n"
        )
        for link in section["items"]:
            item = link["item"]
            meta = _day(item.due_on) + (f" · {e(item.detail)}" if item.detail else "")
            out.append(
                f"{t['item']}>\n"
                f'{t["title"]} href="{e(link["open"])}">{e(item.title)}</a>\n'
                f"{t['meta']}>{meta}</div>\n"
            )
            if "done" in link:
                out.append(
                    f'{t["button"]} href="{e(link["done"])}">Done</a>\n'
                    f'{t["secondary"]} href="{e(link["snooze"])}">Snooze a week</a>\n'
                )
            out.append("</div>\n")
        if section["hidden"]:
            out.append(
                f'{t["more"]}>{t["more_link"]} href="{e(ctx["dashboard_url"])}">'
                f"…and {section['hidden']} more on your dashboard</a></p>\n"
            )
    dashboard = e(ctx["dashboard_url"])
    out += [
        f'{t["p_dashboard"]}>{t["dashboard"]} href="{dashboard}">Open your dashboard</a></p>\n',
        f"{t['footer']}>Links work without logging in for 14 days.\n"
        f'{t["footer_link"]} href="{e(ctx["preferences_url"])}">Change when this email comes</a>'
        f' ·\n{t["footer_link"]} href="{e(ctx["unsubscribe_url"])}">Stop these emails</a><br>\n'
        "NetMed is about colleagues, never patients.</p>\n",
        "</div></body></html>\n",
    ]
    return "".join(out)
