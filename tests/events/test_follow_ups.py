"""Follow-ups from an event: the event page and each person met open a filled-in follow-up form."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events.follow_ups import follow_up_due_on, follow_up_title, follow_up_url
from reminders.models import FollowUp
from tests.factories import ContactFactory, EventFactory, PersonMetFactory, PrivateEventFactory

pytestmark = pytest.mark.django_db


def _ended_event(**fields):
    then = timezone.now() - dt.timedelta(days=3)
    return EventFactory(starts_at=then - dt.timedelta(hours=8), ends_at=then, **fields)


def _links(body: str, label: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(rf'href="([^"]+)"[^>]*>{label}<', body)]


def test_the_event_page_links_to_a_follow_up_form_about_the_event(doctor_client):
    event = EventFactory(title="ANZCA ASM 2031")
    body = doctor_client.get(reverse("events:detail", args=[event.pk])).content.decode()
    [link] = _links(body, "Add follow-up")

    form = doctor_client.get(link).content.decode()

    assert 'value="Follow up after ANZCA ASM 2031"' in form
    assert f'value="{follow_up_due_on(event).isoformat()}"' in form
    assert f'value="{reverse("events:detail", args=[event.pk])}"' in form


def test_after_the_event_each_person_met_has_a_follow_up_link_with_the_contact_chosen(
    doctor, doctor_client
):
    event = _ended_event(title="RACP Congress 2026")
    contact = ContactFactory(owner=doctor, given_name="Mei", family_name="Chen")
    PersonMetFactory(owner=doctor, event=event, contact=contact)
    body = doctor_client.get(reverse("events:detail", args=[event.pk])).content.decode()
    [link] = _links(body, "add a follow-up")

    form = doctor_client.get(link).content.decode()

    assert "Follow up with Mei Chen (met at RACP Congress 2026)" in form
    assert f'<input type="hidden" name="contact" value="{contact.pk}">' in form


def test_saving_the_pre_filled_form_returns_to_the_event_and_clears_the_prompt(
    doctor, doctor_client
):
    event = _ended_event()
    contact = ContactFactory(owner=doctor)
    PersonMetFactory(owner=doctor, event=event, contact=contact)
    page = reverse("events:detail", args=[event.pk])
    response = doctor_client.post(
        reverse("reminders:follow_up_create"),
        {
            "what": follow_up_title(event, contact),
            "due_on": follow_up_due_on(event).isoformat(),
            "contact": contact.pk,
            "link_url": page,
            "link_label": event.title,
            "next": page + "#people",
        },
    )

    assert response.status_code == 302 and response["Location"] == page + "#people"
    follow_up = FollowUp.objects.for_user(doctor).get()
    assert follow_up.contact == contact and follow_up.link_url == page
    assert "no follow-up yet" not in doctor_client.get(page).content.decode()


def test_the_due_date_is_after_the_event_and_never_in_the_past():
    today = timezone.localdate()
    upcoming = EventFactory(starts_at=timezone.now() + dt.timedelta(days=30))
    long_ago = EventFactory(starts_at=timezone.now() - dt.timedelta(days=90))

    assert follow_up_due_on(upcoming, today) == upcoming.last_day + dt.timedelta(days=2)
    assert follow_up_due_on(long_ago, today) == today + dt.timedelta(days=1)


def test_a_long_event_title_is_cut_to_fit_the_follow_up(doctor):
    event = EventFactory(title="Update " * 40)
    assert len(follow_up_title(event, ContactFactory(owner=doctor))) == 200


def test_a_pre_filled_link_never_chooses_or_saves_another_doctors_contact(doctor, outsider_client):
    event = _ended_event()
    contact = ContactFactory(owner=doctor)
    form = outsider_client.get(follow_up_url(event, contact)).content.decode()
    assert f'<option value="{contact.pk}"' not in form

    response = outsider_client.post(
        reverse("reminders:follow_up_create"),
        {"what": "x", "due_on": "2031-01-01", "contact": contact.pk},
    )
    assert response.status_code == 200
    assert not FollowUp.objects.exists()


def test_the_outsider_cannot_open_the_doctors_private_event_to_follow_it_up(
    doctor, outsider_client
):
    private = PrivateEventFactory(owner=doctor)
    assert outsider_client.get(reverse("events:detail", args=[private.pk])).status_code == 404


def test_a_next_address_on_another_site_is_ignored(doctor_client):
    url = reverse("reminders:follow_up_create") + "?next=https://evil.example/"
    assert b"evil.example" not in doctor_client.get(url).content
    response = doctor_client.post(
        reverse("reminders:follow_up_create"),
        {"what": "x", "due_on": "2031-01-01", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("reminders:list")
