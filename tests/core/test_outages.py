"""A database that is down or hung, against a real gunicorn under production settings: pages
fail fast with the 503 page and Retry-After, the liveness probe still answers, the readiness
probe says why. And the compose health checks, run as compose runs them."""

import fcntl
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.db import connection

from netmed.embedded import database_url

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "p" * 20 + "-production-secret-key-that-is-long-and-random-9f8e7d",
    "DJANGO_ALLOWED_HOSTS": "netmed.example.org",
}
HOST = "netmed.example.org"

# Each page must give up well inside gunicorn's 30 s worker timeout: the connect timeout is 3 s
# (the pool's wait too); the rest is slack for a busy test machine.
FAIL_FAST_SECONDS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, headers: dict | None = None, timeout: float = 30) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory, worker_id):
    """Production serves hashed static files from collectstatic's manifest, as the image does.
    Collected once a run: the test workers share the folder (they only read it), under a lock,
    as collectstatic compresses every file and took 10-20 s for each worker that ran it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker_id != "master" else base  # one run's workers' common folder
    root = shared / "collected-static"
    with open(shared / "collected-static.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "staticfiles.json").exists():
            env = {**os.environ, **PRODUCTION, "NETMED_STATIC_ROOT": str(root)}
            env.pop("DJANGO_SETTINGS_MODULE", None)
            result = subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                cwd=BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert result.returncode == 0, result.stderr
    return root


class Gunicorn:
    """A real gunicorn started with ``command`` (its bind replaced by a free loopback port)."""

    def __init__(self, command: list[str], env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [f"127.0.0.1:{self.port}" if arg == "0.0.0.0:8000" else arg for arg in command]
        env = {**os.environ, **env}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", *command],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_until_live(self, seconds: float = 90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "gunicorn exited"
            try:
                if get(self.url + "/healthz/live", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise AssertionError("gunicorn did not answer /healthz/live")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


GUNICORN = ["gunicorn", "netmed.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "1"]


@pytest.fixture
def gunicorn(static_root):
    started: list[Gunicorn] = []

    def start(command: list[str] = GUNICORN, **env) -> Gunicorn:
        server = Gunicorn(command, {**PRODUCTION, "NETMED_STATIC_ROOT": str(static_root), **env})
        started.append(server)
        server.wait_until_live()
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def hung_database():
    """A socket that accepts connections and never answers: a PostgreSQL that has hung."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"postgres://postgres@127.0.0.1:{listener.getsockname()[1]}/netmed"


@pytest.fixture
def dead_database():
    """A port nothing listens on: a PostgreSQL that is down."""
    return f"postgres://postgres@127.0.0.1:{free_port()}/netmed"


def signed_in_page(server: Gunicorn) -> tuple[int, dict, str, float]:
    """A doctor's dashboard (a session cookie makes Django look the session up) through the
    production stack: the site's host name, behind a proxy that ended TLS."""
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Cookie": "sessionid=" + "a1" * 16}
    started = time.monotonic()
    status, response_headers, body = get(server.url + "/dashboard/", headers)
    return status, response_headers, body, time.monotonic() - started


@pytest.mark.slow
@pytest.mark.parametrize(
    ("database", "pool"),
    [("hung_database", "false"), ("hung_database", "true"), ("dead_database", "true")],
)
def test_pages_fail_fast_with_the_503_page_when_the_database_is_hung_or_down(
    gunicorn, database, pool, request
):
    server = gunicorn(DATABASE_URL=request.getfixturevalue(database), DJANGO_DB_POOL=pool)

    status, headers, body, seconds = signed_in_page(server)
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "NetMed is unavailable for a moment" in body
    assert "/static/css/app." in body  # the styled page, not the fallback
    assert "no-store" in headers["Cache-Control"]
    assert seconds < FAIL_FAST_SECONDS, f"{seconds:.1f} s"
    # The worker was not killed on the way: the next page fails as fast.
    assert signed_in_page(server)[0] == 503


@pytest.mark.slow
def test_liveness_answers_and_readiness_reports_the_database_while_it_hangs(
    gunicorn, hung_database
):
    server = gunicorn(DATABASE_URL=hung_database)

    started = time.monotonic()
    assert get(server.url + "/healthz/live")[:1] == (200,)
    status, _, body = get(server.url + "/healthz/ready")
    assert time.monotonic() - started < FAIL_FAST_SECONDS
    assert status == 503
    assert '"database": "error: OperationalError"' in body


# --- docker-compose.yml's health checks, as compose runs them ---------------------------------


def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def compose_environment(port_map: dict) -> dict:
    """The web service's environment, with its service host names pointed at this machine."""
    environment = dict(compose()["services"]["web"]["environment"])
    environment.update(port_map)
    return {name: str(value) for name, value in environment.items()}


def run_health_check(service: dict, port: int) -> subprocess.CompletedProcess:
    test = service["healthcheck"]["test"]
    assert test[0] == "CMD"
    command = [sys.executable if arg == "python" else arg for arg in test[1:]]
    command = [arg.replace("localhost:8000", f"localhost:{port}") for arg in command]
    return subprocess.run(command, capture_output=True, text=True, timeout=30)


@pytest.mark.slow
def test_the_compose_web_health_check_passes_under_production_settings(gunicorn, transactional_db):
    """gunicorn started with compose's own command and environment (its database and Redis
    this machine's), production defaults: no DJANGO_DEBUG, SSL redirect on, and only the site's
    host name allowed. The health check compose runs inside the container passes."""
    service = compose()["services"]["web"]
    environment = compose_environment(
        {
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": os.environ["REDIS_URL"],
        }
    )
    # PgBouncer's settings, pointed straight at PostgreSQL here: they work without the pooler.
    assert environment["DJANGO_DB_PGBOUNCER"] == "true"
    server = gunicorn(service["command"], **environment)

    result = run_health_check(service, server.port)
    assert result.returncode == 0, result.stderr
    assert "/healthz/live" in shlex.join(service["healthcheck"]["test"])
    # The readiness probe, over the same plain HTTP to localhost, finds the database too.
    status, _, body = get(f"http://localhost:{server.port}/healthz/ready")
    assert status == 200, body
    assert '"database": "ok"' in body
