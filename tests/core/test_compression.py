"""Pages and JSON go gzipped to browsers that accept it (with Django's BREACH padding); calendar
feeds, DAV and files keep their exact bytes."""

import gzip
import re

from django.urls import reverse

from tests.factories import ContactFactory


def _csrf(body) -> str:
    text = body if isinstance(body, str) else body.content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    return match.group(1) if match else ""


def test_a_page_goes_gzipped_to_a_browser_that_accepts_it_and_reads_the_same(doctor_client, doctor):
    ContactFactory.create_batch(3, owner=doctor)
    plain = doctor_client.get(reverse("contacts:list"))
    packed = doctor_client.get(reverse("contacts:list"), HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    body = gzip.decompress(packed.content).decode()
    assert body == plain.content.decode().replace(_csrf(plain), _csrf(body))
    assert len(packed.content) < len(plain.content) / 3


def test_the_same_page_is_a_different_size_each_time(doctor_client, doctor):
    """Random padding and a fresh CSRF mask: sizes do not spell out a secret (BREACH)."""
    sizes = {
        len(doctor_client.get(reverse("accounts:profile"), HTTP_ACCEPT_ENCODING="gzip").content)
        for _ in range(6)
    }
    assert len(sizes) > 1


def test_a_calendar_feed_keeps_its_exact_bytes(doctor, client):
    from events.calendar import feed_for

    url = reverse("events:feed", kwargs={"token": feed_for(doctor).token})
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"BEGIN:VCALENDAR")
