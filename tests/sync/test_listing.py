"""The fast address-book listing (``sync.listing``) answers exactly as Radicale would."""

import pytest

from sync import app_passwords
from tests import factories
from tests.sync.helpers import basic, dav, responses

pytestmark = pytest.mark.django_db

LISTING = b"""<?xml version="1.0" encoding="utf-8"?>
<propfind xmlns="DAV:"><prop><resourcetype/><getcontenttype/><getetag/></prop></propfind>"""
WITH_CTAG = LISTING.replace(
    b"<getetag/>", b'<getetag/><x:getctag xmlns:x="http://calendarserver.org/ns/"/>'
)  # noqa: E501


def test_the_fast_listing_matches_radicales_answer(client, doctor, monkeypatch):
    for n in range(3):
        factories.ContactFactory(owner=doctor, family_name=f"Listed {n}")
    factories.trash(factories.ContactFactory(owner=doctor))
    made = app_passwords.create_app_password(owner=doctor, label="iPhone")
    auth = basic(doctor.email, made.password)
    url = f"/dav/{app_passwords.principal_for(doctor)}/contacts/"

    fast = dav(client, "PROPFIND", url, auth=auth, body=LISTING, HTTP_DEPTH="1")
    monkeypatch.setattr("sync.views.address_book_listing", lambda request, rest: None)
    slow = dav(client, "PROPFIND", url, auth=auth, body=LISTING, HTTP_DEPTH="1")

    assert fast.status_code == slow.status_code == 207
    assert len(responses(fast.content)) == 4
    assert responses(fast.content) == responses(slow.content)


def test_other_properties_and_other_doctors_go_to_radicale(client, doctor, outsider):
    factories.ContactFactory(owner=doctor, family_name="Private")
    mine = app_passwords.create_app_password(owner=doctor, label="iPhone")
    theirs = app_passwords.create_app_password(owner=outsider, label="Pixel")
    url = f"/dav/{app_passwords.principal_for(doctor)}/contacts/"

    outsider_listing = dav(
        client,
        "PROPFIND",
        url,
        auth=basic(outsider.email, theirs.password),
        body=LISTING,
        HTTP_DEPTH="1",
    )
    with_ctag = dav(
        client,
        "PROPFIND",
        url,
        auth=basic(doctor.email, mine.password),
        body=WITH_CTAG,
        HTTP_DEPTH="1",
    )

    assert outsider_listing.status_code in (403, 404)
    assert b"Private" not in outsider_listing.content
    assert with_ctag.status_code == 207
    assert "getctag" in responses(with_ctag.content)[url]
