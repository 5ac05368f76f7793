"""Checks every main page must pass in the browser: accessibility (axe-core) and phone layout."""

from functools import cache
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# axe's impact levels, worst first; anything at these levels fails the test.
FAILING_IMPACTS = ("critical", "serious")
PHONE_WIDTH = 375


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def accessibility_violations(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now; return its serious and critical violations.

    axe is evaluated in the page (not added as a <script>), so a strict Content-Security-Policy
    that forbids inline scripts cannot block it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'], iframes: false})"
    )
    return [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = accessibility_violations(page)
    assert not violations, f"axe found on {page.url}:\n{describe(violations)}"


def assert_fits_phone(page: Page, primary_action: Locator | None = None) -> None:
    """No sideways scrolling at 375 px, and the page's main action is on screen without zooming."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} scrolls sideways on a phone: {width}px wide"
    if primary_action is not None:
        expect(primary_action, f"{page.url}: main action {primary_action}").to_be_visible()
        box = primary_action.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, (
            f"{page.url}: the main action is cut off at the side: {box}"
        )
