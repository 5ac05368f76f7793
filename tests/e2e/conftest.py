"""Browser tests: pytest-playwright driving Debian's chromium against pytest-django's live server.

Every test here is marked ``e2e`` (run only them with ``-m e2e``, skip them with ``-m "not e2e"``).
Without chromium they are skipped, saying so, unless ``NETMED_REQUIRE_BROWSER=1`` (CI sets it), in
which case they fail. A failing test leaves a screenshot and the HTML of every open page under
``test-results/<test>/``.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from core.models import Term
from core.vocabulary import load_terms
from netmed.celery import app as celery_app
from tests import factories
from tests.celery_workers import only_worker_on_the_broker

CHROMIUM = os.environ.get("NETMED_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
TIMEOUT_MS = 10_000
# Assertions wait as long as actions do: with two test workers and their browsers on two cores
# (and on the embedded servers), a page can take more than expect()'s default 5 s to arrive.
expect.set_options(timeout=TIMEOUT_MS)
RESULTS_DIR = Path(settings.BASE_DIR) / "test-results"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test here ``e2e``, with the committed database the live server needs, and run
    them last: Playwright's event loop stays in the main thread until the session ends (below).
    Among them the checks of every main page (the longest, 10-30 s each) go first, so the two test
    workers end on the short journeys, together, not one of them on a long check alone."""
    here = Path(__file__).parent
    browser_tests = [item for item in items if here in item.path.parents]
    browser_tests.sort(key=lambda item: "every_main_page" not in item.name)
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
        item.add_marker(pytest.mark.django_db(transaction=True))
    items[:] = [item for item in items if item not in browser_tests] + browser_tests


@pytest.fixture(scope="session", autouse=True)
def orm_beside_playwright():
    """Playwright's sync API keeps an asyncio loop in the main thread for the rest of the session,
    and Django refuses ORM calls when it sees one. The tests' ORM calls are plain synchronous code
    (the live server has its own PostgreSQL connection), so allow them. Set here, not at import, so
    tests that run first (and their subprocesses) keep Django's protection."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(autouse=True)
def vocabulary(transactional_db):
    """The vocabularies a migration loaded, back after the flush that ends a transactional test.

    (Not ``serialized_rollback``: Playwright's greenlets give Django a fresh connection object
    that has lost the serialized copy.)
    """
    if not Term.objects.exists():
        load_terms(Term)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's chromium (never a downloaded browser) with flags this sandbox needs."""
    if not Path(CHROMIUM).exists():
        message = f"chromium not found at {CHROMIUM}: install Debian's chromium (bin/test does)"
        if os.environ.get("NETMED_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_FLAGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "en-AU",
        "timezone_id": "Australia/Sydney",
        "accept_downloads": True,
    }


# Every document reports its Content-Security-Policy violations to the console (Chromium's own
# "Refused to ..." message does not say which element, and a report from a worker or an iframe may
# not reach the console at all), so the console listener below sees them.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "CSP violation: " + event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber + " (" + event.sample + ")"
  );
});
"""


@pytest.fixture
def browser_problems(request) -> list[str]:
    """What went wrong in the browser during this test, on every page of every context made
    through ``new_context``: console errors (among them every CSP violation, reported by the
    script above and by Chromium) and uncaught page errors. ``pytest_runtest_call`` below fails
    the test when any occur. A test that expects some (a deliberate 404) says so with
    ``@pytest.mark.allow_browser_errors(r"regex", ...)``."""
    return []


def watch_for_problems(context: BrowserContext, problems: list[str]) -> None:
    context.add_init_script(REPORT_CSP_VIOLATIONS)

    def on_console(message) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(
                f"console {message.type} on {message.page and message.page.url}: {message.text}"
            )

    def on_page_error(error) -> None:
        where = error.page.url if error.page else "?"
        problems.append(f"page error on {where}: {error.error.stack or error.error}")

    context.on("console", on_console)
    context.on("weberror", on_page_error)


@pytest.fixture
def new_context(new_context, browser_problems):
    """Contexts fail fast (ten seconds for any action, not Playwright's thirty) and are watched
    for console errors, page errors and CSP violations (``browser_problems``)."""

    def make(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        watch_for_problems(context, browser_problems)
        return context

    return make


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a browser test that passed while its pages logged errors or broke the CSP."""
    result = yield
    problems = item.funcargs.get("browser_problems")
    if not problems:
        return result
    allowed = [
        re.compile(pattern)
        for marker in item.iter_markers("allow_browser_errors")
        for pattern in marker.args
    ]
    unexpected = [p for p in problems if not any(a.search(p) for a in allowed)]
    if unexpected:
        raise AssertionError(
            "the browser reported errors or CSP violations:\n" + "\n".join(unexpected)
        )
    return result


@pytest.fixture
def context(new_context):
    """The default page is a desktop screen."""
    return new_context(viewport=DESKTOP)


@pytest.fixture
def phone_page(new_context):
    """A page on a 375 x 812 phone screen."""
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


@pytest.fixture
def celery_worker():
    """A real Celery worker in a thread, on the real Redis broker, for journeys that wait on a
    task (an import, the digest). It shares this process, so it sees ``mail.outbox``."""
    with only_worker_on_the_broker():
        celery_app.control.purge()  # nothing left over from other tests' on_commit queues
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield


@pytest.fixture
def log_in(live_server):
    """``log_in(context, user)``: give a browser context the session of ``user``, as a login would.

    The login form itself is proven once, in the sign-up journey; the other journeys start logged
    in so they stay fast and never meet allauth's login rate limit.
    """

    def give_session(context, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return give_session


@pytest.fixture
def doctor(db):
    return factories.UserFactory(email="amara.okafor@example.org", display_name="Dr Amara Okafor")


@pytest.fixture
def doctor_page(page, doctor, log_in):
    """A desktop page already logged in as ``doctor``."""
    log_in(page.context, doctor)
    return page


@pytest.fixture
def doctor_phone_page(phone_page, doctor, log_in):
    """A phone page already logged in as ``doctor``."""
    log_in(phone_page.context, doctor)
    return phone_page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, save what the browser showed: a screenshot and the HTML of each open page."""
    report = yield
    if report.when == "call" and report.failed:
        browser = _browser_of(item.funcargs.values())
        if browser is not None:
            _save_pages(item, browser)
    return report


def _browser_of(values) -> Browser | None:
    for value in values:
        if isinstance(value, Page):
            return value.context.browser
        if isinstance(value, BrowserContext):
            return value.browser
    return None


def _save_pages(item, browser) -> None:
    folder = RESULTS_DIR / item.nodeid.replace("/", "-").replace("::", "--")
    folder.mkdir(parents=True, exist_ok=True)
    pages = [page for context in browser.contexts for page in context.pages]
    for number, page in enumerate(pages, start=1):
        try:
            page.screenshot(path=str(folder / f"page-{number}.png"), full_page=True)
            (folder / f"page-{number}.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - the test's own failure is what matters
            (folder / f"page-{number}.error.txt").write_text(repr(exc), encoding="utf-8")
