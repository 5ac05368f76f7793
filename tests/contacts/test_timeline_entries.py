"""``{% timeline_entries %}`` writes what the template's loop over the entries wrote (issue 22)."""

import datetime as dt

from django.template import Context, Template
from django.utils.safestring import mark_safe

from contacts.rendering import LazyMarkdown
from contacts.timeline import TimelineEntry, timeline
from tests.contacts.test_timeline_statements import a_rich_contact
from tests.factories import ContactFactory

# templates/contacts/_timeline_entries.html's loop until issue 22.
OLD_LOOP = """{% for entry in entries %}
<li class="timeline-entry timeline-{{ entry.kind }}">
  <p><time datetime="{{ entry.occurred_on|date:'Y-m-d' }}">{{ entry.occurred_on|dmy }}</time>
  · <strong>{{ entry.title }}</strong>{% if entry.url %} <a href="{{ entry.url }}{% if entry.kind == 'interaction' %}?back={{ contact.pk }}{% endif %}" class="small-link">edit</a>{% endif %}</p>
  {% if entry.body %}<div class="timeline-body">{{ entry.body }}</div>{% endif %}
</li>
{% endfor %}"""  # noqa: E501

NEW_LOOP = "{% load contacts_tags %}{% timeline_entries entries contact %}"


def both(entries, contact) -> tuple[str, str]:
    context = {"entries": entries, "contact": contact}
    return (
        Template(OLD_LOOP).render(Context(context)),
        Template(NEW_LOOP).render(Context(context)),
    )


def test_the_tag_writes_what_the_loop_wrote_for_every_kind_of_entry(doctor):
    contact = a_rich_contact(doctor)
    entries = timeline(contact, 500)
    old, new = both(entries, contact)
    assert new == old
    assert old.count('<li class="timeline-entry') == len(entries) > 60


def test_the_tag_escapes_what_the_loop_escaped(doctor):
    contact = ContactFactory(owner=doctor)
    day = dt.date(2026, 3, 4)
    entries = [
        TimelineEntry(
            "interaction", day, 'Call <b>&</b> "x"', LazyMarkdown("**a** <i>"), "/i/?a=1&b=2"
        ),
        TimelineEntry("note", day, "Notes", LazyMarkdown(""), ""),
        TimelineEntry("follow_up", day, "F", "plain <text> & 'more'", "/f/"),
        TimelineEntry("project", day, "P", mark_safe("<em>safe</em>"), "/p/"),
        TimelineEntry("event<>", dt.date(999, 1, 2), "", "", ""),
    ]
    old, new = both(entries, contact)
    assert new == old
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in new and "<em>safe</em>" in new


def test_no_entries_write_nothing(doctor):
    assert both([], ContactFactory(owner=doctor)) == ("", "")
