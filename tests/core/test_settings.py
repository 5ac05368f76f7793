"""Production settings are safe by default; development mode is explicit."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def run_manage(*args, **env_overrides):
    env = {**os.environ, **env_overrides}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )


def production_setting(expression: str, **env_overrides) -> str:
    """What ``expression`` (over ``s``, Django's settings) prints in a new process with these
    environment variables: the settings module alone, as ``manage.py`` loads it. (``manage.py
    shell`` also loads every app and imports every model, six times the cost, a few seconds for
    each of the dozen settings these tests read.)"""
    env = {**os.environ, **env_overrides, "DJANGO_SETTINGS_MODULE": "netmed.settings"}
    script = f"from django.conf import settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "p" * 20 + "-production-secret-key-that-is-long-and-random-9f8e7d",
    "DJANGO_ALLOWED_HOSTS": "netmed.example.org",
}


def test_check_deploy_is_silent_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_cookies_are_secure_httponly_and_samesite_with_hsts():
    printed = production_setting(
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT, "
        "'csp.middleware.CSPMiddleware' in s.MIDDLEWARE",
        **PRODUCTION,
    )
    assert printed.split() == ["True"] * 4 + ["Lax", "Lax"] + ["True"] * 3


def test_the_web_process_loads_its_views_and_freezes_them_out_of_garbage_collection():
    script = (
        "import gc, sys; import netmed.wsgi; "
        "print(gc.get_freeze_count() > 50_000, 'contacts.views' in sys.modules)"
    )
    env = {**os.environ, **PRODUCTION}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def _connection_options(**env) -> str:
    return production_setting("s.DATABASES['default']['OPTIONS']", **PRODUCTION, **env)


def test_connections_switch_jit_off_unless_django_db_jit_turns_it_back_on():
    assert "jit=off" in _connection_options()
    assert "jit=off" in _connection_options(DJANGO_DB_JIT="false")
    assert "jit=off" not in _connection_options(DJANGO_DB_JIT="true")


def test_connections_give_up_well_inside_gunicorns_30_second_timeout_by_default():
    options = _connection_options(DJANGO_DB_POOL="true")
    assert "'connect_timeout': 3" in options
    assert "'timeout': 3.0" in options  # waiting for a connection from the pool
    assert "statement_timeout=15s" in options
    assert "statement_timeout=0s" in _connection_options(DJANGO_DB_STATEMENT_TIMEOUT="0")
