"""``manage.py inbound_smtp --port 2525``: the SMTP receiver for email that logs itself."""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from inbound.smtp import controller


class Command(BaseCommand):
    help = "Receive email for doctors' inbound addresses (log+…@NETMED_INBOUND_DOMAIN)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.NETMED_INBOUND_SMTP_HOST)
        parser.add_argument("--port", type=int, default=settings.NETMED_INBOUND_SMTP_PORT)

    def handle(self, *args, host: str, port: int, **options):
        # aiosmtpd logs every command of every session (addresses included) at INFO.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        server = controller(host=host, port=port)
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        server.start()
        self.stdout.write(
            f"Receiving mail for *@{settings.NETMED_INBOUND_DOMAIN} on {host}:{port}",
        )
        self.stdout.flush()
        try:
            stop.wait()
        finally:
            server.stop()
            server.handler.close()
