"""Follow-ups, keep-in-touch defaults and snoozes, and the record of every digest sent."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce

from core.models import OwnedModel, OwnedQuerySet


class FollowUpQuerySet(OwnedQuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def with_show_on(self):
        """Annotates ``show_on``: the date the item is due, after any snooze."""
        return self.annotate(show_on=Coalesce("snoozed_until", "due_on"))


class FollowUp(OwnedModel):
    """A one-off (or every-N-weeks) reminder to do something, optionally about someone."""

    what = models.CharField(max_length=200)
    due_on = models.DateField("due")
    note = models.TextField(blank=True, help_text="About colleagues, never patients.")
    contact = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    project = models.ForeignKey(
        "collaboration.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    # An event or a mentorship (apps landing in parallel) is linked by its page, so this model
    # does not depend on theirs.
    link_url = models.CharField("link", max_length=500, blank=True)
    link_label = models.CharField(max_length=200, blank=True)
    repeat_weeks = models.PositiveSmallIntegerField(
        "repeat every (weeks)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text="Leave empty for a one-off follow-up.",
    )
    snoozed_until = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "what"]
        indexes = [
            models.Index(
                fields=["owner", "due_on"],
                condition=models.Q(done_at__isnull=True),
                name="followup_owner_open_due",
            ),
            models.Index(fields=["contact", "due_on"], name="followup_contact_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(repeat_weeks__isnull=True) | models.Q(repeat_weeks__gte=1),
                name="followup_repeat_weeks_positive",
            )
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class CadenceDefault(OwnedModel):
    """ "Keep in touch every N days" for every contact with this tag or relationship kind.

    A contact's own ``cadence_days`` wins; between several defaults, the shortest wins.
    """

    tag = models.ForeignKey(
        "contacts.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    relationship_kind = models.ForeignKey(
        "core.Term",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": "relationship_kind"},
    )
    cadence_days = models.PositiveIntegerField(
        "keep in touch every (days)", validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["cadence_days"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tag__isnull=True, relationship_kind__isnull=False)
                | models.Q(tag__isnull=False, relationship_kind__isnull=True),
                name="cadencedefault_tag_xor_kind",
            ),
            models.UniqueConstraint(
                fields=["owner", "tag"],
                condition=models.Q(tag__isnull=False),
                name="cadencedefault_owner_tag",
            ),
            models.UniqueConstraint(
                fields=["owner", "relationship_kind"],
                condition=models.Q(relationship_kind__isnull=False),
                name="cadencedefault_owner_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tag or self.relationship_kind}: every {self.cadence_days} days"


class KeepInTouchSnooze(OwnedModel):
    """A snoozed keep-in-touch (cadence or fading) nudge for one contact; kept here, not on
    ``Contact``, so the contacts app stays unaware of reminders."""

    contact = models.OneToOneField(
        "contacts.Contact", on_delete=models.CASCADE, related_name="keep_in_touch_snooze"
    )
    snoozed_until = models.DateField()

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.contact} until {self.snoozed_until:%d/%m/%Y}"


class BirthdayAck(OwnedModel):
    """A contact's birthday on one date, acknowledged (done) or snoozed by the doctor: the
    birthday nudge for that date no longer shows, or shows again from ``snoozed_until``."""

    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="birthday_acks"
    )
    birthday_on = models.DateField(help_text="The birthday this acknowledges (one year's).")
    done_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "birthday_on"], name="birthdayack_once"),
        ]
        indexes = [
            models.Index(
                fields=["owner", "snoozed_until"],
                condition=models.Q(done_at__isnull=True),
                name="birthdayack_owner_snoozed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact}'s birthday on {self.birthday_on:%d/%m/%Y}"


class DigestStatus(models.TextChoices):
    CLAIMED = "claimed", "Claimed"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped (nothing due)"
    FAILED = "failed", "Failed (will retry)"
    ABANDONED = "abandoned", "Abandoned (too many failures)"


class DigestRecord(models.Model):
    """One doctor's digest for one period: the row whose insert *is* the claim.

    The unique (user, period_key) constraint makes the claim exactly-once across any number of
    workers; see ``reminders.digest`` and docs/architecture.md.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_records"
    )
    period_key = models.CharField(max_length=40, help_text="daily:2026-11-30 or weekly:…")
    status = models.CharField(
        max_length=10, choices=DigestStatus.choices, default=DigestStatus.CLAIMED
    )
    attempts = models.PositiveSmallIntegerField(default=1)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    item_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period_key"], name="digest_once_per_period")
        ]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                condition=models.Q(status__in=["claimed", "failed"]),
                name="digest_retryable",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period_key} ({self.status})"


class DispatcherRun(models.Model):
    """One pass of the digest dispatcher: proof that the schedule is alive."""

    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateTimeField(help_text="The moment the pass dispatched for.")
    candidates = models.PositiveIntegerField(default=0)
    claimed = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Dispatcher run {self.started_at:%d/%m/%Y %H:%M}"
