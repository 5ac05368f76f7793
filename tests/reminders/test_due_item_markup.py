"""The due list's row (``{% due_item %}``) draws what the include it replaced drew (issue 22)."""

import datetime as dt

import pytest
from django.template import Context, Template

from reminders.due import DueItem

# reminders/_due_item.html as it was, the markup pages and tests knew.
_OLD_DUE_ITEM = """
<li class="due-item due-{{ item.kind }}">
  <div class="due-text">
    {% if item.url %}<a href="{{ item.url }}" class="due-title">{{ item.title }}</a>{% else %}<span class="due-title">{{ item.title }}</span>{% endif %}
    <small>{{ item.due_on|date:"D d/m/Y" }}{% if item.detail %} · {{ item.detail }}{% endif %}</small>
  </div>
  {% if item.action_ref %}
  <div class="due-actions">
    <button name="ref" value="{{ item.action_ref }}" hx-post="{{ done_url }}" class="btn btn-primary btn-sm">Done<span class="visually-hidden">: {{ item.title }}</span></button>
    <button name="ref" value="{{ item.action_ref }}" formaction="{{ snooze_url }}" hx-post="{{ snooze_url }}" class="btn btn-secondary btn-sm">Snooze<span class="visually-hidden">: {{ item.title }}</span></button>
  </div>
  {% endif %}
</li>
"""  # noqa: E501


@pytest.mark.parametrize(
    "item",
    [
        DueItem(
            owner_id=1,
            kind="follow_up",
            title="Send <the> audit & “draft”",
            due_on=dt.date(2026, 12, 7),
            url="/reminders/1/edit/?next=/a&b",
            detail="Dr O'Neil <registrar>",
            action_ref="reminders.followup:0b5d2c1e-2f53-4f3c-9a53-6f3f0e0d8a11",
        ),
        DueItem(owner_id=1, kind="deadline", title="Abstract", due_on=dt.date(2027, 2, 28)),
        DueItem(
            owner_id=1,
            kind="birthday",
            title="Birthday: Jo",
            due_on=dt.date(2026, 12, 13),
            url="/contacts/x/",
            action_ref="reminders.birthday:x",
        ),
        DueItem(
            owner_id=1, kind="renewal", title="Renew", due_on=dt.date(987, 1, 5), detail="On 1/1"
        ),
    ],
)
def test_the_due_item_tag_draws_what_the_include_drew(item):
    context = {"item": item, "done_url": "/reminders/done/", "snooze_url": "/reminders/snooze/"}
    ours = Template("{% load due_tags %}\n{% due_item item done_url snooze_url %}\n").render(
        Context(context)
    )
    assert ours == Template(_OLD_DUE_ITEM).render(Context(context))
