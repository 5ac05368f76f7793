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


# The rules whose verdict depends on the page's colours: all a change of palette (the dark
# theme) can alter, since the page's markup, sizes and names stay the same.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def accessibility_violations(page: Page, rules: list[str] | None = None) -> list[dict]:
    """Run axe-core on the page as it is now (only ``rules``, if given); return its serious and
    critical violations.

    axe is evaluated in the page (not added as a <script>), so a strict Content-Security-Policy
    that forbids inline scripts cannot block it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    options = {"resultTypes": ["violations"], "iframes": False}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = page.evaluate("(options) => axe.run(document, options)", options)
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


# The innermost elements that reach past the phone's edge, to say what a failure is about.
OVERFLOWING_JS = """(edge) => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > edge + 1)
  .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > edge + 1))
  .slice(0, 5)
  .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}">`
    + ` ends at ${Math.round(el.getBoundingClientRect().right)}px`)"""


def assert_fits_phone(page: Page, primary_action: Locator | None = None) -> None:
    """No sideways scrolling at 375 px, and the page's main action is on screen without zooming.

    Measured once the page has loaded, as a doctor sees it: a heading can be in the document
    while the rest of the page is still arriving on a busy machine.
    """
    page.wait_for_load_state("load")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, (
        f"{page.url} scrolls sideways on a phone: {width}px wide; past the edge: "
        f"{page.evaluate(OVERFLOWING_JS, PHONE_WIDTH)}"
    )
    if primary_action is not None:
        expect(primary_action, f"{page.url}: main action {primary_action}").to_be_visible()
        box = primary_action.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, (
            f"{page.url}: the main action is cut off at the side: {box}"
        )


# What has the keyboard focus, and whether it shows: an outline (or a box-shadow ring) at least 2px
# wide whose colour, over the page's background, has a 3:1 contrast with it (WCAG 1.4.11).
FOCUS_JS = """() => {
  const el = document.activeElement;
  const parse = (c) => { const m = (c.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number);
                         return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92
                                                        : ((v + 0.055) / 1.055) ** 2.4; };
                       return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  let bg = parse(getComputedStyle(document.body).backgroundColor);
  if (bg.a === 0) bg = parse(getComputedStyle(document.documentElement).backgroundColor);
  if (bg.a === 0) bg = {r: 255, g: 255, b: 255, a: 1};
  const contrast = (colour) => {
    const c = parse(colour);
    const over = {r: c.a * c.r + (1 - c.a) * bg.r, g: c.a * c.g + (1 - c.a) * bg.g,
                  b: c.a * c.b + (1 - c.a) * bg.b};
    const [hi, lo] = [lum(over), lum(bg)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
    && contrast(s.outlineColor) >= 3;
  const shadow = s.boxShadow.split(/,(?![^(]*\\))/).some((one) => {
    const colour = (one.match(/rgba?\\([^)]*\\)/) || ['rgba(0,0,0,0)'])[0];
    const sizes = one.replace(colour, '').trim().split(/\\s+/).map(parseFloat);
    return sizes.length >= 4 && sizes[3] >= 2 && contrast(colour) >= 3;
  });
  const box = el.getBoundingClientRect();
  const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || el.id
                || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return {
    description: `<${el.tagName.toLowerCase()}> ${name}`,
    body: el === document.body,
    in_main: !!el.closest('main'),
    shown: box.width > 0 && box.height > 0,
    ring: outline || shadow,
    target: el === window.__netmedTabTarget,
  };
}"""


def focused(page: Page) -> dict:
    """The focused element: its description, whether it is shown with a visible focus ring."""
    return page.evaluate(FOCUS_JS)


def tab_to(page: Page, target: Locator, *, limit: int = 120) -> list[str]:
    """Press Tab until ``target`` has the focus (failing after ``limit`` presses).

    Returns the problems met on the way: focus on something not shown, or without a visible ring.
    """
    target.evaluate("el => { window.__netmedTabTarget = el; }")
    problems: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if not now["shown"]:
            problems.append(f"focus on something not shown: {now['description']}")
        elif not now["ring"]:
            problems.append(f"no visible focus ring on {now['description']}")
        if now["target"]:
            return problems
    raise AssertionError(f"{page.url}: {target} not reached with {limit} presses of Tab")


def skip_to_content(page: Page, *, follow: bool = True) -> list[str]:
    """The first Tab reaches "Skip to content", shown; Enter on it moves focus into the page."""
    page.keyboard.press("Tab")
    first = focused(page)
    if first["description"] != "<a> Skip to content" or not first["shown"] or not first["ring"]:
        return [f"the first Tab reaches {first}, not a shown Skip to content link"]
    if not follow:
        return []
    page.keyboard.press("Enter")
    if not focused(page)["in_main"]:
        return [f"Skip to content leaves the focus on {focused(page)['description']}"]
    return []
