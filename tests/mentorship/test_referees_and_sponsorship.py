import datetime as dt

from django.urls import reverse

from mentorship.models import Opportunity, Referee, RefereeAsk
from tests import factories

TODAY = dt.date(2026, 6, 1)


def _ask(referee, days_ago, application="Training post"):
    return RefereeAsk.objects.create(
        referee=referee, asked_on=TODAY - dt.timedelta(days=days_ago), application=application
    )


def test_whom_to_ask_next_puts_the_least_asked_and_longest_rested_first(doctor):
    busy = factories.RefereeFactory(owner=doctor)
    _ask(busy, 20)
    _ask(busy, 200)
    rested = factories.RefereeFactory(owner=doctor)
    _ask(rested, 300)
    never = factories.RefereeFactory(owner=doctor)
    recent_once = factories.RefereeFactory(owner=doctor)
    _ask(recent_once, 10)
    factories.RefereeFactory(owner=doctor, active=False)

    order = list(Referee.objects.for_user(doctor).whom_to_ask_next(TODAY))

    assert order == [never, rested, recent_once, busy]
    assert [r.rested for r in order] == [True, True, False, False]
    assert order[1].last_asked_on == TODAY - dt.timedelta(days=300)


def test_a_doctor_adds_a_referee_and_records_an_ask(doctor, doctor_client):
    contact = factories.ContactFactory(owner=doctor)
    doctor_client.post(
        reverse("mentorship:referee_list"),
        {"contact": contact.pk, "agreed_on": "2026-01-10", "active": "on"},
    )
    referee = Referee.objects.get()

    doctor_client.post(
        reverse("mentorship:referee_detail", args=[referee.pk]),
        {"asked_on": "2026-02-01", "application": "AHPRA registration", "outcome": "pending"},
    )

    assert referee.owner == doctor
    assert referee.asks.get().application == "AHPRA registration"
    body = doctor_client.get(reverse("mentorship:referee_list")).content.decode()
    assert "01/02/2026" in body


def test_a_contact_is_a_referee_only_once_and_only_the_doctors_own(doctor, doctor_client):
    contact = factories.ContactFactory(owner=doctor)
    factories.RefereeFactory(owner=doctor, contact=contact)
    theirs = factories.ContactFactory()

    for chosen in (contact, theirs):
        response = doctor_client.post(
            reverse("mentorship:referee_list"), {"contact": chosen.pk, "agreed_on": "2026-01-10"}
        )
        assert response.status_code == 200
    assert Referee.objects.count() == 1


def test_the_outsider_gets_404_for_a_referee_and_its_asks(doctor, outsider_client):
    referee = factories.RefereeFactory(owner=doctor)
    ask = _ask(referee, 5)

    for url in (
        reverse("mentorship:referee_detail", args=[referee.pk]),
        reverse("mentorship:referee_ask_edit", args=[ask.pk]),
    ):
        assert outsider_client.get(url).status_code == 404
        assert outsider_client.post(url, {"application": "x"}).status_code == 404


def test_a_sponsorship_logs_opportunities_with_outcomes(doctor, doctor_client):
    mentorship = factories.MentorshipFactory(owner=doctor, side="sponsor")

    doctor_client.post(
        reverse("mentorship:opportunity_create", args=[mentorship.pk]),
        {
            "kind": "committee",
            "title": "Junior medical staff committee seat",
            "opened_on": "2026-03-01",
            "outcome": "pending",
        },
    )
    opportunity = Opportunity.objects.get()
    doctor_client.post(
        reverse("mentorship:opportunity_edit", args=[opportunity.pk]),
        {
            "kind": "committee",
            "title": opportunity.title,
            "opened_on": "2026-03-01",
            "outcome": "successful",
        },
    )

    opportunity.refresh_from_db()
    assert opportunity.outcome == "successful"
    body = doctor_client.get(reverse("mentorship:detail", args=[mentorship.pk])).content.decode()
    assert "Junior medical staff committee seat" in body and "Successful" in body
