"""Several web and worker nodes on one PostgreSQL through PgBouncer (issue 22, part 6;
docs/scaling.md). `docker compose config` needs a Docker engine, so docker-compose.yml is read
as YAML and checked for what compose would wire up."""

import re
from urllib.parse import SplitResult
from urllib.parse import urlsplit as _urlsplit

import yaml

from tests.core.test_settings import BASE_DIR, PRODUCTION, production_setting, run_manage


def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def urlsplit(url: str) -> SplitResult:
    """A URL from the compose file with its ``${VARIABLE:?message}`` parts filled in, as compose
    interpolates them from .env (the message's spaces and ``?`` would break the parse)."""
    return _urlsplit(re.sub(r"\$\{[^}]*\}", "secret", url))


def test_compose_runs_pgbouncer_in_transaction_mode_in_front_of_postgres():
    pgbouncer = compose()["services"]["pgbouncer"]
    environment = pgbouncer["environment"]

    assert "pgbouncer" in pgbouncer["image"]
    assert environment["POOL_MODE"] == "transaction"
    assert urlsplit(environment["DATABASE_URL"]).hostname == "postgres"
    assert pgbouncer["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert environment["LISTEN_PORT"] in pgbouncer["healthcheck"]["test"]
    # Waiting for a server connection ends in the 503 page well inside gunicorn's 30 s.
    assert int(environment["QUERY_WAIT_TIMEOUT"]) <= 10
    # Fewer server connections than PostgreSQL allows, leaving room for migrate and an admin.
    command = compose()["services"]["postgres"]["command"]
    limit = next(c for c in command if c.startswith("max_connections="))
    assert int(environment["MAX_DB_CONNECTIONS"]) < int(limit.split("=")[1])


def test_web_worker_and_beat_reach_postgres_through_pgbouncer_with_its_settings():
    services = compose()["services"]
    port = services["pgbouncer"]["environment"]["LISTEN_PORT"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        url = urlsplit(environment["DATABASE_URL"])
        assert (url.hostname, str(url.port)) == ("pgbouncer", port), name
        assert environment["DJANGO_DB_PGBOUNCER"] == "true", name
        assert environment["DJANGO_DB_POOL"] == "false", name  # PgBouncer is the pool
        assert services[name]["depends_on"]["pgbouncer"]["condition"] == "service_healthy", name


def test_migrate_goes_straight_to_postgres_without_a_statement_timeout():
    migrate = compose()["services"]["migrate"]
    environment = migrate["environment"]

    assert urlsplit(environment["DATABASE_URL"]).hostname == "postgres"
    assert environment["DJANGO_DB_PGBOUNCER"] == "false"
    assert environment["DJANGO_DB_STATEMENT_TIMEOUT"] == "0"
    assert "postgres" in migrate["depends_on"]


def test_postgres_itself_sets_what_the_app_cannot_send_through_pgbouncer():
    command = compose()["services"]["postgres"]["command"]

    assert command[0] == "postgres"
    assert {"jit=off", "statement_timeout=15s", "timezone=UTC"} <= set(command)
    # The same defaults the app sets on a direct connection (netmed/settings.py).
    assert "jit=off" in _database(DJANGO_DB_PGBOUNCER="false")
    assert "statement_timeout=15s" in _database(DJANGO_DB_PGBOUNCER="false")


def _database(**env) -> str:
    return production_setting("s.DATABASES['default']", **PRODUCTION, **env)


def test_behind_pgbouncer_django_opens_no_server_side_cursor_pool_or_startup_options():
    behind = _database(DJANGO_DB_PGBOUNCER="true", DJANGO_DB_POOL="false")
    direct = _database(DJANGO_DB_PGBOUNCER="false")

    assert "'DISABLE_SERVER_SIDE_CURSORS': True" in behind
    assert "'pool'" not in behind and "'options'" not in behind
    assert "'CONN_MAX_AGE': 60" in behind
    assert "DISABLE_SERVER_SIDE_CURSORS': True" not in direct and "'options'" in direct


def test_a_psycopg_pool_behind_pgbouncer_is_refused_at_start_up():
    result = run_manage("check", **PRODUCTION, DJANGO_DB_PGBOUNCER="true", DJANGO_DB_POOL="true")

    assert result.returncode != 0
    assert "DJANGO_DB_PGBOUNCER" in result.stderr


def test_the_pgbouncer_setting_is_documented_in_env_example():
    assert "DJANGO_DB_PGBOUNCER=" in (BASE_DIR / ".env.example").read_text()
