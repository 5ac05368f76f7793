"""The DAV server's tenancy walk: every path and method of one doctor's collections, asked with
another doctor's app password (and with none), is refused and changes nothing."""

import pytest

from contacts.models import Contact
from sync import app_passwords
from tests import factories
from tests.core.test_tenancy import data_checksum
from tests.sync.helpers import PROPFIND_ETAGS, basic, dav

pytestmark = pytest.mark.django_db

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:Intruder\r\nN:Intruder;;;;\r\nEND:VCARD\r\n"


def test_another_doctors_app_password_opens_none_of_the_doctors_paths(client, doctor, outsider):
    contact = factories.ContactFactory(owner=doctor, family_name="Private")
    event = factories.EventFactory(owner=doctor, published=False)
    principal = app_passwords.principal_for(doctor)
    own = app_passwords.create_app_password(owner=doctor, label="iPhone")
    theirs = app_passwords.create_app_password(owner=outsider, label="Pixel")
    paths = [
        f"/dav/{principal}/",
        f"/dav/{principal}/contacts/",
        f"/dav/{principal}/contacts/{contact.pk}.vcf",
        f"/dav/{principal}/calendar/",
        f"/dav/{principal}/calendar/event-{event.pk}.ics",
    ]
    before = data_checksum(ignoring_owner=outsider)  # their own last use may change
    for auth, allowed in ((basic(outsider.email, theirs.password), {403, 404}), ({}, {401})):
        for path in paths:
            for method, body in [
                ("PROPFIND", PROPFIND_ETAGS),
                ("GET", b""),
                ("REPORT", PROPFIND_ETAGS),
                ("PUT", CARD),
                ("DELETE", b""),
                ("PROPPATCH", PROPFIND_ETAGS),
                ("MKCOL", b""),
            ]:
                response = dav(client, method, path, auth=auth, body=body, HTTP_DEPTH="1")
                assert response.status_code in allowed, (method, path, response.status_code)
                assert b"Private" not in response.content
    # The doctor's own email with the outsider's app password is no way in either.
    mixed = basic(doctor.email, theirs.password)
    assert dav(client, "PROPFIND", paths[1], auth=mixed, body=PROPFIND_ETAGS).status_code == 401
    assert data_checksum(ignoring_owner=outsider) == before
    assert Contact.objects.get(pk=contact.pk).deleted_at is None
    # The owner gets in, so the walk above could fail.
    ok = dav(client, "GET", paths[2], auth=basic(doctor.email, own.password))
    assert ok.status_code == 200 and b"Private" in ok.content
