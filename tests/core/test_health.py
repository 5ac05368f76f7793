import pytest
from django.db import OperationalError
from django.urls import reverse

from core.views import server_error
from netmed.celery import app as celery_app


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")


@pytest.mark.django_db
def test_readiness_reports_database_broker_and_scheduler_ok_on_a_fresh_install(client):
    response = client.get(reverse("healthz_ready"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "broker": "ok",
        "scheduler": "not run yet",
        "digest_dispatcher_last_run": None,
    }


@pytest.mark.django_db
def test_readiness_is_ok_once_the_dispatcher_has_run_lately(client):
    from django.utils import timezone

    from reminders.models import DispatcherRun

    DispatcherRun.objects.create(started_at=timezone.now(), as_of=timezone.now())
    response = client.get(reverse("healthz_ready"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["scheduler"] == "ok"


@pytest.mark.django_db
def test_readiness_reports_a_broker_outage_as_degraded_not_as_down(client, broker_down):
    """Every page works while Redis is down: a load balancer must keep sending them traffic."""
    response = client.get(reverse("healthz_ready"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["broker"].startswith("error")
    assert response.json()["database"] == "ok"


def test_liveness_answers_without_asking_the_database_or_the_broker(client, broker_down):
    # No django_db mark: any database query here would fail the test.
    response = client.get(reverse("healthz_live"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_is_still_the_readiness_check(client):
    assert client.get("/healthz").json().keys() == client.get("/healthz/ready").json().keys()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz/live", "/healthz/ready"])
def test_probes_over_plain_http_to_localhost_get_answers_under_production_settings(
    client, settings, path
):
    """Not the HTTPS redirect, not a 400 for a host name the site does not serve."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["netmed.example.org"]
    assert client.get("/dashboard/", HTTP_HOST="localhost:8000").status_code == 400
    assert client.get(path, HTTP_HOST="localhost:8000").status_code == 200


def _server_error_for(exc: Exception, rf):
    try:
        raise exc
    except Exception:
        return server_error(rf.get("/dashboard/"))


def test_a_database_that_cannot_be_reached_gets_the_503_page_with_retry_after(rf):
    response = _server_error_for(OperationalError("connection timeout expired"), rf)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "NetMed is unavailable for a moment" in response.content.decode()


def test_a_statement_cancelled_by_its_timeout_gets_the_503_page(rf):
    import psycopg.errors

    try:
        raise psycopg.errors.QueryCanceled("canceling statement due to statement timeout")
    except psycopg.errors.QueryCanceled as cause:
        exc = OperationalError(str(cause))
        exc.__cause__ = cause
    assert _server_error_for(exc, rf).status_code == 503


def test_a_database_error_that_is_a_bug_keeps_the_500_page(rf):
    import psycopg.errors

    exc = OperationalError("index row size exceeds maximum")
    exc.__cause__ = psycopg.errors.ProgramLimitExceeded("index row size exceeds maximum")
    assert _server_error_for(exc, rf).status_code == 500
    assert _server_error_for(ValueError("a bug"), rf).status_code == 500


@pytest.mark.django_db
def test_responses_carry_a_server_timing_header(client):
    response = client.get(reverse("floor"))
    assert response.status_code == 200
    assert response["Server-Timing"].startswith("app;dur=")
