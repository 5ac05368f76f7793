"""The events team curates the calendar without seeing doctors' private events, attendances or
calendar-feed tokens; publishes only what was suggested or made by staff; declines with a note
the doctor sees and is emailed."""

import datetime as dt

import pytest
from allauth.mfa.totp.internal import auth as totp_auth
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse

from core.models import OutboundEmail
from events import importing, services, tasks
from events.models import CalendarFeed, Event, EventSeries, ModerationStatus
from tests.factories import (
    AttendanceFactory,
    EventFactory,
    PersonMetFactory,
    PrivateEventFactory,
    UserFactory,
    term,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def all_permissions_client():
    """Staff (not a superuser) holding every permission the admin knows of."""
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    totp_auth.TOTP.activate(staff, totp_auth.generate_totp_secret())
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def eager(settings):
    from netmed.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def suggestion(doctor):
    return PrivateEventFactory(
        owner=doctor,
        title="Rural GP conference",
        moderation_status=ModerationStatus.PENDING,
        suggested_by=doctor,
    )


def _act(client, admin_page, action, events, **extra):
    return client.post(
        reverse(f"admin:events_{admin_page}_changelist"),
        {"action": action, "_selected_action": [str(e.pk) for e in events], **extra},
    )


def test_staff_with_every_permission_cannot_open_a_doctors_private_event_attendance_or_feed(
    all_permissions_client, doctor
):
    client = all_permissions_client
    private = PrivateEventFactory(owner=doctor, title="Secret dinner", description="Whisper")
    attendance = AttendanceFactory(owner=doctor, notes="Looking for a new job there")
    met = PersonMetFactory(owner=doctor)
    feed = CalendarFeed.objects.create(owner=doctor)

    changelist = reverse("admin:events_event_changelist")
    assert client.get(changelist).status_code == 200
    assert "Secret dinner" not in client.get(changelist).content.decode()
    assert "Secret dinner" not in client.get(changelist, {"q": "Secret"}).content.decode()
    for view in ("change", "history", "delete"):
        response = client.get(reverse(f"admin:events_event_{view}", args=[private.pk]))
        assert response.status_code == 302  # "doesn't exist", back to the admin's index
        assert "Whisper" not in client.get(response.url).content.decode()
    assert Event.objects.filter(pk=private.pk).exists()

    for model, obj in (("attendance", attendance), ("personmet", met)):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:events_{model}_changelist")
        assert client.get(f"/admin/events/{model}/").status_code == 404
        assert client.get(f"/admin/events/{model}/{obj.pk}/change/").status_code == 404

    feeds = client.get(reverse("admin:events_calendarfeed_changelist"))
    feed_page = client.get(reverse("admin:events_calendarfeed_change", args=[feed.pk]))
    assert feeds.status_code == feed_page.status_code == 200
    assert str(doctor) in feeds.content.decode()
    assert feed.token not in feeds.content.decode() + feed_page.content.decode()


def test_staff_see_their_own_events_and_the_suggestions_waiting_for_review(
    staff_client, suggestion
):
    EventFactory(title="Published congress")
    EventFactory(title="Draft workshop", published=False)
    body = staff_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "Published congress" in body and "Draft workshop" in body
    assert "Rural GP conference" in body
    page = staff_client.get(reverse("admin:events_event_change", args=[suggestion.pk]))
    assert page.status_code == 200


def test_publishing_never_touches_a_doctors_private_event_that_was_not_suggested(
    staff_client, doctor, suggestion
):
    private = PrivateEventFactory(owner=doctor)
    draft = EventFactory(published=False)

    _act(staff_client, "event", "publish", [private, suggestion, draft])

    private.refresh_from_db()
    assert not private.published and private.owner == doctor
    suggestion.refresh_from_db()
    draft.refresh_from_db()
    assert suggestion.published and suggestion.owner is None and draft.published
    # The service itself refuses, whatever queryset a caller hands it.
    assert services.publish_events(Event.objects.filter(pk=private.pk)) == 0
    private.refresh_from_db()
    assert private.owner == doctor and not private.published


def test_a_suggestion_cannot_be_published_by_ticking_the_box(staff_client, suggestion):
    page = staff_client.get(reverse("admin:events_event_change", args=[suggestion.pk]))
    assert 'name="published"' not in page.content.decode()


def test_declining_asks_for_a_note_that_the_doctor_sees_and_is_emailed_once(
    staff_client, doctor, doctor_client, suggestion, eager, django_capture_on_commit_callbacks
):
    asked = _act(staff_client, "suggestedevent", "decline", [suggestion])
    assert asked.status_code == 200 and 'name="note"' in asked.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.moderation_status == ModerationStatus.PENDING  # nothing until the note

    with django_capture_on_commit_callbacks(execute=True):
        done = _act(
            staff_client, "suggestedevent", "decline", [suggestion], note="Not open to GPs."
        )

    assert done.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.moderation_status == ModerationStatus.REJECTED
    assert suggestion.owner == doctor and not suggestion.published
    assert [m.to for m in mail.outbox] == [[doctor.email]]
    assert "Not open to GPs." in mail.outbox[0].body
    assert OutboundEmail.objects.get().kind == "events declined"
    assert tasks.email_declined(str(suggestion.pk)) is False  # a retry sends nothing twice
    page = doctor_client.get(reverse("events:detail", args=[suggestion.pk])).content.decode()
    assert "Not open to GPs." in page and "Suggest it again" in page


def test_a_declined_suggestion_suggested_again_and_declined_again_is_a_second_email(
    doctor, suggestion, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_suggestions(Event.objects.filter(pk=suggestion.pk), note="Too small.")
    services.suggest_event(event=suggestion, user=doctor)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_suggestions(Event.objects.filter(pk=suggestion.pk), note="Still no.")
    assert [m.body.count("Still no.") for m in mail.outbox] == [0, 1]


def test_declining_leaves_staff_events_and_private_events_alone(staff_client, doctor):
    private = PrivateEventFactory(owner=doctor)
    draft = EventFactory(published=False)
    count = services.decline_suggestions(Event.objects.all(), note="No.")
    assert count == 0
    assert not Event.objects.filter(moderation_status=ModerationStatus.REJECTED).exists()
    assert {private.pk, draft.pk} <= set(Event.objects.values_list("pk", flat=True))


def test_copying_an_event_to_next_year_keeps_its_series_local_times_and_deadlines(staff_client):
    # 09:00 to 17:00 in Sydney on Monday 10 May 2027 (AEST, UTC+10).
    starts_at = dt.datetime(2027, 5, 9, 23, 0, tzinfo=dt.UTC)
    event = EventFactory(
        title="RACP Congress 2027",
        timezone="Australia/Sydney",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=8),
        registration_deadline=dt.date(2027, 4, 1),
        specialties=[term("specialty", "physician")],
    )

    _act(staff_client, "event", "copy_to_next_year", [event])
    _act(staff_client, "event", "copy_to_next_year", [event])  # twice makes one copy

    copy = Event.objects.get(title="RACP Congress 2028")
    assert copy.local_start.replace(tzinfo=None) == dt.datetime(2028, 5, 10, 9, 0)
    assert copy.ends_at - copy.starts_at == dt.timedelta(hours=8)
    assert copy.registration_deadline == dt.date(2028, 4, 1)
    assert not copy.published and copy.owner is None and copy.import_uid == ""
    assert list(copy.specialties.all()) == [term("specialty", "physician")]
    event.refresh_from_db()
    assert copy.series == event.series == EventSeries.objects.get(name="RACP Congress 2027")


def test_csv_export_has_the_import_columns_and_imports_back_onto_the_same_events(staff_client):
    made_here = EventFactory(  # whole minutes, as a CSV file writes them
        title="Heart failure update",
        starts_at=dt.datetime(2027, 6, 11, 2, 0, tzinfo=dt.UTC),
        specialties=[term("specialty", "physician")],
    )
    midnight = dt.datetime(2027, 3, 1, 13, 0, tzinfo=dt.UTC)  # 00:00 on 2 March in Sydney
    imported = EventFactory(
        title="Imported course",
        import_uid="abc@example.org",
        all_day=True,
        starts_at=midnight,
        ends_at=midnight + dt.timedelta(days=2),
    )

    response = _act(staff_client, "event", "export_csv", [made_here, imported])

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.splitlines()[0].startswith("uid,title,kind,series")
    assert f"netmed:{made_here.pk}" in text and "abc@example.org" in text
    result = importing.import_events(text.encode(), filename="events.csv")
    assert (result.created, result.unchanged, result.rejected) == (0, 2, [])
    assert Event.objects.count() == 2


def test_csv_export_never_writes_a_formula(staff_client):
    event = EventFactory(title="=HYPERLINK(evil)")
    text = _act(staff_client, "event", "export_csv", [event]).content.decode()
    assert "'=HYPERLINK(evil)" in text


def test_a_series_counts_staffs_events_and_never_a_doctors_private_ones(staff_client, doctor):
    series = EventSeries.objects.create(name="RACP Congress")
    EventFactory(series=series)
    PrivateEventFactory(owner=doctor, series=series)
    response = staff_client.get(reverse("admin:events_eventseries_changelist"))
    assert [s.event_count for s in response.context["cl"].result_list] == [1]
