import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client

from accounts.models import DigestFrequency
from reminders import links
from reminders.models import FollowUp
from tests import factories

pytestmark = pytest.mark.django_db


def path(url: str) -> str:
    return urlsplit(url).path


def ref(follow_up) -> str:
    return f"reminders.followup:{follow_up.pk}"


@pytest.fixture
def anonymous():
    return Client()


def test_a_done_link_works_without_logging_in_after_one_click(anonymous, doctor):
    follow_up = factories.FollowUpFactory(owner=doctor, what="Thank the registrar")
    url = path(links.link("done", doctor.pk, ref(follow_up), "/reminders/", "Thank the registrar"))

    page = anonymous.get(url)
    assert page.status_code == 200 and b"Mark done" in page.content
    assert not FollowUp.objects.get(
        pk=follow_up.pk
    ).is_done  # a GET (or a mail scanner) changes nothing

    assert anonymous.post(url).status_code == 200
    assert FollowUp.objects.get(pk=follow_up.pk).is_done


def test_a_snooze_link_snoozes_a_week(anonymous, doctor):
    follow_up = factories.FollowUpFactory(owner=doctor)
    anonymous.post(path(links.link("snooze", doctor.pk, ref(follow_up))))
    assert FollowUp.objects.get(pk=follow_up.pk).snoozed_until is not None


def test_the_open_link_shows_the_item_with_its_actions(anonymous, doctor):
    follow_up = factories.FollowUpFactory(owner=doctor, what="Book coffee")
    body = anonymous.get(
        path(links.link("open", doctor.pk, ref(follow_up), "/reminders/", "Book coffee"))
    ).content
    assert b"Book coffee" in body and b"/reminders/email/done/" in body


def test_a_link_for_another_doctors_item_is_refused(anonymous, doctor, outsider):
    follow_up = factories.FollowUpFactory(owner=doctor)
    url = path(links.link("done", outsider.pk, ref(follow_up)))

    assert anonymous.post(url).status_code == 404
    assert not FollowUp.objects.get(pk=follow_up.pk).is_done


def test_a_link_with_the_user_changed_is_refused(anonymous, doctor, outsider):
    follow_up = factories.FollowUpFactory(owner=doctor)
    token = links.make_token("done", outsider.pk, ref(follow_up))
    value, rest = token.split(":", 1)
    forged = links.make_token("done", doctor.pk, ref(follow_up)).split(":", 1)[0] + ":" + rest

    assert anonymous.post(f"/reminders/email/done/{forged}/").status_code == 404
    assert not FollowUp.objects.get(pk=follow_up.pk).is_done


def test_an_expired_link_is_refused(anonymous, doctor, monkeypatch):
    follow_up = factories.FollowUpFactory(owner=doctor)
    url = path(links.link("done", doctor.pk, ref(follow_up)))
    monkeypatch.setattr(links, "MAX_AGE", dt.timedelta(seconds=-1))

    response = anonymous.post(url)

    assert response.status_code == 404 and b"no longer works" in response.content
    assert not FollowUp.objects.get(pk=follow_up.pk).is_done


def test_a_link_reused_for_another_purpose_is_refused(anonymous, doctor):
    follow_up = factories.FollowUpFactory(owner=doctor)
    token = links.make_token("snooze", doctor.pk, ref(follow_up))

    assert anonymous.post(f"/reminders/email/done/{token}/").status_code == 404
    assert anonymous.post(f"/reminders/email/unsubscribe/{token}/").status_code == 404
    with pytest.raises(signing.BadSignature):
        links.read_token("done", token)
    assert not FollowUp.objects.get(pk=follow_up.pk).is_done


def test_one_click_unsubscribe_by_rfc_8058_post(anonymous, doctor):
    url = path(links.link("unsubscribe", doctor.pk))

    response = anonymous.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    doctor.refresh_from_db()
    assert doctor.digest_frequency == DigestFrequency.OFF


def test_open_links_only_lead_inside_netmed(anonymous, doctor):
    url = path(links.link("open", doctor.pk, "", "https://evil.example/", "Phish"))
    assert b"evil.example" not in anonymous.get(url).content
