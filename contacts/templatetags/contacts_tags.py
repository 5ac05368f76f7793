from django import template
from django.utils.html import format_html

from contacts.listing import rows_html
from contacts.rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Render a Markdown note as sanitised HTML."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str, newest_first: bool = False):
    """A column heading that sorts by ``key``, flipping direction when already sorted by it.

    Keeps the other query parameters (search, filters) and goes back to page 1.
    """
    params = context["request"].GET.copy()
    params.pop("page", None)
    current = params.get("sort", "name")
    if current == key:
        wanted, arrow = f"-{key}", " ↑"
    elif current == f"-{key}":
        wanted, arrow = key, " ↓"
    else:
        wanted, arrow = (f"-{key}" if newest_first else key), ""
    params["sort"] = wanted
    return format_html('<a href="?{}">{}{}</a>', params.urlencode(), label, arrow)


@register.simple_tag
def contact_rows(rows):
    """The contact list's table rows (``contacts.listing.rows_html``): one tag for the page's
    rows, where a template loop cost more than the rest of the page's Python."""
    return rows_html(rows)
