"""At a conference with no Wi-Fi: a doctor adds two people met, reloads the event page while still
offline (the service worker serves it), comes back online, and each person arrives once."""

import re
import time

from playwright.sync_api import expect

from contacts.models import Contact
from events.models import CaptureReceipt, PersonMet
from tests.factories import EventFactory

KEPT = """async ([page, scripts]) => {
  const pages = await caches.open("netmed-pages-v1");
  if (!(await pages.match(page))) return false;
  for (const src of scripts) { if (!(await caches.match(src))) return false; }
  return true;
}"""


def add_person(people, given, family, workplace):
    if not people.get_by_label("First name").is_visible():  # offline, the form stays open
        people.get_by_text("Someone new? Add them with details").click()
    people.get_by_label("First name").fill(given)
    people.get_by_label("Last name").fill(family)
    people.get_by_label("Workplace").fill(workplace)
    people.get_by_role("button", name="Add as met here").click()


def test_people_met_offline_survive_a_reload_and_arrive_once_each_when_back_online(
    doctor_page, doctor
):
    event = EventFactory(title="ANZCA Annual Scientific Meeting")
    page = doctor_page
    page.goto(f"/events/{event.pk}/")
    # The service worker keeps the page and what it loads (static/js/sw.js, static/js/pwa.js).
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(el => el.src)")
    deadline = time.monotonic() + 10
    while not page.evaluate(KEPT, [f"/events/{event.pk}/", scripts]):
        assert time.monotonic() < deadline, "the service worker did not keep the event page"
        page.wait_for_timeout(100)

    page.context.set_offline(True)
    people = page.locator("#people-panel")
    waiting = page.locator("[data-offline-queue]")
    add_person(people, "Mei", "Chen", "Westmead Hospital")
    expect(waiting).to_be_visible()
    expect(waiting.get_by_text("Mei Chen")).to_be_visible()
    expect(people.get_by_label("First name")).to_have_value("")
    add_person(people, "Tom", "Nguyen", "The Royal Melbourne Hospital")
    expect(waiting.get_by_role("heading")).to_have_text("Waiting to be sent (2)")
    assert not PersonMet.objects.exists()

    page.reload()  # still offline: the kept page, and the entries kept on the phone
    expect(page.get_by_role("heading", level=1)).to_have_text("ANZCA Annual Scientific Meeting")
    expect(waiting.get_by_role("heading")).to_have_text("Waiting to be sent (2)")
    assert not PersonMet.objects.exists()

    page.context.set_offline(False)
    expect(people.get_by_role("link", name="Mei Chen")).to_be_visible()
    expect(people.get_by_role("link", name="Tom Nguyen")).to_be_visible()
    expect(waiting).to_be_hidden()

    page.reload()  # online again: nothing is left to send, nothing is sent twice
    expect(people.get_by_role("link", name="Tom Nguyen")).to_be_visible()
    expect(waiting).to_be_hidden()
    for given in ("Mei", "Tom"):
        assert Contact.objects.filter(owner=doctor, given_name=given).count() == 1
    assert PersonMet.objects.filter(owner=doctor, event=event).count() == 2
    assert CaptureReceipt.objects.filter(owner=doctor).count() == 2


def test_the_phone_keeps_one_copy_of_each_static_file_not_one_per_release(doctor_page, doctor):
    """A copy kept under a release's hashed name (app.<hash>.js) is dropped once the file is
    kept again under its current name (sw.js, forgetOtherVersions)."""
    event = EventFactory()
    page = doctor_page
    page.goto(f"/events/{event.pk}/")
    app_js = page.eval_on_selector("script[src*='/js/app']", "el => new URL(el.src).pathname")
    released = re.sub(r"(\.[0-9a-f]{12})?\.js$", ".0123456789ab.js", app_js)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.evaluate(
        """async (path) => {
          const cache = await caches.open("netmed-assets-v1");
          await cache.put(path, new Response("old release"));
        }""",
        released,
    )
    page.reload()
    deadline = time.monotonic() + 10
    while page.evaluate("async (path) => Boolean(await caches.match(path))", released):
        assert time.monotonic() < deadline, f"{released} is still kept beside {app_js}"
        page.wait_for_timeout(100)
    assert page.evaluate("async (path) => Boolean(await caches.match(path))", app_js)
