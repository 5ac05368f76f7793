"""How long an inbound message's raw text is kept.

The raw message (``InboundMessage.raw``: every header and the whole body, attachments included)
is needed only until it has been read: what came of it (the interaction, the event, the people
offered, the reason for a refusal, the Message-ID that stops it being logged twice) is kept on the
row. So ``forget_read_raw_messages`` empties ``raw`` once a message was read more than
``NETMED_INBOUND_RAW_DAYS`` ago (a window in which a doctor or support can still look at what
arrived). A message still waiting to be read keeps its text. Beat runs it daily; running it twice
changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import InboundMessage


def forget_read_raw_messages(now: dt.datetime | None = None) -> int:
    """Empty the raw text of messages read before the retention window; how many were emptied."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.NETMED_INBOUND_RAW_DAYS)
    return (
        InboundMessage.objects.filter(processed_at__lt=cutoff)
        .exclude(status=InboundMessage.Status.RECEIVED)
        .exclude(raw=b"")
        .update(raw=b"")
    )
