"""The CardDAV and CalDAV server through Django's test client: listing, fetching, writing back,
conflicts, the Trash, the read-only calendar and another doctor's paths."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
import vobject
from django.urls import reverse

from contacts.models import Contact
from sync import app_passwords
from tests import factories
from tests.sync.helpers import PROPFIND_ETAGS, basic, dav, responses

pytestmark = pytest.mark.django_db

MULTIGET = """<?xml version="1.0" encoding="utf-8"?>
<C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
  <D:prop><D:getetag/><C:address-data/></D:prop>
  {hrefs}
</C:addressbook-multiget>"""
CALENDAR_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


@pytest.fixture
def phone(doctor):
    """The doctor's app password and principal: (auth headers, address book URL, calendar URL)."""
    made = app_passwords.create_app_password(owner=doctor, label="iPhone")
    principal = app_passwords.principal_for(doctor)
    base = f"/dav/{principal}/"
    return basic(doctor.email, made.password), base + "contacts/", base + "calendar/"


def card_hrefs(client, auth, url) -> dict[str, str]:
    response = dav(client, "PROPFIND", url, auth=auth, body=PROPFIND_ETAGS, HTTP_DEPTH="1")
    assert response.status_code == 207
    found = responses(response.content)
    return {href: props["getetag"] for href, props in found.items() if href.endswith(".vcf")}


def test_well_known_addresses_lead_to_the_dav_server(client):
    for name in ("sync:well_known_carddav", "sync:well_known_caldav"):
        response = client.get(reverse(name))
        assert response.status_code == 301
        assert response.url == "/dav/"


def test_the_root_names_the_signed_in_doctors_principal(client, phone):
    auth, contacts_url, _ = phone
    body = b"""<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop>
      <D:current-user-principal/></D:prop></D:propfind>"""

    response = dav(client, "PROPFIND", "/dav/", auth=auth, body=body)

    assert response.status_code == 207
    assert contacts_url.removesuffix("contacts/").encode() in response.content


def test_the_address_book_lists_living_contacts_only_and_every_card_parses(
    client, doctor, phone, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    auth, url, _ = phone
    living = factories.ContactFactory(owner=doctor, given_name="Amara", family_name="Okafor")
    factories.ContactEmailFactory(contact=living, email="amara@example.org", is_primary=True)
    factories.ContactPhoneFactory(contact=living, number="+61412345678", label="mobile")
    factories.ContactLinkFactory(contact=living, url="https://example.org/amara")
    tag = factories.TagFactory(owner=doctor, name="cardiology")
    living.tags.add(tag)
    living.notes = "Met at the registrar teaching."
    living.save()
    org = factories.OrganisationFactory(owner=doctor, name="Royal North Shore")
    factories.PositionFactory(contact=living, organisation=org)
    trashed = factories.ContactFactory(owner=doctor)
    factories.trash(trashed)
    factories.ContactFactory()  # another doctor's

    listed = card_hrefs(client, auth, url)

    assert list(listed) == [f"{url}{living.pk}.vcf"]
    response = dav(
        client,
        "REPORT",
        url,
        auth=auth,
        body=MULTIGET.format(hrefs=f"<D:href>{url}{living.pk}.vcf</D:href>").encode(),
        HTTP_DEPTH="1",
    )
    assert response.status_code == 207
    (props,) = responses(response.content).values()
    card = vobject.readOne(props["address-data"])
    assert card.n.value.given == "Amara"
    assert card.email.value == "amara@example.org"
    assert card.tel.value == "+61412345678"
    assert card.org.value[0] == "Royal North Shore"
    assert card.url.value == "https://example.org/amara"
    assert card.categories.value == ["cardiology"]
    assert card.note.value == "Met at the registrar teaching."
    assert card.uid.value == str(living.pk)


def test_an_unchanged_address_book_keeps_its_ctag_and_an_edit_changes_it(client, doctor, phone):
    auth, url, _ = phone
    contact = factories.ContactFactory(owner=doctor)

    def ctag():
        response = dav(client, "PROPFIND", url, auth=auth, body=PROPFIND_ETAGS, HTTP_DEPTH="0")
        return responses(response.content)[url]["getctag"]

    first = ctag()
    assert ctag() == first
    contact.given_name = "Changed"
    contact.save()
    assert ctag() != first


def test_sync_collection_with_the_current_token_reports_nothing(client, doctor, phone):
    auth, url, _ = phone
    factories.ContactFactory(owner=doctor)
    body = """<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:">
      <D:sync-token>{token}</D:sync-token><D:sync-level>1</D:sync-level>
      <D:prop><D:getetag/></D:prop></D:sync-collection>"""

    first = dav(client, "REPORT", url, auth=auth, body=body.format(token="").encode())
    token = re.search(rb"<sync-token>(.*?)</sync-token>", first.content).group(1).decode()
    again = dav(client, "REPORT", url, auth=auth, body=body.format(token=token).encode())

    assert first.content.count(b".vcf") == 1
    assert again.status_code == 207
    assert b".vcf" not in again.content


def phone_card(uid: str, *, given="Amara", family="Okafor", extra="") -> bytes:
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"UID:{uid}\r\nFN:{given} {family}\r\nN:{family};{given};;Dr;\r\n"
        "EMAIL;TYPE=INTERNET:new@example.org\r\nTEL;TYPE=CELL:0412 345 678\r\n"
        f"NOTE:Call about the audit\r\n{extra}END:VCARD\r\n"
    ).encode()


def test_an_edit_from_the_phone_goes_through_the_contact_services(client, doctor, phone):
    auth, url, _ = phone
    contact = factories.ContactFactory(owner=doctor, given_name="Old", family_name="Name")
    factories.ContactEmailFactory(contact=contact, email="old@example.org", is_primary=True)
    href = f"{url}{contact.pk}.vcf"
    etag = card_hrefs(client, auth, url)[href]

    response = dav(
        client,
        "PUT",
        href,
        auth=auth,
        body=phone_card(str(contact.pk)),
        content_type="text/vcard",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 204
    contact.refresh_from_db()
    assert (contact.given_name, contact.family_name) == ("Amara", "Okafor")
    assert [e.email for e in contact.emails.all()] == ["new@example.org"]
    assert [p.number for p in contact.phones.all()] == ["+61412345678"]
    assert contact.notes == "Call about the audit"
    assert contact.version == 2
    assert contact.history.first().history_change_reason == "Changed on a phone (CardDAV)"
    assert Contact.objects.search("okafor", owner=doctor).filter(pk=contact.pk).exists()
    assert response["ETag"] == card_hrefs(client, auth, url)[href]


def test_a_stale_etag_is_refused_with_412_and_changes_nothing(client, doctor, phone):
    auth, url, _ = phone
    contact = factories.ContactFactory(owner=doctor, given_name="Web")
    href = f"{url}{contact.pk}.vcf"
    stale = card_hrefs(client, auth, url)[href]
    contact.given_name = "Edited on the web"
    contact.version += 1
    contact.save()

    response = dav(
        client,
        "PUT",
        href,
        auth=auth,
        body=phone_card(str(contact.pk)),
        content_type="text/vcard",
        HTTP_IF_MATCH=stale,
    )

    assert response.status_code == 412
    contact.refresh_from_db()
    assert contact.given_name == "Edited on the web"


def test_a_new_card_from_the_phone_becomes_a_contact_at_the_phones_own_address(
    client, doctor, phone
):
    auth, url, _ = phone
    href = f"{url}phone-made-1.vcf"

    response = dav(
        client,
        "PUT",
        href,
        auth=auth,
        body=phone_card("phone-uid-1", given="Li", family="Wei"),
        content_type="text/vcard",
        HTTP_IF_NONE_MATCH="*",
    )

    assert response.status_code == 201
    contact = Contact.objects.for_user(doctor).get(family_name="Wei")
    assert contact.history.first().history_change_reason == "Added on a phone (CardDAV)"
    assert contact.next_due_on is None or contact.next_due_on
    assert href in card_hrefs(client, auth, url)
    fetched = dav(client, "GET", href, auth=auth)
    assert vobject.readOne(fetched.content.decode()).uid.value == "phone-uid-1"


def test_a_card_deleted_on_the_phone_goes_to_the_trash(client, doctor, phone):
    auth, url, _ = phone
    contact = factories.ContactFactory(owner=doctor)

    response = dav(client, "DELETE", f"{url}{contact.pk}.vcf", auth=auth)

    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.deleted_at is not None  # in the Trash, not erased
    assert card_hrefs(client, auth, url) == {}


def test_the_calendar_holds_netmeds_dates_and_each_parses_with_its_timezone(
    client, doctor, phone, today
):
    auth, _, url = phone
    doctor.timezone = "Australia/Perth"
    doctor.save()
    event = factories.EventFactory(owner=doctor, published=False, title="Cardiology update")
    factories.FollowUpFactory(owner=doctor, what="Send the audit", due_on=today)
    factories.ContactFactory(owner=doctor, birthday_day=3, birthday_month=4, family_name="Born")
    start = (today - dt.timedelta(days=400)).strftime("%Y%m%dT000000Z")
    end = (today + dt.timedelta(days=400)).strftime("%Y%m%dT000000Z")

    response = dav(
        client,
        "REPORT",
        url,
        auth=auth,
        body=CALENDAR_QUERY.format(start=start, end=end).encode(),
        HTTP_DEPTH="1",
    )

    assert response.status_code == 207
    summaries = {}
    for props in responses(response.content).values():
        calendar = icalendar.Calendar.from_ical(props["calendar-data"])
        for component in calendar.walk("VEVENT"):
            summaries[str(component["summary"])] = calendar
    assert "Cardiology update" in summaries
    assert "Follow up: Send the audit" in summaries
    assert any(s.startswith("Birthday:") for s in summaries)
    timed = summaries["Cardiology update"]
    if not event.all_day:
        assert [str(tz["tzid"]) for tz in timed.walk("VTIMEZONE")] == ["Australia/Perth"]


def test_the_calendar_is_read_only(client, doctor, phone):
    auth, _, url = phone
    event = factories.EventFactory(owner=doctor, published=False)
    body = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260101T000000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"  # noqa: E501

    put = dav(client, "PUT", f"{url}new.ics", auth=auth, body=body, content_type="text/calendar")
    delete = dav(client, "DELETE", f"{url}event-{event.pk}.ics", auth=auth)

    assert (put.status_code, delete.status_code) == (403, 403)
    assert dav(client, "GET", f"{url}event-{event.pk}.ics", auth=auth).status_code == 200
