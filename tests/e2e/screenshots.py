"""`make screenshots`: desktop and phone PNGs of the main pages, with the demo network, into
docs/screenshots/ (shown in the README).

Not part of the test suite (the file name does not start with ``test_``); pytest collects it only
when named on the command line, which gives it the same live server and browser as the e2e tests.
"""

from pathlib import Path

import pytest
from django.conf import settings

from core import demo
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import ANONYMOUS_PAGES, DOCTOR_PAGES

OUTPUT = Path(settings.BASE_DIR) / "docs" / "screenshots"
# The pages shown, in the README's order.
SHOWN = [
    "dashboard",
    "contacts",
    "contact",
    "contact-form",
    "reminders",
    "events",
    "event",
    "mentorship-detail",
    "mentor-directory",
    "cpd",
    "network",
    "network-picture",
    "projects",
    "profile",
    "login",
]


@pytest.fixture
def demo_doctor(db):
    doctor, _staff = demo.seed()
    return doctor


def test_write_screenshots(new_context, demo_doctor, log_in):
    pages = {main_page.name: main_page for main_page in [*ANONYMOUS_PAGES, *DOCTOR_PAGES]}
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = new_context(viewport=viewport, is_mobile=size == "phone", color_scheme="light")
        page = context.new_page()
        log_in(context, demo_doctor)
        for name in SHOWN:
            main_page = pages[name]
            if name == "login":  # the last one: what a visitor sees
                context.clear_cookies()
            page.goto(main_page.path(demo_doctor))
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUTPUT / f"{name}-{size}.png"))
        context.close()
