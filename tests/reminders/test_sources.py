import datetime as dt

import pytest

from contacts.interactions import log_interaction
from reminders import due
from tests import factories

pytestmark = pytest.mark.django_db


def kinds(groups) -> dict[str, list[str]]:
    return {key: [f"{i.kind}:{i.title}" for i in items] for key, _, items in groups.groups()}


def test_follow_ups_fall_into_overdue_today_and_this_week(doctor, today):
    factories.FollowUpFactory(owner=doctor, what="late", due_on=today - dt.timedelta(days=1))
    factories.FollowUpFactory(owner=doctor, what="now", due_on=today)
    factories.FollowUpFactory(owner=doctor, what="soon", due_on=today + dt.timedelta(days=6))
    factories.FollowUpFactory(owner=doctor, what="later", due_on=today + dt.timedelta(days=7))
    factories.FollowUpFactory(
        owner=doctor, what="done", due_on=today, done_at=dt.datetime.now(dt.UTC)
    )

    groups = due.due_for(doctor, today)

    assert kinds(groups) == {
        "overdue": ["follow_up:late"],
        "today": ["follow_up:now"],
        "this_week": ["follow_up:soon"],
    }


def test_a_lapsed_own_cadence_is_due_the_day_it_lapses(doctor, today):
    contact = factories.ContactFactory(owner=doctor, family_name="Sharma", cadence_days=30)
    log_interaction(doctor, [contact], kind="meal", occurred_on=today - dt.timedelta(days=30))

    [item] = due.due_for(doctor, today).due_today

    assert item.kind == "cadence" and "Sharma" in item.title
    assert item.due_on == today


def test_any_interaction_resets_the_cadence_clock(doctor, today):
    contact = factories.ContactFactory(owner=doctor, cadence_days=30)
    log_interaction(doctor, [contact], kind="meal", occurred_on=today - dt.timedelta(days=40))
    log_interaction(doctor, [contact], kind="call", occurred_on=today - dt.timedelta(days=2))

    assert due.due_for(doctor, today).count == 0


def test_a_default_cadence_by_relationship_kind_applies_and_the_contacts_own_wins(doctor, today):
    mentor = factories.term("relationship_kind", "mentor")
    factories.CadenceDefaultFactory(owner=doctor, relationship_kind=mentor, cadence_days=30)
    by_default = factories.ContactFactory(owner=doctor, family_name="Default")
    own = factories.ContactFactory(owner=doctor, family_name="Own", cadence_days=365)
    for contact in (by_default, own):
        contact.relationship_kinds.add(mentor)
        log_interaction(doctor, [contact], kind="call", occurred_on=today - dt.timedelta(days=31))

    titles = [i.title for i in due.due_for(doctor, today).overdue]

    assert any("Default" in t for t in titles)
    assert not any("Own" in t for t in titles)


def test_the_shortest_default_wins_between_a_tag_and_a_kind(doctor, today):
    tag = factories.TagFactory(owner=doctor, name="former colleagues")
    colleague = factories.term("relationship_kind", "colleague")
    factories.CadenceDefaultFactory(owner=doctor, relationship_kind=None, tag=tag, cadence_days=10)
    factories.CadenceDefaultFactory(owner=doctor, relationship_kind=colleague, cadence_days=365)
    contact = factories.ContactFactory(owner=doctor)
    contact.tags.add(tag)
    contact.relationship_kinds.add(colleague)
    log_interaction(doctor, [contact], kind="call", occurred_on=today - dt.timedelta(days=10))

    [item] = due.due_for(doctor, today).due_today
    assert item.detail.startswith("Every 10 days")


def test_a_close_contact_without_cadence_fades_after_180_days(doctor, today):
    close = factories.ContactFactory(owner=doctor, family_name="Close", closeness=5)
    distant = factories.ContactFactory(owner=doctor, family_name="Distant", closeness=2)
    for contact in (close, distant):
        log_interaction(doctor, [contact], kind="call", occurred_on=today - dt.timedelta(days=200))

    [item] = due.due_for(doctor, today).overdue

    assert item.kind == "fading" and "Close" in item.title


def test_birthdays_this_week_show_on_their_day_and_never_as_overdue(doctor, today):
    soon, past = today + dt.timedelta(days=2), today - dt.timedelta(days=1)
    # Born on the day (28 Feb when it falls on 29 Feb), so the age is whole years from 1980.
    born_day = min(soon.day, 28) if soon.month == 2 else soon.day
    factories.ContactFactory(
        owner=doctor,
        family_name="Soon",
        birthday_day=born_day,
        birthday_month=soon.month,
        birthday_year=1980,
    )
    factories.ContactFactory(
        owner=doctor, family_name="Past", birthday_day=past.day, birthday_month=past.month
    )

    groups = due.due_for(doctor, today)

    [item] = groups.this_week
    assert item.title.startswith("Birthday: Dr ") and "Soon" in item.title
    assert item.due_on == soon.replace(day=born_day)
    assert f"turns {soon.year - 1980}" in item.title
    assert groups.overdue == [] and groups.due_today == []


def test_a_29_february_birthday_falls_on_28_february_in_other_years(doctor):
    factories.ContactFactory(owner=doctor, birthday_day=29, birthday_month=2)

    [item] = due.due_for(doctor, dt.date(2027, 2, 28)).due_today

    assert item.kind == "birthday"


def test_sources_never_mix_doctors(doctor, outsider, today):
    factories.FollowUpFactory(owner=outsider, due_on=today)
    factories.ContactFactory(owner=outsider, cadence_days=1)

    assert due.due_for(doctor, today).count == 0


def test_done_on_a_cadence_logs_a_message_and_snooze_hides_it_until_the_date(doctor, today):
    contact = factories.ContactFactory(owner=doctor, cadence_days=7)
    log_interaction(doctor, [contact], kind="call", occurred_on=today - dt.timedelta(days=10))
    [item] = due.due_for(doctor, today).overdue

    due.perform(doctor, item.action_ref, "snooze", today + dt.timedelta(days=3))
    assert due.due_for(doctor, today).overdue == []
    assert [i.kind for i in due.due_for(doctor, today).this_week] == ["cadence"]

    due.perform(doctor, item.action_ref, "done")
    contact.refresh_from_db()
    assert contact.interactions.filter(kind__code="message").count() == 1
    assert contact.last_interaction_at is not None


def test_another_doctor_cannot_act_on_an_item(doctor, outsider):
    follow_up = factories.FollowUpFactory(owner=doctor)
    with pytest.raises(LookupError):
        due.perform(outsider, f"reminders.followup:{follow_up.pk}", "done")


def test_queries_stay_constant_as_doctors_and_items_grow(django_assert_max_num_queries, today):
    def world(n):
        users = [factories.UserFactory() for _ in range(n)]
        for user in users:
            factories.FollowUpFactory(owner=user, due_on=today)
            factories.ContactFactory(owner=user, cadence_days=1)
            tomorrow = today + dt.timedelta(days=1)
            factories.ContactFactory(
                owner=user, birthday_day=tomorrow.day, birthday_month=tomorrow.month
            )
        return {u.pk: today for u in users}

    counts = []
    for n in (1, 6):
        todays = world(n)
        # A query or two per registered source (follow-ups, keep-in-touch, birthdays, and the
        # other apps' sources), never one per doctor.
        with django_assert_max_num_queries(2 * len(due.sources())) as captured:
            grouped = due.due_for_many(todays)
        assert all(g.count == 3 for g in grouped.values())
        counts.append(len(captured))
    assert counts[1] == counts[0]
