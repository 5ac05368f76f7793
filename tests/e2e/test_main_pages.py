"""Every main page, with the demo network: no serious accessibility faults (axe-core, and a first
Tab that reaches "Skip to content"), and fits a phone."""

import pytest

from core import demo
from tests.e2e.checks import (
    accessibility_violations,
    assert_fits_phone,
    describe,
    skip_to_content,
)
from tests.e2e.pages import ANONYMOUS_PAGES, DOCTOR_PAGES


@pytest.fixture
def demo_doctor(db):
    doctor, _staff = demo.seed()
    return doctor


def visit(page, main_page, doctor) -> None:
    response = page.goto(main_page.path(doctor))
    assert response is not None and response.ok, f"{main_page.name}: HTTP {response.status}"


def test_every_main_page_has_no_serious_accessibility_violations(page, demo_doctor, log_in):
    problems = {}
    for pages in (ANONYMOUS_PAGES, DOCTOR_PAGES):
        for main_page in pages:
            visit(page, main_page, demo_doctor)
            found = [describe(v) for v in [accessibility_violations(page)] if v]
            found += skip_to_content(page, follow=False)
            if found:
                problems[main_page.name] = "\n".join(found)
        log_in(page.context, demo_doctor)
    assert not problems, "\n".join(f"{name}:\n{text}" for name, text in problems.items())


def test_every_main_page_fits_a_phone_with_its_main_action_in_view(phone_page, demo_doctor, log_in):
    problems = {}
    for pages in (ANONYMOUS_PAGES, DOCTOR_PAGES):
        for main_page in pages:
            visit(phone_page, main_page, demo_doctor)
            try:
                assert_fits_phone(phone_page, main_page.primary_action(phone_page))
            except AssertionError as exc:
                problems[main_page.name] = str(exc).splitlines()[0]
        log_in(phone_page.context, demo_doctor)
    assert not problems, "\n".join(f"{name}: {text}" for name, text in problems.items())


def test_every_main_page_has_no_serious_accessibility_violations_in_the_dark(
    new_context, demo_doctor, log_in
):
    """The dark palette (static/css/tokens.css) keeps the same contrast: the device asks for dark
    and the doctor leaves Appearance on "as my device is set"."""
    page = new_context(color_scheme="dark").new_page()
    problems = {}
    for pages in (ANONYMOUS_PAGES, DOCTOR_PAGES):
        for main_page in pages:
            visit(page, main_page, demo_doctor)
            assert (
                page.evaluate("() => getComputedStyle(document.body).backgroundColor")
                == "rgb(13, 19, 32)"
            ), "the dark theme is not applied"
            found = [describe(v) for v in [accessibility_violations(page)] if v]
            if found:
                problems[main_page.name] = "\n".join(found)
        log_in(page.context, demo_doctor)
    assert not problems, "\n".join(f"{name}:\n{text}" for name, text in problems.items())
