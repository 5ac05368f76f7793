"""Test databases copied from one migrated template instead of migrated once per worker.

Migrating a test database (69 migration files here, plus Django's and the libraries') cost each
pytest-xdist worker 35-45 s on a two-core machine, with both workers migrating at once, and
``.ci/run`` builds test databases five times. PostgreSQL copies a database from a template in
about a second. So the first worker to need the schema migrates its test database as Django
always does and keeps a copy as a template, named for a hash of everything the migrations read
(``schema_stamp``); every other test database, in this run or a later one, is created from that
template through Django's own ``TEST["TEMPLATE"]`` setting, and Django's ``migrate`` then finds
nothing to apply. A worker that finds no template waits (a PostgreSQL advisory lock) for the one
building it, so the schema is migrated once per change, not once per worker.

A change to any migration, to Django or a library's migrations, or to a project module a
migration imports (``core.vocabulary`` and the JSON beside it) changes the stamp, so a stale
template is never used; the superseded one is dropped when its successor is kept.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db.backends.postgresql.creation import DatabaseCreation

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# ``from core.vocabulary import load_terms`` inside a migration function.
PROJECT_IMPORT = re.compile(r"^\s*from\s+([a-z_][\w.]*)\s+import\s", re.MULTILINE)


def migration_files() -> list[Path]:
    """Every migration module the project's migrate would read (Django's and the libraries' too)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(
        Path(sys.modules[migration.__module__].__file__)
        for migration in loader.disk_migrations.values()
    )


def imported_project_files(migration: Path) -> Iterator[Path]:
    """The project's own modules a migration imports, and the data files beside them."""
    for module in PROJECT_IMPORT.findall(migration.read_text(encoding="utf-8")):
        path = PROJECT_ROOT.joinpath(*module.split(".")).with_suffix(".py")
        if path.is_file():
            yield path
            yield from sorted(path.parent.glob("*.json"))


def schema_stamp() -> str:
    """A hash of everything a migrated test database's schema and rows come from."""
    digest = hashlib.sha256()
    files = migration_files()
    for path in files:
        if PROJECT_ROOT in path.parents:
            files.extend(imported_project_files(path))
    for path in dict.fromkeys(files):  # once each, in a stable order
        home = PROJECT_ROOT if PROJECT_ROOT in path.parents else path.parents[2]
        digest.update(str(path.relative_to(home)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# The template each database alias's test database was copied from, or became, in this process.
TEMPLATE_OF: dict[str, str] = {}


def template_name(database: str) -> str:
    """``test_<database>_tpl_<stamp>``: one per configured database and schema."""
    return f"test_{database}_tpl_{schema_stamp()}"


def _database_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _keep_as_template(creation: DatabaseCreation, source: str, template: str) -> None:
    """Copy the freshly migrated ``source`` to ``template``, dropping superseded templates.

    The copy is made under a temporary name and renamed when complete, so a run stopped halfway
    never leaves a half-built template behind under the real name.
    """
    creation.connection.close()  # a database cannot be copied while anyone is connected to it
    quote = creation.connection.ops.quote_name
    prefix = template.rsplit("_", 1)[0] + "_"
    with creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [prefix.replace("_", r"\_") + "%", template],
        )
        for (stale,) in cursor.fetchall():
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
        building = f"{template}_new"
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(building)}")
        cursor.execute(f"CREATE DATABASE {quote(building)} TEMPLATE {quote(source)}")
        cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")


def create_test_db_from_template(
    original, self: DatabaseCreation, verbosity=1, autoclobber=False, serialize=True, keepdb=False
) -> str:
    """Django's ``create_test_db``, creating the database from the migrated template if any."""
    template = template_name(self.connection.settings_dict["NAME"])
    TEMPLATE_OF[self.connection.alias] = template
    with self._nodb_cursor() as lock:
        # Held until this worker's database exists: a second worker waits here, then copies,
        # for as long as a migrate takes (the site's statement timeout would end the wait).
        lock.execute("SET statement_timeout = 0")
        lock.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            found = _database_exists(lock, template)
            if found:
                self.connection.settings_dict["TEST"]["TEMPLATE"] = template
            name = original(self, verbosity, autoclobber, serialize, keepdb)
            if not found:
                _keep_as_template(self, name, template)
        finally:
            self.connection.settings_dict["TEST"].pop("TEMPLATE", None)
            lock.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])
    return name


def install() -> None:
    """Make PostgreSQL test databases copies of the migrated template, for this test process."""
    original = DatabaseCreation.create_test_db

    def create_test_db(self, *args, **kwargs):
        return create_test_db_from_template(original, self, *args, **kwargs)

    pytest.MonkeyPatch().setattr(DatabaseCreation, "create_test_db", create_test_db)
