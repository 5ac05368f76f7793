"""factory_boy factories for every model, and ``build_world``: one of everything a doctor owns."""

import datetime as dt
import uuid

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import ShareCard, User
from contacts import models as contacts
from contacts.interactions import refresh_links, store_people
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


class StaffFactory(UserFactory):
    """A staff member ready for the admin: staff need an authenticator app (TOTP) set up."""

    is_staff = True
    is_superuser = True

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.mfa.totp.internal import auth as totp_auth

            totp_auth.TOTP.activate(self, totp_auth.generate_totp_secret())


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

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Date keeping in touch and index the names for search, as the contact services do
        (``contacts.due_dates``, ``contacts.search``)."""
        super()._after_postgeneration(instance, create, results)
        if create:
            from contacts.search import refresh_search_vectors

            refresh_search_vectors([instance.pk])
            refresh_due_dates(instance)


def trash(contact: contacts.Contact) -> contacts.Contact:
    """``contact`` moved to the Trash as its doctor moves it (``trash_contacts``: the history,
    the organisations' counts and the network's links follow), and read back."""
    from contacts.services import trash_contacts

    trash_contacts(owner=contact.owner, ids=[contact.pk])
    contact.refresh_from_db()
    return contact


def refresh_due_dates(*contacts) -> None:
    """Tests that change a contact's cadence, closeness, tags, kinds or last interaction
    behind the services' back call this, as every service does."""
    from contacts import due_dates

    due_dates.refresh([c.pk for c in contacts])
    for contact in contacts:
        contact.refresh_from_db(fields=["next_due_on"])


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

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Count the contact at the organisation, as the services that write positions do
        (``contacts.organisation_counts``)."""
        super()._after_postgeneration(instance, create, results)
        if create:
            from contacts import organisation_counts

            organisation_counts.refresh([instance.organisation_id])


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
            store_people([self.pk])  # as contacts.interactions does after writing the links
            refresh_links(self.owner_id, [[c.pk for c in extracted]])  # and the graph's edges


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
    trash(trashed)
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
    build_events_world(user, world)
    build_mentorship_world(user, world)
    build_cpd_world(user, world)
    world["share_card"] = ShareCard.objects.create(owner=user, website="https://example.org/me")
    build_sync_world(user, world)
    build_inbound_world(user, world)
    return world


# --- collaboration ---------------------------------------------------------------------------
from collaboration import models as collaboration  # noqa: E402
from collaboration.edges import refresh_edges_for  # noqa: E402


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
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..project.owner"))
    role = "co_investigator"

    @factory.post_generation
    def network_edges(self, create, extracted, **kwargs):
        if create:  # as collaboration.edges' writers do after writing the fact
            refresh_edges_for(self.project.owner_id, [self.contact_id])


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
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    introducer = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    introduced = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))

    @factory.post_generation
    def network_edges(self, create, extracted, **kwargs):
        if create:  # as collaboration.edges' writers do after writing the fact
            refresh_edges_for(self.owner_id, [self.introducer_id, self.introduced_id])


class PresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = collaboration.Presentation

    owner = factory.SubFactory(UserFactory)
    project = factory.SubFactory(ProjectFactory, owner=factory.SelfAttribute("..owner"))
    title = factory.Sequence(lambda n: f"Registry findings {n}")
    event_name = "Cardiac Society ASM"
    presented_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


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
    world["reference_upload"] = collaboration.ReferenceUpload.objects.create(
        owner=user,
        filename=f"{WORLD_MARKER}.ris",
        status=collaboration.ReferenceUpload.Status.PREVIEW,
        references=[{"number": 1, "title": f"{WORLD_MARKER} trial", "authors": [WORLD_MARKER]}],
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

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            from contacts import due_dates

            due_dates.refresh(owner_ids=[instance.owner_id])


def build_reminders_world(user, world: dict) -> None:
    contact = world["contact"]
    world["follow_up"] = FollowUpFactory(
        owner=user, what=f"{WORLD_MARKER} follow-up", contact=contact, project=world["project"]
    )
    world["cadence_default"] = CadenceDefaultFactory(owner=user, cadence_days=30)
    world["keep_in_touch_snooze"] = reminders.KeepInTouchSnooze.objects.create(
        owner=user, contact=contact, snoozed_until=timezone.localdate()
    )
    world["birthday_ack"] = reminders.BirthdayAck.objects.create(
        owner=user, contact=contact, birthday_on=timezone.localdate(), done_at=timezone.now()
    )


# --- events ----------------------------------------------------------------------------------
from events import models as events  # noqa: E402


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Annual Scientific Meeting {n}")
    kind = factory.LazyFunction(lambda: term("event_kind", "conference"))
    organiser_term = factory.LazyFunction(lambda: term("college", "RACP"))
    organiser = ""
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
    timezone = "Australia/Sydney"
    venue = "International Convention Centre"
    city = "Sydney"
    state = "NSW"
    published = True
    cpd_educational = 6
    cpd_reviewing_performance = 1
    cpd_measuring_outcomes = 0

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted:
            from events.services import set_specialties

            set_specialties(event=self, terms=extracted)


class PrivateEventFactory(EventFactory):
    owner = factory.SubFactory(UserFactory)
    published = False
    title = factory.Sequence(lambda n: f"Department dinner {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.Attendance

    owner = factory.SubFactory(UserFactory)
    event = factory.SubFactory(EventFactory)
    status = "registered"


class PersonMetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.PersonMet
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    event = factory.SubFactory(EventFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))

    @factory.post_generation
    def network_edges(self, create, extracted, **kwargs):
        if create:  # as collaboration.edges' writers do after writing the fact
            refresh_edges_for(self.owner_id, [self.contact_id])


def build_events_world(user, world: dict) -> None:
    """The doctor's private event, their attendance at a published one (the published event
    itself stays out of the world: every doctor may act on it), a person met and a feed token."""
    world["private_event"] = PrivateEventFactory(
        owner=user, title=f"{WORLD_MARKER} dinner", description=f"{WORLD_MARKER} private"
    )
    published = EventFactory(title="Grand round, world")
    world["attendance"] = AttendanceFactory(owner=user, event=published, notes=WORLD_MARKER)
    world["person_met"] = PersonMetFactory(owner=user, event=published, contact=world["contact"])
    world["calendar_feed"] = events.CalendarFeed.objects.create(owner=user)
    world["capture_receipt"] = events.CaptureReceipt.objects.create(
        owner=user, client_ref=uuid.uuid4(), event=published, contact=world["contact"]
    )


# --- mentorship ------------------------------------------------------------------------------
from mentorship import models as mentorship  # noqa: E402


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mentorship.Mentorship

    owner = factory.SubFactory(UserFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    side = "mentee"
    status = "active"
    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=120))
    cadence_days = 30


class SharedMentorshipFactory(MentorshipFactory):
    """Agreed through the directory: the owner mentors ``member``."""

    contact = None
    member = factory.SubFactory(UserFactory)
    side = "mentor"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mentorship.Goal

    mentorship = factory.SubFactory(MentorshipFactory)
    title = factory.Sequence(lambda n: f"Pass the written exam {n}")
    target_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mentorship.Meeting

    mentorship = factory.SubFactory(MentorshipFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    agenda = "Exam plan and rotations."
    created_by = factory.SelfAttribute("mentorship.owner")


class MeetingNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mentorship.MeetingNote

    meeting = factory.SubFactory(MeetingFactory)
    author = factory.SelfAttribute("meeting.mentorship.owner")
    text = "Talked through the study timetable."
    private = False


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mentorship.ActionItem

    mentorship = factory.SubFactory(MentorshipFactory)
    title = factory.Sequence(lambda n: f"Read chapter {n}")
    assignee = factory.SelfAttribute("mentorship.owner")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mentorship.MentorProfile
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    headline = "Cardiologist happy to help with training and research"
    format = "either"
    city = "Sydney"
    state = "NSW"
    capacity = 2
    published = True

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(extracted)


class MentorRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mentorship.MentorRequest

    owner = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(UserFactory)
    message = "I am a PGY2 aiming for physician training."


class RefereeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mentorship.Referee

    owner = factory.SubFactory(UserFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    capacity = "Supervising consultant"


def build_mentorship_world(user, world: dict) -> None:
    """A private and a shared mentorship with every part, a profile (unpublished, so the
    outsider must 404 on it too), a request, a block and a referee, all marked."""
    contact = world["contact"]
    private = MentorshipFactory(
        owner=user, contact=contact, side="sponsor", outcome_summary=WORLD_MARKER
    )
    shared = SharedMentorshipFactory(owner=user, expectations=WORLD_MARKER)
    world["mentorship"] = private
    world["shared_mentorship"] = shared
    world["goal"] = GoalFactory(mentorship=shared, title=f"{WORLD_MARKER} goal")
    world["goal_note"] = mentorship.GoalNote.objects.create(
        goal=world["goal"], author=user, text=WORLD_MARKER
    )
    world["meeting"] = MeetingFactory(mentorship=shared, agenda=WORLD_MARKER)
    world["meeting_note"] = MeetingNoteFactory(meeting=world["meeting"], text=WORLD_MARKER)
    world["private_meeting_note"] = MeetingNoteFactory(
        meeting=world["meeting"], text=f"{WORLD_MARKER} private", private=True
    )
    world["action_item"] = ActionItemFactory(
        mentorship=shared, meeting=world["meeting"], title=f"{WORLD_MARKER} action"
    )
    world["opportunity"] = mentorship.Opportunity.objects.create(
        mentorship=private, kind="nomination", title=f"{WORLD_MARKER} award"
    )
    world["referee"] = RefereeFactory(owner=user, contact=contact, capacity=WORLD_MARKER)
    world["referee_ask"] = mentorship.RefereeAsk.objects.create(
        referee=world["referee"], application=f"{WORLD_MARKER} application"
    )
    world["mentor_profile"] = MentorProfileFactory(
        owner=user, headline=f"{WORLD_MARKER} mentor", published=False
    )
    world["mentor_request"] = MentorRequestFactory(owner=user, message=WORLD_MARKER)
    world["mentor_block"] = mentorship.MentorBlock.objects.create(
        owner=user, blocked=UserFactory(display_name=f"{WORLD_MARKER} blocked")
    )


# --- cpd -------------------------------------------------------------------------------------
from django.core.files.base import ContentFile  # noqa: E402

from cpd import models as cpd  # noqa: E402


class CpdEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cpd.CpdEntry

    owner = factory.SubFactory(UserFactory)
    activity = factory.Sequence(lambda n: f"Clinical audit {n}")
    date = factory.LazyFunction(timezone.localdate)
    provider = "RACP"
    cpd_educational = 2
    cpd_reviewing_performance = 1
    cpd_measuring_outcomes = 1


def build_cpd_world(user, world: dict) -> None:
    year = timezone.localdate().year
    plan = cpd.CpdPlan.objects.create(owner=user, year=year, summary=f"{WORLD_MARKER} plan")
    world["cpd_plan"] = plan
    world["cpd_goal"] = cpd.CpdGoal.objects.create(
        owner=user, plan=plan, description=f"{WORLD_MARKER} goal"
    )
    world["cpd_entry"] = CpdEntryFactory(
        owner=user,
        activity=f"{WORLD_MARKER} audit",
        goal=world["cpd_goal"],
        evidence=ContentFile(b"%PDF-1.4 world", name="certificate.pdf"),
    )
    world["membership"] = cpd.Membership.objects.create(
        owner=user, organisation=f"{WORLD_MARKER} College", renewal_date=timezone.localdate()
    )
    role = cpd.CommitteeRole.objects.create(owner=user, committee=f"{WORLD_MARKER} committee")
    role.contacts.add(world["contact"])
    world["committee_role"] = role


# --- sync ------------------------------------------------------------------------------------
def build_sync_world(user, world: dict) -> None:
    from sync.app_passwords import create_app_password
    from sync.models import SyncAccount

    made = create_app_password(owner=user, label=f"{WORLD_MARKER} phone")
    world["app_password"] = made.app_password
    world["sync_account"] = SyncAccount.objects.create(owner=user)


# --- inbound mail ----------------------------------------------------------------------------
from inbound import models as inbound  # noqa: E402


class InboundMessageFactory(factory.django.DjangoModelFactory):
    """A message already read into an interaction, with one person offered for review."""

    class Meta:
        model = inbound.InboundMessage

    owner = factory.SubFactory(UserFactory)
    source = "smtp"
    raw = b"Subject: Registry meeting\r\n\r\nSee you there.\r\n"
    status = "logged"
    subject = factory.Sequence(lambda n: f"Registry meeting {n}")
    message_id = factory.Sequence(lambda n: f"<registry-{n}@example.org>")
    offered = factory.LazyFunction(lambda: [{"email": "new.person@example.org", "name": ""}])


def build_inbound_world(user, world: dict) -> None:
    world["inbound_address"] = inbound.InboundAddress.objects.create(owner=user)
    world["inbound_message"] = InboundMessageFactory(
        owner=user,
        subject=f"{WORLD_MARKER} registry",
        interaction=world["interaction"],
        offered=[{"email": "world.person@example.org", "name": f"{WORLD_MARKER} Person"}],
    )


def event_form_data(**overrides) -> dict:
    """What the event form posts for a physicians' evening meeting, with ``overrides``."""
    data = {
        "title": "Physicians' evening meeting",
        "kind": term("event_kind", "conference").pk,
        "starts_at": "2030-03-06T18:00",
        "ends_at": "2030-03-06T21:00",
        "timezone": "Australia/Sydney",
        "country": "AU",
        "cpd_educational": "2",
        "cpd_reviewing_performance": "0",
        "cpd_measuring_outcomes": "0",
    }
    return {**data, **overrides}
