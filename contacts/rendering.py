"""Markdown notes rendered to HTML that is safe to show: Markdown, then nh3's allow-list."""

import threading

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote", "h3", "h4", "hr",
}  # fmt: skip


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown converter per thread, reset between notes: building one (its extensions,
    its patterns) cost twice the conversion of a short note."""
    if not hasattr(_local, "md"):
        _local.md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    return _local.md


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, sanitised by nh3 (no script, no style, no event handlers, safe links)."""
    if not text:
        return mark_safe("")
    html = _converter().reset().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 -- nh3 has just sanitised it


class LazyMarkdown:
    """A note rendered by ``render_markdown`` only if and when a template shows it, once: a
    timeline fetches more entries than a page shows, to merge its sources. Truthy when the note
    is not empty, without rendering it."""

    __slots__ = ("text", "_html")

    def __init__(self, text: str) -> None:
        self.text, self._html = text, None

    def __html__(self) -> SafeString:
        if self._html is None:
            self._html = render_markdown(self.text)
        return self._html

    __str__ = __html__

    def __bool__(self) -> bool:
        return bool(self.text)
