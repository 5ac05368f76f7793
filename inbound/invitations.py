"""A meeting invitation inside an inbound email becomes an event on the doctor's calendar.

Published events are curated by staff; a doctor's own events are private events (``Event.owner``
set, never published unless they suggest it), so an invitation becomes one of those, with the
doctor's attendance ("attending"). When the invitation's UID is that of a published event (a
conference's own invitation), the doctor's attendance is recorded on it instead of a private copy.
Sending the same invitation again (or an update of it, same UID) updates the private event in
place; a cancellation (``STATUS:CANCELLED``) creates nothing.
"""

from __future__ import annotations

from django.db.models import F

from core.models import Term
from events.attendance import set_attendance
from events.importing import EventVocabulary, calendar_in_email, parse_ics
from events.models import AttendanceStatus, Event

MEETING_KIND = "meeting"
# An invitation is a few kilobytes; a larger calendar in an email is not one (and reading a big
# calendar takes time a worker should not spend on it).
MAX_CALENDAR_CHARS = 500_000


def event_from_invitation(raw: bytes, *, owner) -> Event | None:
    """The event for the first invitation in ``raw`` (an email), saved for ``owner``; None when
    the email holds no readable invitation."""
    text = calendar_in_email(raw)
    if text is None or len(text) > MAX_CALENDAR_CHARS:
        return None
    parsed, _refused = parse_ics(text, EventVocabulary(), default_zone=owner.timezone)
    if not parsed:
        return None
    item = parsed[0]
    fields = dict(item.fields)
    if "kind" not in fields or fields["kind"].code == "conference":
        # The importer's default is a conference; an invitation is most often a meeting.
        fields["kind"] = (
            Term.objects.filter(kind="event_kind", code=MEETING_KIND).first() or (fields["kind"])
        )
    uid = item.key[:300]
    event = Event.objects.filter(import_uid=uid, published=True).first()
    if event is None:
        event = Event.objects.filter(import_uid=uid, owner=owner).first()
        if event is None:
            event = Event.objects.create(owner=owner, published=False, import_uid=uid, **fields)
        else:
            for name, value in fields.items():
                setattr(event, name, value)
            event.save()
            Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
    set_attendance(user=owner, event=event, status=AttendanceStatus.ATTENDING)
    return event
