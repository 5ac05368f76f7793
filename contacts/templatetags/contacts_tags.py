from django import template

from contacts.rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Render a Markdown note as sanitised HTML."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (``None`` removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    params.pop("page", None) if "page" not in changes else None
    return params.urlencode()
