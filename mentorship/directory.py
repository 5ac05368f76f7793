"""The opt-in mentor directory: requests, replies, blocking, and the shared mentorship an accepted
request creates. Emails go out through ``tasks`` once the transaction commits."""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.expressions import ArraySubquery
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q
from django.utils import timezone

from contacts.services import contact_for_doctor
from core.queueing import enqueue_on_commit

from .models import (
    MentorBlock,
    MentorProfile,
    MentorRequest,
    Mentorship,
    RequestStatus,
    Side,
    Status,
)


class RequestRefused(Exception):
    """The request cannot be sent; the message is safe to show to the requester."""


class AtCapacity(Exception):
    """The mentor already mentors as many people as their profile's capacity; the message is
    for the mentor. The request stays pending, so it can be accepted once a place frees up."""


def is_blocked(*, mentor, requester) -> bool:
    return MentorBlock.objects.filter(owner=mentor, blocked=requester).exists()


MAX_REQUESTS_PER_DAY = 5


@transaction.atomic
def send_request(*, requester, profile: MentorProfile, message: str) -> MentorRequest:
    """Ask a published mentor. A blocked requester is told the same thing as for any refusal."""
    from . import tasks

    if not profile.published or profile.owner_id == requester.pk:
        raise RequestRefused("This mentor is not taking requests.")
    if is_blocked(mentor=profile.owner, requester=requester):
        raise RequestRefused("This mentor is not taking requests.")
    since = timezone.now() - dt.timedelta(days=1)
    if MentorRequest.objects.filter(owner=requester, created_at__gte=since).count() >= (
        MAX_REQUESTS_PER_DAY
    ):
        # Mentors are few and their inboxes are not a mailing list: one account cannot ask the
        # whole directory at once.
        raise RequestRefused(
            f"You can ask up to {MAX_REQUESTS_PER_DAY} mentors in a day. Wait for their answers, "
            "or try again tomorrow."
        )
    try:
        with transaction.atomic():
            request = MentorRequest.objects.create(
                owner=requester, mentor=profile.owner, message=message
            )
    except IntegrityError as error:
        raise RequestRefused("You already have a request waiting with this mentor.") from error
    enqueue_on_commit(tasks.email_request, request.pk)
    return request


def _pending_for_mentor(mentor, request_id) -> MentorRequest:
    return MentorRequest.objects.select_for_update().get(
        pk=request_id, mentor=mentor, status=RequestStatus.PENDING
    )


@transaction.atomic
def accept_request(*, mentor, request_id) -> Mentorship:
    """The mentor accepts: a shared mentorship, owned by the mentor, with the requester as member.
    Raises ``MentorRequest.DoesNotExist`` for anything not pending and addressed to ``mentor``."""
    from . import tasks

    request = _pending_for_mentor(mentor, request_id)
    _check_capacity(mentor)
    requester = request.owner
    mentorship = Mentorship.objects.create(
        owner=mentor,
        member=requester,
        side=Side.MENTOR,
        status=Status.ACTIVE,
        started_on=timezone.localdate(),
        expectations=f"From the request: {request.message}"[:2000],
        # Mentorship and contacts are one network: each keeps (or now gets) a contact for the
        # other, and meetings go on its timeline. Ending the mentorship keeps the contact.
        contact=contact_for_doctor(
            owner=mentor,
            doctor=requester,
            relationship="mentee",
            how_we_met="Asked me to mentor them through the NetMed mentor directory.",
        ),
        member_contact=contact_for_doctor(
            owner=requester,
            doctor=mentor,
            relationship="mentor",
            how_we_met="My mentor, through the NetMed mentor directory.",
        ),
    )
    request.status = RequestStatus.ACCEPTED
    request.responded_at = timezone.now()
    request.mentorship = mentorship
    request.save(update_fields=["status", "responded_at", "mentorship", "updated_at"])
    enqueue_on_commit(tasks.email_acceptance, request.pk)
    return mentorship


def _check_capacity(mentor) -> None:
    """Raise ``AtCapacity`` when ``mentor`` has no place free. The profile row is locked, so two
    acceptances at once are counted one after the other. No profile (it was deleted after the
    request was sent): no capacity to enforce."""
    profile = MentorProfile.objects.select_for_update().filter(owner=mentor).first()
    if profile is None:
        return
    mentees = Mentorship.objects.mentoring(mentor.pk).count()
    if mentees >= profile.capacity:
        raise AtCapacity(
            f"You mentor {mentees} {'person' if mentees == 1 else 'people'} now and your "
            f"capacity is {profile.capacity}. Complete a mentorship or raise your capacity in "
            "your mentor profile, then accept; the request stays waiting until you do."
        )


@transaction.atomic
def decline_request(*, mentor, request_id) -> MentorRequest:
    request = _pending_for_mentor(mentor, request_id)
    request.status = RequestStatus.DECLINED
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at", "updated_at"])
    return request


@transaction.atomic
def withdraw_request(*, requester, request_id) -> MentorRequest:
    request = MentorRequest.objects.select_for_update().get(
        pk=request_id, owner=requester, status=RequestStatus.PENDING
    )
    request.status = RequestStatus.WITHDRAWN
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at", "updated_at"])
    return request


@transaction.atomic
def block_requester(*, mentor, request_id) -> MentorBlock:
    """Block whoever sent this request: their pending requests are declined and no new ones can be
    sent. The blocked doctor is not told."""
    request = MentorRequest.objects.for_user(mentor).get(pk=request_id, mentor=mentor)
    block, _ = MentorBlock.objects.get_or_create(owner=mentor, blocked_id=request.owner_id)
    MentorRequest.objects.filter(
        owner_id=request.owner_id, mentor=mentor, status=RequestStatus.PENDING
    ).update(status=RequestStatus.DECLINED, responded_at=timezone.now())
    return block


def requests_for(user):
    """(incoming, outgoing) requests ``user`` may see, newest first."""
    visible = MentorRequest.objects.for_user(user).select_related("owner", "mentor")
    return visible.filter(mentor=user), visible.filter(owner=user)


def directory_profiles(user):
    """Published profiles other than the user's own, with everything a card shows prefetched;
    mentors who blocked ``user`` are left out."""
    blocked_by = MentorBlock.objects.filter(blocked=user).values("owner_id")
    return card_columns(
        MentorProfile.objects.published().exclude(Q(owner=user) | Q(owner_id__in=blocked_by))
    )


def card_columns(profiles):
    """What a directory card shows: the mentee count, the owner and their terms."""
    return (
        profiles.with_mentees()
        .select_related("owner", "owner__specialty", "owner__career_stage", "owner__college")
        .prefetch_related("specialties", "focus_areas", "career_stages")
    )


def _term_labels(through):
    """A profile's terms' labels in the terms' own order, as one array column."""
    return ArraySubquery(
        through.objects.filter(mentorprofile_id=OuterRef("pk"))
        .order_by("term__kind", "term__sort_order", "term__label")
        .values("term__label")
    )


def card_rows(profiles):
    """What a directory card shows, for the page's profiles (``_directory_results.html``):
    the owner's name and specialty, the mentee count, and the focus areas' and career stages'
    labels as arrays. Three prefetches built some 100 terms a page, and whole user rows, for
    a name and a few labels each: most of the page's Python (issue 22)."""
    return (
        profiles.with_mentees()
        .select_related("owner", "owner__specialty")
        .only(
            "owner",
            "headline",
            "format",
            "city",
            "state",
            "capacity",
            "updated_at",
            "owner__display_name",
            "owner__email",
            "owner__specialty__label",
        )  # fmt: skip
        .annotate(
            focus_labels=_term_labels(MentorProfile.focus_areas.through),
            stage_labels=_term_labels(MentorProfile.career_stages.through),
        )
    )
