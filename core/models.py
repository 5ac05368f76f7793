"""Shared building blocks: UUID identity, owner scoping, and the shipped vocabularies."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class UUIDModel(models.Model):
    """Object URLs carry this random id, never a sequential one, so ids cannot be enumerated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class OwnedQuerySet(models.QuerySet):
    def for_user(self, user):
        """The rows this user may see. The one scoping rule every view goes through."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class OwnedModel(UUIDModel):
    """A row that belongs to one doctor. Reach it with ``Model.objects.for_user(user)``."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class TermKind(models.TextChoices):
    CAREER_STAGE = "career_stage", "Career stage"
    IMG_PATHWAY = "img_pathway", "IMG pathway"
    SPECIALTY = "specialty", "Specialty"
    SPECIALTY_FIELD = "specialty_field", "Field of specialty practice"
    COLLEGE = "college", "Specialist college"
    ASSOCIATION = "association", "Association"
    EVENT_KIND = "event_kind", "Event kind"
    RELATIONSHIP_KIND = "relationship_kind", "Relationship kind"
    MENTORSHIP_FOCUS = "mentorship_focus", "Mentorship focus"
    INTERACTION_KIND = "interaction_kind", "Interaction kind"
    CPD_CATEGORY = "cpd_category", "CPD category"


class TermQuerySet(models.QuerySet):
    def of_kind(self, kind: str):
        return self.filter(kind=kind, active=True)

    def specialty_fields(self):
        """Every field of specialty practice, grouped under its specialty in the list's order.

        One field can sit under two specialties (Haematology under Pathology and Physician), so a
        list of fields must show each one's specialty: ``Term.grouped_label`` does."""
        return (
            self.of_kind(TermKind.SPECIALTY_FIELD)
            .select_related("parent")
            .order_by("parent__sort_order", "sort_order")
        )

    def cpd_homes(self):
        """The colleges and associations that run a CPD program the Medical Board accepts."""
        from core.vocabulary import cpd_home_codes

        return self.filter(
            kind__in=[TermKind.COLLEGE, TermKind.ASSOCIATION],
            code__in=cpd_home_codes(),
            active=True,
        )


class Term(models.Model):
    """One entry of a controlled vocabulary (``core/vocabulary.json``), loaded by a migration.

    A term is identified by (kind, parent, code): a field of specialty practice has its specialty
    as parent, and the same field under two specialties is two terms. Codes are stable; labels may
    be reworded; a term the file no longer lists is kept, inactive, so references to it survive.
    Users add free text where a list falls short.
    """

    kind = models.CharField(max_length=32, choices=TermKind.choices, db_index=True)
    code = models.SlugField(max_length=80)
    label = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    sort_order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "sort_order", "label"]
        # Two partial constraints rather than one with NULLS NOT DISTINCT: a top-level term
        # (no parent) must be unique by kind and code too, on any PostgreSQL version.
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"],
                condition=models.Q(parent__isnull=True),
                name="term_kind_code_top_level",
            ),
            models.UniqueConstraint(
                fields=["kind", "parent", "code"],
                condition=models.Q(parent__isnull=False),
                name="term_kind_parent_code",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def grouped_label(self) -> str:
        """The label with its parent's, for lists that mix parents: "Haematology (Pathology)".
        Select the parent with the term (``specialty_fields`` does) or this costs a query."""
        return f"{self.label} ({self.parent.label})" if self.parent_id else self.label


class PendingTask(models.Model):
    """A task that could not be handed to the broker (Redis down) when a doctor asked for it.

    ``core.tasks.resend_pending_tasks`` (every few minutes, from beat) sends it again once the
    broker is back. Tasks are safe to run twice, so a resend after a half-failed send is harmless.
    """

    name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class OutboundEmail(models.Model):
    """One email NetMed owes someone (an account or mentorship email), kept until it is sent.

    Written and sent only by ``core.outbox``: a send is claimed in the database first, so two
    workers never send the same row; a failed send is retried with backoff by beat's
    ``core.tasks.send_due_emails``, and after ``outbox.MAX_ATTEMPTS`` it stays here as failed,
    for staff to see in the admin.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"

    key = models.CharField(
        max_length=200, unique=True, help_text="What the email is for: queued once per key."
    )
    kind = models.CharField(max_length=40)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outboundemail_due",
                condition=models.Q(status__in=["pending", "sending"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.get_status_display()})"
