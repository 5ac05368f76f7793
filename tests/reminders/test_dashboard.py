import datetime as dt
import html
import json
import re

import pytest
from allauth.mfa.totp.internal import auth as totp_auth
from django.urls import reverse
from django.utils import timezone

from contacts.interactions import log_interaction
from core.dashboard import network_health
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_overdue_today_and_this_week(doctor_client, doctor):
    today = timezone.localdate()
    factories.FollowUpFactory(owner=doctor, what="Late one", due_on=today - dt.timedelta(days=2))
    factories.FollowUpFactory(owner=doctor, what="Today one", due_on=today)
    factories.FollowUpFactory(owner=doctor, what="Friday one", due_on=today + dt.timedelta(days=4))

    body = doctor_client.get(reverse("dashboard")).content.decode()

    assert body.index("Overdue") < body.index("Late one") < body.index("Today one")
    assert body.index("This week") < body.index("Friday one")
    assert 'hx-post="/reminders/items/done/"' in body


def test_the_dashboard_has_empty_states_for_a_new_doctor(doctor_client):
    body = doctor_client.get(reverse("dashboard")).content.decode()
    assert "Nothing due this week" in body
    assert "Browse events" in body
    health = _health(doctor_client)
    assert "once you" in health and "add contacts" in health


def _health(client) -> str:
    """The network-health section, as htmx loads it after the dashboard."""
    response = client.get(reverse("dashboard_health"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def _health_data(body: str) -> dict:
    """The charts' data, from the section's ``data-health`` attribute."""
    [raw] = re.findall(r'id="network-health-data" data-health="([^"]*)"', body)
    return json.loads(html.unescape(raw))


def test_the_dashboard_loads_network_health_after_the_page_with_a_fallback_link(
    doctor_client, doctor
):
    contact = factories.ContactFactory(owner=doctor)
    log_interaction(doctor, [contact], kind="call", occurred_on=timezone.localdate())

    body = doctor_client.get(reverse("dashboard")).content.decode()

    assert "network-health-data" not in body
    assert f'hx-get="{reverse("dashboard_health")}" hx-trigger="load"' in body
    assert 'aria-busy="true"' in body and 'role="status"' in body
    assert f'href="{reverse("dashboard")}?health=1#network-health"' in body
    # Without JavaScript the link draws the charts in the page, and the partial's own URL
    # leads there too.
    assert (
        "network-health-data"
        in doctor_client.get(reverse("dashboard") + "?health=1").content.decode()
    )
    response = doctor_client.get(reverse("dashboard_health"))
    assert response.status_code == 302 and response.url.endswith("?health=1#network-health")


def test_network_health_is_kept_briefly_and_dropped_when_the_doctor_logs_an_interaction(
    doctor_client, doctor, django_assert_num_queries
):
    contact = factories.ContactFactory(owner=doctor)
    _health(doctor_client)
    with django_assert_num_queries(2):  # session and user: the health comes from the cache
        cached = _health(doctor_client)
    assert _health_data(cached)["since"]["values"] == [0, 0, 0, 0, 0, 1]  # never contacted

    log_interaction(doctor, [contact], kind="call", occurred_on=timezone.localdate())

    assert _health_data(_health(doctor_client))["since"]["values"] == [1, 0, 0, 0, 0, 0]


def test_network_health_is_dropped_when_contacts_are_trashed_restored_merged_or_imported(
    doctor_client, doctor
):
    from contacts import merging, services
    from contacts.importing import ParsedContact
    from contacts.importing.service import write_contacts

    first, second = factories.ContactFactory.create_batch(2, owner=doctor)

    def total() -> int:
        return _health_data(_health(doctor_client))["total"]

    assert total() == 2  # and now kept in the cache
    services.trash_contacts(owner=doctor, ids=[second.pk])
    assert total() == 1
    services.restore_contacts(owner=doctor, ids=[second.pk])
    assert total() == 2
    merging.merge_contacts(owner=doctor, keep=first, duplicate=second, take=set())
    assert total() == 1
    write_contacts(
        owner=doctor, contacts=[ParsedContact(line=2, given_name="New", family_name="Person")]
    )
    assert total() == 2


def test_network_health_is_computed_when_the_cache_is_down(doctor_client, doctor, settings):
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}
    }
    contact = factories.ContactFactory(owner=doctor)
    log_interaction(doctor, [contact], kind="call", occurred_on=timezone.localdate())

    assert doctor_client.get(reverse("dashboard")).status_code == 200
    assert _health_data(_health(doctor_client))["since"]["values"] == [1, 0, 0, 0, 0, 0]


def test_network_health_never_shows_another_doctors_network(outsider_client, doctor):
    contact = factories.ContactFactory(owner=doctor)
    log_interaction(doctor, [contact], kind="call", occurred_on=timezone.localdate())

    health = _health(outsider_client)

    assert "network-health-data" not in health and "add contacts" in health


def test_the_dashboard_never_shows_another_doctors_items(outsider_client, doctor):
    factories.FollowUpFactory(owner=doctor, what="Private follow-up")
    factories.ContactFactory(owner=doctor, family_name="Secretson", cadence_days=1)
    body = outsider_client.get(reverse("dashboard")).content.decode()
    assert "Private follow-up" not in body and "Secretson" not in body


def test_network_health_is_json_for_the_static_chart_script(doctor_client, doctor):
    contact = factories.ContactFactory(owner=doctor)
    log_interaction(doctor, [contact], kind="call", occurred_on=timezone.localdate())

    data = _health_data(_health(doctor_client))

    assert data["since"]["values"][0] == 1
    assert data["per_month"]["values"][-1] == 1
    assert "js/dashboard-charts.js" in doctor_client.get(reverse("dashboard")).content.decode()


def test_network_health_counts_buckets_months_specialties_and_workplaces(doctor):
    today = dt.date(2026, 11, 30)
    org = factories.OrganisationFactory(owner=doctor, name="Westmead Hospital")
    recent, old, never = (factories.ContactFactory(owner=doctor) for _ in range(3))
    factories.PositionFactory(contact=recent, organisation=org)
    log_interaction(doctor, [recent], kind="call", occurred_on=today - dt.timedelta(days=3))
    log_interaction(doctor, [old], kind="call", occurred_on=today - dt.timedelta(days=400))

    health = network_health(doctor, today)

    since = dict(zip(health["since"]["labels"], health["since"]["values"], strict=True))
    assert (since["Under a month"], since["Over a year"], since["Never"]) == (1, 1, 1)
    assert (
        health["per_month"]["labels"][-1] == "Nov 2026" and health["per_month"]["values"][-1] == 1
    )
    assert sum(health["per_month"]["values"]) == 1  # 400 days ago is outside the year
    assert health["specialties"]["values"] == [3]
    assert health["organisations"] == {"labels": ["Westmead Hospital"], "values": [1]}


def test_the_dashboard_costs_the_same_queries_for_a_bigger_network(
    doctor_client, doctor, django_assert_max_num_queries
):
    from reminders import due

    counts = []
    for n in (2, 12):
        for _ in range(n):
            contact = factories.ContactFactory(owner=doctor, cadence_days=3)
            factories.PositionFactory(contact=contact)
            log_interaction(doctor, [contact], kind="call", occurred_on=timezone.localdate())
            factories.FollowUpFactory(owner=doctor, contact=contact)
        # session, user, the due sources (two at most each) and the upcoming-events slot: the
        # health charts come in their own request.
        with django_assert_max_num_queries(6 + 2 * len(due.sources())) as captured:
            assert doctor_client.get(reverse("dashboard")).status_code == 200
        counts.append(len(captured))
    assert counts[1] == counts[0]


def test_a_new_doctor_sees_first_steps_that_tick_off_and_then_go(doctor_client, doctor):
    page = doctor_client.get(reverse("dashboard")).content.decode()
    assert "Getting started" in page
    assert reverse("contacts:import") in page and reverse("events:list") in page

    doctor.specialty = factories.term("specialty", "physician")
    doctor.state = "NSW"
    doctor.save()
    factories.ContactFactory(owner=doctor)
    page = doctor_client.get(reverse("dashboard")).content.decode()
    assert "<s>Bring in your contacts" in page  # done, struck through
    assert f'href="{reverse("events:list")}"' in page  # still to do

    factories.AttendanceFactory(owner=doctor)
    factories.FollowUpFactory(owner=doctor)
    page = doctor_client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("mfa_activate_totp")}"' in page  # two-step sign-in still offered

    totp_auth.TOTP.activate(doctor, totp_auth.generate_totp_secret())
    assert "Getting started" not in doctor_client.get(reverse("dashboard")).content.decode()


def test_an_older_account_is_not_shown_first_steps(client, doctor, clock):
    clock.shift(dt.timedelta(days=61))
    client.force_login(doctor)  # a session of today, two months after joining
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200 and "Good to see you" in response.content.decode()
    assert "Getting started" not in response.content.decode()


def test_what_waits_on_the_doctor_is_what_the_mentorship_querysets_say(
    doctor_client, doctor, today
):
    """The dashboard reads these in one hand-written statement (core.views._WAITING_SQL); the
    rules live in ``MentorRequest.objects.waiting_for`` and ``RefereeAsk...awaiting_outcome``."""
    from mentorship.models import (
        OUTCOME_AFTER_DAYS,
        MentorRequest,
        Outcome,
        RefereeAsk,
        RequestStatus,
    )

    referee = factories.RefereeFactory(owner=doctor)
    for days, outcome in [
        (OUTCOME_AFTER_DAYS - 1, Outcome.PENDING),
        (OUTCOME_AFTER_DAYS, Outcome.PENDING),
        (90, Outcome.PENDING),
        (120, Outcome.SUCCESSFUL),
    ]:
        RefereeAsk.objects.create(
            referee=referee,
            asked_on=today - dt.timedelta(days=days),
            application=f"Asked {days} days ago",
            outcome=outcome,
        )
    RefereeAsk.objects.create(
        referee=factories.RefereeFactory(), asked_on=today - dt.timedelta(days=90), application="X"
    )
    factories.MentorRequestFactory(mentor=doctor, owner__display_name="Dr Waiting")
    factories.MentorRequestFactory(mentor=doctor, status=RequestStatus.ACCEPTED)
    factories.MentorRequestFactory(owner__display_name="Dr Elsewhere")

    context = doctor_client.get(reverse("dashboard")).context

    awaiting = RefereeAsk.objects.for_user(doctor).awaiting_outcome(today)
    assert [a["application"] for a in context["referee_asks"]] == [a.application for a in awaiting]
    assert [a.application for a in awaiting] == [
        "Asked 90 days ago",
        f"Asked {OUTCOME_AFTER_DAYS} days ago",
    ]
    assert (
        [r["owner"] for r in context["waiting_requests"]]
        == [str(r.owner) for r in MentorRequest.objects.waiting_for(doctor)]
        == ["Dr Waiting"]
    )
