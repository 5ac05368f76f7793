"""Pages that send only what is seen (issue 22): the dashboard and the reminders page list the
first few items of each due group with "Show more" (htmx, or a link), and one Done/Snooze form
serves every item of a list, so a page's size does not grow with what is due."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from reminders.models import FollowUp
from tests import factories

pytestmark = pytest.mark.django_db
SIZE_BOUND = 60_000  # bytes: every page under 60 kB at the `doctor` benchmark size


def _due(doctor, today, count: int, *, days_ago: int = 3) -> None:
    """``count`` follow-ups, overdue by ``days_ago``, with titles of one length."""
    FollowUp.objects.bulk_create(
        FollowUp(
            owner=doctor,
            what=f"Send the audit draft to registrar {i:04}",
            due_on=today - dt.timedelta(days=days_ago),
        )
        for i in range(count)
    )


def _spread(doctor, today, count: int) -> None:
    """``count`` items in each group: overdue, today and this week."""
    for days in (3, 0, -3):
        _due(doctor, today, count, days_ago=days)


@pytest.mark.parametrize("page", ["dashboard", "reminders:list"])
def test_a_page_of_due_items_stays_under_60_kb_whatever_is_due(doctor_client, doctor, today, page):
    _spread(doctor, today, 12)
    few = len(doctor_client.get(reverse(page)).content)
    _spread(doctor, today, 150)
    many = len(doctor_client.get(reverse(page)).content)

    assert few < SIZE_BOUND and many < SIZE_BOUND
    # Only the counts' digits differ ("(12)" and "(162)", "2 more" and "152 more").
    assert many - few < 100, (few, many)


@pytest.mark.parametrize("page", ["dashboard", "reminders:list"])
def test_one_form_serves_every_due_item(doctor_client, doctor, today, page):
    _spread(doctor, today, 4)
    body = doctor_client.get(reverse(page)).content.decode()

    assert body.count(f'action="{reverse("reminders:item_done")}"') == 1
    assert body.count('name="choice"') == 1  # one snooze choice for the list
    assert body.count('name="ref"') == 2 * 12  # each item's Done and Snooze buttons name it
    assert body.count(f'formaction="{reverse("reminders:item_snooze")}"') == 12


def test_done_from_the_shared_form_without_javascript_clears_the_one_item_named(
    doctor_client, doctor
):
    first, second = factories.FollowUpFactory.create_batch(2, owner=doctor)
    response = doctor_client.post(
        reverse("reminders:item_done"),
        # what the browser sends for the first item's Done button: the form's fields and the button
        {
            "csrfmiddlewaretoken": "x",
            "next": "/reminders/",
            "choice": "week",
            "ref": f"reminders.followup:{first.pk}",
        },
    )

    assert response.status_code == 302 and response.url == "/reminders/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_done and not second.is_done


def test_snooze_from_the_shared_form_uses_the_lists_choice(doctor_client, doctor, today):
    follow_up = factories.FollowUpFactory(owner=doctor)
    doctor_client.post(
        reverse("reminders:item_snooze"),
        {"next": "/dashboard/", "choice": "month", "ref": f"reminders.followup:{follow_up.pk}"},
        HTTP_HX_REQUEST="true",
    )
    follow_up.refresh_from_db()
    assert follow_up.snoozed_until is not None and follow_up.snoozed_until > today + dt.timedelta(
        days=27
    )


def test_show_more_brings_the_next_items_of_a_group_in_place(doctor_client, doctor, today):
    _due(doctor, today, 40)
    body = doctor_client.get(reverse("reminders:list")).content.decode()
    assert body.count('class="due-item') == 10
    assert "?show=overdue&amp;start=10" in body and "Show more" in body

    more = doctor_client.get(
        reverse("reminders:list"), {"show": "overdue", "start": 10}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert more.count('class="due-item') == 25 and "<html" not in more
    assert "registrar 0010" in more and "registrar 0034" in more and "registrar 0009" not in more
    assert "start=35" in more and "(5 more)" in more

    last = doctor_client.get(
        reverse("reminders:list"), {"show": "overdue", "start": 35}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert last.count('class="due-item') == 5 and "Show more" not in last


def test_show_more_without_javascript_opens_the_groups_page_holding_the_next_items(
    doctor_client, doctor, today
):
    _due(doctor, today, 40)
    response = doctor_client.get(reverse("reminders:list"), {"show": "overdue", "start": 30})

    assert response.status_code == 302
    assert response.url == reverse("reminders:list") + "?show=overdue&page=2"


def test_the_dashboard_shows_more_in_place_too(doctor_client, doctor, today):
    _due(doctor, today, 14)
    body = doctor_client.get(reverse("dashboard")).content.decode()
    link = re.search(r'hx-get="([^"]+start=10)"', body)
    assert link and body.count('class="due-item') == 10

    more = doctor_client.get(link.group(1).replace("&amp;", "&"), HTTP_HX_REQUEST="true")
    assert more.content.decode().count('class="due-item') == 4


def test_outsider_shows_more_of_nothing_of_the_doctors(outsider_client, doctor, today):
    _due(doctor, today, 30)
    more = outsider_client.get(
        reverse("reminders:list"), {"show": "overdue", "start": 10}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "registrar" not in more
