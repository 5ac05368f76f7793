import datetime as dt

from contacts import timeline
from reminders import due


def test_due_items_are_gathered_from_every_source_and_grouped_by_owner(monkeypatch):
    monkeypatch.setattr(due, "_SOURCES", {})

    @due.register_source("test.a")
    def source_a(owner_ids, start, until):
        return [due.DueItem(owner_id=1, kind="a", title="later", due_on=dt.date(2026, 1, 3))]

    @due.register_source("test.b")
    def source_b(owner_ids, start, until):
        yield due.DueItem(owner_id=1, kind="b", title="sooner", due_on=dt.date(2026, 1, 1))
        yield due.DueItem(owner_id=2, kind="b", title="other", due_on=dt.date(2026, 1, 2))

    grouped = due.due_items([1, 2], dt.date(2026, 1, 1), dt.date(2026, 1, 8))

    assert [i.title for i in grouped[1]] == ["sooner", "later"]
    assert [i.title for i in grouped[2]] == ["other"]


def test_the_timeline_merges_sources_newest_first_and_keeps_the_limit(monkeypatch):
    monkeypatch.setattr(timeline, "_SOURCES", {})

    @timeline.register_source("test.a")
    def source_a(contact, limit, before):
        return [timeline.TimelineEntry("a", dt.date(2026, 1, d), f"a{d}") for d in (1, 5)]

    @timeline.register_source("test.b")
    def source_b(contact, limit, before):
        return [timeline.TimelineEntry("b", dt.date(2026, 1, 3), "b3")]

    assert [e.title for e in timeline.timeline(None, 2)] == ["a5", "b3"]


def test_performing_an_action_calls_the_registered_handler_with_the_user(monkeypatch):
    import uuid

    import pytest

    monkeypatch.setattr(due, "_ACTIONS", {})
    calls = []
    due.register_actions("app.thing", done=lambda user, pk: calls.append(("done", user, pk)))
    pk = uuid.uuid4()

    due.perform("someone", f"app.thing:{pk}", "done")

    assert calls == [("done", "someone", pk)]
    with pytest.raises(LookupError):
        due.perform("someone", f"app.thing:{pk}", "snooze", dt.date(2026, 1, 1))
    with pytest.raises(LookupError):
        due.perform("someone", "app.unknown:not-a-uuid", "done")
