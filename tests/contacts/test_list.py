import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, Tag
from contacts.search import refresh_search_vectors
from tests.factories import (
    CadenceDefaultFactory,
    ContactEmailFactory,
    ContactFactory,
    OrganisationFactory,
    PositionFactory,
    TagFactory,
    refresh_due_dates,
    term,
    trash,
)

pytestmark = pytest.mark.django_db
LIST = "/contacts/"  # a literal: reversing at import time would load the URLconf too early


def test_the_list_url_is_where_these_tests_look():
    assert reverse("contacts:list") == LIST


def names(response) -> list[str]:
    return [c.family_name for c in response.context["page"].object_list]


def indexed(*contacts):
    refresh_search_vectors([c.pk for c in contacts])
    return contacts


def test_the_list_shows_only_the_doctors_living_contacts(doctor_client, doctor, outsider):
    ContactFactory(owner=doctor, family_name="Mine")
    trash(ContactFactory(owner=doctor, family_name="Binned"))
    ContactFactory(owner=outsider, family_name="Theirs")
    assert names(doctor_client.get(LIST)) == ["Mine"]


def test_an_empty_network_gets_a_helpful_empty_state(doctor_client):
    assert "Add your first colleague" in doctor_client.get(LIST).content.decode()


def test_the_list_sorts_by_last_contacted_newest_first_with_never_last(doctor_client, doctor):
    today = timezone.localdate()
    ContactFactory(owner=doctor, family_name="Old", last_interaction_at=today - dt.timedelta(9))
    ContactFactory(owner=doctor, family_name="Never")
    ContactFactory(owner=doctor, family_name="New", last_interaction_at=today)
    assert names(doctor_client.get(LIST, {"sort": "-last_contacted"})) == ["New", "Old", "Never"]


def test_the_list_sorts_by_organisation_and_closeness(doctor_client, doctor):
    for family, org, closeness in [("A", "Zeta", 1), ("B", "Alpha", 5)]:
        contact = ContactFactory(owner=doctor, family_name=family, closeness=closeness)
        PositionFactory(contact=contact, organisation=OrganisationFactory(owner=doctor, name=org))
    assert names(doctor_client.get(LIST, {"sort": "organisation"})) == ["B", "A"]
    assert names(doctor_client.get(LIST, {"sort": "-closeness"})) == ["B", "A"]


def test_search_finds_smith_when_typing_smyth(doctor_client, doctor):
    indexed(ContactFactory(owner=doctor, given_name="Liam", family_name="Smith"))
    ContactFactory(owner=doctor, family_name="Jones")
    assert names(doctor_client.get(LIST, {"q": "Smyth"})) == ["Smith"]


def test_search_finds_cardiology_when_typing_cardio(doctor_client, doctor):
    contact = ContactFactory(owner=doctor, family_name="Heart")
    PositionFactory(contact=contact, department="Cardiology")
    indexed(contact, ContactFactory(owner=doctor, given_name="Jo", family_name="Other"))
    assert names(doctor_client.get(LIST, {"q": "cardio"})) == ["Heart"]


def test_search_covers_emails_tags_notes_and_organisations(doctor_client, doctor):
    by_email = ContactFactory(owner=doctor, family_name="Email")
    ContactEmailFactory(contact=by_email, email="unique.person@hospital.example.org")
    by_tag = ContactFactory(owner=doctor, family_name="Tagged")
    by_tag.tags.add(TagFactory(owner=doctor, name="rugby"))
    by_note = ContactFactory(owner=doctor, family_name="Noted", notes="Plays the cello")
    by_org = ContactFactory(owner=doctor, family_name="Org")
    PositionFactory(
        contact=by_org, organisation=OrganisationFactory(owner=doctor, name="Westmead Hospital")
    )
    indexed(by_email, by_tag, by_note, by_org)
    assert names(doctor_client.get(LIST, {"q": "unique.person"})) == ["Email"]
    assert names(doctor_client.get(LIST, {"q": "rugby"})) == ["Tagged"]
    assert names(doctor_client.get(LIST, {"q": "cello"})) == ["Noted"]
    assert names(doctor_client.get(LIST, {"q": "westmead"})) == ["Org"]


def test_search_as_you_type_returns_only_the_results_partial(doctor_client, doctor):
    indexed(ContactFactory(owner=doctor, family_name="Sharma"))
    response = doctor_client.get(
        LIST, {"q": "shar"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="contact-results"
    )
    body = response.content.decode()
    assert "Sharma" in body and "<html" not in body


def test_search_pages_count_every_match_and_a_page_past_the_end_shows_the_last(
    doctor_client, doctor, outsider
):
    indexed(*(ContactFactory(owner=doctor, family_name=f"Smith{n:02}") for n in range(53)))
    indexed(ContactFactory(owner=outsider, family_name="Smith99"))
    first = doctor_client.get(LIST, {"q": "smith"})
    assert first.context["page"].paginator.count == 53
    assert len(names(first)) == 50 and first.context["page"].has_next()
    assert "53 contacts" in first.content.decode()
    second = doctor_client.get(LIST, {"q": "smith", "page": 2})
    assert names(second) == ["Smith50", "Smith51", "Smith52"]
    past_the_end = doctor_client.get(LIST, {"q": "smith", "page": 9})
    assert past_the_end.context["page"].number == 2
    assert names(past_the_end) == ["Smith50", "Smith51", "Smith52"]


def test_a_search_with_no_match_on_a_later_page_shows_the_empty_state(doctor_client, doctor):
    indexed(ContactFactory(owner=doctor, family_name="Jones"))
    response = doctor_client.get(LIST, {"q": "zzyzx", "page": 3})
    assert response.context["page"].paginator.count == 0
    assert response.context["page"].number == 1
    assert "No contacts match" in response.content.decode()


def test_the_list_shows_the_specialty_label_or_the_free_text(doctor_client, doctor):
    ContactFactory(owner=doctor, family_name="A", specialty=term("specialty", "dermatology"))
    ContactFactory(owner=doctor, family_name="B", specialty=None, specialty_other="Space medicine")
    rows = doctor_client.get(LIST).context["rows"]
    assert [r["specialty"] for r in rows] == ["Dermatology", "Space medicine"]


def test_search_never_shows_another_doctors_contacts(outsider_client, doctor):
    indexed(ContactFactory(owner=doctor, family_name="Smith"))
    assert names(outsider_client.get(LIST, {"q": "Smith"})) == []


def test_search_with_only_punctuation_lists_everyone(doctor_client, doctor):
    ContactFactory(owner=doctor, family_name="Smith")
    assert names(doctor_client.get(LIST, {"q": "&|!:*"})) == ["Smith"]


def test_tags_filter_matches_all_or_any(doctor_client, doctor):
    brisbane, research = TagFactory(owner=doctor), TagFactory(owner=doctor)
    both = ContactFactory(owner=doctor, family_name="Both")
    both.tags.add(brisbane, research)
    ContactFactory(owner=doctor, family_name="One").tags.add(brisbane)
    ContactFactory(owner=doctor, family_name="None")
    tags = [brisbane.pk, research.pk]
    assert names(doctor_client.get(LIST, {"tags": tags, "tags_match": "all"})) == ["Both"]
    assert names(doctor_client.get(LIST, {"tags": tags, "tags_match": "any"})) == ["Both", "One"]


def test_filters_by_specialty_organisation_stage_relationship_and_city(doctor_client, doctor):
    match = ContactFactory(
        owner=doctor,
        family_name="Match",
        city="Brisbane",
        specialty=term("specialty", "surgery"),
        career_stage=term("career_stage", "intern"),
    )
    match.relationship_kinds.add(term("relationship_kind", "mentor"))
    position = PositionFactory(contact=match)
    ContactFactory(owner=doctor, family_name="Other", city="Perth")
    for params in [
        {"specialty": term("specialty", "surgery").pk},
        {"career_stage": term("career_stage", "intern").pk},
        {"relationship_kind": term("relationship_kind", "mentor").pk},
        {"organisation": position.organisation_id},
        {"city": "brisbane"},
    ]:
        assert names(doctor_client.get(LIST, params)) == ["Match"], params


def test_filters_overdue_and_never_contacted(doctor_client, doctor):
    today = timezone.localdate()
    ContactFactory(
        owner=doctor,
        family_name="Overdue",
        cadence_days=30,
        last_interaction_at=today - dt.timedelta(40),
    )
    ContactFactory(
        owner=doctor,
        family_name="Fine",
        cadence_days=30,
        last_interaction_at=today - dt.timedelta(5),
    )
    ContactFactory(owner=doctor, family_name="Never")
    assert names(doctor_client.get(LIST, {"contact_status": "overdue"})) == ["Overdue"]
    assert names(doctor_client.get(LIST, {"contact_status": "never"})) == ["Never"]


def test_the_overdue_filter_agrees_with_the_dashboard_on_defaults_fading_and_snoozes(
    doctor_client, doctor, outsider
):
    from contacts.interactions import log_interaction
    from reminders import keep_in_touch
    from reminders.due import due_for

    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=400)
    mentor = term("relationship_kind", "mentor")
    CadenceDefaultFactory(owner=doctor, relationship_kind=mentor, cadence_days=30)
    by_default = ContactFactory(owner=doctor, family_name="Mentor")
    by_default.relationship_kinds.add(mentor)
    fading = ContactFactory(owner=doctor, family_name="Fading", closeness=5)
    snoozed = ContactFactory(owner=doctor, family_name="Snoozed", cadence_days=7)
    ContactFactory(owner=doctor, family_name="Unreminded")
    ContactFactory(owner=outsider, family_name="Outsider", cadence_days=7)
    for contact in (by_default, fading, snoozed):
        log_interaction(doctor, [contact], kind="call", occurred_on=long_ago)
    keep_in_touch.snooze_contact(owner=doctor, contact=snoozed, until=today + dt.timedelta(3))
    refresh_due_dates(by_default)  # its relationship kind was added behind the services' back

    listed = names(doctor_client.get(LIST, {"contact_status": "overdue"}))

    assert listed == ["Fading", "Mentor"]
    dashboard = {item.contact_id for item in due_for(doctor, today).overdue if item.contact_id}
    assert dashboard == {by_default.pk, fading.pk}
    page = doctor_client.get(by_default.get_absolute_url()).content.decode()
    assert "overdue by 370 days" in page
    assert "due in 3 days" in doctor_client.get(snoozed.get_absolute_url()).content.decode()


def test_the_list_marks_overdue_by_the_same_rule_as_the_filter(doctor_client, doctor, outsider):
    from contacts.interactions import log_interaction
    from reminders import keep_in_touch

    today = timezone.localdate()
    mentor = term("relationship_kind", "mentor")
    CadenceDefaultFactory(owner=doctor, relationship_kind=mentor, cadence_days=30)
    by_default = ContactFactory(owner=doctor, family_name="Mentor")
    by_default.relationship_kinds.add(mentor)
    snoozed = ContactFactory(owner=doctor, family_name="Snoozed", cadence_days=7)
    ContactFactory(owner=outsider, family_name="Outsider", cadence_days=7)
    for contact in (by_default, snoozed):
        log_interaction(doctor, [contact], kind="call", occurred_on=today - dt.timedelta(400))
    keep_in_touch.snooze_contact(owner=doctor, contact=snoozed, until=today + dt.timedelta(3))
    refresh_due_dates(by_default)  # its relationship kind was added behind the services' back

    rows = {r["name"]: r["overdue"] for r in doctor_client.get(LIST).context["rows"]}

    assert rows == {by_default.display_name: True, snoozed.display_name: False}


def test_a_filter_with_no_result_explains_itself(doctor_client, doctor):
    ContactFactory(owner=doctor, city="Perth")
    assert "No contacts match" in doctor_client.get(LIST, {"city": "Hobart"}).content.decode()


def test_an_outsider_cannot_filter_by_the_doctors_tag(outsider_client, doctor):
    tag = TagFactory(owner=doctor)
    response = outsider_client.get(LIST, {"tags": [tag.pk]})
    assert response.status_code == 200
    assert "tags" in response.context["filter"].form.errors


def test_the_shared_filter_form_checks_each_doctors_own_tags_and_organisations(doctor, outsider):
    """The filter form's class is built once for everyone (contacts.filters): each request's
    form must still accept only its own doctor's tags and organisations."""
    tag = TagFactory(owner=doctor)
    position = PositionFactory(contact=ContactFactory(owner=doctor, family_name="Mine"))
    position.contact.tags.add(tag)
    params = {"tags": [tag.pk], "organisation": position.organisation_id}
    mine, theirs = Client(), Client()
    mine.force_login(doctor)
    theirs.force_login(outsider)
    for _ in range(2):  # in turn, with the same form class
        shown = mine.get(LIST, params)
        refused = theirs.get(LIST, params)
        assert shown.context["filter"].form.errors == {}
        assert names(shown) == ["Mine"]
        assert set(refused.context["filter"].form.errors) == {"tags", "organisation"}
        assert names(refused) == []


def test_bulk_tag_untag_and_cadence(doctor_client, doctor):
    first, second = ContactFactory.create_batch(2, owner=doctor)
    ids = [str(first.pk), str(second.pk)]
    bulk = reverse("contacts:bulk")
    doctor_client.post(bulk, {"ids": ids, "action": "tag", "tag_name": "ICU"})
    assert {c.tags.get().name for c in (first, second)} == {"ICU"}
    doctor_client.post(bulk, {"ids": ids[:1], "action": "untag", "tag_name": "icu"})
    assert not first.tags.exists() and second.tags.exists()
    doctor_client.post(bulk, {"ids": ids, "action": "cadence", "cadence_days": "60"})
    assert set(Contact.objects.values_list("cadence_days", flat=True)) == {60}


def test_bulk_trash_offers_undo(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    response = doctor_client.post(
        reverse("contacts:bulk"), {"ids": [str(contact.pk)], "action": "trash", "next": LIST}
    )
    assert response.url == LIST
    assert "Undo" in doctor_client.get(LIST).content.decode()
    assert Contact.objects.in_trash().count() == 1


def test_bulk_actions_ignore_another_doctors_contacts(outsider_client, doctor):
    contact = ContactFactory(owner=doctor)
    for data in [
        {"action": "trash"},
        {"action": "tag", "tag_name": "x"},
        {"action": "cadence", "cadence_days": "7"},
    ]:
        outsider_client.post(reverse("contacts:bulk"), {"ids": [str(contact.pk)], **data})
    contact.refresh_from_db()
    assert contact.deleted_at is None and contact.cadence_days is None
    assert not contact.tags.exists()


def test_bulk_tag_of_only_another_doctors_contacts_creates_no_tag(
    outsider_client, outsider, doctor
):
    contact = ContactFactory(owner=doctor)

    outsider_client.post(
        reverse("contacts:bulk"), {"ids": [str(contact.pk)], "action": "tag", "tag_name": "Spy"}
    )

    assert not Tag.objects.filter(name="Spy").exists()
    assert not Tag.objects.for_user(outsider).exists()


def test_bulk_tag_without_a_tag_name_says_so(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    response = doctor_client.post(
        reverse("contacts:bulk"), {"ids": [str(contact.pk)], "action": "tag"}, follow=True
    )
    assert "Type the tag" in response.content.decode()


def test_the_filter_form_reads_its_five_choice_lists_in_one_round_trip(doctor, rf, monkeypatch):
    """One statement for the tags, organisations, specialties, career stages and relationship
    kinds: it was a query each (and, through QuerySet.iterator(), a server-side cursor of three
    round trips each) (issue 22)."""
    import psycopg

    from contacts.filters import ContactFilter

    TagFactory(owner=doctor, name="cardiology")
    OrganisationFactory(owner=doctor, name="Westmead")
    request = rf.get(LIST)
    request.user = doctor
    form = ContactFilter({}, queryset=Contact.objects.none(), request=request).form
    trips = []
    wait = psycopg.Connection.wait
    monkeypatch.setattr(
        psycopg.Connection, "wait", lambda *a, **k: trips.append(1) or wait(*a, **k)
    )
    html = "".join(str(field) for field in form.visible_fields())
    assert ">cardiology</option>" in html and ">Westmead</option>" in html
    assert len(trips) == 1


def test_the_filter_forms_listed_choices_are_what_their_querysets_list(doctor, outsider, rf):
    """The one statement gives each select the options, order and labels its queryset gives."""
    from contacts.filters import LISTED, ContactFilter
    from core.models import Term

    for name in ["beta", "Alpha", "gamma", "Émile"]:
        TagFactory(owner=doctor, name=name)
        OrganisationFactory(owner=doctor, name=f"{name} Hospital")
    TagFactory(owner=outsider, name="theirs")
    Term.objects.filter(kind="specialty").order_by("pk").filter(
        pk=Term.objects.filter(kind="specialty").order_by("pk").values("pk")[:1]
    ).update(active=False)
    request = rf.get(LIST)
    request.user = doctor
    filterset = ContactFilter({}, queryset=Contact.objects.none(), request=request)

    for name in LISTED:
        field = filterset.form.fields[name]
        from_queryset = [(str(value), label) for value, label in field.choices]
        assert list(field.widget.choices) == from_queryset, name
    assert filterset.tag_names() == [t.name for t in Tag.objects.for_user(doctor)]
    assert "theirs" not in filterset.tag_names()
