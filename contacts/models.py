"""The doctor's network: contacts, where they work, how to reach them, and every interaction."""

import datetime as dt

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from core.expressions import AnyOf
from core.history import History
from core.models import OwnedModel, OwnedQuerySet, Term, UUIDModel
from core.vocabulary import validate_fellowship

from .photos import PrivatePhotoField, photo_upload_to

TERM = "core.Term"


class Tag(OwnedModel):
    name = models.CharField(max_length=60)

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="tag_owner_name_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    HOSPITAL = "hospital", "Hospital"
    HEALTH_SERVICE = "health_service", "Health service"
    UNIVERSITY = "university", "University"
    COLLEGE = "college", "College or association"
    PRACTICE = "practice", "Practice"
    COMPANY = "company", "Company"
    OTHER = "other", "Other"


class Organisation(OwnedModel):
    """A workplace as this doctor names it (each doctor keeps their own list)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, default="hospital")
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    # The workplaces list's columns, kept by ``contacts.organisation_counts`` (its one writer):
    # the doctor's living contacts with a position here, and the newest "last contacted" of them.
    contact_count = models.PositiveIntegerField(default=0, editable=False)
    last_contacted = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="organisation_owner_name_ci"),
        ]

    def __str__(self) -> str:
        return self.name


# Fields that change by themselves (search, the last interaction) or only for bookkeeping: they
# would fill the change history with noise.
# Derived or bookkeeping fields: history records what the doctor changed, not what we compute.
HISTORY_EXCLUDED = [
    "created_at",
    "updated_at",
    "version",
    "last_interaction_at",
    "next_due_on",
    "search_vector",
]


class ContactQuerySet(OwnedQuerySet):
    def for_user(self, user):
        """As for every owned model, but naming the owner as a ``bigint`` (the column's type),
        not an ``int4`` literal: the owner-first GIN indexes of search (btree_gin, migration
        0006) can only match an operator of the column's own type."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        owner = self.model._meta.get_field("owner").target_field
        return self.filter(owner_id=models.functions.Cast(models.Value(user.pk), owner))

    def alive(self):
        """Not in the Trash."""
        return self.filter(deleted_at__isnull=True)

    def in_trash(self):
        return self.filter(deleted_at__isnull=False)

    def never_contacted(self):
        """No interaction logged yet."""
        return self.filter(last_interaction_at__isnull=True)

    def overdue(self, today: dt.date | None = None):
        """Keeping in touch fell due before ``today``: by the contact's own cadence, a default
        one (tag, relationship kind) or fading, after any snooze (``next_due_on``), so the list
        agrees with the dashboard's Overdue group."""
        today = today or timezone.localdate()
        return self.filter(next_due_on__lt=today)

    def search(self, text: str, *, owner):
        """Full-text and fuzzy-name search (see ``contacts.search``) of ``owner``'s contacts
        within this queryset.

        Each way of matching is its own branch of one ``UNION`` of ids, so PostgreSQL plans
        each on its own index and the page then reads only the matches by primary key, instead
        of testing every contact against each branch. The full-text branch carries no owner
        filter: its lexemes name the owner already, and with one PostgreSQL added a bitmap of
        all the owner's rows (5 of its 6 ms at 10,000 contacts). This queryset's own filters
        (the owner's, at least) apply to the result.

        The ids are matched as ``id = ANY(ARRAY(…))``, not ``id IN (…)``: the array is worked
        out once and the matches read through the primary key, whatever PostgreSQL guesses of
        their number. With ``IN`` it guessed a few hundred matches and hash-joined them with
        an index scan of all the owner's contacts (7 of the search's 9 ms at 10,000 contacts,
        for 78 matches; issue 22).

        The array's statement is written out (``contacts.search.SEARCH_IDS_SQL``): built as
        three querysets and a union it cost ~3 ms of CPU a search. Its name branches keep to
        ``owner``'s contacts, so this queryset should hold only theirs (``for_user``)."""
        from .search import search_ids_sql, search_words

        words = search_words(text)
        if not words:
            return self
        sql, params = search_ids_sql(words, owner.pk)
        matches = RawSQL(sql, params, output_field=ArrayField(models.UUIDField()))
        return self.filter(AnyOf(models.F("pk"), matches))

    def named_like(self, name: str, *, owner):
        """The owner's living contacts a typed name may be about ("elo" finds Élodie), by name:
        what the person picker lists and what "did you mean…?" asks before anyone is added
        twice. Callers keep the first few."""
        return self.alive().search(name, owner=owner).order_by("family_name", "given_name")

    def current_organisation_name(self) -> models.Subquery:
        """The name of each contact's current organisation (its current position first), as a
        subquery: a list column, and the contact list's "organisation" sort key."""
        current = (
            Position.objects.filter(contact=models.OuterRef("pk"))
            .current_first()
            .values("organisation__name")[:1]
        )
        return models.Subquery(current)

    def with_list_columns(self):
        """What the contact list shows, in one query whatever the page size: only the columns a
        row prints, with the current organisation's name, the specialty's label and the tag
        names as subqueries. A search sorts all its matches before it keeps a page, and
        PostgreSQL runs a select-list subquery only for the rows it keeps, where a join would
        run for every match (and a prefetch would cost a query and a model per tag). The
        contact list itself reads the same columns with ``contacts.listing.PAGE_ROWS_SQL``
        (a test holds the two together): change both."""
        specialty = Term.objects.filter(pk=models.OuterRef("specialty_id")).order_by()
        tags = Tag.objects.filter(contacts=models.OuterRef("pk")).order_by(Lower("name"))
        return self.only(*LIST_COLUMNS).annotate(
            organisation_name=self.current_organisation_name(),
            specialty_label=models.Subquery(specialty.values("label")),
            tag_names=ArraySubquery(tags.values("name")),
        )


# The columns a row of the contact list prints (``contacts.listing.list_rows``).
LIST_COLUMNS = [
    "id",
    "prefix",
    "given_name",
    "preferred_name",
    "family_name",
    "fellowships",
    "specialty_other",
    "closeness",
    "last_interaction_at",
    "next_due_on",
]


def full_name(prefix: str, given_name: str, family_name: str) -> str:
    """``Contact.full_name`` from the three fields it reads (for rows read without the model);
    ``str(contact)`` is this, or "(no name)"."""
    return " ".join(p for p in [prefix, given_name, family_name] if p)


def display_name(given_name: str, preferred_name: str, family_name: str) -> str:
    """``Contact.display_name`` from the three fields it reads (for rows read without the
    model)."""
    given = preferred_name or given_name
    return " ".join(p for p in [given, family_name] if p) or "(no name)"


class Contact(OwnedModel):
    PREFIXES = [
        "Dr",
        "Prof",
        "A/Prof",
        "Assoc Prof",
        "Mr",
        "Ms",
        "Mrs",
        "Miss",
        "Mx",
        "Sir",
        "Dame",
    ]

    prefix = models.CharField(max_length=20, blank=True, help_text="Dr, Prof, A/Prof…")
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    preferred_name = models.CharField(max_length=100, blank=True)
    career_stage = models.ForeignKey(
        TERM,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "career_stage"},
    )
    specialty = models.ForeignKey(
        TERM,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "specialty"},
    )
    specialty_field = models.ForeignKey(
        TERM,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "specialty_field"},
        verbose_name="field of practice",
    )
    specialty_other = models.CharField(
        "specialty (other)", max_length=120, blank=True, help_text="Where the list falls short."
    )
    # College fellowships as their letters (FRACP, FACEM), shown after the name. Only those
    # ``core/vocabulary.json`` lists (a validator, not choices, so the list can grow without a
    # migration); kept in the list's order by the form.
    fellowships = ArrayField(
        models.CharField(max_length=20, validators=[validate_fellowship]),
        default=list,
        blank=True,
        help_text="College fellowships, shown after the name: FRACP, FACEM…",
    )
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField("state or region", max_length=100, blank=True)
    country = CountryField(blank=True)
    languages = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    qualification_country = CountryField("country of primary qualification", blank=True)
    how_we_met = models.TextField(
        "how and where we met", blank=True, help_text="About colleagues, never patients."
    )
    relationship_kinds = models.ManyToManyField(
        TERM, blank=True, related_name="+", limit_choices_to={"kind": "relationship_kind"}
    )
    closeness = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (acquaintance) to 5 (close).",
    )
    cadence_days = models.PositiveIntegerField(
        "keep in touch every (days)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    birthday_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    birthday_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    birthday_year = models.PositiveSmallIntegerField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="contacts")
    notes = models.TextField(blank=True, help_text="Markdown. About colleagues, never patients.")
    # Optimistic concurrency: each edit bumps it; a save from a stale form is refused (editing.py).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Stored under a random name and served only through contacts:photo (contacts/photos.py).
    photo = PrivatePhotoField(upload_to=photo_upload_to, blank=True)
    # Denormalised from Interaction for list sorting and "due" queries; written only by
    # contacts.services when interactions change.
    last_interaction_at = models.DateField(null=True, blank=True, db_index=True)
    # When keeping in touch next falls due (a lapsed cadence, a fading close relationship, after
    # any snooze), or None when nothing reminds the doctor of this contact. Denormalised so the
    # dashboard reads due contacts from an index; written only by ``contacts.due_dates.refresh``,
    # which every writer of what it depends on calls (see that module).
    next_due_on = models.DateField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Names, organisations, positions, tags, emails and notes for full-text search; written only
    # by contacts.search.refresh_search_vectors, which every writer of those rows calls.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ContactQuerySet.as_manager()
    # Change history (contacts.history shows it): derived and bookkeeping fields are left out;
    # moves to and from the Trash are recorded with a reason by contacts.services.
    history = History(excluded_fields=HISTORY_EXCLUDED + ["deleted_at"])

    class Meta:
        ordering = [Lower("family_name"), Lower("given_name")]
        indexes = [
            models.Index(fields=["owner", "deleted_at"], name="contact_owner_alive"),
            models.Index(
                # id: the due list's tie-break, so "the first N" is read in index order.
                fields=["owner", "next_due_on", "id"],
                condition=models.Q(deleted_at__isnull=True, next_due_on__isnull=False),
                name="contact_owner_next_due",
            ),
            # The dashboard's network health (time since last contact, specialties, current
            # workplaces) read from this index alone, not the table.
            models.Index(
                fields=["owner", "last_interaction_at", "specialty"],
                include=["id"],
                condition=models.Q(deleted_at__isnull=True),
                name="contact_owner_health",
            ),
            # Who might be at an event (events.selectors.who_might_be_there): the contacts
            # sharing its specialties, in name order, without reading their rows.
            models.Index(
                fields=["owner", "specialty", "family_name", "given_name"],
                include=["id"],
                condition=models.Q(deleted_at__isnull=True),
                name="contact_owner_specialty_name",
            ),
            models.Index(
                fields=["owner", "birthday_month", "birthday_day"],
                condition=models.Q(deleted_at__isnull=True, birthday_month__isnull=False),
                name="contact_owner_birthday",
            ),
            GinIndex(fields=["search_vector"], name="contact_search_vector"),
            GinIndex(
                fields=["family_name"], opclasses=["gin_trgm_ops"], name="contact_family_trgm"
            ),
            GinIndex(fields=["given_name"], opclasses=["gin_trgm_ops"], name="contact_given_trgm"),
            # The contact list in its default order, and by last contacted, read in index order
            # instead of sorting the doctor's whole network. (Where btree_gin is installed,
            # migration 0006 adds owner-first GIN indexes for search: not declared here because
            # they depend on the server.) The name order ends with the id that breaks its ties,
            # and INCLUDEs the names, so a deep page's 50 ids come from the index alone:
            # PostgreSQL reads an expression index index-only only when the columns under the
            # expressions are in it too. Without them, page 50 at 10,000 contacts read and
            # sorted the whole network (11 ms) instead of 2,500 index entries (0.6 ms).
            models.Index(
                "owner",
                Lower("family_name"),
                Lower("given_name"),
                "id",
                include=["family_name", "given_name"],
                condition=models.Q(deleted_at__isnull=True),
                name="contact_owner_name_page",
            ),
            models.Index(
                "owner",
                models.F("last_interaction_at").desc(nulls_last=True),
                condition=models.Q(deleted_at__isnull=True),
                name="contact_owner_seen_alive",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closeness__isnull=True)
                | models.Q(closeness__gte=1, closeness__lte=5),
                name="contact_closeness_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or "(no name)"

    def get_absolute_url(self) -> str:
        return reverse("contacts:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return full_name(self.prefix, self.given_name, self.family_name)

    @property
    def post_nominals(self) -> str:
        return " ".join(self.fellowships)

    @property
    def display_name(self) -> str:
        return display_name(self.given_name, self.preferred_name, self.family_name)

    @property
    def is_in_trash(self) -> bool:
        return self.deleted_at is not None

    @property
    def next_contact_due(self) -> dt.date | None:
        """When keeping in touch next falls due (``next_due_on``: own cadence, else a default
        one, else fading; after any snooze), or None when nothing reminds the doctor."""
        return self.next_due_on

    @property
    def cadence_status(self) -> str:
        """ "due in 12 days", "due today", "overdue by 3 days", or "" when nothing is due."""
        due = self.next_due_on
        if due is None:
            return ""
        days = (due - timezone.localdate()).days
        if days <= 0 and not self.last_interaction_at:
            return "due now: never contacted"
        if days == 0:
            return "due today"
        plural = "s" if abs(days) != 1 else ""
        return f"due in {days} day{plural}" if days > 0 else f"overdue by {-days} day{plural}"

    @property
    def is_overdue(self) -> bool:
        return self.next_due_on is not None and self.next_due_on < timezone.localdate()

    @property
    def birthday_display(self) -> str:
        if not (self.birthday_day and self.birthday_month):
            return ""
        text = f"{self.birthday_day:02d}/{self.birthday_month:02d}"
        return f"{text}/{self.birthday_year}" if self.birthday_year else text


class ContactPartQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(contact__owner=user)


class ContactPart(UUIDModel):
    """A row that belongs to one contact (and so to the contact's owner)."""

    objects = ContactPartQuerySet.as_manager()

    class Meta:
        abstract = True


class ContactEmail(ContactPart):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField()
    label = models.CharField(max_length=30, blank=True, help_text="work, personal…")
    is_primary = models.BooleanField(default=False)
    history = History()

    class Meta:
        ordering = ["-is_primary", "email"]
        indexes = [models.Index(Lower("email"), name="contactemail_email_ci")]

    def __str__(self) -> str:
        return self.email


class ContactPhone(ContactPart):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=32, help_text="E.164, e.g. +61412345678")
    label = models.CharField(max_length=30, blank=True, help_text="mobile, work, pager…")
    is_primary = models.BooleanField(default=False)
    history = History()

    class Meta:
        ordering = ["-is_primary", "number"]
        indexes = [models.Index(fields=["number"], name="contactphone_number")]

    def __str__(self) -> str:
        return self.number


class LinkKind(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    ORCID = "orcid", "ORCID"
    SCHOLAR = "scholar", "Google Scholar"
    RESEARCHGATE = "researchgate", "ResearchGate"
    WEBSITE = "website", "Website"
    OTHER = "other", "Other"


class ContactLink(ContactPart):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=LinkKind.choices, default=LinkKind.WEBSITE)
    url = models.URLField(max_length=500)
    history = History()

    class Meta:
        ordering = ["kind", "url"]

    def __str__(self) -> str:
        return self.url


class PositionQuerySet(ContactPartQuerySet):
    def current_first(self):
        """Current positions (no end date, or ending in the future) first, newest start first."""
        today = timezone.localdate()
        return self.annotate(
            current_sort=models.Case(
                models.When(
                    models.Q(end_date__isnull=True) | models.Q(end_date__gte=today),
                    then=models.Value(True),
                ),
                default=models.Value(False),
            )
        ).order_by("-current_sort", models.F("start_date").desc(nulls_last=True))


class Position(ContactPart):
    """A dated role: junior doctors rotate every term, so history matters."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="positions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="positions"
    )
    department = models.CharField(max_length=150, blank=True)
    title = models.CharField(max_length=150, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    objects = PositionQuerySet.as_manager()
    history = History()

    class Meta:
        ordering = [models.F("start_date").desc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="position_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.title, self.department, str(self.organisation)] if p)

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()


class Interaction(OwnedModel):
    """One contact with one or more people: a coffee, a call, a conference chat."""

    kind = models.ForeignKey(
        TERM,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "interaction_kind"},
    )
    occurred_on = models.DateField(default=timezone.localdate, db_index=True)
    place = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True, help_text="About colleagues, never patients.")
    contacts = models.ManyToManyField(
        Contact, related_name="interactions", through="InteractionContact"
    )
    # How many people were there, as last written by contacts.interactions.store_people (every
    # writer of ``contacts`` calls it). The network graph pairs up only interactions with two
    # or more people, about one in ten: this lets it find them by index instead of grouping all
    # of a doctor's links. Deleting a contact can leave it one too high, never too low, and the
    # graph still counts the links themselves.
    people_count = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        indexes = [
            models.Index(fields=["owner", "-occurred_on"], name="interaction_owner_date"),
            models.Index(
                fields=["owner"],
                include=["id"],
                condition=models.Q(people_count__gt=1),
                name="interaction_owner_shared",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.occurred_on:%d/%m/%Y}"


class InteractionContact(models.Model):
    """One person at one interaction (``Interaction.contacts``'s link row)."""

    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE)
    # The interaction's ``occurred_on``, so a contact's newest interactions are read in order
    # from the (contact, date) index: sorting a busy contact's 1,200 interactions by their own
    # date took one index probe each (10-16 ms for the timeline's first page). Written only by
    # contacts.interactions.store_people, which every writer of links or dates calls; empty
    # only between a link's insert and that call, and then sorted last.
    occurred_on = models.DateField(null=True, editable=False)

    class Meta:
        db_table = "contacts_interaction_contacts"
        unique_together = [("interaction", "contact")]
        indexes = [
            models.Index(
                models.F("contact"),
                models.F("occurred_on").desc(nulls_last=True),
                name="interactioncontact_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} at {self.interaction_id}"


# --- import jobs (contacts-io) ---------------------------------------------------------------


class ImportJob(OwnedModel):
    """One uploaded contact file: its parsed rows wait here between preview and import."""

    class Status(models.TextChoices):
        # The upload is kept and a worker parses it (``read_upload``): never in the web request.
        READING = "reading", "Reading the file"
        UNREADABLE = "unreadable", "Could not be read"
        PREVIEW = "preview", "Waiting for confirmation"
        QUEUED = "queued", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    total_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(
        blank=True, help_text="Why the file could not be read or the import failed, for the doctor."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the preview says about the file as a whole: the text encoding assumed when the file
    # did not say ("read as Central European (Windows-1250)"), characters removed, and so on.
    notices = models.JSONField(default=list, blank=True)
    # The upload itself, kept while a worker reads it and while the preview waits, so the doctor
    # can have it read in another encoding; cleared once confirmed or found unreadable.
    source = models.BinaryField(null=True, blank=True, editable=False)
    encoding = models.CharField(
        max_length=20, blank=True, help_text="The encoding the doctor chose; blank: detected."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ImportRowQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(job__owner=user)


class ImportRow(UUIDModel):
    """One row or card of an uploaded file, parsed (``data``) and checked against the network."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        DUPLICATE = "duplicate", "Already in NetMed"
        ERROR = "error", "Problem"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()
    data = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.CharField(max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ImportRowQuerySet.as_manager()

    class Meta:
        ordering = ["job", "line"]
        indexes = [models.Index(fields=["job", "line"], name="importrow_job_line")]

    def __str__(self) -> str:
        return f"line {self.line}: {self.status}"


class ContactSourceKey(UUIDModel):
    """Where an imported contact came from: its vCard UID, or a fingerprint of the row it was
    made from. Importing the same file again matches these keys and adds nothing, even for a row
    with no email, profile or phone to match on. Written by ``contacts.importing.service``;
    a merge moves them to the contact kept."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="source_keys")
    key = models.CharField(max_length=300)

    class Meta:
        # Not unique: a contact in the trash keeps its keys, and re-importing brings a new one.
        indexes = [models.Index(fields=["owner", "key"], name="contactsourcekey_owner_key")]

    def __str__(self) -> str:
        return self.key
