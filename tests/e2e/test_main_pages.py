"""Every main page, with the demo network: no serious accessibility faults (axe-core, and a first
Tab that reaches "Skip to content"), and fits a phone."""

import pytest

from core import demo
from tests.e2e.checks import (
    COLOUR_RULES,
    accessibility_violations,
    assert_fits_phone,
    describe,
    skip_to_content,
)
from tests.e2e.pages import ANONYMOUS_PAGES, DOCTOR_PAGES

BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"
DARK_BACKGROUND = "rgb(13, 19, 32)"
TRANSITIONS_DONE = (
    "() => document.getAnimations()"
    ".every(a => !(a instanceof CSSTransition) || a.playState === 'finished')"
)
# Each check runs as two tests, half of the pages each: in one piece the checks were the longest
# tests of the suite (40 s each), and one left running at the end kept a test worker busy alone.
# The halves are two slices of the one list, so a page added to it is checked in one of them.
HALF = len(DOCTOR_PAGES) // 2
HALVES = {
    "first-half": (ANONYMOUS_PAGES, DOCTOR_PAGES[:HALF]),
    "second-half": ([], DOCTOR_PAGES[HALF:]),
}


@pytest.fixture
def demo_doctor(db):
    doctor, _staff = demo.seed()
    return doctor


def visit(page, main_page, doctor) -> None:
    response = page.goto(main_page.path(doctor))
    assert response is not None and response.ok, f"{main_page.name}: HTTP {response.status}"


def visit_each(page, half: str, doctor, log_in):
    """Visit each page of the half, signed out for the signed-out pages, then signed in; yield
    each once its page has loaded."""
    signed_out, signed_in = HALVES[half]
    for main_page in signed_out:
        visit(page, main_page, doctor)
        yield main_page
    log_in(page.context, doctor)
    for main_page in signed_in:
        visit(page, main_page, doctor)
        yield main_page


@pytest.mark.parametrize("half", HALVES)
def test_every_main_page_has_no_serious_accessibility_violations_in_light_or_dark(
    page, demo_doctor, log_in, half
):
    """Every rule on the light page; then the device asks for dark (the doctor leaves Appearance
    on "as my device is set"), the dark palette (static/css/tokens.css) applies without a
    reload, and the rules that read colours run again: the markup is the same in both."""
    # Without motion the palette changes at once (Pico eases colours over 0.2 s otherwise).
    page.emulate_media(reduced_motion="reduce")
    problems = {}
    for main_page in visit_each(page, half, demo_doctor, log_in):
        found = [describe(v) for v in [accessibility_violations(page)] if v]
        found += skip_to_content(page, follow=False)
        page.emulate_media(color_scheme="dark")
        page.wait_for_function(TRANSITIONS_DONE)
        assert page.evaluate(BACKGROUND) == DARK_BACKGROUND, "the dark theme is not applied"
        found += [
            f"(dark) {describe(v)}" for v in [accessibility_violations(page, COLOUR_RULES)] if v
        ]
        page.emulate_media(color_scheme="light")
        if found:
            problems[main_page.name] = "\n".join(found)
    assert not problems, "\n".join(f"{name}:\n{text}" for name, text in problems.items())


@pytest.mark.parametrize("half", HALVES)
def test_every_main_page_fits_a_phone_with_its_main_action_in_view(
    phone_page, demo_doctor, log_in, half
):
    problems = {}
    for main_page in visit_each(phone_page, half, demo_doctor, log_in):
        try:
            assert_fits_phone(phone_page, main_page.primary_action(phone_page))
        except AssertionError as exc:
            problems[main_page.name] = str(exc).splitlines()[0]
    assert not problems, "\n".join(f"{name}: {text}" for name, text in problems.items())
