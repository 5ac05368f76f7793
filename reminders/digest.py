"""The digest email: who is due now, claiming each (doctor, period) exactly once, building and
sending the email, and retrying failures.

The claim is the INSERT of a ``DigestRecord`` row under a unique (user, period_key) constraint
(``ON CONFLICT DO NOTHING ... RETURNING``): whichever worker's insert lands owns that digest, and
any other worker, beat process or retried task gets nothing back and sends nothing. A worker that
dies after claiming leaves a "claimed" row; once its lease has run out a later pass re-claims it
with a conditional UPDATE that only one worker can win. Failures are marked "failed" with a next
attempt time, and retried by later passes; nothing is lost. The single window that can still send
twice is named in docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import DigestFrequency, User

from . import digest_email, due, links
from .models import DigestRecord, DigestStatus, DispatcherRun

log = logging.getLogger(__name__)

BATCH_SIZE = 200
# A claim older than this whose worker never marked it is taken to be from a dead worker.
LEASE = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 8
MAX_BACKOFF = dt.timedelta(hours=6)
# At most this many items are listed per group (Overdue, Today, This week) in one email or
# preview, with "and N more"; the due sources are asked for no more than that, so building a
# digest costs the same for 30 contacts due or 3,000.
GROUP_ITEMS = 10


@dataclass
class PassResult:
    candidates: int = 0
    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    # send=False (the benchmark): digests built but not sent, marked together at the end.
    built: list[tuple] = field(default_factory=list, repr=False)

    def add(self, other: PassResult) -> None:
        for name in ("candidates", "claimed", "sent", "skipped", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


def _zone(tz) -> dt.tzinfo:
    return tz if isinstance(tz, dt.tzinfo) else zoneinfo.ZoneInfo(str(tz))


def period_key(frequency: str, weekday: int, hour: int, tz, now: dt.datetime) -> str | None:
    """The period whose digest is due at ``now`` for these preferences, or None.

    A digest is due from the chosen local hour until the end of that local day (so a pass that
    runs late still sends). The key is the local date: a repeated hour when clocks go back
    cannot send twice; a skipped hour when clocks go forward sends at the next one.
    """
    if frequency == DigestFrequency.OFF:
        return None
    local = now.astimezone(_zone(tz))
    if local.hour < hour:
        return None
    if frequency == DigestFrequency.WEEKLY and local.weekday() != weekday:
        return None
    return f"{frequency}:{local.date().isoformat()}"


def _period_users(now: dt.datetime, user_ids=None) -> dict[int, str]:
    """{user id: period key} for every active doctor whose digest time has come at ``now``."""
    users = User.objects.filter(is_active=True).exclude(digest_frequency=DigestFrequency.OFF)
    if user_ids is not None:
        users = users.filter(pk__in=user_ids)
    rows = users.values_list(
        "pk", "digest_frequency", "digest_weekday", "digest_hour", "timezone"
    ).order_by("pk")
    periods = {}
    for pk, frequency, weekday, hour, tz in rows:
        key = period_key(frequency, weekday, hour, tz, now)
        if key:
            periods[pk] = key
    return periods


def _retryable(now: dt.datetime) -> Q:
    return Q(attempts__lt=MAX_ATTEMPTS) & (
        Q(status=DigestStatus.FAILED, next_attempt_at__lte=now)
        | Q(status=DigestStatus.CLAIMED, claimed_at__lt=now - LEASE)
    )


def candidates(now: dt.datetime) -> list[int]:
    """Doctors with a digest to send at ``now``: due and unclaimed, or claimed and retryable.

    Two queries for any number of doctors (plus one for retries).
    """
    periods = _period_users(now)
    taken = set(
        DigestRecord.objects.filter(period_key__in=set(periods.values())).values_list(
            "user_id", "period_key"
        )
    )
    fresh = {pk for pk, key in periods.items() if (pk, key) not in taken}
    retry = set(DigestRecord.objects.filter(_retryable(now)).values_list("user_id", flat=True))
    return sorted(fresh | retry)


def _claim(periods: dict[int, str], now: dt.datetime, token: uuid.UUID) -> list[tuple]:
    """Insert a claim row per (doctor, period); returns the (record id, user id) this worker won."""
    if not periods:
        return []
    table = DigestRecord._meta.db_table
    values = ", ".join(["(%s, %s, %s, 1, %s, %s, 0, '')"] * len(periods))
    params = []
    for user_id, key in periods.items():
        params += [user_id, key, DigestStatus.CLAIMED, token, now]
    with db.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, period_key, status, attempts, claim_token,"
            f" claimed_at, item_count, last_error) VALUES {values}"
            " ON CONFLICT (user_id, period_key) DO NOTHING RETURNING id, user_id",
            params,
        )
        return cursor.fetchall()


def _reclaim(user_ids, now: dt.datetime, token: uuid.UUID) -> list[tuple]:
    """Re-claim these doctors' failed or abandoned-by-a-dead-worker records. PostgreSQL re-checks
    the WHERE clause on the row it locks, so of two workers racing only one gets each row."""
    table = DigestRecord._meta.db_table
    with db.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET claim_token = %(token)s, claimed_at = %(now)s,"
            " status = 'claimed', attempts = attempts + 1"
            " WHERE user_id = ANY(%(users)s) AND attempts < %(max)s AND ("
            "   (status = 'failed' AND next_attempt_at <= %(now)s)"
            "   OR (status = 'claimed' AND claimed_at < %(stale)s))"
            " RETURNING id, user_id",
            {
                "token": token,
                "now": now,
                "users": list(user_ids),
                "max": MAX_ATTEMPTS,
                "stale": now - LEASE,
            },
        )
        return cursor.fetchall()


# --- building the email -----------------------------------------------------------------------
def _item_links(user_id: int, item: due.DueItem) -> dict:
    path = item.url or reverse("dashboard")
    links_ = {"item": item, "open": links.link("open", user_id, item.action_ref, path, item.title)}
    if item.action_ref:
        links_["done"] = links.link("done", user_id, item.action_ref, path, item.title)
        links_["snooze"] = links.link("snooze", user_id, item.action_ref, path, item.title)
    return links_


def context(user: User, groups: due.DueGroups) -> dict:
    """What the digest templates show: the groups as on the dashboard, each with at most
    ``GROUP_ITEMS`` items (with their signed links) and how many more there are."""
    sections = []
    for section in groups.sections(GROUP_ITEMS):
        listed = [_item_links(user.pk, item) for item in section["items"]]
        sections.append({**section, "items": listed})
    return {
        "user": user,
        "today": groups.today,
        "sections": sections,
        "count": groups.count,
        "hidden": sum(section["hidden"] for section in sections),
        "dashboard_url": links.absolute(reverse("dashboard")),
        "preferences_url": links.absolute(reverse("accounts:profile")),
        "unsubscribe_url": links.link("unsubscribe", user.pk),
    }


def render(user: User, groups: due.DueGroups) -> tuple[str, str, str, dict]:
    """(subject, text, html with CSS inline, headers)."""
    ctx = context(user, groups)
    subject = digest_email.subject(ctx)
    text = digest_email.text(ctx)
    html = digest_email.html(ctx)
    headers = {
        # RFC 8058 one-click unsubscribe: the mail client POSTs "List-Unsubscribe=One-Click".
        "List-Unsubscribe": f"<{ctx['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    return subject, text, html, headers


def build_message(user: User, groups: due.DueGroups, connection=None) -> EmailMultiAlternatives:
    subject, text, html, headers = render(user, groups)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


# --- sending --------------------------------------------------------------------------------
def _backoff(attempts: int) -> dt.timedelta:
    return min(MAX_BACKOFF, dt.timedelta(minutes=5) * 2 ** max(0, attempts - 1))


def send_batch(user_ids, now: dt.datetime | None = None, *, send: bool = True) -> PassResult:
    """Claim, build and send the digests of these doctors that are due at ``now``.

    Safe to run twice, concurrently, or after a crash: only claimed rows are sent. Queries: a
    fixed number for the batch (users, claim, re-claim, due sources) plus one UPDATE per digest
    marking it sent, made right after the SMTP server accepts it. ``send=False`` builds without
    sending (the benchmark's "excluding SMTP").
    """
    now = now or timezone.now()
    result = PassResult(candidates=len(user_ids))
    users = {u.pk: u for u in User.objects.filter(pk__in=list(user_ids), is_active=True)}
    token = uuid.uuid4()
    periods = _period_users(now, list(users))
    won = _claim(periods, now, token) + _reclaim(list(users), now, token)
    result.claimed = len(won)
    if not won:
        return result
    todays = {user_id: due.local_today(users[user_id], now) for _, user_id in won}
    grouped = due.due_for_many(todays, limit=GROUP_ITEMS)
    skipped = []
    connection = _open_connection() if send else None
    try:
        for record_id, user_id in won:
            user, groups = users[user_id], grouped[user_id]
            if not groups.count and not user.digest_when_empty:
                skipped.append(record_id)
                continue
            _send_one(record_id, user, groups, token, connection, result, send, now)
    finally:
        if connection is not None:
            _close(connection)
    if skipped:
        DigestRecord.objects.filter(pk__in=skipped, claim_token=token).update(
            status=DigestStatus.SKIPPED, sent_at=timezone.now()
        )
    result.skipped = len(skipped)
    if result.built:
        DigestRecord.objects.filter(pk__in=[pk for pk, _ in result.built]).update(
            status=DigestStatus.SENT, sent_at=timezone.now()
        )
    return result


def _open_connection():
    """One SMTP session for the whole batch (``send()`` on an unopened backend would connect
    and say goodbye for every message)."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - each send tries again and records its failure
        log.warning("digest batch could not connect to the mail server: %r", error)
    return connection


def _close(connection) -> None:
    try:
        connection.close()
    except Exception as error:  # noqa: BLE001 - every message is already sent or recorded
        log.warning("digest batch could not say goodbye to the mail server: %r", error)


def _reconnect(connection) -> None:
    """After a failed send, start a fresh session for the rest of the batch."""
    _close(connection)
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - the next send records its own failure
        log.warning("digest batch could not reconnect to the mail server: %r", error)


def _send_one(record_id, user, groups, token, connection, result: PassResult, send: bool, now):
    try:
        message = build_message(user, groups, connection)
        if send:
            message.send()
        else:  # built as far as the bytes the SMTP backend would hand the server
            message.message().as_bytes(linesep="\r\n")
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried, never lost
        log.warning("digest %s for user %s failed: %r", record_id, user.pk, error)
        if connection is not None:
            _reconnect(connection)
        record = DigestRecord.objects.get(pk=record_id)
        status = DigestStatus.FAILED if record.attempts < MAX_ATTEMPTS else DigestStatus.ABANDONED
        DigestRecord.objects.filter(pk=record_id, claim_token=token).update(
            status=status,
            last_error=f"{error.__class__.__name__}: {error}"[:2000],
            next_attempt_at=now + _backoff(record.attempts),
        )
        result.failed += 1
        result.errors.append(f"user {user.pk}: {error.__class__.__name__}")
        return
    result.sent += 1
    if not send:
        result.built.append((record_id, groups.count))
        return
    # The duplicate window: between the server's acceptance above and this UPDATE.
    marked = DigestRecord.objects.filter(pk=record_id, claim_token=token).update(
        status=DigestStatus.SENT, sent_at=timezone.now(), item_count=groups.count, last_error=""
    )
    if not marked:
        log.error("digest %s was re-claimed while this worker sent it", record_id)


def run_pass(now: dt.datetime | None = None, *, batch_size: int = BATCH_SIZE, send: bool = True):
    """One dispatcher pass, synchronously: what beat's task does, with the batches run here
    instead of on workers. Records a ``DispatcherRun``."""
    now = now or timezone.now()
    run = DispatcherRun.objects.create(started_at=timezone.now(), as_of=now)
    result = PassResult()
    try:
        ids = candidates(now)
        for start in range(0, len(ids), batch_size):
            result.add(send_batch(ids[start : start + batch_size], now, send=send))
    except Exception as error:
        finish_run(run.pk, result, error=repr(error))
        raise
    finish_run(run.pk, result)
    return result


def finish_run(run_id: int, result: PassResult, error: str = "") -> None:
    DispatcherRun.objects.filter(pk=run_id).update(
        finished_at=timezone.now(),
        candidates=result.candidates,
        claimed=result.claimed,
        sent=result.sent,
        skipped=result.skipped,
        failed=result.failed,
        error=error or "\n".join(result.errors[:20]),
    )


def last_run() -> DispatcherRun | None:
    return DispatcherRun.objects.order_by("-started_at").first()


def is_stale(now: dt.datetime | None = None, limit: dt.timedelta = dt.timedelta(minutes=15)):
    """True when the dispatcher has not run for ``limit``: the schedule is not alive."""
    run = last_run()
    return run is None or run.started_at < (now or timezone.now()) - limit
