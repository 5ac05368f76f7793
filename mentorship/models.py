"""Mentorship and sponsorship: relationships with goals, meetings and actions; the mentor directory.

Who may see what
----------------
A mentorship is owned by the doctor who recorded it. The other person is either one of the owner's
contacts (a *private* mentorship: only the owner sees it) or, for a mentorship agreed through the
directory, another NetMed user, its ``member`` (a *shared* mentorship). A shared mentorship and
everything in it (goals, progress notes, meetings, action items, sponsorship opportunities) is
visible to exactly its two members and nobody else: ``Mentorship.objects.for_user(user)`` returns
the rows where ``user`` is the owner OR the member, and every child model's ``for_user`` scopes
through it. Views fetch only through these querysets (``core.tenancy.owned_or_404``), so a third
user gets 404 exactly as for a missing row. Meeting notes marked private are further narrowed to
their writer (``MeetingNote.objects.visible_to(user)``).

Each member keeps their own contact row for the other person (``contact`` for the owner,
``member_contact`` for the member); neither is ever shown to the other side.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from contacts.models import Contact
from core.expressions import count_of
from core.models import OwnedModel, OwnedQuerySet, UUIDModel

TERM = "core.Term"
USER = settings.AUTH_USER_MODEL


class Side(models.TextChoices):
    """The owner's side of the relationship."""

    MENTOR = "mentor", "I mentor them"
    MENTEE = "mentee", "They mentor me"
    SPONSOR = "sponsor", "They sponsor me"
    SUPERVISOR = "supervisor", "They supervise me"
    PEER = "peer", "Peer mentoring"


# How the member (the other side of a shared mentorship) sees the owner's side.
MIRRORED_SIDE = {
    Side.MENTOR: "They mentor me",
    Side.MENTEE: "I mentor them",
    Side.SPONSOR: "I sponsor them",
    Side.SUPERVISOR: "I supervise them",
    Side.PEER: "Peer mentoring",
}


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"
    MESSAGE = "message", "Messages"
    EMAIL = "email", "Email"


class MentorshipQuerySet(OwnedQuerySet):
    def for_user(self, user):
        """Rows where ``user`` is the owner OR the other member of a shared mentorship.

        The one access rule for mentorships and (through ``mentorship__in``) everything in them.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(owner=user) | Q(member=user))

    def current(self):
        return self.exclude(status=Status.COMPLETED)

    def past(self):
        return self.filter(status=Status.COMPLETED)

    def with_last_meeting(self):
        """Annotate ``last_meeting_on``. A subquery on the (mentorship, -held_on) index, not a
        join: joined beside the action-item counts of the list it would multiply the rows (100
        meetings x 500 actions = 50,000) and the counts with them."""
        latest = (
            Meeting.objects.filter(mentorship=models.OuterRef("pk"))
            .order_by("-held_on")
            .values("held_on")[:1]
        )
        return self.annotate(last_meeting_on=models.Subquery(latest))

    def with_action_counts(self, today: dt.date):
        """Annotate ``open_actions`` and ``overdue_actions`` (open, and due before ``today``).
        Each a count on the (mentorship) index, not a join: joined and grouped beside the list's
        owner, member and contact, every mentorship's whole row was sorted once per action item
        (520 rows for 3 mentorships at doctor size, 1.8 ms of the list's SQL)."""

        open_items = ActionItem.objects.filter(
            mentorship=models.OuterRef("pk"), done_on__isnull=True
        )
        return self.annotate(
            open_actions=count_of(open_items),
            overdue_actions=count_of(open_items.filter(due_on__lt=today)),
        )

    def mentoring(self, user_id):
        """Current (not completed) mentorships in which ``user_id`` is the mentor, shared or
        private: what a mentor's directory capacity counts. ``user_id`` may be an ``OuterRef``."""
        return self.exclude(status=Status.COMPLETED).filter(
            Q(owner_id=user_id, side=Side.MENTOR) | Q(member_id=user_id, side=Side.MENTEE)
        )


class Mentorship(OwnedModel):
    contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentorships",
        help_text="The other person, from your contacts.",
    )
    member = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shared_mentorships",
        editable=False,
        help_text="The other NetMed user of a mentorship agreed through the directory.",
    )
    member_contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_mentorships",
        editable=False,
        help_text="The member's own contact row for the owner (shared mentorships).",
    )
    side = models.CharField("my side", max_length=20, choices=Side.choices, default=Side.MENTEE)
    focus_areas = models.ManyToManyField(
        TERM, blank=True, related_name="+", limit_choices_to={"kind": "mentorship_focus"}
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    proposed_on = models.DateField(default=timezone.localdate)
    started_on = models.DateField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    expectations = models.TextField(
        blank=True, help_text="What each of you expects. About colleagues, never patients."
    )
    meeting_frequency = models.CharField(
        max_length=100, blank=True, help_text="As agreed, e.g. “monthly, 45 minutes”."
    )
    preferred_channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    confidentiality = models.TextField(
        blank=True,
        help_text="What stays between you, what may be shared. About colleagues, never patients.",
    )
    cadence_days = models.PositiveIntegerField(
        "meet every (days)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="A reminder comes due when this long has passed since the last meeting.",
    )
    outcome_summary = models.TextField(
        blank=True, help_text="On completion: what came of it. About colleagues, never patients."
    )

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-proposed_on"]
        indexes = [
            models.Index(fields=["owner", "status"], name="mentorship_owner_status"),
            models.Index(fields=["member", "status"], name="mentorship_member_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(member=models.F("owner")), name="mentorship_member_not_owner"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="mentorship_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Mentorship with {self.other_name_for(self.owner)}"

    @property
    def is_shared(self) -> bool:
        return self.member_id is not None

    def is_owner(self, user) -> bool:
        return self.owner_id == user.pk

    def other_name_for(self, user) -> str:
        """The other person's name as ``user`` sees it (select_related contact/member/owner)."""
        if self.member_id and self.member_id == user.pk:
            return str(self.owner)
        if self.contact_id:
            return self.contact.display_name
        if self.member_id:
            return str(self.member)
        return "(no one named)"

    def side_label_for(self, user) -> str:
        if self.member_id and self.member_id == user.pk:
            return MIRRORED_SIDE[Side(self.side)]
        return self.get_side_display()

    def contact_for(self, user) -> Contact | None:
        """``user``'s own contact row for the other person, if they keep one."""
        if self.owner_id == user.pk:
            return self.contact
        if self.member_id == user.pk:
            return self.member_contact
        return None

    def next_meeting_due(self, last_meeting_on: dt.date | None) -> dt.date | None:
        if not self.cadence_days or self.status != Status.ACTIVE:
            return None
        since = last_meeting_on or self.started_on or self.proposed_on
        return since + dt.timedelta(days=self.cadence_days)


class MentorshipPartQuerySet(models.QuerySet):
    """Children of a mentorship: visible to whoever may see the mentorship."""

    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(mentorship__owner=user) | Q(mentorship__member=user))


class MentorshipPart(UUIDModel):
    created_at = models.DateTimeField(auto_now_add=True)
    objects = MentorshipPartQuerySet.as_manager()

    class Meta:
        abstract = True


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class Goal(MentorshipPart):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True, help_text="About colleagues, never patients.")
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )

    class Meta:
        ordering = [models.F("target_date").asc(nulls_last=True), "title"]

    def __str__(self) -> str:
        return self.title


class GoalNoteQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(goal__mentorship__owner=user) | Q(goal__mentorship__member=user))


class GoalNote(UUIDModel):
    """A dated progress note on a goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    written_on = models.DateField(default=timezone.localdate)
    text = models.TextField(help_text="About colleagues, never patients.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GoalNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-created_at"]


class Meeting(MentorshipPart):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date", default=timezone.localdate)
    agenda = models.TextField(blank=True, help_text="About colleagues, never patients.")
    created_by = models.ForeignKey(
        USER, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # The "mentoring" interactions this meeting logged (one per member who keeps a contact row
    # for the other): the contact timeline shows the meeting in their place, linking to them.
    interactions = models.ManyToManyField(
        "contacts.Interaction", blank=True, related_name="mentorship_meetings", editable=False
    )

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["mentorship", "-held_on"], name="meeting_mentorship_date")]

    def __str__(self) -> str:
        return f"Meeting on {self.held_on:%d/%m/%Y}"


class MeetingNoteQuerySet(models.QuerySet):
    def for_user(self, user):
        """Notes of meetings ``user`` may see, private ones of other writers excluded."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            Q(meeting__mentorship__owner=user) | Q(meeting__mentorship__member=user)
        ).visible_to(user)

    def visible_to(self, user):
        return self.filter(Q(private=False) | Q(author=user))


class MeetingNote(UUIDModel):
    """A note on a meeting. A private note is seen by its writer only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(help_text="About colleagues, never patients.")
    private = models.BooleanField(
        default=True, help_text="Only you will see a private note, even in a shared mentorship."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]


class ActionItemQuerySet(MentorshipPartQuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def for_rows(self):
        """What an action's row shows (``{% action_text %}``), the assignee as
        ``assignee_name`` (what ``User.__str__`` gives: their display name, else their email).
        A mentorship page draws some 70 rows; building a user for each, or a whole user row,
        was most of the time spent on them (issue 22)."""
        name = Coalesce(
            NullIf("assignee__display_name", models.Value("")),
            "assignee__email",
            output_field=models.CharField(),
        )
        fields = ("mentorship", "meeting", "assignee", "title", "due_on", "done_on")
        return self.only(*fields).annotate(assignee_name=name)


class ActionItem(MentorshipPart):
    """Something one side agreed to do. ``assignee`` is a NetMed user (the owner, or the member of
    a shared mentorship); empty means the other person of a private mentorship ("them")."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="action_items"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    title = models.CharField(max_length=200)
    assignee = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    snoozed_until = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = [models.F("done_on").desc(nulls_first=True), "due_on", "title"]
        indexes = [
            models.Index(
                fields=["assignee", "due_on"],
                condition=Q(done_on__isnull=True),
                name="actionitem_open_due",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on is not None and self.due_on < timezone.localdate()


class OpportunityKind(models.TextChoices):
    NOMINATION = "nomination", "Nomination"
    INTRODUCTION = "introduction", "Introduction"
    TALK = "talk", "Talk or presentation"
    COMMITTEE = "committee", "Committee seat"
    ROLE = "role", "Role or position"
    OTHER = "other", "Other"


class Outcome(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCESSFUL = "successful", "Successful"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    DECLINED = "declined", "Declined"


class Opportunity(MentorshipPart):
    """An opportunity a sponsor opened (the sponsorship log)."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="opportunities"
    )
    kind = models.CharField(max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(max_length=200)
    opened_on = models.DateField(default=timezone.localdate)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(blank=True, help_text="About colleagues, never patients.")

    class Meta:
        ordering = ["-opened_on", "title"]
        verbose_name_plural = "opportunities"

    def __str__(self) -> str:
        return self.title


# --- Referees ------------------------------------------------------------------------------------


class RefereeQuerySet(OwnedQuerySet):
    def whom_to_ask_next(self, today: dt.date | None = None):
        """Agreed referees, the least-asked first: fewest asks in the last year, then longest since
        last asked (never asked first). ``rested`` is False for anyone asked in the last 90 days."""
        today = today or timezone.localdate()
        year_ago = today - dt.timedelta(days=365)
        return (
            self.filter(active=True)
            .annotate(
                last_asked_on=models.Max("asks__asked_on"),
                asks_this_year=models.Count("asks", filter=Q(asks__asked_on__gte=year_ago)),
            )
            .annotate(
                rested=models.Case(
                    models.When(
                        last_asked_on__gte=today - dt.timedelta(days=90), then=models.Value(False)
                    ),
                    default=models.Value(True),
                )
            )
            .order_by("-rested", "asks_this_year", models.F("last_asked_on").asc(nulls_first=True))
        )


class Referee(OwnedModel):
    """A contact who has agreed to act as a referee."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="referee_roles")
    agreed_on = models.DateField(default=timezone.localdate)
    capacity = models.CharField(
        max_length=200, blank=True, help_text="e.g. “supervising consultant, ED 2025”."
    )
    active = models.BooleanField(default=True, help_text="Still willing to be asked.")
    notes = models.TextField(blank=True, help_text="About colleagues, never patients.")

    objects = RefereeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "contact"], name="referee_owner_contact")
        ]

    def __str__(self) -> str:
        return self.contact.display_name


# A referee ask still pending this many days after it was made is awaiting its outcome.
OUTCOME_AFTER_DAYS = 28


class RefereeAskQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(referee__owner=user)

    def awaiting_outcome(self, today: dt.date, *, after_days: int = OUTCOME_AFTER_DAYS):
        """Asks still pending ``after_days`` after they were made, oldest first: by then the
        doctor has usually heard, and the referee's record should say how it went."""
        return (
            self.filter(
                outcome=Outcome.PENDING, asked_on__lte=today - dt.timedelta(days=after_days)
            )
            .select_related("referee__contact")
            .order_by("asked_on")
        )


class RefereeAsk(UUIDModel):
    referee = models.ForeignKey(Referee, on_delete=models.CASCADE, related_name="asks")
    asked_on = models.DateField(default=timezone.localdate)
    application = models.CharField(
        max_length=200, help_text="e.g. “RACP advanced training 2027”, “AHPRA registration”."
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RefereeAskQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_on", "-created_at"]


# --- The mentor directory ------------------------------------------------------------------------


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    EITHER = "either", "In person or online"


class MentorProfileQuerySet(OwnedQuerySet):
    def published(self):
        """What the directory shows: opted in and not unpublished, by an active account.

        The deactivated accounts are left out (``NOT IN`` the few of them, read from the
        ``user_inactive`` index) rather than the active ones kept (a join with every user):
        the directory counts its mentors on every view, and at 16,000 users that join took
        5 of the count's 5.1 ms (1.3 ms now, docs/performance.md)."""
        inactive = get_user_model().objects.filter(is_active=False).values("pk")
        return self.filter(published=True).exclude(owner_id__in=inactive)

    def with_mentees(self):
        """Annotate ``mentees``: how many people the owner mentors now (one subquery per row, on
        the mentorship owner/member indexes), so a page of profiles costs no extra queries."""
        mentoring = Mentorship.objects.mentoring(models.OuterRef("owner_id"))
        return self.annotate(mentees=count_of(mentoring))

    def taking_mentees(self):
        """Profiles with a place free (needs ``with_mentees``)."""
        return self.filter(capacity__gt=models.F("mentees"))


class MentorProfile(OwnedModel):
    """A doctor's opt-in listing in the mentor directory. Unpublished, it is seen by nobody else."""

    headline = models.CharField(max_length=160, help_text="One line others see first.")
    about = models.TextField(
        blank=True, help_text="How you like to mentor. About colleagues, never patients."
    )
    specialties = models.ManyToManyField(
        TERM, blank=True, related_name="+", limit_choices_to={"kind": "specialty"}
    )
    focus_areas = models.ManyToManyField(
        TERM, blank=True, related_name="+", limit_choices_to={"kind": "mentorship_focus"}
    )
    career_stages = models.ManyToManyField(
        TERM,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "career_stage"},
        verbose_name="career stages I can help",
    )
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.EITHER)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField("state or region", max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=2,
        validators=[MaxValueValidator(50)],
        help_text="How many people you can mentor at once, counting everyone you mentor here. "
        "When they are all taken, the directory says you are not taking mentees.",
    )
    published = models.BooleanField(
        default=False, help_text="Show me in the directory. Unticking hides you at once."
    )

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["owner"], name="mentorprofile_one_per_user")]
        indexes = [
            models.Index(fields=["published", "format"], name="mentorprofile_published"),
            # The directory's default order: its first page is the newest 20 read in index
            # order, not every published profile joined to its user and sorted (4 ms at 4,000
            # profiles, 0.3 ms this way).
            models.Index(
                models.F("updated_at").desc(),
                "id",
                condition=models.Q(published=True),
                name="mentorprofile_directory_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.owner)

    @property
    def places_left(self) -> int:
        """Free places: capacity less current mentees (``with_mentees``, else one query)."""
        mentees = getattr(self, "mentees", None)
        if mentees is None:
            mentees = Mentorship.objects.mentoring(self.owner_id).count()
        return max(0, self.capacity - mentees)


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a reply"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MentorRequestQuerySet(OwnedQuerySet):
    def waiting_for(self, mentor):
        """Requests that ``mentor`` has still to answer, oldest first."""
        return (
            self.filter(mentor=mentor, status=RequestStatus.PENDING)
            .select_related("owner")
            .order_by("created_at")
        )

    def for_user(self, user):
        """The requester sees their own requests; the mentor sees requests to them that were not
        withdrawn (a withdrawn request disappears from the mentor's side)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(owner=user) | (Q(mentor=user) & ~Q(status=RequestStatus.WITHDRAWN)))


class MentorRequest(OwnedModel):
    """A request to a published mentor. ``owner`` is the doctor asking."""

    mentor = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="mentor_requests")
    message = models.TextField(
        help_text="Say who you are and what you hope for. About colleagues, never patients."
    )
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    mentorship = models.OneToOneField(
        Mentorship, null=True, blank=True, on_delete=models.SET_NULL, related_name="request"
    )
    # Set by the email task once sent, so running it twice sends once.
    request_emailed_at = models.DateTimeField(null=True, blank=True)
    acceptance_emailed_at = models.DateTimeField(null=True, blank=True)

    objects = MentorRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "mentor"],
                condition=Q(status="pending"),
                name="mentorrequest_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("owner")), name="mentorrequest_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"Request to {self.mentor}"


class MentorBlock(OwnedModel):
    """``owner`` no longer receives requests from ``blocked``."""

    blocked = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "blocked"], name="mentorblock_once")
        ]
