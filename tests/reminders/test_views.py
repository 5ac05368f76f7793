import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders import due
from reminders.models import CadenceDefault, FollowUp
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_list_shows_due_follow_ups_and_later_ones(doctor_client, doctor):
    factories.FollowUpFactory(owner=doctor, what="Email the registrar", due_on=timezone.localdate())
    factories.FollowUpFactory(
        owner=doctor, what="Book the college exam", due_on=timezone.localdate() + dt.timedelta(30)
    )

    body = doctor_client.get(reverse("reminders:list")).content.decode()

    assert "Email the registrar" in body and "Book the college exam" in body


def test_the_list_has_an_empty_state(doctor_client):
    assert b"Nothing due this week" in doctor_client.get(reverse("reminders:list")).content


def test_a_doctor_creates_a_follow_up_about_a_contact(doctor_client, doctor):
    contact = factories.ContactFactory(owner=doctor)
    response = doctor_client.post(
        reverse("reminders:follow_up_create"),
        {"what": "Send slides", "due_on": "2026-12-03", "contact": contact.pk},
    )

    assert response.status_code == 302
    follow_up = FollowUp.objects.for_user(doctor).get()
    assert follow_up.due_on == dt.date(2026, 12, 3) and follow_up.contact == contact


def test_a_follow_up_cannot_link_to_another_site(doctor_client):
    response = doctor_client.post(
        reverse("reminders:follow_up_create"),
        {"what": "x", "due_on": "2026-12-03", "link_url": "https://evil.example/"},
    )
    assert response.status_code == 200
    assert b"starting with" in response.content


def test_the_form_offers_only_the_doctors_own_contacts(doctor_client, doctor, outsider):
    factories.ContactFactory(owner=outsider, family_name="Elsewhere")
    assert b"Elsewhere" not in doctor_client.get(reverse("reminders:follow_up_create")).content


def test_done_by_htmx_clears_the_row(doctor_client, doctor):
    follow_up = factories.FollowUpFactory(owner=doctor, what="Call back")
    response = doctor_client.post(
        reverse("reminders:item_done"),
        {"ref": f"reminders.followup:{follow_up.pk}", "title": "Call back"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert b"Done: Call back" in response.content
    follow_up.refresh_from_db()
    assert follow_up.is_done


def test_snooze_without_javascript_redirects_back(doctor_client, doctor):
    follow_up = factories.FollowUpFactory(owner=doctor)
    response = doctor_client.post(
        reverse("reminders:item_snooze"),
        {"ref": f"reminders.followup:{follow_up.pk}", "choice": "week", "next": "/dashboard/"},
    )

    assert response.status_code == 302 and response.url == "/dashboard/"
    follow_up.refresh_from_db()
    assert follow_up.snoozed_until == timezone.localdate() + dt.timedelta(weeks=1)


def test_snooze_to_a_date(doctor_client, doctor):
    follow_up = factories.FollowUpFactory(owner=doctor)
    doctor_client.post(
        reverse("reminders:item_snooze"),
        {"ref": f"reminders.followup:{follow_up.pk}", "choice": "date", "until": "2027-01-05"},
    )
    follow_up.refresh_from_db()
    assert follow_up.snoozed_until == dt.date(2027, 1, 5)


def test_outsider_gets_404_acting_on_the_doctors_item(outsider_client, doctor):
    follow_up = factories.FollowUpFactory(owner=doctor)
    ref = f"reminders.followup:{follow_up.pk}"

    assert outsider_client.post(reverse("reminders:item_done"), {"ref": ref}).status_code == 404
    snooze = {"ref": ref, "choice": "day"}
    assert outsider_client.post(reverse("reminders:item_snooze"), snooze).status_code == 404
    follow_up.refresh_from_db()
    assert not follow_up.is_done and follow_up.snoozed_until is None


def test_outsider_gets_404_for_the_follow_up_page(outsider_client, doctor):
    follow_up = factories.FollowUpFactory(owner=doctor)
    url = reverse("reminders:follow_up_edit", args=[follow_up.pk])
    assert outsider_client.get(url).status_code == 404


def test_a_doctor_sets_a_default_cadence_for_mentors(doctor_client, doctor):
    mentor = factories.term("relationship_kind", "mentor")
    response = doctor_client.post(
        reverse("reminders:cadence_list"), {"relationship_kind": mentor.pk, "cadence_days": 30}
    )

    assert response.status_code == 302
    assert CadenceDefault.objects.for_user(doctor).get().relationship_kind == mentor


def test_a_default_needs_a_tag_or_a_kind(doctor_client):
    response = doctor_client.post(reverse("reminders:cadence_list"), {"cadence_days": 30})
    assert b"either a tag or a relationship kind" in response.content


def test_the_list_page_costs_the_same_queries_with_more_items(
    doctor_client, doctor, django_assert_max_num_queries
):
    counts = []
    for n in (1, 10):
        for _ in range(n):
            factories.FollowUpFactory(owner=doctor)
            factories.ContactFactory(owner=doctor, cadence_days=1)
            factories.FollowUpFactory(owner=doctor, due_on=timezone.localdate() + dt.timedelta(60))
        # session + user, the due sources (two queries at most each), later page count + rows.
        with django_assert_max_num_queries(5 + 2 * len(due.sources())) as captured:
            assert doctor_client.get(reverse("reminders:list")).status_code == 200
        counts.append(len(captured))
    assert counts[1] == counts[0]
