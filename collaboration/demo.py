"""Demo projects, publications and introductions for the demo doctor. Idempotent."""

import datetime as dt

from django.utils import timezone

from contacts.models import Contact

from .edges import rebuild_edges
from .models import (
    Collaborator,
    Introduction,
    Presentation,
    Project,
    Publication,
    PublicationAuthor,
)


def seed(doctor) -> None:
    if Project.objects.for_user(doctor).exists():
        return
    people = list(Contact.objects.for_user(doctor).alive().order_by("family_name")[:8])
    if len(people) < 4:
        return
    today = timezone.localdate()
    registry = Project.objects.create(
        owner=doctor,
        kind="research",
        title="Early mobilisation after cardiac surgery",
        status="active",
        start_date=today - dt.timedelta(days=300),
        registry_id="ACTRN12625000123456",
    )
    audit = Project.objects.create(
        owner=doctor,
        kind="audit",
        title="Sepsis bundle compliance audit",
        status="completed",
        start_date=today - dt.timedelta(days=500),
        end_date=today - dt.timedelta(days=380),
    )
    teaching = Project.objects.create(
        owner=doctor,
        kind="teaching",
        title="Intern ECG tutorials",
        status="active",
        audience="PGY1 interns",
        topic="ECG interpretation",
    )
    for project, members in ((registry, people[:4]), (audit, people[2:6]), (teaching, people[5:8])):
        for index, contact in enumerate(members):
            Collaborator.objects.create(
                project=project, contact=contact, role="lead" if index == 0 else "co_investigator"
            )
    paper = Publication.objects.create(
        owner=doctor,
        project=registry,
        title="Early mobilisation after cardiac surgery: a registry",
        journal="Medical Journal of Australia",
        year=today.year - 1,
        doi="10.5694/demo.0001",
    )
    for position, contact in enumerate(people[:3], start=1):
        PublicationAuthor.objects.create(
            publication=paper,
            position=position,
            contact=contact,
            name=f"{contact.given_name} {contact.family_name}",
        )
    Presentation.objects.create(
        owner=doctor,
        project=registry,
        title="Early mobilisation: first-year registry outcomes",
        event_name="Cardiac Society Annual Scientific Meeting",
        venue="Adelaide Convention Centre",
        presented_on=today - dt.timedelta(days=90),
    )
    Introduction.objects.create(
        owner=doctor,
        introducer=people[0],
        introduced=people[6],
        introduced_on=today - dt.timedelta(days=60),
        note="Met at RACP Congress drinks.",
    )
    rebuild_edges([doctor.pk])  # the rows above were written directly, not through services
