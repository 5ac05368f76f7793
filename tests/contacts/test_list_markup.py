"""The contact list's rows are drawn in Python (``contacts.listing.rows_html``, issue 22): their
markup must stay what the template loop it replaced printed, character for character."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import timezone
from django.utils.html import format_html_join

from contacts.listing import rows_html
from tests.factories import ContactFactory, OrganisationFactory, PositionFactory, TagFactory, term

pytestmark = pytest.mark.django_db
LIST = "/contacts/"

# _contact_results.html's row loop as it was before rows_html replaced it.
TEMPLATE_LOOP = """\
    {% for row in rows %}
    <tr>
      <td class="cell-pick"><input type="checkbox" name="ids" value="{{ row.pk }}" id="pick-{{ row.pk }}" aria-label="Select {{ row.name }}"></td>
      <td class="cell-person"><div class="person">{% avatar row.name size="sm" %}<div class="person-body"><a class="person-name" href="{{ row.url }}">{{ row.name }}</a>{% if row.post_nominals %} <span class="post-nominals">{{ row.post_nominals }}</span>{% endif %}{% if row.overdue %} <span class="badge badge-warning cadence overdue">overdue</span>{% endif %}</div></div></td>
      <td data-label="Organisation">{{ row.organisation }}</td>
      <td data-label="Specialty">{{ row.specialty }}</td>
      <td data-label="Last contacted">{{ row.last_contacted }}</td>
      <td data-label="Closeness">{{ row.closeness }}</td>
      <td data-label="Tags">{{ row.tags }}</td>
    </tr>
    {% endfor %}
"""  # noqa: E501 - the template's own lines


def the_template_loop(rows) -> str:
    return engines["django"].from_string(TEMPLATE_LOOP).render({"rows": rows})


def in_the_results_template(html: str) -> str:
    """What the results template prints around its rows: ``{% contact_rows rows %}`` on a line
    of its own between the loop's neighbours."""
    return "    " + html + "\n"


def a_row(**values) -> dict:
    row = {
        "pk": "0b6c5e2a-1d1f-4a53-9a51-2c1f0e0f0a01",
        "url": "/contacts/0b6c5e2a-1d1f-4a53-9a51-2c1f0e0f0a01/",
        "name": "Priya Raman",
        "post_nominals": "",
        "overdue": False,
        "organisation": "",
        "specialty": "",
        "last_contacted": "never",
        "closeness": "",
        "tags": "",
    }
    return row | values


def test_rows_print_as_the_template_loop_did_for_every_kind_of_value():
    rows = [
        a_row(),
        a_row(
            name='Seán O\'Brien-<Smith> & "Co"',
            post_nominals="FRACP FACEM",
            overdue=True,
            organisation="St Vincent's <Hospital> & Co",
            specialty="Ear, nose & throat",
            last_contacted="03/02/2026",
            closeness=5,
            tags=format_html_join(
                "", '<span class="tag">{}</span> ', [("<b>rugby</b>",), ("R&D",)]
            ),
        ),
        a_row(name="(no name)", closeness=1, specialty=None),
        a_row(name="Élodie 李", organisation="Hôpital", tags=""),
    ]
    assert in_the_results_template(rows_html(rows)) == the_template_loop(rows)


def test_an_empty_page_prints_no_rows():
    assert in_the_results_template(rows_html([])) == the_template_loop([])


def test_the_list_page_prints_its_rows_as_the_template_loop_did(doctor_client, doctor):
    today = timezone.localdate()
    hospital = OrganisationFactory(owner=doctor, name="Royal <North> Shore & Ryde")
    rich = ContactFactory(
        owner=doctor,
        given_name="Seán",
        preferred_name="Shaun",
        family_name="O'Brien <script>",
        fellowships=["FRACP", "FACEM"],
        closeness=4,
        cadence_days=30,
        last_interaction_at=today - dt.timedelta(days=40),
        specialty=term("specialty", "dermatology"),
    )
    PositionFactory(contact=rich, organisation=hospital)
    rich.tags.add(TagFactory(owner=doctor, name="R&D <lab>"), TagFactory(owner=doctor, name="a"))
    ContactFactory(owner=doctor, given_name="", family_name="", specialty_other="Space & time")
    ContactFactory(owner=doctor, given_name="Jo", family_name="Plain", specialty=None)

    for params in ({}, {"sort": "-closeness"}, {"sort": "organisation"}):
        response = doctor_client.get(LIST, params)
        rows = response.context["rows"]
        assert len(rows) == 3
        assert the_template_loop(rows) in response.content.decode()

    overdue = doctor_client.get(LIST, {"contact_status": "overdue"}).content.decode()
    assert "O&#x27;Brien &lt;script&gt;" in overdue and "<script>" not in overdue
    assert '<span class="tag">R&amp;D &lt;lab&gt;</span>' in overdue
    assert "Royal &lt;North&gt; Shore &amp; Ryde" in overdue
    assert '<span class="badge badge-warning cadence overdue">overdue</span>' in overdue


def test_the_bulk_actions_are_the_blank_bulk_form_drawn_as_form_fields_drew_it(
    doctor_client, doctor
):
    from contacts.forms import BulkActionForm, blank_bulk_fields

    ContactFactory(owner=doctor)
    drawn = (
        engines["django"]
        .from_string('{% include "includes/form_fields.html" with form=form %}')
        .render({"form": BulkActionForm()})
    )

    body = doctor_client.get(LIST).content.decode()

    assert blank_bulk_fields().strip() == drawn.strip()
    assert blank_bulk_fields() in body
    for name in ("action", "tag_name", "cadence_days"):
        assert f'name="{name}"' in blank_bulk_fields()
