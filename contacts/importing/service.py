"""Importing parsed contacts into a doctor's network: staging, checking, writing.

The flow is ``receive_upload`` (keep the upload on an ``ImportJob``; the web request parses
nothing) → ``read_upload`` (a Celery task: parse the upload, check every row, keep them for the
preview) → ``queue_import`` (the doctor confirms; a Celery task is queued on commit) →
``run_import`` (the task: claims the job and writes everything in one transaction, so a failure
leaves nothing half-written). ``write_contacts`` is the writer, also used by the command line.

A row is a duplicate when it shares an email address, a LinkedIn profile, a phone number (E.164)
or the exact name and organisation with a contact already in the network, or with an earlier row
of the same file; duplicates are skipped, which is what makes re-importing a file harmless.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import phonenumbers
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from PIL import Image, UnidentifiedImageError
from psycopg.types.json import Jsonb

from core.copying import copy_rows
from core.dashboard import forget_network_health
from core.queueing import enqueue_on_commit

from .. import due_dates, history, organisation_counts
from ..models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactSourceKey,
    ImportJob,
    ImportRow,
    Organisation,
    Position,
    Tag,
)
from ..photos import random_photo_name
from ..search import NEW_VECTOR_SQL, vector_texts
from . import FORMAT_LABELS, ImportFileError, ParsedContact, ParseResult, parse
from .base import normalise_linkedin

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
CHUNK = 1000
TAG_NAMES = {
    "linkedin": "Imported from LinkedIn",
    "google": "Imported from Google",
    "outlook": "Imported from Outlook",
    "vcard": "Imported from vCard",
    "netmed": "Imported from a NetMed export",
}

# A match is a contact id (already in the network) or a line number (earlier in this file).
Match = uuid.UUID | int
ALREADY_IMPORTED = "Already imported from this file"


@dataclass
class RowCheck:
    contact: ParsedContact
    status: str  # ImportRow.Status
    reason: str = ""
    duplicate_of: uuid.UUID | None = None


@dataclass
class WriteSummary:
    created: int = 0
    duplicates: int = 0
    errors: int = 0
    contact_ids: list[uuid.UUID] = field(default_factory=list)


def source_keys(parsed: ParsedContact) -> list[str]:
    """Where a row came from: its file's own id for the person (a vCard UID), and a fingerprint
    of everything the row says. Kept with the contact it made (``ContactSourceKey``), so the
    same row imported again is recognised even when it has nothing else to match on."""
    keys = [f"uid:{parsed.source_id}"] if parsed.source_id else []
    return [*keys, f"row:{fingerprint(parsed)}"]


def fingerprint(parsed: ParsedContact) -> str:
    """A digest of the row's normalised content (not its line, nor what was left out)."""
    content = {
        "names": [parsed.prefix, parsed.given_name, parsed.family_name, parsed.preferred_name],
        "emails": sorted(e.lower() for e in parsed.emails),
        "phones": sorted(n for n, _ in parsed.phones),
        "links": sorted(u.lower() for _, u in parsed.links),
        "work": [parsed.organisation, parsed.department, parsed.title],
        "place": [parsed.city, parsed.state, parsed.country],
        "kinds": [sorted(t.lower() for t in parsed.tags), parsed.specialty, parsed.career_stage],
        "words": [parsed.notes, parsed.how_we_met],
        "birthday": list(parsed.birthday) if parsed.birthday else None,
        "photo": hashlib.sha256(parsed.photo).hexdigest() if parsed.photo else None,
    }
    if parsed.fellowships:  # only when present, so rows fingerprinted before 06/12/2026 match
        content["fellowships"] = parsed.fellowships
    text = json.dumps(content, ensure_ascii=False, sort_keys=True).lower()
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def national_digits(number: str) -> str:
    """A phone number's national digits ("+47 41 23 45 67" and "41234567" alike give
    "41234567"), so a number written without its country code still matches; "" if too short
    to tell people apart."""
    if number.startswith("+"):
        try:
            digits = str(phonenumbers.parse(number).national_number)
        except phonenumbers.NumberParseException:
            digits = re.sub(r"\D", "", number)
    else:
        digits = re.sub(r"\D", "", number).lstrip("0")
    return digits if len(digits) >= 7 else ""


def _keys(parsed: ParsedContact) -> list[str]:
    keys = source_keys(parsed)
    keys += [f"email:{e.lower()}" for e in parsed.emails]
    if parsed.linkedin_url:
        keys.append(f"linkedin:{normalise_linkedin(parsed.linkedin_url)}")
    keys += [f"phone:{n}" for n, _ in parsed.phones if n.startswith("+")]
    keys += [f"digits:{d}" for n, _ in parsed.phones if (d := national_digits(n))]
    if parsed.name and parsed.organisation:
        keys.append(f"name:{parsed.name.lower()}|{parsed.organisation.lower()}")
    return keys


class NetworkIndex:
    """The identifying keys of a doctor's contacts (five queries), for duplicate checks."""

    def __init__(self) -> None:
        self.keys: dict[str, Match] = {}

    @classmethod
    def load(cls, owner) -> NetworkIndex:
        index = cls()
        alive = {"contact__owner": owner, "contact__deleted_at__isnull": True}
        for email, contact_id in ContactEmail.objects.filter(**alive).values_list(
            Lower("email"), "contact_id"
        ):
            index.keys.setdefault(f"email:{email}", contact_id)
        for url, contact_id in ContactLink.objects.filter(kind="linkedin", **alive).values_list(
            "url", "contact_id"
        ):
            index.keys.setdefault(f"linkedin:{normalise_linkedin(url)}", contact_id)
        for number, contact_id in ContactPhone.objects.filter(**alive).values_list(
            "number", "contact_id"
        ):
            index.keys.setdefault(f"phone:{number}", contact_id)
            if digits := national_digits(number):
                index.keys.setdefault(f"digits:{digits}", contact_id)
        for key, contact_id in ContactSourceKey.objects.filter(
            owner=owner, contact__deleted_at__isnull=True
        ).values_list("key", "contact_id"):
            index.keys.setdefault(key, contact_id)
        positions = Position.objects.filter(**alive).values_list(
            "contact__given_name", "contact__family_name", "organisation__name", "contact_id"
        )
        for given, family, org, contact_id in positions:
            name = " ".join(p for p in [given, family] if p).lower()
            index.keys.setdefault(f"name:{name}|{org.lower()}", contact_id)
        return index

    def find(self, keys: list[str]) -> tuple[Match | None, str]:
        """What a row's keys (``_keys``) match, and the key that matched ("" for none)."""
        key = next((k for k in keys if k in self.keys), "")
        return self.keys.get(key), key

    def add(self, keys: list[str], ref: Match) -> None:
        for key in keys:
            self.keys.setdefault(key, ref)


def is_source_key(key: str) -> bool:
    """A match on this key is the very row imported before, not another way to the person."""
    return key.startswith(("uid:", "row:"))


def check_rows(*, owner, contacts: Iterable[ParsedContact]) -> list[RowCheck]:
    """Each parsed row's status against ``owner``'s network and the rows before it."""
    index = NetworkIndex.load(owner)
    checks = []
    for parsed in contacts:
        if parsed.error:
            reason = f"Line {parsed.line}: {parsed.error}"
            checks.append(RowCheck(parsed, ImportRow.Status.ERROR, reason))
            continue
        keys = _keys(parsed)
        found, key = index.find(keys)
        if isinstance(found, int):
            reason = f"Same person as line {found}"
            checks.append(RowCheck(parsed, ImportRow.Status.DUPLICATE, reason))
        elif found is not None:
            reason = ALREADY_IMPORTED if is_source_key(key) else ""
            checks.append(RowCheck(parsed, ImportRow.Status.DUPLICATE, reason, duplicate_of=found))
        else:
            index.add(keys, parsed.line)
            checks.append(RowCheck(parsed, ImportRow.Status.NEW))
    return checks


def _check_size(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            f"The file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1_048_576} MB. Split it into smaller files."
        )


def _parsed(*, owner, data: bytes, encoding: str) -> tuple[ParseResult, list[RowCheck]]:
    """An upload parsed and each row checked against ``owner``'s network. Raises
    ``ImportFileError`` (unreadable, empty, or over a limit of the file or of one card)."""
    _check_size(data)
    result = parse(data, encoding=encoding)
    if not result.contacts:
        raise ImportFileError("The file holds no contacts.")
    if len(result.contacts) > MAX_ROWS:
        raise ImportFileError(
            f"The file holds {len(result.contacts):,} contacts; the limit is {MAX_ROWS:,} "
            "per import. Split it into smaller files."
        )
    return result, check_rows(owner=owner, contacts=result.contacts)


def _summary(result: ParseResult, checks: list[RowCheck]) -> dict:
    return {
        "format": result.format,
        "total_rows": len(checks),
        "duplicate_count": sum(c.status == ImportRow.Status.DUPLICATE for c in checks),
        "error_count": sum(c.status == ImportRow.Status.ERROR for c in checks),
        "notices": result.notices,
    }


def _keep_rows(job_id, checks: list[RowCheck]) -> None:
    copy_rows(
        ImportRow,
        ["id", "job_id", "line", "data", "status", "reason", "duplicate_of_id"],
        (
            (
                uuid.uuid4(),
                job_id,
                c.contact.line,
                Jsonb(c.contact.to_json()),
                c.status,
                c.reason[:300],
                c.duplicate_of,
            )
            for c in checks
        ),
    )


def receive_upload(*, owner, filename: str, data: bytes, encoding: str = "") -> ImportJob:
    """Keep an upload and have a worker read it (``read_upload``) once this commits. The web
    request parses nothing: one hostile file holds a Celery worker, not the site (issue 20).
    Raises ``ImportFileError`` only for a file over the size limit, which costs nothing to tell.
    """
    from ..tasks import read_import_upload

    _check_size(data)
    job = ImportJob.objects.create(
        owner=owner,
        filename=filename.replace("\x00", "")[:255],
        status=ImportJob.Status.READING,
        source=data,
        encoding=encoding,
    )
    enqueue_on_commit(read_import_upload, job.pk)
    return job


def read_upload(*, job_id) -> ImportJob | None:
    """Parse a kept upload and check its rows: the job becomes a preview, or "unreadable" with
    the reason for the doctor. Safe to run twice: only a job still being read is touched, and
    the conditional update that ends the reading commits with the rows, so a second run (even
    one racing this) writes nothing."""
    job = (
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.READING, source__isnull=False)
        .select_related("owner")
        .first()
    )
    if job is None:
        return None
    try:
        result, checks = _parsed(owner=job.owner, data=bytes(job.source), encoding=job.encoding)
    except ImportFileError as error:
        failure = str(error)
    except Exception as exc:  # a bug must not leave the doctor watching "Reading…" for ever
        logger.exception("Reading contact upload %s failed", job_id)
        failure = f"NetMed could not read this file ({type(exc).__name__}). Upload it again."
    else:
        with transaction.atomic():
            claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READING).update(
                status=ImportJob.Status.PREVIEW, **_summary(result, checks)
            )
            if claimed:
                _keep_rows(job.pk, checks)
        return ImportJob.objects.filter(pk=job.pk).first()
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READING).update(
        status=ImportJob.Status.UNREADABLE,
        failure=failure,
        source=None,  # nothing to preview: the doctor's address book is not kept
        finished_at=timezone.now(),
    )
    return ImportJob.objects.filter(pk=job.pk).first()


def stage_import(*, owner, filename: str, data: bytes, encoding: str = "") -> ImportJob:
    """Parse an upload here and now and keep its checked rows for a preview; for the command
    line and tests (the web upload goes through ``receive_upload``). Raises ``ImportFileError``.

    ``encoding`` reads the file in the encoding the doctor chose on the preview."""
    result, checks = _parsed(owner=owner, data=data, encoding=encoding)
    with transaction.atomic():
        job = ImportJob.objects.create(
            owner=owner,
            filename=filename.replace("\x00", "")[:255],
            source=data,
            encoding=encoding,
            **_summary(result, checks),
        )
        _keep_rows(job.pk, checks)
    return job


def read_again(*, job: ImportJob, encoding: str) -> ImportJob:
    """The same upload, to be read in another encoding by a worker: a new job in place of
    ``job``'s preview. Raises ``ImportFileError`` (the file no longer waits for a preview)."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update()
            .filter(pk=job.pk, status=ImportJob.Status.PREVIEW, source__isnull=False)
            .first()
        )
        if job is None:
            raise ImportFileError("This file is no longer waiting for a preview: upload it again.")
        again = receive_upload(
            owner=job.owner, filename=job.filename, data=bytes(job.source), encoding=encoding
        )
        job.delete()
    return again


PREVIEW_KEPT = dt.timedelta(days=1)


def forget_abandoned_previews(now: dt.datetime | None = None) -> int:
    """Delete previews nobody confirmed within a day, with the upload each kept (a doctor's
    whole address book), and uploads still being read or found unreadable after a day (a
    reading that never finished); the number deleted. Safe to run twice."""
    cutoff = (now or timezone.now()) - PREVIEW_KEPT
    waiting = [ImportJob.Status.PREVIEW, ImportJob.Status.READING, ImportJob.Status.UNREADABLE]
    _, deleted = ImportJob.objects.filter(status__in=waiting, created_at__lt=cutoff).delete()
    return deleted.get(ImportJob._meta.label, 0)  # jobs, not their rows


def queue_import(*, job: ImportJob) -> bool:
    """The doctor confirmed: queue the import once the confirmation is committed.

    Claims the job with a conditional update, so a double-click queues it once.
    """
    from ..tasks import run_import_job

    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).update(
        status=ImportJob.Status.QUEUED,
        source=None,  # the rows hold what is imported
    )
    if claimed:
        cache.set(progress_key(job.pk), 0, timeout=3600)
        enqueue_on_commit(run_import_job, job.pk)
    return bool(claimed)


def progress_key(job_id) -> str:
    return f"contacts-import-progress:{job_id}"


def progress(job: ImportJob) -> int:
    """Rows written so far. Kept in the cache: the write is one transaction, invisible until
    it commits, so the database cannot report its own progress."""
    if job.status == ImportJob.Status.DONE:
        return job.total_rows
    return min(cache.get(progress_key(job.pk), 0), job.total_rows)


def run_import(*, job_id) -> ImportJob | None:
    """Write a queued job's rows. Safe to run twice: a job that is not queued is left alone.

    The claim (a row lock on a still-queued job), the write and the "done" mark share one
    transaction: if the worker dies midway nothing is written and the job is still queued.
    """
    try:
        with transaction.atomic():
            job = (
                ImportJob.objects.select_for_update()
                .filter(pk=job_id, status=ImportJob.Status.QUEUED)
                .select_related("owner")
                .first()
            )
            if job is None:
                return None
            parsed = [ParsedContact.from_json(d) for d in job.rows.values_list("data", flat=True)]
            summary = write_contacts(
                owner=job.owner,
                contacts=parsed,
                source=job.format,
                on_progress=lambda n: cache.set(progress_key(job.pk), n, timeout=3600),
            )
            job.status = ImportJob.Status.DONE
            job.created_count = summary.created
            job.duplicate_count = summary.duplicates
            job.error_count = summary.errors
            job.finished_at = timezone.now()
            job.save()
            return job
    except Exception as exc:
        logger.exception("Contact import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.FAILED,
            failure=f"The import stopped and nothing was saved ({type(exc).__name__}).",
            finished_at=timezone.now(),
        )
        return ImportJob.objects.filter(pk=job_id).first()


def write_contacts(
    *,
    owner,
    contacts: list[ParsedContact],
    source: str = "",
    on_progress: Callable[[int], None] | None = None,
) -> WriteSummary:
    """Create the new contacts among ``contacts`` (skipping errors and duplicates) with their
    emails, phones, links, positions and photos, in bulk. Call inside a transaction."""
    index = NetworkIndex.load(owner)
    summary = WriteSummary()
    fresh = []
    for parsed in contacts:
        if parsed.error:
            summary.errors += 1
        elif index.find(keys := _keys(parsed))[0] is not None:
            summary.duplicates += 1
        else:
            index.add(keys, parsed.line)
            fresh.append(parsed)
    organisations = _organisations(owner, {c.organisation for c in fresh})
    tag = _tag(owner, source) if fresh else None
    own_tags = _own_tags(owner, {name for c in fresh for name in c.tags})
    terms = _terms()
    for start in range(0, len(fresh), CHUNK):
        created = _create(
            owner, fresh[start : start + CHUNK], organisations, tag, own_tags=own_tags, terms=terms
        )
        summary.created += len(created)
        summary.contact_ids += [c.pk for c in created]
        if on_progress:
            # Progress counts every row; the checked-off errors and duplicates come first.
            on_progress(len(contacts) - len(fresh) + start + len(created))
    if fresh:
        organisation_counts.refresh(o.pk for o in organisations.values())
        forget_network_health(owner.pk)  # the dashboard's charts count the newcomers now
    return summary


def _organisations(owner, names: set[str]) -> dict[str, Organisation]:
    """The owner's organisations by lower-case name, creating the missing ones."""
    names = {n for n in names if n}
    existing = {o.name.lower(): o for o in Organisation.objects.for_user(owner)}
    missing = {n.lower(): n for n in names if n.lower() not in existing}
    if missing:
        Organisation.objects.bulk_create(
            [Organisation(owner=owner, name=n, kind="other") for n in missing.values()],
            ignore_conflicts=True,
        )
        existing = {o.name.lower(): o for o in Organisation.objects.for_user(owner)}
    return existing


def _own_tags(owner, names: set[str]) -> dict[str, Tag]:
    """The owner's tags a file names, by lower-case name, the missing ones created."""
    from ..editing import tags_named

    return {tag.name.lower(): tag for tag in tags_named(owner=owner, names=names)}


def _terms() -> dict[tuple[str, str], object]:
    """Specialties and career stages by (kind, lower-case label), for rows that name them."""
    from core.models import Term

    terms = Term.objects.filter(kind__in=["specialty", "career_stage"])
    return {(t.kind, t.label.lower()): t for t in terms}


def _tag(owner, source: str) -> Tag | None:
    name = TAG_NAMES.get(source)
    if not name:
        return None
    tag = Tag.objects.for_user(owner).filter(name__iexact=name).first()
    return tag or Tag.objects.create(owner=owner, name=name)


def _create(
    owner, fresh: list[ParsedContact], organisations, tag, *, own_tags=None, terms=None
) -> list[Contact]:
    own_tags, terms = own_tags or {}, terms or {}
    contacts = [_contact(owner, p, terms) for p in fresh]
    texts = []
    for parsed, contact in zip(fresh, contacts, strict=True):
        organisation = organisations[parsed.organisation.lower()] if parsed.organisation else None
        texts.append(
            vector_texts(
                names=[parsed.prefix, parsed.given_name, parsed.family_name, parsed.preferred_name],
                described=[
                    organisation.name if organisation else "",
                    parsed.title if organisation else "",
                    parsed.department if organisation else "",
                    tag.name if tag else "",
                    *parsed.tags,
                    contact.specialty.label if contact.specialty else "",
                ],
                emails=parsed.emails,
                other=[parsed.city, parsed.notes, parsed.how_we_met],
            )
        )
    _insert_contacts(contacts, texts)
    # One history row per contact ("Imported from …"); its parts need none of their own.
    reason = tag.name if tag else "Imported"
    history.record([c.pk for c in contacts], reason=reason, user=owner, created=True)
    # The parts go in by COPY: no model instances, no SQL to build and parse per batch.
    emails, phones, links, positions = [], [], [], []
    for contact, parsed in zip(contacts, fresh, strict=True):
        emails += [(uuid.uuid4(), contact.pk, e, i == 0) for i, e in enumerate(parsed.emails)]
        phones += [
            (uuid.uuid4(), contact.pk, n, label, i == 0)
            for i, (n, label) in enumerate(parsed.phones)
        ]
        links += [(uuid.uuid4(), contact.pk, k, u) for k, u in parsed.links]
        if parsed.organisation:
            organisation = organisations[parsed.organisation.lower()]
            positions.append(
                (uuid.uuid4(), contact.pk, organisation.pk, parsed.department, parsed.title)
            )
    copy_rows(ContactEmail, ["id", "contact_id", "email", "is_primary"], emails)
    copy_rows(ContactPhone, ["id", "contact_id", "number", "label", "is_primary"], phones)
    copy_rows(ContactLink, ["id", "contact_id", "kind", "url"], links)
    copy_rows(Position, ["id", "contact_id", "organisation_id", "department", "title"], positions)
    copy_rows(
        ContactSourceKey,
        ["id", "owner_id", "contact_id", "key"],
        (
            (uuid.uuid4(), owner.pk, contact.pk, key[:300])
            for contact, parsed in zip(contacts, fresh, strict=True)
            for key in source_keys(parsed)
        ),
    )
    tagging = set()
    for contact, parsed in zip(contacts, fresh, strict=True):
        tagging |= {(contact.pk, own_tags[name.lower()].pk) for name in parsed.tags}
        if tag:
            tagging.add((contact.pk, tag.pk))
    if tagging:
        copy_rows(Contact.tags.through, ["contact_id", "tag_id"], sorted(tagging, key=str))
    due_dates.refresh([c.pk for c in contacts])  # the import's tag may carry a default cadence
    return contacts


STAGE = "contacts_import_stage"


def _insert_contacts(contacts: list[Contact], texts: list[list[str]]) -> None:
    """Write new contacts in two statements: ``COPY`` into a temporary table (no SQL to build
    per row), then one ``INSERT … SELECT`` that builds each row's search vector from its four
    texts on the way in (the weights of contacts.search.VECTOR_SQL), so a contact is written
    once, not inserted and then rewritten with every index updated again."""
    fields = [f for f in Contact._meta.concrete_fields if f.attname != "search_vector"]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    vector = NEW_VECTOR_SQL % ("owner_id", "va", "vb", "vc", "vd")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} (LIKE contacts_contact, "
            "va text, vb text, vc text, vd text) ON COMMIT DROP"
        )
        cursor.execute(f"TRUNCATE {STAGE}")
        with cursor.cursor.copy(f"COPY {STAGE} ({columns}, va, vb, vc, vd) FROM STDIN") as copy:
            for contact, four in zip(contacts, texts, strict=True):
                values = [
                    f.get_db_prep_save(f.pre_save(contact, add=True), connection) for f in fields
                ]
                copy.write_row([*values, *four])
        cursor.execute(
            f"INSERT INTO contacts_contact ({columns}, search_vector) "
            f"SELECT {columns}, {vector} FROM {STAGE}"
        )


def _contact(owner, parsed: ParsedContact, terms: dict | None = None) -> Contact:
    year, month, day = parsed.birthday or (None, None, None)
    terms = terms or {}
    contact = Contact(
        id=uuid.uuid4(),
        owner=owner,
        specialty=terms.get(("specialty", parsed.specialty.lower())),
        career_stage=terms.get(("career_stage", parsed.career_stage.lower())),
        country=parsed.country,
        prefix=parsed.prefix,
        given_name=parsed.given_name,
        family_name=parsed.family_name,
        preferred_name=parsed.preferred_name,
        city=parsed.city,
        state=parsed.state,
        notes=parsed.notes,
        how_we_met=parsed.how_we_met,
        birthday_year=year,
        birthday_month=month,
        birthday_day=day,
        fellowships=list(parsed.fellowships),
    )
    if parsed.photo:
        contact.photo.name = save_photo(parsed.photo) or ""
    return contact


PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def save_photo(data: bytes) -> str | None:
    """Store an imported photo if it really is a small image; its storage name, or None."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            extension = PHOTO_FORMATS.get(image.format or "")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    if not extension:
        return None
    return default_storage.save(random_photo_name(extension), ContentFile(data))


def format_label(fmt: str) -> str:
    return FORMAT_LABELS.get(fmt, fmt)
