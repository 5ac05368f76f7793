import importlib
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from contacts.models import Contact
from core.models import Term
from core.vocabulary import SECTIONS, VOCABULARY_FILE, load_terms
from tests.factories import ContactFactory


def _data() -> dict:
    return json.loads(VOCABULARY_FILE.read_text())


def _field(specialty: str, code: str) -> Term:
    return Term.objects.get(kind="specialty_field", parent__code=specialty, code=code)


@pytest.mark.django_db
def test_migration_loads_every_specialty_and_career_stage():
    data = _data()
    assert Term.objects.filter(kind="specialty").count() == len(data["specialties"])
    assert Term.objects.filter(kind="career_stage").count() == len(data["career_stages"])
    assert Term.objects.get(kind="specialty", code="anaesthesia").label == "Anaesthesia"


def _assert_every_specialty_keeps_every_field_it_lists():
    for specialty in _data()["specialties"]:
        listed = {field["code"]: field["label"] for field in specialty.get("fields", [])}
        loaded = dict(
            Term.objects.filter(
                kind="specialty_field", parent__kind="specialty", parent__code=specialty["code"]
            ).values_list("code", "label")
        )
        assert loaded == listed, specialty["code"]


@pytest.mark.django_db
def test_every_specialty_keeps_every_field_it_lists():
    _assert_every_specialty_keeps_every_field_it_lists()


@pytest.mark.django_db
def test_a_field_two_specialties_list_is_a_term_under_each():
    for code, parents in {
        "haematology": {"pathology", "physician"},
        "nuclear_medicine": {"physician", "radiology"},
        "clinical_genetics": {"paediatrics", "physician"},
        "paediatric_intensive_care_medicine": {"intensive_care_medicine", "paediatrics"},
    }.items():
        terms = Term.objects.filter(kind="specialty_field", code=code)
        assert set(terms.values_list("parent__code", flat=True)) == parents
        assert terms.count() == len(parents)


def test_paediatrics_lists_its_fields_of_specialty_practice():
    paediatrics = next(s for s in _data()["specialties"] if s["code"] == "paediatrics")
    labels = [field["label"] for field in paediatrics["fields"]]
    assert len(labels) >= 20
    assert "Paediatric medical oncology" in labels
    assert "Paediatric oncology" not in labels
    assert {"Community child health", "General paediatrics", "Paediatric neurology"} <= set(labels)


def test_every_term_names_a_source_the_file_describes():
    data = _data()
    sources = data["sources"]
    for source in sources.values():
        assert source["title"]
        assert source["url"] == "" or source["url"].startswith("https://")
    terms = [
        *(item for section in SECTIONS for item in data[section]),
        *(field for item in data["specialties"] for field in item.get("fields", [])),
        *data["cpd"]["categories"],
        *data["cpd"]["topics"],
        *data["cpd"]["requirements"],
        *data["cpd"]["career_stages"],
    ]
    missing = [term["code"] for term in terms if term.get("source") not in sources]
    assert missing == []


@pytest.mark.django_db
def test_colleges_and_associations_are_kept_apart():
    colleges = set(Term.objects.filter(kind="college").values_list("code", flat=True))
    associations = set(Term.objects.filter(kind="association").values_list("code", flat=True))
    assert "RACDS" in colleges
    assert "AMA" not in colleges
    assert {"AMA", "ASMOF", "rmo_association"} <= associations


@pytest.mark.django_db
def test_the_cpd_homes_are_the_colleges_and_the_ama():
    homes = set(Term.objects.cpd_homes().values_list("code", flat=True))
    assert {"RACP", "RACGP", "RACDS", "AMA"} <= homes
    assert "ASMOF" not in homes


@pytest.mark.django_db
def test_the_career_stages_include_pgy2_provisional_fellows_and_private_specialists():
    codes = set(Term.objects.filter(kind="career_stage").values_list("code", flat=True))
    assert {"pgy2", "provisional_fellow", "private_specialist", "career_medical_officer"} <= codes
    assert "SMO" in Term.objects.get(kind="career_stage", code="career_medical_officer").label


@pytest.mark.django_db
def test_loading_the_vocabulary_again_adds_nothing():
    before = Term.objects.count()
    load_terms(Term)
    assert Term.objects.count() == before


@pytest.mark.django_db
def test_a_term_the_file_no_longer_lists_is_kept_but_inactive():
    dropped = Term.objects.create(kind="specialty", code="phrenology", label="Phrenology")
    contact = ContactFactory(specialty=dropped)
    load_terms(Term)
    dropped.refresh_from_db()
    contact.refresh_from_db()
    assert not dropped.active
    assert contact.specialty == dropped
    assert dropped not in Term.objects.of_kind("specialty")


@pytest.mark.django_db
def test_a_list_of_fields_says_which_specialty_each_belongs_to():
    labels = [term.grouped_label for term in Term.objects.specialty_fields()]
    assert "Haematology (Pathology)" in labels
    assert "Haematology (Physician)" in labels
    assert labels.index("Haematology (Pathology)") < labels.index("Haematology (Physician)")


@pytest.mark.django_db
def test_the_upgrade_rekeys_collapsed_fields_and_moves_contacts_to_their_specialtys_field():
    """A database loaded before terms had identities: fields keyed by slug, one row for a field
    two specialties share, its parent the last one listed; the AMA a college."""
    upgrade = importlib.import_module("core.migrations.0005_term_identity")
    Term.objects.filter(kind="specialty_field").delete()
    specialty = {t.code: t for t in Term.objects.filter(kind="specialty")}

    def old(code, label, parent):
        return Term.objects.create(
            kind="specialty_field", code=code, label=label, parent=specialty[parent]
        )

    haematology = old("haematology", "Haematology", "physician")
    oncology = old("paediatric-oncology", "Paediatric oncology", "paediatrics")
    ent = old(
        "otolaryngology-head-and-neck-surgery", "Otolaryngology - head and neck surgery", "surgery"
    )
    ama = Term.objects.get(kind="association", code="AMA")
    Term.objects.filter(pk=ama.pk).update(kind="college")
    pathologist = ContactFactory(specialty=specialty["pathology"], specialty_field=haematology)
    physician = ContactFactory(specialty=specialty["physician"], specialty_field=haematology)
    unknown = ContactFactory(specialty=None, specialty_field=haematology)
    child = ContactFactory(specialty=specialty["paediatrics"], specialty_field=oncology)
    surgeon = ContactFactory(specialty=specialty["surgery"], specialty_field=ent)

    upgrade.rekey_and_load(apps, None)

    assert Term.objects.get(pk=haematology.pk).parent.code == "physician"
    for contact, field in (
        (pathologist, _field("pathology", "haematology")),
        (physician, haematology),
        (unknown, haematology),
        (child, oncology),
        (surgeon, ent),
    ):
        assert Contact.objects.get(pk=contact.pk).specialty_field_id == field.pk
    assert _field("paediatrics", "paediatric_medical_oncology").pk == oncology.pk
    assert _field("surgery", "otolaryngology_head_and_neck_surgery").pk == ent.pk
    assert Term.objects.get(code="AMA").kind == "association"
    _assert_every_specialty_keeps_every_field_it_lists()


@pytest.mark.django_db
def test_seed_demo_creates_a_doctor_with_a_network_and_can_run_twice():
    call_command("seed_demo")
    doctor = User.objects.get(email="demo@netmed.local")
    contacts = Contact.objects.for_user(doctor).count()
    call_command("seed_demo")
    assert contacts >= 10
    assert Contact.objects.for_user(doctor).count() == contacts
    assert User.objects.get(email="staff@netmed.local").is_staff
