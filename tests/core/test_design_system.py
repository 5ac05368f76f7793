"""The design system stays enforced (docs/design.md): pages use its components, not one-off
styling. Each rule greps the page templates; emails (plain text, or HTML written by
reminders/digest_email.py) and the Django admin's own templates are outside it."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
OUTSIDE = ("admin/", "/email/")


def page_templates() -> list[Path]:
    found = [
        path
        for path in TEMPLATES.rglob("*.html")
        if not any(part in path.relative_to(TEMPLATES).as_posix() for part in OUTSIDE)
    ]
    assert len(found) > 50, "the templates folder moved?"
    return found


def offences(pattern: str, allowed=lambda tag: False) -> list[str]:
    found = []
    for path in page_templates():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(pattern, text, re.S):
            if not allowed(match.group(0)):
                line = text[: match.start()].count("\n") + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {match.group(0)[:90]}")
    return found


def classes(tag: str) -> set[str]:
    match = re.search(r'class="([^"]*)"', tag)
    return set(re.sub(r"{%.*?%}", " ", match.group(1)).split()) if match else set()


def test_no_template_styles_an_element_inline():
    """A strict CSP refuses style attributes, and a one-off style is how pages drift."""
    assert offences(r"\sstyle=") == []


def test_no_template_carries_a_style_or_inline_script_element():
    assert offences(r"<style\b") == []
    assert offences(r"<script\b(?![^>]*\bsrc=)[^>]*>") == []


def test_every_button_is_a_design_system_button():
    """`.btn` with a kind (primary, secondary, quiet, danger); the person picker's remove cross
    is the one button that is part of another component."""
    kinds = {"btn-primary", "btn-secondary", "btn-quiet", "btn-danger"}

    def allowed(tag):
        return "picker-remove" in classes(tag) or (
            "btn" in classes(tag) and (classes(tag) & kinds or "{%" in tag)
        )

    assert offences(r"<button\b[^>]*>", allowed) == []


def test_links_that_look_like_buttons_use_the_button_classes_not_picos():
    def allowed(tag):
        return "btn" in classes(tag)

    assert offences(r'<(?:a|summary)\b[^>]*role="button"[^>]*>', allowed) == []
    pico = {"secondary", "outline", "contrast"}
    assert offences(r"<(?:a|button|summary)\b[^>]*>", lambda tag: not classes(tag) & pico) == []


def test_every_table_is_the_table_component():
    """`table.table`; the ones that become cards on a phone label their cells."""
    assert offences(r"<table\b[^>]*>", lambda tag: "table" in classes(tag)) == []


@pytest.mark.parametrize("name", ["tokens.css", "components.css", "app.css"])
def test_page_stylesheets_take_colours_from_the_tokens(name):
    """Only tokens.css spells out colours."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / name).read_text()
    if name == "tokens.css":
        assert "--nm-primary:" in css and '[data-theme="dark"]' in css
        return
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", css) == []


def test_the_dark_palette_is_the_same_whether_the_device_or_the_doctor_chose_it():
    """tokens.css writes it twice (media query, and data-theme="dark"): they must not drift."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "tokens.css").read_text()
    by_media = re.search(r':root:not\(\[data-theme="light"\]\) \{(.*?)\}', css, re.S).group(1)
    by_choice = re.search(r'\n\[data-theme="dark"\] \{(.*?)\}', css, re.S).group(1)
    tokens = lambda block: sorted(line.strip() for line in block.splitlines() if line.strip())  # noqa: E731
    assert tokens(by_media) == tokens(by_choice)
    assert "--nm-bg:" in by_media


@pytest.mark.parametrize("name", ["dashboard-charts.js", "cpd-chart.js"])
def test_charts_take_their_colours_from_the_tokens(name):
    """Read with getComputedStyle, so the dark theme draws in its own palette."""
    script = (Path(settings.BASE_DIR) / "static" / "js" / name).read_text()
    assert "getComputedStyle" in script
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", script) == []


def test_the_network_picture_takes_its_colours_from_the_tokens_through_classes():
    """The SVG picture names a class per group and per kind of link; app.css colours each with a
    token, so the dark theme draws in its own palette and no inline style is ever applied."""
    static = Path(settings.BASE_DIR) / "static"
    script = (static / "js" / "network-graph.js").read_text()
    css = (static / "css" / "app.css").read_text()
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", script) == []
    assert ".style" not in script and '"style"' not in script
    for group in range(8):
        assert f".graph-group-{group} circle {{ fill: var(--nm-chart-{group + 1}); }}" in css
    for kind in ("project", "co_author", "introduction", "same_event", "met_together"):
        assert f".graph-edge.edge-{kind} {{ stroke: var(--nm-edge-{kind}); }}" in css


def test_tables_that_become_cards_label_every_cell():
    """Below 640 px a `.table-cards` cell shows its data-label above the value (CSS only)."""
    missing = []
    for path in page_templates():
        text = path.read_text(encoding="utf-8")
        for table in re.findall(r"<table\b[^>]*table-cards.*?</table>", text, re.S):
            for cell in re.findall(r"<td\b[^>]*>", table):
                if "data-label" not in cell and "cell-" not in cell:
                    missing.append(f"{path.relative_to(TEMPLATES)}: {cell}")
    assert missing == []
