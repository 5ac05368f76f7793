"""The short contact form: essentials first and the rest folded (open where there is an error),
the field of practice narrowed to the chosen specialty, and rows added in place, with htmx or,
without JavaScript, by posting the form back unsaved."""

import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from contacts.forms import with_another_row
from contacts.models import Contact, ContactEmail
from core.models import Term
from tests.contacts.test_editing import contact_data
from tests.factories import (
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    OrganisationFactory,
    PositionFactory,
    term,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def options(html: str, name: str) -> list[str]:
    """The labels of a <select>'s options, in page order, the empty choice left out."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return [
        label.strip()
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select[1])
        if value
    ]


def details_open(html: str, summary_start: str) -> bool:
    match = re.search(rf"<details([^>]*)>\s*<summary>{re.escape(summary_start)}", html)
    assert match, f"no folded section {summary_start!r}"
    return " open" in match[1]


def physician_and_a_surgery_field() -> tuple[Term, Term]:
    physician = term("specialty", "physician")
    surgery_field = Term.objects.filter(kind="specialty_field", parent__code="surgery").first()
    return physician, surgery_field


# Essentials first ------------------------------------------------------------------------------


def test_the_new_contact_form_shows_the_essentials_and_folds_the_rest(doctor_client):
    html = doctor_client.get(reverse("contacts:create")).content.decode()
    essentials, rest = html.split('<details class="form-more"', 1)
    for name in ("given_name", "family_name", "specialty", "emails-0-email", "phones-0-number"):
        assert f'name="{name}"' in essentials
    assert 'name="positions-0-title"' in essentials
    assert 'name="positions-0-organisation"' in essentials
    assert 'name="how_we_met"' in essentials
    for name in ("city", "cadence_days", "notes", "positions-0-start_date", "links-0-url"):
        assert f'name="{name}"' in rest
    assert not details_open(html, "More about them")
    assert not details_open(html, "Positions")


def test_an_empty_extra_row_does_not_mark_its_fields_as_required(doctor_client):
    html = doctor_client.get(reverse("contacts:create")).content.decode()

    assert '<label for="id_emails-0-email">Email</label>' in html
    assert (
        re.search(r'<label for="id_emails-0-email">Email <span aria-hidden="true">\*', html) is None
    )


def test_each_field_is_on_the_page_once(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    PositionFactory(contact=contact)
    html = doctor_client.get(reverse("contacts:edit", args=[contact.pk])).content.decode()
    names = re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', html)
    shared = {"relationship_kinds", "fellowships", "csrfmiddlewaretoken"}  # checkboxes; forms
    repeated = {name for name in names if names.count(name) > 1} - shared
    assert not repeated


def test_an_error_in_a_folded_part_comes_back_open(doctor_client):
    data = contact_data(birthday_day="31", birthday_month="2")
    html = doctor_client.post(reverse("contacts:create"), data).content.decode()
    assert details_open(html, "More about them")
    assert "That day does not exist in that month." in html
    assert not details_open(html, "Relationship")


def test_a_position_error_opens_the_positions(doctor_client, doctor):
    org = OrganisationFactory(owner=doctor)
    data = contact_data(
        **{
            "positions-TOTAL_FORMS": "1",
            "positions-0-organisation": str(org.pk),
            "positions-0-start_date": "2024-06-01",
            "positions-0-end_date": "2024-01-01",
        }
    )
    html = doctor_client.post(reverse("contacts:create"), data).content.decode()
    assert details_open(html, "Positions")
    assert "The end date is before the start date." in html


# Field of practice --------------------------------------------------------------------------


def test_the_field_of_practice_offers_the_chosen_specialtys_fields_sorted(doctor_client, doctor):
    physician, surgery_field = physician_and_a_surgery_field()
    contact = ContactFactory(owner=doctor, specialty=physician)
    html = doctor_client.get(reverse("contacts:edit", args=[contact.pk])).content.decode()
    offered = options(html, "specialty_field")
    assert offered == sorted(offered)
    assert set(offered) == {t.label for t in Term.objects.filter(parent=physician)}
    assert "Cardiology" in offered and surgery_field.label not in offered


def test_without_a_specialty_no_field_of_practice_is_offered(doctor_client):
    html = doctor_client.get(reverse("contacts:create")).content.decode()
    assert options(html, "specialty_field") == []
    assert "Choose a specialty first" in html


def test_a_field_of_another_specialty_is_an_error_beside_the_field(doctor_client, doctor):
    physician, surgery_field = physician_and_a_surgery_field()
    data = contact_data(specialty=physician.pk, specialty_field=surgery_field.pk)
    response = doctor_client.post(reverse("contacts:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["specialty_field"] == [
        "Choose a field of practice of the chosen specialty."
    ]
    assert 'id="id_specialty_field_error"' in response.content.decode()
    assert not Contact.objects.filter(owner=doctor).exists()


def test_a_field_of_the_chosen_specialty_is_saved(doctor_client, doctor):
    physician = term("specialty", "physician")
    cardiology = Term.objects.get(kind="specialty_field", parent=physician, label="Cardiology")
    data = contact_data(specialty=physician.pk, specialty_field=cardiology.pk)
    doctor_client.post(reverse("contacts:create"), data)
    assert Contact.objects.get(owner=doctor).specialty_field == cardiology


def test_a_saved_field_outside_its_specialty_stays_while_the_specialty_does(doctor_client, doctor):
    physician, surgery_field = physician_and_a_surgery_field()
    contact = ContactFactory(owner=doctor, specialty=physician, specialty_field=surgery_field)
    url = reverse("contacts:edit", args=[contact.pk])
    html = doctor_client.get(url).content.decode()
    assert surgery_field.label in options(html, "specialty_field")

    data = contact_data(version=contact.version, specialty=physician.pk)
    doctor_client.post(url, {**data, "specialty_field": surgery_field.pk})
    contact.refresh_from_db()
    assert contact.specialty_field == surgery_field


def test_changing_the_specialty_fetches_its_fields_only(doctor_client):
    surgery = term("specialty", "surgery")
    url = reverse("contacts:form_fields")
    response = doctor_client.get(url, {"specialty": surgery.pk}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="field-of-practice"')
    assert "<form" not in html
    offered = options(html, "specialty_field")
    assert offered == sorted(t.label for t in Term.objects.filter(parent=surgery))


def test_without_javascript_show_its_fields_narrows_the_field_and_saves_nothing(
    doctor_client, doctor
):
    surgery = term("specialty", "surgery")
    data = contact_data(specialty=surgery.pk, redraw="specialty")
    response = doctor_client.post(reverse("contacts:create"), data)
    html = response.content.decode()
    assert response.status_code == 200 and not Contact.objects.filter(owner=doctor).exists()
    assert options(html, "specialty_field") == sorted(
        t.label for t in Term.objects.filter(parent=surgery)
    )
    assert 'value="Mei"' in html


# Adding and removing rows ------------------------------------------------------------------------


def test_without_javascript_add_another_email_adds_a_row_keeps_the_input_and_saves_nothing(
    doctor_client, doctor
):
    data = contact_data(
        add_row="emails",
        how_we_met="ASM 2025, Brisbane",
        **{"emails-TOTAL_FORMS": "1", "emails-0-email": "mei@example.org"},
    )
    response = doctor_client.post(reverse("contacts:create"), data)
    html = response.content.decode()

    assert response.status_code == 200
    assert not Contact.objects.filter(owner=doctor).exists()
    assert 'name="emails-TOTAL_FORMS" value="2"' in html
    assert 'value="mei@example.org"' in html and 'name="emails-1-email"' in html
    assert "ASM 2025, Brisbane" in html
    # Not a save: nothing is judged yet.
    assert "field-error" not in html and 'aria-invalid="true"' not in html


def test_without_javascript_the_added_row_saves_with_the_rest(doctor_client, doctor):
    data = contact_data(
        **{
            "emails-TOTAL_FORMS": "2",
            "emails-0-email": "mei@example.org",
            "emails-1-email": "mei.chen@health.example.org",
        }
    )
    doctor_client.post(reverse("contacts:create"), data)
    emails = Contact.objects.get(owner=doctor).emails.values_list("email", flat=True)
    assert sorted(emails) == ["mei.chen@health.example.org", "mei@example.org"]


def test_without_javascript_add_another_link_opens_the_links(doctor_client):
    data = contact_data(add_row="links", **{"links-TOTAL_FORMS": "1"})
    html = doctor_client.post(reverse("contacts:create"), data).content.decode()
    assert details_open(html, "Profile links")
    assert 'name="links-1-url"' in html


def test_add_row_when_editing_keeps_the_saved_rows_and_saves_nothing(doctor_client, doctor):
    contact = ContactFactory(owner=doctor, given_name="Mei", family_name="Chen")
    email = ContactEmailFactory(contact=contact, email="old@example.org")
    data = contact_data(
        version=contact.version,
        add_row="phones",
        **{
            "emails-TOTAL_FORMS": "1",
            "emails-INITIAL_FORMS": "1",
            "emails-0-id": str(email.pk),
            "emails-0-email": "changed@example.org",
            "phones-TOTAL_FORMS": "1",
        },
    )
    html = doctor_client.post(reverse("contacts:edit", args=[contact.pk]), data).content.decode()
    assert 'value="changed@example.org"' in html and 'name="phones-1-number"' in html
    email.refresh_from_db()
    assert email.email == "old@example.org"


def test_an_unknown_row_kind_is_a_plain_save_attempt(doctor_client, doctor):
    data = contact_data(add_row="notes")
    response = doctor_client.post(reverse("contacts:create"), data)
    assert response.status_code == 302 and Contact.objects.filter(owner=doctor).exists()


def test_htmx_add_another_email_returns_the_next_row_and_raises_the_count(doctor_client):
    url = reverse("contacts:form_row", args=["emails"])
    html = doctor_client.get(url, {"emails-TOTAL_FORMS": "2"}, **HTMX).content.decode()
    assert 'name="emails-2-email"' in html and 'name="emails-2-DELETE"' in html
    assert "__prefix__" not in html
    assert re.search(
        r'<input type="hidden" name="emails-TOTAL_FORMS" value="3" id="id_emails-TOTAL_FORMS"'
        r' hx-swap-oob="true">',
        html,
    )


def test_a_new_position_row_offers_only_the_doctors_organisations(doctor_client, doctor, outsider):
    OrganisationFactory(owner=doctor, name="Westmead Hospital")
    OrganisationFactory(owner=outsider, name="Their Private Clinic")
    url = reverse("contacts:form_row", args=["positions"])
    html = doctor_client.get(url, {"positions-TOTAL_FORMS": "1"}, **HTMX).content.decode()
    assert options(html, "positions-1-organisation") == ["Westmead Hospital"]


def test_rows_stop_at_the_limit(doctor_client):
    url = reverse("contacts:form_row", args=["phones"])
    response = doctor_client.get(url, {"phones-TOTAL_FORMS": "30"}, **HTMX)
    assert response.status_code == 204


def test_without_javascript_rows_stop_at_the_limit_and_none_are_dropped():
    data = QueryDict(mutable=True)
    data["phones-TOTAL_FORMS"] = "29"
    assert with_another_row(data, kind="phones")["phones-TOTAL_FORMS"] == "30"
    data["phones-TOTAL_FORMS"] = "35"
    assert with_another_row(data, kind="phones")["phones-TOTAL_FORMS"] == "35"


def test_a_row_of_an_unknown_kind_is_not_found(doctor_client):
    response = doctor_client.get(reverse("contacts:form_row", args=["notes"]), **HTMX)
    assert response.status_code == 404


def test_form_parts_need_a_login(client):
    for url in (reverse("contacts:form_row", args=["emails"]), reverse("contacts:form_fields")):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.url


def test_remove_deletes_a_saved_email(doctor_client, doctor):
    contact = ContactFactory(owner=doctor, given_name="Mei", family_name="Chen")
    keep = ContactEmailFactory(contact=contact, email="keep@example.org")
    gone = ContactEmailFactory(contact=contact, email="gone@example.org", is_primary=False)
    data = contact_data(
        version=contact.version,
        **{
            "emails-TOTAL_FORMS": "2",
            "emails-INITIAL_FORMS": "2",
            "emails-0-id": str(keep.pk),
            "emails-0-email": keep.email,
            "emails-1-id": str(gone.pk),
            "emails-1-email": gone.email,
            "emails-1-DELETE": "on",
        },
    )
    response = doctor_client.post(reverse("contacts:edit", args=[contact.pk]), data)
    assert response.status_code == 302
    assert list(ContactEmail.objects.filter(contact=contact)) == [keep]


# Query budget -------------------------------------------------------------------------------------

# Session, user; the contact, its tags, the doctor's tag names; its emails, phones, links and
# positions; the doctor's organisations (once for every position row); the specialties, the
# specialty's fields, career stages, relationship kinds and the contact's kinds.
EDIT_BUDGET = 15
# The same less the contact itself and its relationship kinds, and no fields before a specialty.
CREATE_BUDGET = 12


@pytest.mark.parametrize("rows", [1, 6])
def test_the_form_pages_cost_the_same_queries_however_many_rows(
    doctor_client, doctor, rows, django_assert_max_num_queries
):
    contact = ContactFactory(owner=doctor, specialty=term("specialty", "physician"))
    for _ in range(rows):
        ContactEmailFactory(contact=contact, is_primary=False)
        ContactPhoneFactory(contact=contact)
        PositionFactory(contact=contact)
    with django_assert_max_num_queries(EDIT_BUDGET):
        doctor_client.get(reverse("contacts:edit", args=[contact.pk]))
    with django_assert_max_num_queries(CREATE_BUDGET):
        doctor_client.get(reverse("contacts:create"))
