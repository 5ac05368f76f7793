"""docker-compose.yml runs the same stack as bin/run, on real services."""

import importlib
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_has_postgres_redis_web_worker_and_beat():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


def test_compose_commands_name_things_that_exist():
    services = compose()["services"]
    web = services["web"]["command"]
    assert web[0] == "gunicorn"
    module, attribute = web[1].split(":")
    assert hasattr(importlib.import_module(module), attribute)
    for name, role in (("worker", "worker"), ("beat", "beat")):
        command = services[name]["command"]
        assert command[:3] == ["celery", "-A", "netmed"] and command[3] == role
        assert importlib.import_module("netmed.celery").app.main == "netmed"
    assert services["migrate"]["command"][:2] == ["python", "manage.py"]


def test_compose_uses_the_same_settings_variables():
    app = compose()["services"]["web"]
    assert {"DATABASE_URL", "REDIS_URL"} <= set(app["environment"])
    env_example = (BASE_DIR / ".env.example").read_text()
    for name in (
        "DJANGO_SECRET_KEY",
        "DJANGO_DEBUG",
        "DJANGO_ALLOWED_HOSTS",
        "EMAIL_URL",
        "DEFAULT_FROM_EMAIL",
        "DATABASE_URL",
        "REDIS_URL",
    ):
        assert name in env_example


def test_dockerfile_serves_with_gunicorn():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "gunicorn" in dockerfile and "collectstatic" in dockerfile


def test_compose_runs_the_inbound_smtp_receiver_on_all_interfaces():
    inbound = compose()["services"]["inbound"]
    assert inbound["command"][:3] == ["python", "manage.py", "inbound_smtp"]
    assert "0.0.0.0" in inbound["command"] and inbound["ports"] == ["25:2525"]
    assert (BASE_DIR / "inbound" / "management" / "commands" / "inbound_smtp.py").exists()
