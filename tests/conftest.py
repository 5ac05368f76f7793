import datetime as dt
import os
import uuid
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from tests import factories, template_database

template_database.install()  # test databases are copies of one migrated template (see its doc)

# The test clock. Every test starts at this instant, in the app, in Celery tasks run in-process
# and in factories alike, and the clock then runs on (``tick``) as a real one does. It is a fixed
# day, not the day a test was written, so no test passes only near that day; NETMED_TEST_TODAY
# moves it (``.ci/run`` runs the date-sensitive tests on 31 Dec, 29 Feb and the day daylight
# saving ends in Sydney). A plain date starts at noon in the site's time zone; a date and time
# with an offset (``2027-04-04T02:30+11:00``) starts exactly there.
DEFAULT_TEST_NOW = "2027-05-12"
SITE_ZONE = zoneinfo.ZoneInfo("Australia/Sydney")


def clock_start(value: str) -> dt.datetime:
    """The instant a test clock setting names: a date (noon in Sydney) or an aware date-time."""
    if "T" not in value and " " not in value:
        return dt.datetime.combine(dt.date.fromisoformat(value), dt.time(12), tzinfo=SITE_ZONE)
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=SITE_ZONE)


TEST_NOW = clock_start(os.environ.get("NETMED_TEST_TODAY") or DEFAULT_TEST_NOW)


def pytest_report_header(config):
    return f"test clock: {TEST_NOW.isoformat()} (NETMED_TEST_TODAY moves it)"


# The date-sensitive part of the suite (``-m date_sensitive``): what is due, upcoming or past,
# the CPD year, birthdays, snoozes, keep-in-touch, digests, grace periods and trash. ``.ci/run``
# runs it again on awkward days.
DATE_SENSITIVE = (
    "tests/reminders/",
    "tests/cpd/",
    "tests/events/",
    "tests/mentorship/",
    "tests/contacts/",
    "tests/collaboration/",
    "tests/accounts/test_privacy.py",
)


def pytest_collection_modifyitems(config, items):
    root = config.rootpath
    for item in items:
        if item.path.relative_to(root).as_posix().startswith(DATE_SENSITIVE):
            item.add_marker(pytest.mark.date_sensitive)


@pytest.fixture(autouse=True)
def clock():
    """The moving test clock (``time_machine``); ``clock.move_to(moment)`` jumps it."""
    with time_machine.travel(TEST_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def today(clock) -> dt.date:
    """Today's date, in the site's time zone, on the test clock."""
    return timezone.localdate()


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Each test gets its own key prefix on the real Redis: rate limits never leak between tests."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """A fast hasher: production's PBKDF2 (a million rounds) costs a third of a second for each
    user a factory makes, which was most of the suite's time on two cores."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def doctor(db):
    return factories.UserFactory(display_name="Dr Owner")


@pytest.fixture
def outsider(db):
    """Another doctor, who must never see the first doctor's data."""
    return factories.UserFactory(display_name="Dr Outsider")


@pytest.fixture
def doctor_client(client, doctor):
    client.force_login(doctor)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


# Rows a flush keeps: what migrations and post_migrate would write back at once, unchanged by the
# transactional tests (the vocabularies, content types, permissions and the site).
KEPT_BY_FLUSH = {"core_term", "django_content_type", "auth_permission", "django_site"}


# Deleted rows stay in their tables as dead rows until a VACUUM (or, where autovacuum is off, as on
# this shared machine, for the rest of the run), and every demo network (core.demo.seed) leaves
# about 5,000: after a dozen, its updates hit PostgreSQL's 15 s statement timeout. Past this many,
# the flush is a TRUNCATE again, which leaves empty tables.
DEAD_ROWS_LIMIT = 15_000


def dead_rows(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables")
        return cursor.fetchone()[0]


@pytest.fixture(scope="session", autouse=True)
def quick_flush():
    """Every transactional test (the browser tests, the live servers, real workers) ends with
    Django's flush of the database, one TRUNCATE of all its tables, which costs PostgreSQL a second
    or more each time on this shared machine, and the next test starts by writing the content
    types, permissions and vocabularies back. A DELETE of the few rows a test wrote costs a tenth
    of that, and the migrated rows can stay. Every foreign key in the schema is deferred (Django
    makes them so), so the order of the DELETEs does not matter. pytest-django runs the
    transactional tests after the others, which find the database as migrated either way."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def delete_rows(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or dead_rows(self.connection) > DEAD_ROWS_LIMIT:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        deletes = [
            f"DELETE FROM {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
            if table not in KEPT_BY_FLUSH
        ]
        return ["SET CONSTRAINTS ALL DEFERRED;", *deletes] if deletes else []

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", delete_rows)
        yield


@pytest.fixture(autouse=True)
def vocabulary_after_flushes(request):
    """The vocabularies a migration loaded, back after a transactional test's flush emptied them.

    pytest-django runs transactional tests last, and each one ends by emptying every table, so the
    next one would start without the ``Term`` rows that migration 0002 loaded.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
        or (marker and marker.kwargs.get("transaction"))
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        from core.models import Term
        from core.vocabulary import load_terms

        if not Term.objects.exists():
            load_terms(Term)


@pytest.fixture
def eager_celery():
    """Run tasks in-process, so an upload → task → result path runs inside one test (an eager
    task sees the test's own, uncommitted, transaction). Real workers have tests of their own
    (tests/contacts/test_import_worker.py, tests/security/test_hostile_uploads.py)."""
    from netmed.celery import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
