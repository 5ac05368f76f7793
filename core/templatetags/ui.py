"""NetMed's design-system template tags (docs/design.md): icons from the vendored Lucide sprite,
and the initials and tone of a person's avatar. Loaded everywhere as a template builtin."""

import zlib

from django import template
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.html import format_html

from core.form_fields import field_row, form_fields
from core.reversing import url_pattern

register = template.Library()

# The avatar tones in static/css/components.css (.avatar-tone-0 … -5): each a background and text
# pair that keeps 4.5:1 in both themes.
AVATAR_TONES = 6


@register.simple_tag
def icon(name: str, size: str = "", label: str = ""):
    """An icon from static/icons/sprite.svg. Decorative (aria-hidden) unless given a ``label``,
    which becomes its accessible name; ``size`` is "sm" or "lg" (else it follows the text)."""
    classes = f"icon icon-{size}" if size else "icon"
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}" focusable="false">'
            '<use href="{}#{}"></use></svg>',
            classes,
            label,
            static("icons/sprite.svg"),
            name,
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        classes,
        static("icons/sprite.svg"),
        name,
    )


@register.filter
def initials(name) -> str:
    """Up to two initials of a name, skipping titles ("Dr Jane Citizen" -> "JC")."""
    titles = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "a/prof", "assoc"}
    words = [w for w in str(name or "").replace(".", " ").split() if w.lower() not in titles]
    letters = [w[0] for w in words if w[0].isalnum()]
    if not letters:
        return "?"
    return (letters[0] + (letters[-1] if len(letters) > 1 else "")).upper()


@register.filter
def avatar_tone(name) -> int:
    """A stable tone (0–5) for a person's initials, so the same person keeps the same colour."""
    return zlib.crc32(str(name or "").encode("utf-8")) % AVATAR_TONES


@register.simple_tag
def avatar(name, size: str = "", photo_url: str = ""):
    """A person's avatar (docs/design.md): their photo when there is one, else their initials on
    a tone of their own; decorative, the name is always written beside it. ``size`` is "sm" or
    "lg". A tag rather than an include because lists show one per row, and an include per row
    (a template render, lookups of the variables it was not given) cost more than the row's other
    cells together (issue 22). ``includes/ui/avatar.html`` calls this."""
    size_class = f" avatar-{size}" if size else ""
    if photo_url:
        return format_html(
            '<img class="avatar{}" src="{}" alt="" loading="lazy" width="40" height="40">',
            size_class,
            photo_url,
        )
    return format_html(
        '<span class="avatar{} avatar-tone-{}" aria-hidden="true">{}</span>',
        size_class,
        avatar_tone(name),
        initials(name),
    )


@register.simple_tag
def person(name, url: str = "", meta: str = "", size: str = "", photo_url: str = ""):
    """A person row (docs/design.md): avatar, name (a link when ``url`` is given) and one line
    of context (``meta``). A tag for the reason ``avatar`` is one: the event page's "who might be
    there" drew it once per person through an include (issue 22). ``includes/ui/person.html``
    calls this."""
    shown = (
        format_html('<a class="person-name" href="{}">{}</a>', url, name)
        if url
        else format_html('<span class="person-name">{}</span>', name)
    )
    return format_html(
        '<div class="person">\n  {}\n  <div class="person-body">\n    {}\n    {}\n  </div>\n</div>',
        avatar(name, size, photo_url),
        shown,
        format_html('<span class="person-meta">{}</span>', meta) if meta else "",
    )


@register.simple_tag(name="form_fields")
def form_fields_tag(form, skip=""):
    """A form's fields, each with its label and its error or help (``core.form_fields``).
    ``includes/form_fields.html`` calls this."""
    return form_fields(form, skip)


@register.simple_tag(name="field_row")
def field_row_tag(field):
    """One visible field with its label, and its error or help (``core.form_fields``).
    ``includes/field.html`` calls this."""
    return field_row(field)


class _IncludeWithBody(template.Node):
    """Renders an include with the tag's own content as ``body`` (the page header's actions, a
    card's content), so a component's markup stays in one template."""

    def __init__(self, template_name: str, kwargs: dict, nodelist):
        self.template_name = template_name
        self.kwargs = kwargs
        self.nodelist = nodelist

    def render(self, context) -> str:
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        values["body"] = self.nodelist.render(context)
        with context.push(**values):
            return context.template.engine.get_template(self.template_name).render(context)


def _block_component(template_name: str, end: str):
    def compile_tag(parser, token):
        bits = token.split_contents()[1:]
        kwargs = template.base.token_kwargs(bits, parser)
        if bits:
            name = token.contents.split()[0]
            raise template.TemplateSyntaxError(f"{name} takes name=value arguments")
        nodelist = parser.parse((end,))
        parser.delete_first_token()
        return _IncludeWithBody(template_name, kwargs, nodelist)

    return compile_tag


# {% page_header title="Contacts" lead="…" %}<a class="btn btn-primary" …>…</a>{% endpage_header %}
register.tag("page_header", _block_component("includes/ui/page_header.html", "endpage_header"))
# {% card title="Due this week" %}…{% endcard %} (title, heading_level and id optional)
register.tag("card", _block_component("includes/ui/card.html", "endcard"))


@register.filter
def pairs(series) -> list[tuple]:
    """A chart's series ({"labels": [...], "values": [...]}) as (label, value) rows for its
    table: the text alternative beside every chart."""
    return list(zip(series.get("labels", []), series.get("values", []), strict=False))


@register.filter(expects_localtime=True)
def dmy(value) -> str:
    """``{{ day|dmy }}``: what ``{{ day|date:"d/m/Y" }}`` gives (a datetime in the doctor's time
    zone, as the template engine converts it for ``date``; "" for anything that is not a date),
    in a tenth of the time. ``date`` parses its format string on every call, 25 µs each, and a
    list page writes 30-100 dates (issue 22)."""
    try:
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    except AttributeError:
        return ""


@register.filter(expects_localtime=True)
def day_dmy(value) -> str:
    """``{{ day|day_dmy }}``: what ``{{ day|date:"D d/m/Y" }}`` gives ("Mon 07/12/2026", the
    weekday as Django names it in the active language), as cheaply as ``dmy``."""
    day = dmy(value)
    return f"{WEEKDAYS_ABBR[value.weekday()]} {day}" if day else ""


@register.filter
def hours(total) -> str:
    """``{{ total|hours }}``: what ``{{ total|floatformat:"-2" }}`` writes for CPD hours (a
    Decimal kept to two places): no decimals for whole hours, else two. ``floatformat`` builds
    a Decimal context and rounds on every call, a list's costliest filter (issue 22)."""
    return str(int(total)) if total == total.to_integral_value() else f"{total:.2f}"


@register.filter
def url_of(pk, name: str) -> str:
    """``{{ event.pk|url_of:"events:detail" }}``: what ``{% url "events:detail" event.pk %}``
    gives for a URL whose one argument is a UUID, reversed once per name and then formatted.
    For rows of a list: a ``{% url %}`` per row was the row's costliest tag (issue 22). Reverses
    in ``ROOT_URLCONF``: NetMed sets no per-request URLconf (asking for one costs more than the
    rest of this filter)."""
    if pk in (None, ""):
        raise NoReverseMatch(f"url_of {name!r}: no object")  # as {% url %} would
    return url_pattern(name).format(pk)
