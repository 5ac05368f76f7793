"""The dashboard's network-health charts arrive after the page, by htmx, and are drawn."""

import pytest
from playwright.sync_api import expect

from core import demo


@pytest.fixture
def demo_doctor(db):
    doctor, _staff = demo.seed()
    return doctor


def test_the_network_health_charts_load_after_the_dashboard_and_are_drawn(
    page, demo_doctor, log_in
):
    log_in(page.context, demo_doctor)
    page.goto("/dashboard/")
    page.locator("#network-health").scroll_into_view_if_needed()

    expect(page.locator("#network-health-data")).to_have_attribute("data-drawn", "true")
    expect(page.locator("#network-health-body")).not_to_have_attribute("aria-busy", "true")
    box = page.locator("#chart-since").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100


def test_without_javascript_the_link_draws_the_charts_in_the_page(
    browser, live_server, demo_doctor, log_in
):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    log_in(context, demo_doctor)
    page = context.new_page()
    page.goto("/dashboard/")

    page.get_by_role("link", name="Show the charts").click()

    expect(page.locator("#chart-since")).to_be_attached()
    expect(page.locator("#network-health-body")).not_to_have_attribute("aria-busy", "true")
    context.close()


def test_on_a_phone_chart_code_loads_only_when_the_charts_come_into_view(
    phone_page, demo_doctor, log_in
):
    """Chart.js is the heaviest script: below the fold it waits (charts-when-seen.js)."""
    log_in(phone_page.context, demo_doctor)
    scripts = []
    phone_page.on("request", lambda request: scripts.append(request.url))
    phone_page.goto("/dashboard/")
    phone_page.wait_for_load_state("networkidle")
    assert not [url for url in scripts if "chart.umd" in url]

    phone_page.locator("#network-health").scroll_into_view_if_needed()
    expect(phone_page.locator("#network-health-data")).to_have_attribute("data-drawn", "true")
    assert [url for url in scripts if "chart.umd" in url]
