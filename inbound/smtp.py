"""NetMed's own SMTP receiver (aiosmtpd), run by ``manage.py inbound_smtp``.

It answers 550 at RCPT for any address that is not a doctor's inbound address in use, caps a
message's size (``NETMED_INBOUND_MAX_BYTES``, 552 above it), and at the end of DATA stores the
message and queues it (``inbound.receiving.store_received``). A message whose sender is not the
doctor (From or envelope sender not among their verified addresses, or an SPF/DKIM/DMARC fail in
the ``Authentication-Results`` a filtering MTA in front added) is recorded as refused and
answered 550, so the sending server tells its sender.

The database is reached from one worker thread of the handler's own: Django's ORM must not run
in the event loop, and one thread keeps to one database connection.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import close_old_connections, connections

from . import parsing
from .addresses import owner_of
from .models import InboundMessage
from .receiving import store_received

logger = logging.getLogger(__name__)


def _is_inbound_address(address: str) -> bool:
    close_old_connections()  # a long-running receiver outlives its database connections
    return owner_of(address) is not None


def _accept(content: bytes, mail_from: str, rcpt_tos: list[str]) -> str:
    """The reply to the end of DATA. Anything unexpected (the database down, say) is a temporary
    failure, so the sending server tries again later instead of bouncing the doctor's mail."""
    try:
        return _store(content, mail_from, rcpt_tos)
    except Exception:
        logger.exception("Could not store an inbound message")
        return "451 4.3.0 Could not store the message now; try again later"


def _store(content: bytes, mail_from: str, rcpt_tos: list[str]) -> str:
    close_old_connections()
    auth_results = parsing.auth_results_from_headers(parsing.parse(content))
    stored = store_received(
        raw=content,
        envelope_from=mail_from or "",
        recipients=rcpt_tos,
        auth_results=auth_results,
        source=InboundMessage.Source.SMTP,
    )
    if not stored:
        return "550 5.1.1 No such inbound address here"
    if all(m.status == InboundMessage.Status.REJECTED for m in stored):
        return f"550 5.7.1 {stored[0].reason}"
    return "250 2.0.0 Message accepted"


class InboundHandler:
    def __init__(self):
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inbound-db")

    async def _in_thread(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not await self._in_thread(_is_inbound_address, address):
            return "550 5.1.1 No such inbound address here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", errors="replace")
        return await self._in_thread(_accept, content, envelope.mail_from, list(envelope.rcpt_tos))

    def close(self) -> None:
        """Close the worker thread's database connection and the thread (after ``stop()``)."""
        self.executor.submit(connections.close_all).result()
        self.executor.shutdown()


def controller(*, host: str, port: int) -> Controller:
    """A receiver on ``host``:``port``, not yet started (``.start()``, ``.stop()``)."""
    return Controller(
        InboundHandler(),
        hostname=host,
        port=port,
        ident="NetMed inbound",
        data_size_limit=settings.NETMED_INBOUND_MAX_BYTES,
        decode_data=False,
    )
