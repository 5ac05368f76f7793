"""Import publications from BibTeX or RIS (what reference managers export).

``parse_references`` turns a file into ``ParsedReference`` records (with problems reported per
entry); ``preview_references`` marks which are already known and which authors match contacts;
``import_references`` writes them atomically. Re-importing the same file adds nothing.

From the web, a file is never parsed inside the request (issue 20): ``receive_upload`` keeps it
and queues ``read_upload`` for a worker; the preview page polls until the references are ready,
and ``import_upload`` writes them when the doctor confirms.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from dataclasses import asdict, dataclass, field

import bibtexparser
import rispy
from django.db import transaction
from django.utils import timezone

from contacts.models import Contact
from core.queueing import enqueue_on_commit

from .models import Publication, PublicationAuthor, ReferenceUpload

logger = logging.getLogger(__name__)

MAX_REFERENCE_BYTES = 2 * 1024 * 1024
MAX_REFERENCES = 2000
# Real BibTeX nests braces a few deep ({{COVID}-19}); bibtexparser takes seconds over a file of
# nothing but braces, inside the web request, so deeper nesting is refused before parsing.
MAX_BRACE_DEPTH = 32


class ReferenceFileError(ValueError):
    """The file as a whole cannot be read; the message says why, for the doctor."""


@dataclass
class ParsedReference:
    number: int  # 1-based position in the file, for the report
    title: str
    authors: list[str]
    journal: str = ""
    year: int | None = None
    doi: str = ""
    key: str = ""
    problems: list[str] = field(default_factory=list)


@dataclass
class PreviewRow:
    reference: ParsedReference
    existing: Publication | None
    author_matches: list[tuple[str, Contact | None]]

    @property
    def status(self) -> str:
        if self.reference.problems:
            return "error"
        return "duplicate" if self.existing else "new"


def _clean(value: str) -> str:
    value = re.sub(r"[{}]", "", value or "")
    return re.sub(r"\s+", " ", value).strip()


def _year(value: str) -> int | None:
    match = re.search(r"\b(1[89]\d\d|20\d\d)\b", value or "")
    return int(match.group(1)) if match else None


def _display_name(author: str) -> str:
    """'Smith, John' -> 'John Smith'."""
    author = _clean(author)
    if "," in author:
        family, given = (part.strip() for part in author.split(",", 1))
        return f"{given} {family}".strip()
    return author


def parse_references(data: bytes) -> list[ParsedReference]:
    if len(data) > MAX_REFERENCE_BYTES:
        raise ReferenceFileError("The file is larger than 2 MB; export fewer references at once.")
    # PostgreSQL text cannot hold NUL characters; no real reference needs one.
    text = data.decode("utf-8-sig", errors="replace").replace("\x00", "")
    if re.search(r"^\s*TY\s+-", text, re.MULTILINE):
        _check_count(len(re.findall(r"^\s*TY\s+-", text, re.MULTILINE)))
        references = _parse_ris(text)
    elif "@" in text:
        # Counted before parsing: bibtexparser spends ~35 µs an entry, so a 2 MB file of tiny
        # entries would hold the web request for seconds only to be refused afterwards.
        _check_count(len(re.findall(r"@\s*\w+\s*[{(]", text)))
        _check_braces(text)
        references = _parse_bibtex(text)
    else:
        raise ReferenceFileError("This does not look like a BibTeX (.bib) or RIS (.ris) file.")
    if len(references) > MAX_REFERENCES:
        raise ReferenceFileError(f"The file has more than {MAX_REFERENCES} references.")
    if not references:
        raise ReferenceFileError("No references were found in the file.")
    return references


def _check_count(count: int) -> None:
    if count > MAX_REFERENCES:
        raise ReferenceFileError(
            f"The file has {count:,} references; the limit is {MAX_REFERENCES:,} at once. "
            "Export fewer references at a time."
        )


def _check_braces(text: str) -> None:
    depth = 0
    for brace in re.finditer(r"[{}]", text):
        depth = depth + 1 if brace.group() == "{" else max(depth - 1, 0)
        if depth > MAX_BRACE_DEPTH:
            line = text.count("\n", 0, brace.start()) + 1
            raise ReferenceFileError(
                f"Line {line} nests braces more than {MAX_BRACE_DEPTH} deep, which no reference "
                "needs. Check the file is a BibTeX export."
            )


def _parse_bibtex(text: str) -> list[ParsedReference]:
    library = bibtexparser.parse_string(text)
    references = []
    for number, entry in enumerate(library.entries, start=1):
        fields = {k.lower(): str(f.value) for k, f in entry.fields_dict.items()}
        authors = [_display_name(a) for a in re.split(r"\s+and\s+", fields.get("author", ""))]
        references.append(
            _checked(
                ParsedReference(
                    number=number,
                    title=_clean(fields.get("title", "")),
                    authors=[a for a in authors if a],
                    journal=_clean(fields.get("journal") or fields.get("booktitle", "")),
                    year=_year(fields.get("year", "")),
                    doi=_clean(fields.get("doi", "")).lower(),
                    key=entry.key,
                )
            )
        )
    for block in library.failed_blocks:
        line = getattr(block, "start_line", None)
        references.append(
            ParsedReference(
                number=len(references) + 1,
                title="",
                authors=[],
                problems=[f"could not be read (near line {line + 1 if line is not None else '?'})"],
            )
        )
    return references


def _parse_ris(text: str) -> list[ParsedReference]:
    try:
        entries = rispy.loads(text)
    except Exception as exc:  # rispy raises plain IOError/ValueError on broken structure
        raise ReferenceFileError(f"The RIS file could not be read: {exc}") from exc
    references = []
    for number, entry in enumerate(entries, start=1):
        authors = entry.get("authors") or entry.get("first_authors") or []
        references.append(
            _checked(
                ParsedReference(
                    number=number,
                    title=_clean(entry.get("title") or entry.get("primary_title", "")),
                    authors=[_display_name(a) for a in authors if a],
                    journal=_clean(entry.get("journal_name") or entry.get("secondary_title", "")),
                    year=_year(str(entry.get("year") or entry.get("publication_year", ""))),
                    doi=_clean(entry.get("doi", "")).lower(),
                    key=entry.get("id", ""),
                )
            )
        )
    return references


def _checked(reference: ParsedReference) -> ParsedReference:
    if not reference.title:
        reference.problems.append("has no title")
    if len(reference.title) > 500:
        reference.problems.append("title is longer than 500 characters")
    return reference


def _name_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z]+", folded))


def _contacts_by_name(user) -> dict[str, Contact]:
    """Contacts keyed by 'given family' and 'initial family', folded to plain lowercase."""
    index: dict[str, Contact] = {}
    for contact in (
        Contact.objects.for_user(user)
        .alive()
        .only("id", "given_name", "family_name", "preferred_name")
    ):
        for given in {contact.given_name, contact.preferred_name} - {""}:
            index.setdefault(_name_key(f"{given} {contact.family_name}"), contact)
            index.setdefault(_name_key(f"{given[0]} {contact.family_name}"), contact)
    return index


def preview_references(*, user, references: list[ParsedReference]) -> list[PreviewRow]:
    people = _contacts_by_name(user)
    known = Publication.objects.for_user(user)
    by_doi = {p.doi: p for p in known.exclude(doi="")}
    by_title = {(_name_key(p.title), p.year): p for p in known}
    rows = []
    for reference in references:
        existing = by_doi.get(reference.doi) if reference.doi else None
        existing = existing or by_title.get((_name_key(reference.title), reference.year))
        matches = []
        for author in reference.authors:
            key = _name_key(author)
            parts = key.split()
            initial_key = f"{parts[0][0]} {parts[-1]}" if len(parts) >= 2 else key
            matches.append((author, people.get(key) or people.get(initial_key)))
        rows.append(PreviewRow(reference=reference, existing=existing, author_matches=matches))
    return rows


def _fit(value: str, field: str) -> str:
    """Cut a value from a reference file to the column's length (files can hold anything)."""
    max_length = Publication._meta.get_field(field).max_length
    return (value or "")[:max_length] if max_length else value or ""


@transaction.atomic
def import_references(*, user, references: list[ParsedReference]) -> int:
    """Create the new, error-free references with their authors; returns how many were added."""
    added = 0
    for row in preview_references(user=user, references=references):
        if row.status != "new":
            continue
        ref = row.reference
        publication = Publication.objects.create(
            owner=user,
            title=_fit(ref.title, "title"),
            journal=_fit(ref.journal, "journal"),
            year=ref.year,
            doi=_fit(ref.doi, "doi"),
            source_key=_fit(ref.key or ref.doi, "source_key"),
        )
        PublicationAuthor.objects.bulk_create(
            PublicationAuthor(
                publication=publication,
                position=i,
                name=name[: PublicationAuthor._meta.get_field("name").max_length],
                contact=contact,
            )
            for i, (name, contact) in enumerate(row.author_matches, start=1)
        )
        added += 1
    return added


# --- Uploads read by a worker ----------------------------------------------------------------

# A preview nobody confirmed is forgotten after this long, with the references it holds.
ABANDONED_AFTER = dt.timedelta(days=1)


def receive_upload(*, owner, filename: str, data: bytes) -> ReferenceUpload:
    """Keep an uploaded reference file and have a worker read it once this commits. Raises
    ``ReferenceFileError`` only for a file over the size limit, which costs nothing to tell."""
    from .tasks import read_reference_upload

    if len(data) > MAX_REFERENCE_BYTES:
        raise ReferenceFileError("The file is larger than 2 MB; export fewer references at once.")
    upload = ReferenceUpload.objects.create(
        owner=owner, filename=filename.replace("\x00", "")[:255], source=data
    )
    enqueue_on_commit(read_reference_upload, upload.pk)
    return upload


def read_upload(*, upload_id) -> ReferenceUpload | None:
    """Parse a kept upload into its references, or mark it unreadable with the reason. Safe to
    run twice: only an upload still being read is touched, by a conditional update."""
    upload = ReferenceUpload.objects.filter(
        pk=upload_id, status=ReferenceUpload.Status.READING
    ).first()
    if upload is None:
        return None
    changes: dict = {"source": None}
    try:
        references = parse_references(bytes(upload.source or b""))
    except ReferenceFileError as error:
        changes |= {"status": ReferenceUpload.Status.UNREADABLE, "failure": str(error)}
    except Exception as exc:  # a bug must not leave the doctor watching "Reading…" for ever
        logger.exception("Reading reference upload %s failed", upload_id)
        failure = f"NetMed could not read this file ({type(exc).__name__}). Upload it again."
        changes |= {"status": ReferenceUpload.Status.UNREADABLE, "failure": failure}
    else:
        changes |= {
            "status": ReferenceUpload.Status.PREVIEW,
            "references": [asdict(reference) for reference in references],
        }
    ReferenceUpload.objects.filter(pk=upload.pk, status=ReferenceUpload.Status.READING).update(
        updated_at=timezone.now(), **changes
    )
    return ReferenceUpload.objects.filter(pk=upload.pk).first()


def references_of(upload: ReferenceUpload) -> list[ParsedReference]:
    return [ParsedReference(**item) for item in upload.references]


@transaction.atomic
def import_upload(*, user, upload_id) -> ReferenceUpload:
    """Write a previewed upload's new references. Safe to repeat (a second confirm adds
    nothing): the upload row is locked and leaves the preview state in the same transaction."""
    upload = ReferenceUpload.objects.for_user(user).select_for_update().get(pk=upload_id)
    if upload.status != ReferenceUpload.Status.PREVIEW:
        return upload
    upload.imported_count = import_references(user=user, references=references_of(upload))
    upload.status = ReferenceUpload.Status.IMPORTED
    upload.references = []
    upload.save(update_fields=["imported_count", "status", "references", "updated_at"])
    return upload


def forget_abandoned_uploads() -> int:
    """Delete uploads left unconfirmed (or unreadable) for a day. Safe to run twice."""
    deleted, _ = ReferenceUpload.objects.filter(
        status__in=[
            ReferenceUpload.Status.READING,
            ReferenceUpload.Status.PREVIEW,
            ReferenceUpload.Status.UNREADABLE,
        ],
        updated_at__lt=timezone.now() - ABANDONED_AFTER,
    ).delete()
    return deleted
