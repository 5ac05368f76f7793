"""factory_boy factories for every model, and ``build_world``: one of everything a doctor owns."""

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from contacts import models as contacts
from core.models import Term

PASSWORD = "correct-horse-battery-42"


def term(kind: str, code: str | None = None) -> Term:
    terms = Term.objects.filter(kind=kind)
    return terms.get(code=code) if code else terms.first()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"doctor{n}@example.org")
    display_name = factory.Faker("name", locale="en_AU")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = contacts.Tag

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"tag {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = contacts.Organisation

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Hospital {n}")
    city = "Sydney"
    state = "NSW"
    country = "AU"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = contacts.Contact

    owner = factory.SubFactory(UserFactory)
    prefix = "Dr"
    given_name = factory.Faker("first_name", locale="en_AU")
    family_name = factory.Faker("last_name", locale="en_AU")
    specialty = factory.LazyFunction(lambda: term("specialty", "physician"))


class ContactEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = contacts.ContactEmail

    contact = factory.SubFactory(ContactFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@health.example.org")
    is_primary = True


class ContactPhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = contacts.ContactPhone

    contact = factory.SubFactory(ContactFactory)
    number = factory.Sequence(lambda n: f"+614120{n:05d}")
    label = "mobile"


class ContactLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = contacts.ContactLink

    contact = factory.SubFactory(ContactFactory)
    kind = "orcid"
    url = "https://orcid.org/0000-0002-1825-0097"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = contacts.Position

    contact = factory.SubFactory(ContactFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, owner=factory.SelfAttribute("..contact.owner")
    )
    department = "Cardiology"
    title = "Registrar"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=90))


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = contacts.Interaction
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    kind = factory.LazyFunction(lambda: term("interaction_kind", "meal"))
    occurred_on = factory.LazyFunction(timezone.localdate)
    note = "Coffee after grand rounds."

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.set(extracted)


# A marker that appears in the world's visible text, so leak tests can look for it in any page.
WORLD_MARKER = "Zyxwardson"


def build_world(user: User) -> dict[str, object]:
    """One of everything a doctor can own, all belonging to ``user``. The tenancy walk uses it.

    When an app adds a model that holds a doctor's data, add a row of it here: the walk fails
    for a model with no row in the world.
    """
    org = OrganisationFactory(owner=user, name=f"{WORLD_MARKER} Hospital")
    contact = ContactFactory(owner=user, family_name=WORLD_MARKER, notes=f"{WORLD_MARKER} notes")
    tag = TagFactory(owner=user, name=f"{WORLD_MARKER}-tag")
    contact.tags.add(tag)
    trashed = ContactFactory(owner=user, family_name=f"{WORLD_MARKER}-trashed")
    trashed.move_to_trash()
    world = {
        "organisation": org,
        "contact": contact,
        "trashed_contact": trashed,
        "tag": tag,
        "email": ContactEmailFactory(contact=contact),
        "phone": ContactPhoneFactory(contact=contact),
        "link": ContactLinkFactory(contact=contact),
        "position": PositionFactory(contact=contact, organisation=org),
        "interaction": InteractionFactory(owner=user, contacts=[contact]),
    }
    build_collaboration_world(user, world)
    build_contacts_io_world(user, world)
    build_reminders_world(user, world)
    return world


# --- collaboration ---------------------------------------------------------------------------
from collaboration import models as collaboration  # noqa: E402


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = collaboration.Project

    owner = factory.SubFactory(UserFactory)
    kind = "research"
    title = factory.Sequence(lambda n: f"Heart failure registry {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=200))


class CollaboratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = collaboration.Collaborator

    project = factory.SubFactory(ProjectFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..project.owner"))
    role = "co_investigator"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = collaboration.Publication

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Outcomes of early mobilisation {n}")
    journal = "Med J Aust"
    year = 2025


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = collaboration.Introduction

    owner = factory.SubFactory(UserFactory)
    introducer = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    introduced = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))


def build_collaboration_world(user, world: dict) -> None:
    contact = world["contact"]
    other = ContactFactory(owner=user, family_name=f"{WORLD_MARKER}-colleague")
    project = ProjectFactory(owner=user, title=f"{WORLD_MARKER} registry")
    world["project"] = project
    world["collaborator"] = CollaboratorFactory(project=project, contact=contact)
    CollaboratorFactory(project=project, contact=other)
    publication = PublicationFactory(owner=user, title=f"{WORLD_MARKER} outcomes", project=project)
    world["publication"] = publication
    world["author"] = collaboration.PublicationAuthor.objects.create(
        publication=publication, position=1, name=f"{WORLD_MARKER} A", contact=contact
    )
    world["presentation"] = collaboration.Presentation.objects.create(
        owner=user, project=project, title=f"{WORLD_MARKER} talk"
    )
    world["introduction"] = IntroductionFactory(
        owner=user, introducer=contact, introduced=other, note=WORLD_MARKER
    )


# --- contacts-io (import jobs) ---------------------------------------------------------------


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = contacts.ImportJob

    owner = factory.SubFactory(UserFactory)
    filename = "Connections.csv"
    format = "linkedin"
    total_rows = 1


class ImportRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = contacts.ImportRow

    job = factory.SubFactory(ImportJobFactory)
    line = 5
    status = "new"
    data = factory.LazyFunction(
        lambda: {"line": 5, "given_name": "Ada", "family_name": "Lovelace", "emails": []}
    )


def build_contacts_io_world(user, world: dict) -> None:
    job = ImportJobFactory(owner=user, filename=f"{WORLD_MARKER}.csv")
    world["import_job"] = job
    world["import_row"] = ImportRowFactory(
        job=job, data={"line": 5, "given_name": "Ada", "family_name": WORLD_MARKER}
    )


# --- reminders -------------------------------------------------------------------------------
from reminders import models as reminders  # noqa: E402


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = reminders.FollowUp

    owner = factory.SubFactory(UserFactory)
    what = factory.Sequence(lambda n: f"Send the audit draft {n}")
    due_on = factory.LazyFunction(timezone.localdate)


class CadenceDefaultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = reminders.CadenceDefault

    owner = factory.SubFactory(UserFactory)
    relationship_kind = factory.LazyFunction(lambda: term("relationship_kind", "mentor"))
    cadence_days = 30


def build_reminders_world(user, world: dict) -> None:
    contact = world["contact"]
    world["follow_up"] = FollowUpFactory(
        owner=user, what=f"{WORLD_MARKER} follow-up", contact=contact, project=world["project"]
    )
    world["cadence_default"] = CadenceDefaultFactory(owner=user, cadence_days=30)
    world["keep_in_touch_snooze"] = reminders.KeepInTouchSnooze.objects.create(
        owner=user, contact=contact, snoozed_until=timezone.localdate()
    )
