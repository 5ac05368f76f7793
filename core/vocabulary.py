"""Load the shipped vocabularies (``core/vocabulary.json``) into ``Term`` rows, idempotently."""

import json
from pathlib import Path

from django.utils.text import slugify

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.json")

# JSON key -> Term kind
SECTIONS = {
    "career_stages": "career_stage",
    "img_pathways": "img_pathway",
    "specialties": "specialty",
    "colleges": "college",
    "event_kinds": "event_kind",
    "relationship_kinds": "relationship_kind",
    "mentorship_focus": "mentorship_focus",
    "interaction_kinds": "interaction_kind",
}


def read_vocabulary() -> dict:
    return json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


def cpd_rules() -> dict:
    """The CPD standard (categories, annual hours, rules) as shipped."""
    return read_vocabulary()["cpd"]


def load_terms(term_model) -> int:
    """Create or update every term; returns how many rows were written. Safe to run again."""
    data = read_vocabulary()
    written = 0

    def upsert(kind, code, label, order, parent=None):
        nonlocal written
        term, _ = term_model.objects.update_or_create(
            kind=kind,
            code=code,
            defaults={"label": label, "sort_order": order, "parent": parent, "active": True},
        )
        written += 1
        return term

    for section, kind in SECTIONS.items():
        for order, item in enumerate(data.get(section, [])):
            term = upsert(kind, item["code"], item["label"], order)
            for field_order, field_label in enumerate(item.get("fields", [])):
                upsert("specialty_field", slugify(field_label), field_label, field_order, term)
    for order, item in enumerate(data.get("cpd", {}).get("categories", [])):
        upsert("cpd_category", item["code"], item["label"], order)
    return written
