"""The migrated template test databases are copied from (tests/template_database.py)."""

from pathlib import Path

from django.db import connection

from tests import template_database

ROOT = Path(__file__).resolve().parents[2]


def test_the_stamp_covers_the_vocabulary_a_migration_loads():
    migration = ROOT / "core" / "migrations" / "0005_term_identity.py"

    read = set(template_database.imported_project_files(migration))

    assert ROOT / "core" / "vocabulary.py" in read
    assert ROOT / "core" / "vocabulary.json" in read


def test_the_stamp_covers_every_app_s_migrations_and_django_s_own():
    files = template_database.migration_files()

    assert ROOT / "contacts" / "migrations" / "0001_initial.py" in files
    assert any(path.parts[-3:-1] == ("auth", "migrations") for path in files)


def test_the_stamp_is_the_same_for_the_same_files_and_changes_with_them(monkeypatch):
    stamp = template_database.schema_stamp()
    assert template_database.schema_stamp() == stamp

    vocabulary = ROOT / "core" / "vocabulary.json"
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(
        Path,
        "read_bytes",
        lambda path: real_read_bytes(path) + (b" " if path == vocabulary else b""),
    )

    assert template_database.schema_stamp() != stamp


def test_this_test_database_was_made_from_the_template_or_made_it(db):
    template = template_database.TEMPLATE_OF[connection.alias]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        assert cursor.fetchone() is not None
        cursor.execute("SELECT count(*) FROM django_migrations")
        assert cursor.fetchone()[0] > 69
