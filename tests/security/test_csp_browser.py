"""In a real browser (Debian's chromium), NetMed's pages run under the strict CSP cleanly."""

import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from tests import factories

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM and not os.environ.get("NETMED_REQUIRE_BROWSER"),
        reason="chromium is not installed",
    ),
]


def session_cookie_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


@pytest.mark.django_db(transaction=True)
def test_signed_in_pages_raise_no_csp_violation_in_chromium(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    user = factories.UserFactory()
    factories.build_world(user)
    cookie = session_cookie_for(user)
    # Playwright's sync API runs an event loop in this thread; the live server does the DB work.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    pages = [
        reverse("dashboard"),
        reverse("contacts:list"),
        reverse("collaboration:graph"),
        reverse("accounts:profile"),
    ]
    violations = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        for path in pages:
            response = page.goto(live_server.url + path, wait_until="networkidle")
            assert response.status == 200, path
            assert "Content-Security-Policy" in response.headers or (
                "content-security-policy" in response.headers
            )
        browser.close()
    assert not violations, violations
