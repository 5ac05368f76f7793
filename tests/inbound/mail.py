"""Emails for the inbound tests, built with the standard library as a mail client would."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime

from inbound.addresses import address_for

INVITATION = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Calendar//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:registry-steering-2027@example.org
SUMMARY:Registry steering group
DTSTART;TZID=Australia/Sydney:20270603T170000
DTEND;TZID=Australia/Sydney:20270603T180000
LOCATION:Level 4 meeting room\\, Royal North Shore
ORGANIZER;CN=Dr Priya Sharma:mailto:priya.sharma@example.org
ATTENDEE;CN=Dr Owner:mailto:owner@example.org
END:VEVENT
END:VCALENDAR
"""


def email_from(
    sender: str,
    *,
    to: str = "priya.sharma@example.org",
    cc: str = "",
    subject: str = "Registry data",
    body: str = "Shall we meet about the registry?",
    message_id: str = "<registry-1@mail.example.org>",
    sent: dt.datetime | None = None,
    invitation: str = "",
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(sent or dt.datetime(2027, 5, 11, 9, 30, tzinfo=dt.UTC))
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if invitation:
        message.add_attachment(
            invitation.encode(), maintype="text", subtype="calendar", filename="invite.ics"
        )
    return message


def inbound_address(user) -> str:
    return address_for(user).address
