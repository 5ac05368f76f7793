import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.interactions import log_interaction
from contacts.models import Interaction
from tests.factories import ContactFactory, PositionFactory, refresh_due_dates, term

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_the_contact_page_shows_the_current_position_before_past_ones(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    PositionFactory(
        contact=contact,
        title="Intern",
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2020, 12, 31),
    )
    PositionFactory(contact=contact, title="Consultant", start_date=dt.date(2024, 1, 1))
    body = doctor_client.get(contact.get_absolute_url()).content.decode()
    assert body.index("Consultant") < body.index("Intern")


def test_the_contact_page_says_when_keeping_in_touch_is_due(doctor_client, doctor):
    contact = ContactFactory(
        owner=doctor, cadence_days=30, last_interaction_at=today() - dt.timedelta(days=18)
    )
    assert "due in 12 days" in doctor_client.get(contact.get_absolute_url()).content.decode()
    contact.last_interaction_at = today() - dt.timedelta(days=33)
    contact.save()
    refresh_due_dates(contact)  # as every writer of the last interaction does
    assert "overdue by 3 days" in doctor_client.get(contact.get_absolute_url()).content.decode()


def test_the_timeline_shows_interactions_and_notes_newest_first_with_safe_markdown(
    doctor_client, doctor
):
    contact = ContactFactory(owner=doctor, notes="Prefers <script>alert(1)</script> **email**")
    log_interaction(doctor, [contact], kind="call", occurred_on=today() - dt.timedelta(days=400))
    log_interaction(doctor, [contact], kind="meal", occurred_on=today() - dt.timedelta(days=2))
    body = doctor_client.get(contact.get_absolute_url()).content.decode()
    timeline = body[body.index('id="timeline"') :]

    assert "<strong>email</strong>" in timeline and "<script>alert" not in body
    meal, call = (term("interaction_kind", code).label for code in ("meal", "call"))
    assert timeline.index("Notes</strong>") < timeline.index(meal) < timeline.index(call)


def test_quick_add_with_htmx_logs_an_interaction_and_returns_the_timeline(doctor_client, doctor):
    contact, other = ContactFactory.create_batch(2, owner=doctor)
    response = doctor_client.post(
        reverse("contacts:interaction_add", args=[contact.pk]),
        {
            "kind": term("interaction_kind", "conference").pk,
            "occurred_on": today().isoformat(),
            "place": "RACP Congress",
            "note": "Talked *registries*",
            "others": [other.pk],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="timeline-section"' in body and "<html" not in body
    assert "RACP Congress" in body and "<em>registries</em>" in body
    interaction = Interaction.objects.get()
    assert set(interaction.contacts.all()) == {contact, other}
    other.refresh_from_db()
    assert other.last_interaction_at == today()


def test_quick_add_without_htmx_redirects_back_to_the_contact(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    response = doctor_client.post(
        reverse("contacts:interaction_add", args=[contact.pk]),
        {"kind": term("interaction_kind", "call").pk, "occurred_on": today().isoformat()},
    )
    assert response.status_code == 302 and response.url == contact.get_absolute_url()


def test_quick_add_with_a_missing_date_shows_the_error_in_the_partial(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    response = doctor_client.post(
        reverse("contacts:interaction_add", args=[contact.pk]),
        {"kind": term("interaction_kind", "call").pk},
        HTTP_HX_REQUEST="true",
    )
    assert "field-error" in response.content.decode()
    assert not Interaction.objects.exists()


def test_quick_add_cannot_name_another_doctors_contact(doctor_client, doctor, outsider):
    contact = ContactFactory(owner=doctor)
    theirs = ContactFactory(owner=outsider)
    doctor_client.post(
        reverse("contacts:interaction_add", args=[contact.pk]),
        {
            "kind": term("interaction_kind", "call").pk,
            "occurred_on": today().isoformat(),
            "others": [theirs.pk],
        },
    )
    assert not Interaction.objects.exists()


def test_the_timeline_paginates_with_load_more(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    for days in range(25):
        log_interaction(doctor, [contact], kind="email", occurred_on=today() - dt.timedelta(days))
    body = doctor_client.get(contact.get_absolute_url()).content.decode()
    assert body.count('class="timeline-entry') == 20 and "Load more" in body

    next_page = f"?before={(today() - dt.timedelta(19)).isoformat()}&amp;skip=1"
    assert next_page in body
    more = doctor_client.get(
        reverse("contacts:timeline", args=[contact.pk]) + next_page.replace("&amp;", "&"),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert more.count('class="timeline-entry') == 5 and "Load more" not in more


def test_editing_an_interaction_moves_last_contacted(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    interaction = log_interaction(doctor, [contact], kind="call", occurred_on=today())
    response = doctor_client.post(
        reverse("contacts:interaction_edit", args=[interaction.pk]),
        {
            "kind": term("interaction_kind", "call").pk,
            "occurred_on": "2025-01-02",
            "others": [contact.pk],
            "back": str(contact.pk),
        },
    )
    assert response.status_code == 302 and response.url == contact.get_absolute_url()
    contact.refresh_from_db()
    assert contact.last_interaction_at == dt.date(2025, 1, 2)


def test_deleting_an_interaction_recomputes_last_contacted(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    log_interaction(doctor, [contact], kind="call", occurred_on=dt.date(2025, 1, 1))
    newest = log_interaction(doctor, [contact], kind="call", occurred_on=dt.date(2026, 1, 1))
    doctor_client.post(reverse("contacts:interaction_delete", args=[newest.pk]))
    contact.refresh_from_db()
    assert contact.last_interaction_at == dt.date(2025, 1, 1)


def test_outsider_gets_404_for_the_contact_page_and_its_interactions(outsider_client, doctor):
    contact = ContactFactory(owner=doctor)
    interaction = log_interaction(doctor, [contact], kind="call")
    assert outsider_client.get(contact.get_absolute_url()).status_code == 404
    assert (
        outsider_client.get(reverse("contacts:interaction_edit", args=[interaction.pk])).status_code
        == 404
    )
    response = outsider_client.post(
        reverse("contacts:interaction_add", args=[contact.pk]),
        {"kind": term("interaction_kind", "call").pk, "occurred_on": today().isoformat()},
    )
    assert response.status_code == 404
    assert Interaction.objects.count() == 1
