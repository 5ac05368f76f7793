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
