"""Every response carries the security headers; signed-in pages are never cached."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
def test_signed_in_page_sends_a_strict_content_security_policy(doctor_client):
    response = doctor_client.get(reverse("dashboard"))
    assert response.status_code == 200
    policy = csp_directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_page_sends_the_browser_hardening_headers(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions


@pytest.mark.django_db
def test_hsts_is_sent_over_https_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("account_login"), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


@pytest.mark.django_db
def test_signed_in_pages_are_never_stored_by_browsers_or_proxies(doctor_client):
    for name in ("dashboard", "contacts:list", "accounts:profile"):
        response = doctor_client.get(reverse(name))
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"], name
        assert "private" in response["Cache-Control"], name


@pytest.mark.django_db
def test_anonymous_public_pages_may_be_cached_normally(client):
    response = client.get(reverse("floor"))
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(client, doctor):
    from tests.factories import PASSWORD

    client.get(reverse("account_login"))
    response = client.post(reverse("account_login"), {"login": doctor.email, "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=\"", re.IGNORECASE)


def test_no_template_has_inline_script_style_or_event_handlers():
    offenders = []
    for path in (BASE_DIR / "templates").rglob("*.html"):
        if "email" in path.relative_to(BASE_DIR / "templates").parts:
            continue  # Emails are not pages: mail clients need inline CSS, and no CSP applies.
        text = path.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_STYLE.search(text):
            offenders.append(str(path.relative_to(BASE_DIR)))
    assert not offenders, f"move inline script/style to static/ (the CSP forbids it): {offenders}"


def test_htmx_is_configured_not_to_inject_its_indicator_styles():
    base = (BASE_DIR / "templates" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
    # Nor carry a style attribute across a swap (tests/e2e/test_browser_errors.py).
    assert '"attributesToSettle": ["class", "width", "height"]' in base
