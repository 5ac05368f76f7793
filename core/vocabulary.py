"""Load the shipped vocabularies (``core/vocabulary.json``) into ``Term`` rows, idempotently.

A term is identified by (kind, parent, code). Fields of specialty practice are listed under each
specialty that has them, so a field two specialties share ("Haematology" under Pathology and under
Physician) is two terms, one per parent. Every term names its source (a key of "sources").
"""

import json
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.json")

# JSON key -> Term kind
SECTIONS = {
    "career_stages": "career_stage",
    "img_pathways": "img_pathway",
    "specialties": "specialty",
    "colleges": "college",
    "associations": "association",
    "event_kinds": "event_kind",
    "relationship_kinds": "relationship_kind",
    "mentorship_focus": "mentorship_focus",
    "interaction_kinds": "interaction_kind",
}
# The kinds this file owns: a term of these kinds that the file no longer lists is deactivated.
LOADED_KINDS = {*SECTIONS.values(), "specialty_field", "cpd_category"}


def read_vocabulary() -> dict:
    return json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


@cache
def _shipped() -> dict:
    # The file ships with the code, so one read per process is enough for the request path.
    return read_vocabulary()


def cpd_rules() -> dict:
    """The CPD standard (categories, requirements, career-stage rules, topics) as shipped."""
    return _shipped()["cpd"]


def sources() -> dict:
    return _shipped()["sources"]


def fellowships() -> list[tuple[str, str]]:
    """Each college's fellowship as its fellows write it after their name, with the college:
    ("FRACP", "Royal Australasian College of Physicians"), in the file's order."""
    return [
        (c["post_nominal"], c["label"]) for c in _shipped()["colleges"] if c.get("post_nominal")
    ]


def validate_fellowship(letters: str) -> None:
    if letters not in dict(fellowships()):
        raise ValidationError(f"“{letters}” is not a college fellowship NetMed knows.")


def cpd_home_codes() -> list[str]:
    """Codes of the colleges and associations that are CPD homes."""
    data = _shipped()
    return [
        item["code"]
        for section in ("colleges", "associations")
        for item in data[section]
        if item.get("cpd_home")
    ]


def load_terms(term_model) -> int:
    """Create or update every term; returns how many rows were written. Safe to run again.

    Terms of the kinds the file owns that it no longer lists are marked inactive, never deleted:
    contacts and profiles that point at them keep pointing at them.
    """
    data = read_vocabulary()
    written = 0
    kept: set[int] = set()

    def upsert(kind, code, label, order, parent=None):
        nonlocal written
        term, _ = term_model.objects.update_or_create(
            kind=kind,
            parent=parent,
            code=code,
            defaults={"label": label, "sort_order": order, "active": True},
        )
        written += 1
        kept.add(term.pk)
        return term

    for section, kind in SECTIONS.items():
        for order, item in enumerate(data.get(section, [])):
            term = upsert(kind, item["code"], item["label"], order)
            for field_order, field in enumerate(item.get("fields", [])):
                upsert("specialty_field", field["code"], field["label"], field_order, term)
    for order, item in enumerate(data.get("cpd", {}).get("categories", [])):
        upsert("cpd_category", item["code"], item["label"], order)
    (
        term_model.objects.filter(kind__in=LOADED_KINDS, active=True)
        .exclude(pk__in=kept)
        .update(active=False)
    )
    return written
