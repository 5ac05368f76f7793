"""Markdown notes rendered to HTML that is safe to show: Markdown, then nh3's allow-list."""

import functools
import re
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


# A note of one line of words and plain punctuation, not starting with a digit: nothing in it is
# Markdown (no list, heading, emphasis, code, link, HTML or escape can start or end in these
# characters), and nothing in it is escaped, so Markdown and nh3 give it back as one paragraph.
# ``tests/contacts/test_markdown_rendering.py`` holds it to the full path on many notes.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:?'()/]*[A-Za-z0-9.?)]\Z")

# Rendered notes kept per process, keyed by their text (a page shown again, a "Load more", the
# same note on every contact of an interaction): bounded in entries and in the note's length.
_CACHE_ENTRIES = 2048
_CACHED_UP_TO = 2000  # characters


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, sanitised by nh3 (no script, no style, no event handlers, safe links)."""
    if not text:
        return mark_safe("")
    if _PLAIN.match(text) and "  " not in text:
        return mark_safe(f"<p>{text}</p>")  # noqa: S308 -- only letters, digits, plain punctuation
    if len(text) <= _CACHED_UP_TO:
        return _render_cached(text)
    return _render(text)


def _render(text: str) -> SafeString:
    html = _converter().reset().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 -- nh3 has just sanitised it


_render_cached = functools.lru_cache(maxsize=_CACHE_ENTRIES)(_render)


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
