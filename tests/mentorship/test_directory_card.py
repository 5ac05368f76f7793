"""``{% directory_card %}`` draws each mentor's card as ``mentorship/_directory_results.html``
drew it (the template as it was is kept in templates_before/), for cards with and without a
specialty, a place, focus areas, career stages and places left."""

from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse

from core.models import Term
from tests import factories

pytestmark = pytest.mark.django_db

ENGINE = engines["django"]
OLD = ENGINE.from_string(
    (Path(__file__).parent / "templates_before" / "_directory_results.html").read_text()
)


def _profiles():
    focus = list(Term.objects.filter(kind="mentorship_focus")[:2])
    stages = list(Term.objects.filter(kind="career_stage")[:2])
    specialty = factories.term("specialty")
    places = [("Sydney", "NSW"), ("", "VIC"), ("Hobart", ""), ("", "")]
    for i, (city, state) in enumerate(places):
        owner = factories.UserFactory(
            display_name=f'Dr <b>{i}</b> & "Co"', specialty=specialty if i % 2 else None
        )
        profile = factories.MentorProfileFactory(
            owner=owner,
            city=city,
            state=state,
            capacity=i,
            headline="Happy <to> help & more" if i else "",
            focus_areas=focus[: i % 3],
        )
        profile.career_stages.set(stages[: (i + 1) % 3])
    mentor = factories.UserFactory()
    factories.MentorProfileFactory(owner=mentor, capacity=1)
    factories.SharedMentorshipFactory(owner=mentor)


def test_each_card_is_drawn_as_the_template_drew_it(doctor_client):
    _profiles()
    response = doctor_client.get(reverse("mentorship:directory"), HTTP_HX_REQUEST="true")
    page = response.context["page"]
    assert len(page.object_list) == 5
    new = ENGINE.get_template("mentorship/_directory_results.html")
    request = response.wsgi_request
    old_html = OLD.render({"page": page}, request=request)
    assert new.render({"page": page}, request=request) == old_html
    assert old_html.count("<article>") == 5 and "Room for 3 more mentees" in old_html


def test_an_empty_directory_is_drawn_as_before(doctor_client):
    response = doctor_client.get(reverse("mentorship:directory"), HTTP_HX_REQUEST="true")
    page = response.context["page"]
    new = ENGINE.get_template("mentorship/_directory_results.html")
    assert new.render({"page": page}) == OLD.render({"page": page})
