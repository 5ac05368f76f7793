"""Account emails in HTML share the digest's palette (docs/design.md, "Emails")."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.django_db
def test_the_sign_up_email_has_an_html_part_styled_inline_from_the_email_sheet(client):
    client.post(
        reverse("account_signup"),
        {"email": "new.doctor@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    [message] = mail.outbox
    [(html, mime)] = message.alternatives
    assert mime == "text/html"
    assert "Confirm your email address" in html
    # The primary button in NetMed's teal, written into the element (no <style> survives).
    assert 'class="button"' in html and "background: #0f766e" in html
    assert "<style" not in html
    assert "/accounts/confirm-email/" in message.body  # the text part is still there
