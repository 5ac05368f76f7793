import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from mentorship import directory
from mentorship.models import MentorBlock, MentorProfile, MentorRequest, Mentorship
from tests import factories


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from netmed.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def consultant(db):
    return factories.UserFactory(display_name="Prof Consultant", email="consultant@example.org")


@pytest.fixture
def profile(consultant):
    return factories.MentorProfileFactory(
        owner=consultant,
        focus_areas=[factories.term("mentorship_focus", "training_exams")],
        headline="Physician, happy to help with exams",
    )


def test_request_and_acceptance_subjects_keep_apostrophes_unescaped(
    client, doctor, consultant, profile, eager, django_capture_on_commit_callbacks
):
    doctor.display_name = "Dr Siobhan O'Connor & Co"
    doctor.save()
    consultant.display_name = "Prof Ngaio O'Brien"
    consultant.save()
    client.force_login(doctor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mentorship:directory_profile", args=[profile.pk]),
            {"message": "Hello"},
        )
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentorship:request_accept", args=[MentorRequest.objects.get().pk]))

    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "A mentoring request from Dr Siobhan O'Connor & Co",
        "Prof Ngaio O'Brien accepted your mentoring request",
    ]


def test_the_directory_lists_only_published_profiles(doctor_client, profile):
    hidden = factories.MentorProfileFactory(published=False, headline="Hidden mentor")

    body = doctor_client.get(reverse("mentorship:directory")).content.decode()

    assert "Physician, happy to help with exams" in body
    assert "Hidden mentor" not in body
    url = reverse("mentorship:directory_profile", args=[hidden.pk])
    assert doctor_client.get(url).status_code == 404


def test_a_deactivated_accounts_profile_leaves_the_directory_and_comes_back_with_it(
    doctor_client, consultant, profile
):
    directory_url = reverse("mentorship:directory")
    profile_url = reverse("mentorship:directory_profile", args=[profile.pk])
    consultant.is_active = False
    consultant.save()

    assert (
        "Physician, happy to help with exams"
        not in doctor_client.get(directory_url).content.decode()
    )
    assert doctor_client.get(profile_url).status_code == 404
    assert not MentorProfile.objects.published().exists()

    consultant.is_active = True
    consultant.save()
    assert list(MentorProfile.objects.published()) == [profile]
    assert doctor_client.get(profile_url).status_code == 200


def test_unpublishing_hides_a_profile_at_once(client, doctor_client, consultant, profile):
    client.force_login(consultant)
    client.post(
        reverse("mentorship:my_profile"),
        {"headline": "Away", "format": "online", "capacity": 0},
    )
    client.force_login(factories.UserFactory())

    assert MentorProfile.objects.get().published is False
    assert client.get(reverse("mentorship:directory_profile", args=[profile.pk])).status_code == 404
    assert b"Away" not in client.get(reverse("mentorship:directory")).content


def test_the_directory_filters_by_focus_format_and_search(doctor_client, profile):
    factories.MentorProfileFactory(headline="Surgeon for leadership", format="in_person")
    focus = factories.term("mentorship_focus", "training_exams")

    response = doctor_client.get(
        reverse("mentorship:directory"), {"focus": focus.pk, "format": "online", "q": "exam"}
    )

    assert [p.pk for p in response.context["page"]] == [profile.pk]


def test_an_img_finds_mentors_who_are_fellows_of_their_college(doctor_client, consultant, profile):
    racp = factories.term("college", "RACP")
    consultant.college = racp
    consultant.save()
    surgeon = factories.UserFactory(college=factories.term("college", "RACS"))
    factories.MentorProfileFactory(owner=surgeon, headline="Surgeon for leadership")

    response = doctor_client.get(reverse("mentorship:directory"), {"college": racp.pk})

    assert [p.pk for p in response.context["page"]] == [profile.pk]


def test_the_directory_htmx_request_gets_only_the_results(doctor_client, profile):
    response = doctor_client.get(reverse("mentorship:directory"), HTTP_HX_REQUEST="true")

    assert b"<html" not in response.content
    assert b"happy to help" in response.content


def test_a_request_is_emailed_and_acceptance_creates_a_shared_mentorship(
    client, doctor, consultant, profile, eager, django_capture_on_commit_callbacks
):
    client.force_login(doctor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mentorship:directory_profile", args=[profile.pk]),
            {"message": "I am sitting the written exam next year."},
        )
    request = MentorRequest.objects.get()
    assert [m.to for m in mail.outbox] == [["consultant@example.org"]]
    assert "sitting the written exam" in mail.outbox[0].body

    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mentorship:request_accept", args=[request.pk]))

    mentorship = Mentorship.objects.get()
    assert (mentorship.owner, mentorship.member) == (consultant, doctor)
    assert response.url == reverse("mentorship:detail", args=[mentorship.pk])
    assert mail.outbox[1].to == [doctor.email]
    assert "accepted" in mail.outbox[1].subject
    assert Mentorship.objects.for_user(doctor).get() == mentorship


def test_the_email_tasks_are_safe_to_run_twice(doctor, consultant):
    from mentorship import tasks

    request = factories.MentorRequestFactory(owner=doctor, mentor=consultant)

    assert tasks.email_request(str(request.pk)) is True
    assert tasks.email_request(str(request.pk)) is False
    assert len(mail.outbox) == 1


def test_acceptance_links_each_sides_contact_row_by_email(doctor, consultant, profile):
    mine = factories.ContactFactory(owner=doctor)
    factories.ContactEmailFactory(contact=mine, email="CONSULTANT@example.org")
    request = factories.MentorRequestFactory(owner=doctor, mentor=consultant)

    mentorship = directory.accept_request(mentor=consultant, request_id=request.pk)

    assert mentorship.member_contact == mine
    # The consultant kept no contact for the doctor: one is made from the doctor's profile.
    assert mentorship.contact.owner == consultant
    assert mentorship.contact.emails.get().email == doctor.email


def test_a_declined_request_reveals_nothing_further(client, doctor, consultant, profile):
    request = factories.MentorRequestFactory(owner=doctor, mentor=consultant)
    directory.decline_request(mentor=consultant, request_id=request.pk)
    client.force_login(doctor)

    body = client.get(reverse("mentorship:request_list")).content.decode()

    assert "Declined" in body
    assert consultant.email not in body
    assert not Mentorship.objects.exists()
    assert client.post(reverse("mentorship:request_accept", args=[request.pk])).status_code == 302
    assert not Mentorship.objects.exists()


def test_a_withdrawn_request_disappears_from_the_mentors_side(client, doctor, consultant):
    request = factories.MentorRequestFactory(owner=doctor, mentor=consultant, message="Secret")
    client.force_login(doctor)
    client.post(reverse("mentorship:request_withdraw", args=[request.pk]))
    client.force_login(consultant)

    assert b"Secret" not in client.get(reverse("mentorship:request_list")).content
    assert client.post(reverse("mentorship:request_accept", args=[request.pk])).status_code == 404
    assert not Mentorship.objects.exists()


def test_blocking_a_user_stops_their_requests(client, doctor, consultant, profile):
    request = factories.MentorRequestFactory(owner=doctor, mentor=consultant)
    client.force_login(consultant)
    client.post(reverse("mentorship:request_block", args=[request.pk]))

    assert MentorBlock.objects.filter(owner=consultant, blocked=doctor).exists()
    request.refresh_from_db()
    assert request.status == "declined"
    with pytest.raises(directory.RequestRefused):
        directory.send_request(requester=doctor, profile=profile, message="Again")
    client.force_login(doctor)
    assert client.get(reverse("mentorship:directory_profile", args=[profile.pk])).status_code == 404


def test_only_the_mentor_can_accept(client, doctor, consultant, outsider):
    request = factories.MentorRequestFactory(owner=doctor, mentor=consultant)

    client.force_login(doctor)
    client.post(reverse("mentorship:request_accept", args=[request.pk]))
    client.force_login(outsider)
    assert client.post(reverse("mentorship:request_accept", args=[request.pk])).status_code == 404

    assert not Mentorship.objects.exists()


def test_a_second_pending_request_to_the_same_mentor_is_refused(doctor, profile):
    directory.send_request(requester=doctor, profile=profile, message="Hello")

    with pytest.raises(directory.RequestRefused):
        directory.send_request(requester=doctor, profile=profile, message="Hello again")


def test_accepting_makes_each_doctor_a_contact_of_the_other_and_meetings_go_on_their_timelines(
    doctor, consultant, profile, today
):
    from collaboration.network import worked_with_most
    from contacts.models import Contact
    from mentorship import services

    consultant.specialty = factories.term("specialty", "physician")
    consultant.workplace = "Westmead Hospital"
    consultant.save()
    # The consultant already keeps the junior doctor as a contact: that one is linked, not doubled.
    known = factories.ContactEmailFactory(contact__owner=consultant, email=doctor.email.upper())
    request = directory.send_request(requester=doctor, profile=profile, message="Hello")

    mentorship = directory.accept_request(mentor=consultant, request_id=request.pk)

    mentor_contact = Contact.objects.for_user(doctor).get()
    assert mentorship.member_contact == mentor_contact
    assert (mentor_contact.prefix, mentor_contact.given_name, mentor_contact.family_name) == (
        "Prof",
        "",
        "Consultant",
    )
    assert mentor_contact.emails.get().email == consultant.email
    assert mentor_contact.specialty.code == "physician"
    assert mentor_contact.positions.get().organisation.name == "Westmead Hospital"
    assert [k.code for k in mentor_contact.relationship_kinds.all()] == ["mentor"]
    assert mentorship.contact == known.contact
    assert Contact.objects.for_user(consultant).count() == 1
    assert [k.code for k in known.contact.relationship_kinds.all()] == ["mentee"]
    # Found by search like any contact (the search vector is kept by the same service).
    assert Contact.objects.for_user(doctor).search("consult", owner=doctor).get() == mentor_contact

    services.record_meeting(user=doctor, mentorship=mentorship, held_on=today, agenda="Exams")
    mentor_contact.refresh_from_db()
    assert mentor_contact.last_interaction_at == today
    assert mentor_contact.interactions.get().kind.code == "mentoring"
    assert worked_with_most(doctor)[0].pk == mentor_contact.pk

    services.complete_mentorship(mentorship=mentorship, outcome_summary="Passed")
    assert Contact.objects.for_user(doctor).alive().get() == mentor_contact  # kept


def test_a_consultant_sees_a_waiting_request_on_their_dashboard_and_the_requester_does_not(
    client, doctor, consultant, profile
):
    directory.send_request(requester=doctor, profile=profile, message="Hello")

    client.force_login(consultant)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Waiting for your answer" in page
    assert f"{doctor} asked you to be their mentor" in page
    assert reverse("mentorship:request_list") in page

    client.force_login(doctor)
    assert "Waiting for your answer" not in client.get(reverse("dashboard")).content.decode()


def test_staff_see_how_many_suggested_events_wait_for_review_on_their_dashboard(client, db):
    from events.models import ModerationStatus

    factories.PrivateEventFactory(moderation_status=ModerationStatus.PENDING)
    client.force_login(factories.StaffFactory())
    page = client.get(reverse("dashboard")).content.decode()
    assert "1 event suggested by doctors to review" in page


def test_a_referee_ask_still_pending_after_four_weeks_asks_for_its_outcome_on_the_dashboard(
    client, doctor, outsider, today
):
    from mentorship.models import RefereeAsk

    referee = factories.RefereeFactory(owner=doctor)
    old = RefereeAsk.objects.create(
        referee=referee,
        application="RACP advanced training",
        asked_on=today - dt.timedelta(days=30),
    )
    RefereeAsk.objects.create(
        referee=referee, application="Fellowship 2028", asked_on=today - dt.timedelta(days=3)
    )

    client.force_login(doctor)
    page = client.get(reverse("dashboard")).content.decode()
    assert "How did your RACP advanced training application go?" in page
    assert reverse("mentorship:referee_ask_edit", args=[old.pk]) in page
    assert "Fellowship 2028" not in page  # asked this week: too soon to ask

    client.force_login(outsider)
    assert "RACP advanced training" not in client.get(reverse("dashboard")).content.decode()
