"""A doctor's IMG pathway and college on the profile, and ``is_img`` read from them."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, term

pytestmark = pytest.mark.django_db


def _profile(**overrides) -> dict:
    data = {
        "display_name": "Dr Amara Okafor",
        "city": "Perth",
        "state": "WA",
        "country": "AU",
        "timezone": "Australia/Perth",
        "digest_frequency": "weekly",
        "digest_weekday": 0,
        "digest_hour": 7,
    }
    return {**data, **overrides}


def test_a_doctor_records_their_college_and_img_pathway(doctor_client, doctor):
    racp, specialist = term("college", "RACP"), term("img_pathway", "specialist")
    response = doctor_client.post(
        reverse("accounts:profile"),
        _profile(college=racp.pk, img_pathway=specialist.pk, qualification_country="NG"),
    )
    assert response.status_code == 302
    doctor.refresh_from_db()
    assert (doctor.college, doctor.img_pathway) == (racp, specialist)
    assert doctor.is_img
    page = doctor_client.get(reverse("accounts:profile")).content.decode()
    assert f'<option value="{racp.pk}" selected>' in page
    assert f'<option value="{specialist.pk}" selected>' in page


def test_the_profile_offers_colleges_not_associations_and_the_mba_pathways(doctor_client):
    form = doctor_client.get(reverse("accounts:profile")).context["form"]
    colleges = {t.code for t in form.fields["college"].queryset}
    pathways = {t.code for t in form.fields["img_pathway"].queryset}
    assert "RACP" in colleges and "AMA" not in colleges
    assert {"standard", "competent_authority", "specialist", "none"} <= pathways


def test_a_pathway_beside_a_local_degree_is_refused(doctor_client, doctor):
    pathway = term("img_pathway", "competent_authority")
    response = doctor_client.post(
        reverse("accounts:profile"), _profile(img_pathway=pathway.pk, qualification_country="AU")
    )
    assert response.status_code == 200
    assert "An IMG pathway is for a degree from another country" in response.content.decode()
    doctor.refresh_from_db()
    assert doctor.img_pathway is None


def test_not_applicable_says_a_doctor_is_no_img_whatever_the_countries():
    doctor = UserFactory(
        country="AU", qualification_country="NZ", img_pathway=term("img_pathway", "none")
    )
    assert not doctor.is_img
    assert UserFactory(country="AU", qualification_country="NZ").is_img
    assert not UserFactory(country="AU", qualification_country="AU").is_img


def test_a_doctors_profile_choices_are_theirs_alone(doctor, outsider, outsider_client):
    outsider_client.post(reverse("accounts:profile"), _profile(college=term("college", "ACEM").pk))
    doctor.refresh_from_db()
    outsider.refresh_from_db()
    assert doctor.college is None and outsider.college == term("college", "ACEM")
