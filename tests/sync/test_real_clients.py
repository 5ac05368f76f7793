"""NetMed's DAV server with real clients from PyPI, against a live server: ``caldav`` (discovery
through /.well-known/caldav, listing, fetching, a time-range search) and ``vdirsyncer`` (both
collections discovered through /.well-known/carddav and caldav, synced into a folder, and an
edit made in the folder synced back into NetMed)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import caldav
import icalendar
import pytest
import vobject

from contacts.models import Contact
from sync import app_passwords
from tests import factories

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

VDIRSYNCER = Path(sys.executable).with_name("vdirsyncer")


@pytest.fixture
def synced_doctor(doctor, today):
    """A doctor with contacts (one in the Trash), an event, a follow-up and a birthday."""
    doctor.timezone = "Australia/Brisbane"
    doctor.save()
    amara = factories.ContactFactory(owner=doctor, given_name="Amara", family_name="Okafor")
    factories.ContactEmailFactory(contact=amara, email="amara@example.org", is_primary=True)
    factories.ContactPhoneFactory(contact=amara, number="+61412345678", label="mobile")
    factories.ContactFactory(
        owner=doctor, given_name="Li", family_name="Wei", birthday_day=3, birthday_month=4
    )
    factories.trash(factories.ContactFactory(owner=doctor, family_name="Trashed"))
    factories.EventFactory(
        owner=doctor,
        published=False,
        title="Heart failure update",
        starts_at=dt.datetime.combine(today + dt.timedelta(days=10), dt.time(9), dt.UTC),
        ends_at=dt.datetime.combine(today + dt.timedelta(days=10), dt.time(17), dt.UTC),
    )
    factories.FollowUpFactory(owner=doctor, what="Send the audit", due_on=today)
    made = app_passwords.create_app_password(owner=doctor, label="Tests")
    return doctor, made.password


def test_caldav_discovers_lists_fetches_and_searches_by_time_range(
    live_server, synced_doctor, today
):
    doctor, password = synced_doctor
    client = caldav.DAVClient(
        url=f"{live_server.url}/.well-known/caldav",
        username=doctor.email,
        password=password,
        enable_rfc6764=False,
    )

    calendars = client.principal().calendars()

    assert [c.get_display_name() for c in calendars] == ["NetMed"]
    (calendar,) = calendars
    everything = calendar.events()
    summaries = set()
    for event in everything:
        parsed = icalendar.Calendar.from_ical(event.data)
        summaries |= {str(c["summary"]) for c in parsed.walk("VEVENT")}
    assert {"Heart failure update", "Follow up: Send the audit", "Birthday: Li Wei"} <= summaries
    found = calendar.search(
        start=dt.datetime.combine(today + dt.timedelta(days=9), dt.time(), dt.UTC),
        end=dt.datetime.combine(today + dt.timedelta(days=12), dt.time(), dt.UTC),
        event=True,
        expand=False,
    )
    titles = [str(icalendar.Calendar.from_ical(e.data).walk("VEVENT")[0]["summary"]) for e in found]
    assert titles == ["Heart failure update"]
    timed = icalendar.Calendar.from_ical(found[0].data)
    assert [str(tz["tzid"]) for tz in timed.walk("VTIMEZONE")] == ["Australia/Brisbane"]


def vdirsyncer(config: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(VDIRSYNCER), "-c", str(config), *args],
        input="y\n" * 10,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_vdirsyncer_syncs_both_collections_into_a_folder_and_an_edit_back(
    live_server, synced_doctor, tmp_path
):
    doctor, password = synced_doctor
    assert VDIRSYNCER.exists() or shutil.which("vdirsyncer")
    config = tmp_path / "config"
    config.write_text(
        f"""
[general]
status_path = "{tmp_path}/status/"

[pair contacts]
a = "contacts_local"
b = "contacts_remote"
collections = ["from b"]

[storage contacts_local]
type = "filesystem"
path = "{tmp_path}/contacts/"
fileext = ".vcf"

[storage contacts_remote]
type = "carddav"
url = "{live_server.url}/.well-known/carddav"
username = "{doctor.email}"
password = "{password}"

[pair calendar]
a = "calendar_local"
b = "calendar_remote"
collections = ["from b"]

[storage calendar_local]
type = "filesystem"
path = "{tmp_path}/calendar/"
fileext = ".ics"

[storage calendar_remote]
type = "caldav"
url = "{live_server.url}/.well-known/caldav"
username = "{doctor.email}"
password = "{password}"
read_only = true
"""
    )

    vdirsyncer(config, "discover")
    vdirsyncer(config, "sync")

    cards = sorted((tmp_path / "contacts" / "contacts").glob("*.vcf"))
    parsed = {vobject.readOne(p.read_text()).fn.value: p for p in cards}
    assert set(parsed) == {"Dr Amara Okafor", "Dr Li Wei"}
    events = list((tmp_path / "calendar" / "calendar").glob("*.ics"))
    summaries = {
        str(c["summary"])
        for p in events
        for c in icalendar.Calendar.from_ical(p.read_text()).walk("VEVENT")
    }
    assert "Heart failure update" in summaries

    path = parsed["Dr Amara Okafor"]
    path.write_text(
        path.read_text()
        .replace("N:Okafor;Amara;", "N:Okafor-Smith;Amara;")
        .replace("FN:Dr Amara Okafor", "FN:Dr Amara Okafor-Smith")
        .replace("END:VCARD", "NOTE:Changed in the folder\r\nEND:VCARD")
    )
    vdirsyncer(config, "sync")

    amara = Contact.objects.get(owner=doctor, given_name="Amara")
    assert amara.family_name == "Okafor-Smith"
    assert amara.notes == "Changed in the folder"
    assert [p.number for p in amara.phones.all()] == ["+61412345678"]
    again = vdirsyncer(config, "sync")
    assert "Copying (uploading)" not in again.stdout + again.stderr
