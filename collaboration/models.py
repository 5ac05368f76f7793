"""Work done with the people in the network: projects, publications, introductions."""

from django.db import models
from django.db.models.functions import Lower

from contacts.models import Contact
from core.models import OwnedModel, UUIDModel


class ProjectKind(models.TextChoices):
    RESEARCH = "research", "Research study"
    QI = "qi", "Quality-improvement project"
    AUDIT = "audit", "Clinical audit"
    PUBLICATION = "publication", "Publication"
    PRESENTATION = "presentation", "Presentation"
    TEACHING = "teaching", "Teaching"
    VOLUNTEERING = "volunteering", "Volunteering"
    COMMITTEE = "committee", "Committee work"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    PAUSED = "paused", "Paused"
    ABANDONED = "abandoned", "Abandoned"


class Project(OwnedModel):
    kind = models.CharField(max_length=20, choices=ProjectKind.choices, default="research")
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=ProjectStatus.choices, default="active")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True, help_text="About colleagues, never patients.")
    doi = models.CharField("DOI", max_length=200, blank=True)
    registry_id = models.CharField(
        "registry id", max_length=100, blank=True, help_text="e.g. ACTRN12624000123456"
    )
    url = models.URLField("link", max_length=500, blank=True)
    # Teaching sessions are projects of kind "teaching".
    audience = models.CharField(max_length=200, blank=True, help_text="Teaching: who attended.")
    topic = models.CharField(max_length=200, blank=True, help_text="Teaching: the topic.")
    collaborators = models.ManyToManyField(
        Contact, through="Collaborator", related_name="projects", blank=True
    )

    class Meta:
        ordering = [models.F("start_date").desc(nulls_last=True), Lower("title")]
        indexes = [models.Index(fields=["owner", "kind"], name="project_owner_kind")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CollaboratorRole(models.TextChoices):
    LEAD = "lead", "Lead"
    CO_INVESTIGATOR = "co_investigator", "Co-investigator"
    CO_AUTHOR = "co_author", "Co-author"
    SUPERVISOR = "supervisor", "Supervisor"
    STUDENT = "student", "Student"
    ORGANISER = "organiser", "Organiser"
    MEMBER = "member", "Member"


class CollaboratorQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(project__owner=user)


class Collaborator(UUIDModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=CollaboratorRole.choices, default="member")

    objects = CollaboratorQuerySet.as_manager()

    class Meta:
        ordering = ["role", "contact__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "contact"], name="collaborator_once")
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()})"


class ReferenceUpload(OwnedModel):
    """A BibTeX or RIS file a doctor uploaded: a worker reads it (``publications.read_upload``)
    into ``references`` for the preview, so no file is parsed inside a web request (issue 20)."""

    class Status(models.TextChoices):
        READING = "reading", "Reading the file"
        UNREADABLE = "unreadable", "Could not be read"
        PREVIEW = "preview", "Waiting for confirmation"
        IMPORTED = "imported", "Imported"

    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READING)
    # The upload, kept only while a worker reads it.
    source = models.BinaryField(null=True, blank=True, editable=False)
    # The parsed references (``ParsedReference`` as dicts), kept until imported or abandoned.
    references = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True, help_text="Why the file could not be read.")
    imported_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class Publication(OwnedModel):
    """A paper or abstract; authors in order, linked to contacts where they match."""

    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="publications"
    )
    title = models.CharField(max_length=500)
    journal = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    source_key = models.CharField(
        max_length=200, blank=True, help_text="Citation key or DOI from the imported file."
    )

    class Meta:
        ordering = [models.F("year").desc(nulls_last=True), Lower("title")]
        indexes = [models.Index(fields=["owner", "doi"], name="publication_owner_doi")]

    def __str__(self) -> str:
        return self.title


class AuthorQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(publication__owner=user)


class PublicationAuthor(UUIDModel):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="authorships"
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "position"], name="author_position")
        ]

    def __str__(self) -> str:
        return self.name


class Presentation(OwnedModel):
    """A talk or poster from a project: at one of the events in the events app where it exists
    (``event``), otherwise described in free text (``event_name``, ``venue``)."""

    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="presentations"
    )
    title = models.CharField(max_length=300)
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentations",
        help_text="One of your events, if it is in your calendar.",
    )
    event_name = models.CharField(
        "meeting", max_length=300, blank=True, help_text="If the event is not in your calendar."
    )
    venue = models.CharField(max_length=200, blank=True)
    presented_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = [models.F("presented_on").desc(nulls_last=True)]

    def __str__(self) -> str:
        return self.title


class IntroductionDirection(models.TextChoices):
    RECEIVED = "received", "introduced me to"
    MADE = "made", "was introduced by me to"


class Introduction(OwnedModel):
    """Either ``introducer`` introduced the doctor to ``introduced`` (received), or the doctor
    introduced ``introducer`` and ``introduced`` to each other (made)."""

    direction = models.CharField(
        max_length=10, choices=IntroductionDirection.choices, default="received"
    )
    introducer = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    introduced = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    introduced_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="About colleagues, never patients.")

    class Meta:
        ordering = [models.F("introduced_on").desc(nulls_last=True), "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(introducer=models.F("introduced")),
                name="introduction_two_people",
            )
        ]

    def __str__(self) -> str:
        if self.direction == IntroductionDirection.MADE:
            return f"I introduced {self.introducer} to {self.introduced}"
        return f"{self.introducer} introduced me to {self.introduced}"
