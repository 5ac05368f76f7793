import json

import pytest
from django.core.management import call_command

from accounts.models import User
from contacts.models import Contact
from core.models import Term
from core.vocabulary import VOCABULARY_FILE, load_terms


@pytest.mark.django_db
def test_migration_loads_every_specialty_and_career_stage():
    data = json.loads(VOCABULARY_FILE.read_text())
    assert Term.objects.filter(kind="specialty").count() == len(data["specialties"])
    assert Term.objects.filter(kind="career_stage").count() == len(data["career_stages"])
    assert Term.objects.get(kind="specialty", code="anaesthesia").label == "Anaesthesia"


@pytest.mark.django_db
def test_loading_the_vocabulary_again_adds_nothing():
    before = Term.objects.count()
    load_terms(Term)
    assert Term.objects.count() == before


@pytest.mark.django_db
def test_seed_demo_creates_a_doctor_with_a_network_and_can_run_twice():
    call_command("seed_demo")
    doctor = User.objects.get(email="demo@netmed.local")
    contacts = Contact.objects.for_user(doctor).count()
    call_command("seed_demo")
    assert contacts >= 10
    assert Contact.objects.for_user(doctor).count() == contacts
    assert User.objects.get(email="staff@netmed.local").is_staff
