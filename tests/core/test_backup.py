"""Backup and restore (core/backup.py, docs/operations.md): a seeded database and media folder,
backed up with ``manage.py backup``, restored with ``manage.py restore`` into a new database and
folder, hold every row and every file again."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup
from netmed.embedded import database_url
from tests import factories

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture
def tools():
    """Skip, saying why, on a machine without client programs that suit the server."""
    major = connection.pg_version // 10000
    try:
        return {name: backup.postgres_tool(name, server_major=major) for name in ("pg_dump",)}
    except backup.ToolMissing as missing:
        pytest.skip(str(missing))


@pytest.fixture
def seeded(transactional_db, settings, tmp_path):
    """One of everything a doctor can own, a contact's photo and a CPD certificate on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    doctor = factories.UserFactory()
    world = factories.build_world(doctor)
    world["contact"].photo.save("ada.png", ContentFile(b"\x89PNG\r\n\x1a\n" + bytes(range(256))))
    world["cpd_entry"].evidence.save("certificate.pdf", ContentFile(b"%PDF-1.7 certificate"))
    return doctor


def every_row(conn) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of all its rows, and each sequence's position."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    found = {}
    for table in tables:
        found[table] = conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "
            f'FROM "{table}" t'
        ).fetchone()
    for name, value in conn.execute("SELECT sequencename, last_value FROM pg_sequences"):
        found[f"sequence {name}"] = value
    return found


def every_file(root) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def connect(name: str) -> psycopg.Connection:
    env = backup._libpq_environment({**connection.settings_dict, "NAME": name})
    return psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=name,
        autocommit=True,
    )


@pytest.fixture
def new_database():
    """A new, empty database on the same server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    yield name
    with connection.cursor() as cursor:
        # Dropping waits for the restore's connections to end: on a busy machine that is longer
        # than the app's statement timeout, which is not what this test is about.
        cursor.execute("SET statement_timeout = 0")
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SET statement_timeout TO DEFAULT")


def test_a_backup_restored_into_a_new_database_holds_every_row_and_every_file(
    tools, seeded, new_database, settings, tmp_path
):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    with connect(connection.settings_dict["NAME"]) as conn:
        rows = every_row(conn)
    files = every_file(settings.MEDIA_ROOT)
    assert any(name.endswith(".png") for name in files)  # the photo, under its random name
    assert any(content == b"%PDF-1.7 certificate" for content in files.values())
    assert rows["contacts_contact"][0] >= 2  # the world really is in the backup

    # As the operator does: DATABASE_URL and the media folder pointed at the new ones.
    restored_media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DATABASE_URL": database_url({**connection.settings_dict, "NAME": new_database}),
        "NETMED_MEDIA_ROOT": str(restored_media),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr

    with connect(new_database) as conn:
        assert every_row(conn) == rows
    assert every_file(restored_media) == files


def test_restore_refuses_a_database_that_already_holds_data(tools, seeded, settings, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    with pytest.raises(CommandError, match="restore into a new, empty database"):
        call_command("restore", str(folder))


def test_backup_refuses_a_folder_that_holds_an_older_backup(tools, settings, tmp_path, db):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "database.dump").write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "old"))
    assert (tmp_path / "old" / "database.dump").read_bytes() == b"an older backup"


def test_no_client_program_new_enough_for_the_server_says_what_to_install():
    with pytest.raises(backup.ToolMissing, match="install postgresql-client-99"):
        backup.postgres_tool("pg_dump", server_major=99)
