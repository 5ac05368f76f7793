"""The action rows' tags draw what the templates they replace drew (issue 22)."""

import datetime as dt
import uuid

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from accounts.models import User
from mentorship.models import ActionItem

_OLD_ACTION_TEXT = (
    "{% if item.done_on %}<s>{{ item.title }}</s>{% else %}{{ item.title }}{% endif %}\n"
    "  <small>— {% if item.assignee_id == user.pk %}me{% elif item.assignee %}{{ item.assignee }}"
    "{% else %}them{% endif %}{% if item.due_on %}, due {{ item.due_on|dmy }}{% if not "
    'item.done_on and item.due_on < today %} <strong class="overdue">overdue</strong>{% endif %}'
    "{% endif %}{% if item.done_on %}, done {{ item.done_on|dmy }}{% endif %}</small>\n"
)
_OLD_ACTION_ITEM = (
    "{% with toggle_url=item.pk|url_of:'mentorship:action_toggle' %}<li id=\"action-{{ item.pk }}"
    '" class="action-item{% if item.is_done %} done{% endif %}">\n'
    '  <form method="post" action="{{ toggle_url }}" class="inline-form" hx-post="{{ toggle_url }}'
    '" hx-target="#action-{{ item.pk }}" hx-swap="outerHTML">\n'
    '    {% csrf_token %}{% if back %}<input type="hidden" name="back" value="{{ back }}">'
    "{% endif %}\n"
    '    <button type="submit" class="btn btn-secondary btn-sm">{% if item.is_done %}Reopen'
    '{% else %}Done{% endif %}<span class="visually-hidden">: {{ item.title }}</span></button>\n'
    "  </form>\n"
    "  " + _OLD_ACTION_TEXT + "\n"
    "</li>{% endwith %}\n"
)

TODAY = dt.date(2026, 6, 15)
ME = User(pk=7, email="me@example.org", display_name="Dr Me")
OTHER = User(pk=8, email="other@example.org", display_name="Dr <b>Other</b> & co")


def _items():
    due = [None, dt.date(2026, 6, 1), TODAY, dt.date(2026, 7, 1)]
    done = [None, dt.date(2026, 6, 10)]
    who = [ME, OTHER, None, User(pk=9, email="nameless@example.org", display_name="")]
    for due_on in due:
        for done_on in done:
            for assignee in who:
                yield ActionItem(
                    pk=uuid.uuid4(),
                    title='Read <the> "guidelines" & reply',
                    due_on=due_on,
                    done_on=done_on,
                    assignee=assignee,
                )


@pytest.mark.parametrize("item", list(_items()))
@pytest.mark.parametrize("context", [{"user": ME, "today": TODAY}, {"user": OTHER}, {}])
def test_the_action_text_tag_draws_what_the_template_drew(item, context):
    values = {"item": item, **context}
    tag = Template("{% load mentorship_rows %}{% action_text item %}").render(Context(values))
    assert tag == Template(_OLD_ACTION_TEXT).render(Context(values))


@pytest.mark.parametrize("item", list(_items())[::3])
@pytest.mark.parametrize("back", [None, "meeting", '"x"'])
def test_the_action_item_tag_draws_what_the_template_drew(item, back, rf: RequestFactory):
    from django.middleware.csrf import get_token

    request = rf.get("/")
    values = {"item": item, "user": ME, "today": TODAY, "csrf_token": get_token(request)}
    if back:
        values["back"] = back
    tag = Template("{% load mentorship_rows %}{% action_item item %}").render(Context(values))
    assert tag == Template(_OLD_ACTION_ITEM).render(Context(values))


def test_the_action_templates_draw_the_tags_markup():
    item = next(_items())
    values = {"item": item, "user": ME, "today": TODAY, "back": "meeting"}
    for name, old in (("_action_text", _OLD_ACTION_TEXT), ("_action_item", _OLD_ACTION_ITEM)):
        include = Template(f'{{% include "mentorship/{name}.html" %}}').render(Context(values))
        assert include == Template(old).render(Context(values))
