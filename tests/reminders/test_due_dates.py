"""``Contact.next_due_on`` stays right through every writer, and long due lists are capped with
true counts (dashboard) and paginated (the reminders page's "see all")."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts import bulk, due_dates
from contacts.interactions import delete_interaction, log_interaction
from reminders import due, keep_in_touch
from reminders.models import CadenceDefault
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


def _due_on(contact):
    contact.refresh_from_db(fields=["next_due_on"])
    return contact.next_due_on


def test_an_interaction_moves_the_due_date_and_deleting_it_moves_it_back(doctor):
    contact = factories.ContactFactory(owner=doctor, cadence_days=30)
    log_interaction(doctor, [contact], kind="call", occurred_on=TODAY - dt.timedelta(days=40))
    assert _due_on(contact) == TODAY - dt.timedelta(days=10)

    latest = log_interaction(doctor, [contact], kind="call", occurred_on=TODAY)
    assert _due_on(contact) == TODAY + dt.timedelta(days=30)

    delete_interaction(latest)
    assert _due_on(contact) == TODAY - dt.timedelta(days=10)


def test_no_cadence_and_not_close_means_no_due_date(doctor):
    assert _due_on(factories.ContactFactory(owner=doctor)) is None
    assert _due_on(factories.ContactFactory(owner=doctor, closeness=4)) is not None


def test_bulk_cadence_and_tags_with_a_default_re_date_contacts(doctor):
    contact = factories.ContactFactory(owner=doctor)
    log_interaction(doctor, [contact], kind="call", occurred_on=TODAY)
    bulk.set_cadence(owner=doctor, ids=[contact.pk], days=14)
    assert _due_on(contact) == TODAY + dt.timedelta(days=14)

    bulk.set_cadence(owner=doctor, ids=[contact.pk], days=None)
    assert _due_on(contact) is None
    tag = factories.TagFactory(owner=doctor, name="research")
    factories.CadenceDefaultFactory(owner=doctor, tag=tag, relationship_kind=None, cadence_days=60)
    bulk.tag_contacts(owner=doctor, ids=[contact.pk], tag_name="research")
    assert _due_on(contact) == TODAY + dt.timedelta(days=60)
    bulk.untag_contacts(owner=doctor, ids=[contact.pk], tag_name="research")
    assert _due_on(contact) is None


def test_adding_and_removing_a_default_re_dates_the_doctors_contacts(doctor_client, doctor):
    mentor = factories.term("relationship_kind", "mentor")
    contact = factories.ContactFactory(owner=doctor)
    contact.relationship_kinds.add(mentor)
    log_interaction(doctor, [contact], kind="call", occurred_on=TODAY)

    doctor_client.post(
        reverse("reminders:cadence_list"), {"relationship_kind": mentor.pk, "cadence_days": 30}
    )
    assert _due_on(contact) == TODAY + dt.timedelta(days=30)

    default = CadenceDefault.objects.get(owner=doctor)
    doctor_client.post(reverse("reminders:cadence_delete", args=[default.pk]))
    assert _due_on(contact) is None


def test_snoozing_and_marking_in_touch_re_date_the_contact(doctor):
    contact = factories.ContactFactory(owner=doctor, cadence_days=7)
    log_interaction(doctor, [contact], kind="call", occurred_on=TODAY - dt.timedelta(days=10))

    keep_in_touch.snooze_contact(owner=doctor, contact=contact, until=TODAY + dt.timedelta(days=5))
    assert _due_on(contact) == TODAY + dt.timedelta(days=5)

    keep_in_touch.mark_in_touch(owner=doctor, contact=contact, on=TODAY)
    assert _due_on(contact) == TODAY + dt.timedelta(days=7)


def test_refreshing_an_owner_leaves_other_doctors_alone(doctor, outsider):
    theirs = factories.ContactFactory(owner=outsider, cadence_days=7)
    before = _due_on(theirs)
    factories.CadenceDefaultFactory(owner=doctor, cadence_days=1)
    due_dates.refresh(owner_ids=[doctor.pk])
    assert _due_on(theirs) == before


def _lapsed(doctor, n: int, cadence: int = 7):
    contacts = [factories.ContactFactory(owner=doctor, cadence_days=cadence) for _ in range(n)]
    for index, contact in enumerate(contacts):
        log_interaction(
            doctor, [contact], kind="call", occurred_on=TODAY - dt.timedelta(days=cadence + index)
        )
    return contacts


def test_a_capped_due_list_counts_everything_and_lists_the_most_overdue_first(doctor):
    _lapsed(doctor, 12)
    factories.FollowUpFactory(owner=doctor, what="Late follow-up", due_on=TODAY - dt.timedelta(1))

    full = due.due_for(doctor, TODAY)
    capped = due.due_for(doctor, TODAY, limit=3)

    assert full.count == capped.count == 13
    assert capped.total("overdue") == full.total("overdue") == 12
    assert capped.total("today") == 1
    [section, *_] = capped.sections(3)
    assert section["key"] == "overdue" and section["total"] == 12 and section["hidden"] == 9
    assert section["items"] == full.overdue[:3]


def test_a_capped_batch_counts_each_doctor_by_their_own_today(doctor, outsider):
    _lapsed(doctor, 5)
    _lapsed(outsider, 5)
    tomorrow = TODAY + dt.timedelta(days=1)

    grouped = due.due_for_many({doctor.pk: TODAY, outsider.pk: tomorrow}, limit=2)

    assert grouped[doctor.pk].total("overdue") == 4 and grouped[doctor.pk].total("today") == 1
    assert grouped[outsider.pk].total("overdue") == 5
    full = due.due_for(outsider, tomorrow)
    assert grouped[outsider.pk].overdue[:2] == full.overdue[:2]


def test_the_dashboard_lists_ten_overdue_and_links_to_all_of_them(doctor_client, doctor):
    today = timezone.localdate()
    for _ in range(14):
        factories.FollowUpFactory(owner=doctor, due_on=today - dt.timedelta(days=1))
    contacts = [factories.ContactFactory(owner=doctor, cadence_days=7) for _ in range(3)]
    for contact in contacts:
        log_interaction(doctor, [contact], kind="call", occurred_on=today - dt.timedelta(days=30))

    body = doctor_client.get(reverse("dashboard")).content.decode()

    assert "Overdue <small>(17)</small>" in body
    assert body.count('class="due-item') == 10
    assert "?show=overdue" in body and "See all 17" in body


def test_see_all_pages_through_one_group(doctor_client, doctor):
    _lapsed_today(doctor, timezone.localdate(), 60)

    first = doctor_client.get(reverse("reminders:list") + "?show=overdue").content.decode()
    second = doctor_client.get(reverse("reminders:list") + "?show=overdue&page=2").content
    assert "Overdue <small>(60)</small>" in first
    assert first.count('class="due-item') == 25 and "Page 1 of 3" in first
    assert second.decode().count('class="due-item') == 25
    third = doctor_client.get(reverse("reminders:list") + "?show=overdue&page=3").content
    assert third.decode().count('class="due-item') == 10


def _lapsed_today(doctor, today, n):
    contacts = [factories.ContactFactory(owner=doctor, cadence_days=7) for _ in range(n)]
    for index, contact in enumerate(contacts):
        log_interaction(
            doctor, [contact], kind="call", occurred_on=today - dt.timedelta(days=8 + index)
        )
    return contacts


def test_outsider_sees_none_of_the_doctors_group_page(outsider_client, doctor):
    _lapsed_today(doctor, timezone.localdate(), 2)
    body = outsider_client.get(reverse("reminders:list") + "?show=overdue").content.decode()
    assert "Nothing here now" in body
