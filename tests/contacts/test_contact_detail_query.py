"""The contact page reads its contact in one hand-written statement (``contacts.detail``, issue
22): the same contact, parts and terms, in the same order, as the ORM's query gave
(``views._detail_contact``, ``DETAIL_PARTS``), whatever the parts hold."""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts import views
from contacts.detail import PARTS, page_contact
from core.models import Term
from tests import factories
from tests.factories import term


def values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def read(contact) -> dict:
    """Everything the page reads of the contact, as plain values."""
    return {
        "contact": values(contact),
        "terms": {
            name: values(contact._state.fields_cache[name]) if getattr(contact, name) else None
            for name in ("career_stage", "specialty", "specialty_field")
        },
        **{name: [values(row) for row in getattr(contact, name).all()] for name in PARTS},
        "organisations": [values(p.organisation) for p in contact.positions.all()],
    }


def a_full_contact(doctor):
    today = timezone.localdate()
    contact = factories.ContactFactory(
        owner=doctor,
        career_stage=term("career_stage"),
        specialty_field=Term.objects.filter(kind="specialty_field").last(),
        fellowships=["FRACP"],
        languages=["English", "Greek"],
        country="AU",
        closeness=4,
        cadence_days=30,
        birthday_day=3,
        birthday_month=5,
        notes="**notes**",
    )
    for end, start in [
        (None, today - dt.timedelta(days=400)),
        (today - dt.timedelta(days=30), today - dt.timedelta(days=900)),
        (today + dt.timedelta(days=30), None),
        (today, today - dt.timedelta(days=10)),
        (None, None),
    ]:
        factories.PositionFactory(contact=contact, start_date=start, end_date=end)
    for email, primary in [("b@x.org", False), ("a@x.org", False), ("c@x.org", True)]:
        factories.ContactEmailFactory(contact=contact, email=email, is_primary=primary)
    for number, primary in [("+612", False), ("+611", True)]:
        factories.ContactPhoneFactory(contact=contact, number=number, is_primary=primary)
    factories.ContactLinkFactory(contact=contact, kind="website", url="https://b.example.org")
    factories.ContactLinkFactory(contact=contact, kind="orcid")
    for name in ["beta", "Alpha", "gamma"]:
        contact.tags.add(factories.TagFactory(owner=doctor, name=name))
    contact.relationship_kinds.add(*Term.objects.filter(kind="relationship_kind")[1:3])
    return contact


def orm(doctor, pk, **filters):
    request = RequestFactory().get("/")
    request.user = doctor
    return views._detail_contact(request, pk, **filters)


def test_the_statement_reads_what_the_orm_query_read(doctor):
    contact = a_full_contact(doctor)
    bare = factories.ContactFactory(owner=doctor, specialty=None)
    for pk in (contact.pk, bare.pk):
        assert read(page_contact(doctor, pk)) == read(orm(doctor, pk, deleted_at=None))
    full = read(page_contact(doctor, contact.pk))
    assert [len(full[name]) for name in PARTS] == [5, 3, 2, 2, 3, 2]
    assert all(full["terms"].values())


def test_its_parts_and_terms_are_read_without_another_query(doctor):
    contact = a_full_contact(doctor)
    with CaptureQueriesContext(connection) as queries:
        read(page_contact(doctor, contact.pk))
    assert len(queries.captured_queries) == 1


def test_another_doctors_contact_or_one_in_the_trash_is_not_found(doctor, outsider):
    contact = a_full_contact(doctor)
    with pytest.raises(Http404):
        page_contact(outsider, contact.pk)
    contact.deleted_at = timezone.now()
    contact.save()
    with pytest.raises(Http404):
        page_contact(doctor, contact.pk)
    assert read(page_contact(doctor, contact.pk, alive=False)) == read(orm(doctor, contact.pk))


def test_the_facts_and_the_projects_panel_list_what_their_querysets_listed(doctor):
    from collaboration.models import Collaborator
    from collaboration.templatetags.collaboration_tags import shared_projects
    from reminders.models import FollowUp

    contact = a_full_contact(doctor)
    today = timezone.localdate()
    for back in (5, 1, 9, 3):
        factories.FollowUpFactory(
            owner=doctor, contact=contact, due_on=today - dt.timedelta(days=back)
        )
    factories.FollowUpFactory(owner=doctor, contact=contact, done_at=timezone.now())
    factories.FollowUpFactory(owner=factories.UserFactory(), contact=contact)
    for index, start in enumerate([None, today, None, today - dt.timedelta(days=9)] * 3):
        project = factories.ProjectFactory(
            owner=doctor, start_date=start, title=f"Project {index % 5}", kind="audit"
        )
        factories.CollaboratorFactory(project=project, contact=contact, role="lead")
    request = RequestFactory().get("/")
    request.user = doctor

    listed = views._facts_context(request, contact)["follow_ups"]
    old = FollowUp.objects.for_user(doctor).filter(contact=contact, done_at__isnull=True)
    assert [(f.pk, f.what, f.due_on) for f in listed] == [
        (f.pk, f.what, f.due_on) for f in old.order_by("due_on")[:3]
    ]
    panel = shared_projects({}, contact)
    old = (
        Collaborator.objects.filter(contact=contact, project__owner_id=doctor.pk)
        .select_related("project")
        .order_by("-project__start_date", "project__title")[:11]
    )

    def shown(m):
        p = m.project
        return (m.pk, m.get_role_display(), p.pk, p.title, p.get_kind_display(), p.start_date)

    assert [shown(m) for m in panel["memberships"]] == [shown(m) for m in old[:10]]
    assert panel["more"] is True


def test_the_contact_page_reads_the_facts_and_the_panel_with_its_timeline_and_shows_them_alike(
    client, doctor
):
    from django.template import Context, Template

    contact = a_full_contact(doctor)
    today = timezone.localdate()
    for back in (5, 1, 9, 3):
        factories.FollowUpFactory(
            owner=doctor,
            contact=contact,
            due_on=today - dt.timedelta(days=back),
            what=f"Ask {back}",
        )
    for index in range(12):
        project = factories.ProjectFactory(owner=doctor, title=f"Project <{index}>", kind="audit")
        factories.CollaboratorFactory(project=project, contact=contact, role="lead")
    outsider = factories.UserFactory()
    factories.CollaboratorFactory(
        project=factories.ProjectFactory(owner=outsider, title="Not theirs"), contact=contact
    )
    client.force_login(doctor)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/contacts/{contact.pk}/")
    page = response.content.decode()

    # Session, user, the contact, the timeline with the facts and the panel, the form's kinds.
    assert len(captured) == 5
    alone = Template("{% load collaboration_tags %}{% shared_projects contact %}").render(
        Context({"contact": contact})
    )
    assert "Project &lt;" in alone and "Not theirs" not in alone
    assert alone in page
    # The facts list what their own statement lists: the first three open, soonest due first.
    shown = [(f.pk, f.what, f.due_on) for f in response.context["follow_ups"]]
    assert shown == [(f.pk, f.what, f.due_on) for f in views._open_follow_ups(doctor, contact)]
    assert [what for _, what, _ in shown] == ["Ask 9", "Ask 5", "Ask 3"]
