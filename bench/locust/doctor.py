"""locust user for ``bench/load.py``: a signed-in doctor browsing, searching and logging
interactions. Each simulated user takes the next session from ``NETMED_LOAD_SESSIONS`` and, when
``NETMED_LOAD_HOSTS`` lists several servers (``bench/scale_out.py``: comma-separated base URLs),
the next of them, so the users are spread evenly over the web nodes."""

import itertools
import json
import os
import random
import secrets
import string
from pathlib import Path

from locust import HttpUser, between, task

SESSIONS = json.loads(Path(os.environ["NETMED_LOAD_SESSIONS"]).read_text())
HOSTS = [h for h in os.environ.get("NETMED_LOAD_HOSTS", "").split(",") if h]
NEXT = itertools.count()


class Doctor(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        number = next(NEXT)
        me = SESSIONS[number % len(SESSIONS)]
        if HOSTS:  # this user's web node, for the whole run
            self.host = self.client.base_url = HOSTS[number % len(HOSTS)]
        # The CSRF cookie is Secure in production settings, so it is sent by hand over loopback.
        self.csrf = secrets.token_hex(16)
        self.headers = {"Cookie": f"{me['cookie']}; csrftoken={self.csrf}"}
        self.contacts, self.kinds = me["contacts"], me["kinds"]

    def _get(self, path, name):
        # Not following redirects: a signed-in doctor gets each page at once, and a redirect
        # (to the sign-in page, when the session is not recognised) is a failure, not a page.
        with self.client.get(
            path, headers=self.headers, name=name, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")

    @task(3)
    def dashboard(self):
        self._get("/dashboard/", "dashboard")

    @task(4)
    def contact_list(self):
        self._get(f"/contacts/?page={random.randint(1, 5)}", "contacts list")

    @task(4)
    def contact_page(self):
        self._get(f"/contacts/{random.choice(self.contacts)}/", "contact page")

    @task(3)
    def search(self):
        query = "".join(random.choices(string.ascii_lowercase, k=random.randint(2, 4)))
        self._get(f"/contacts/?q={query}", "contacts search")

    @task(1)
    def reminders(self):
        self._get("/reminders/", "reminders")

    @task(2)
    def log_interaction(self):
        contact = random.choice(self.contacts)
        data = {
            "kind": random.choice(self.kinds),
            "occurred_on": "2026-11-20",
            "place": "Grand rounds",
            "note": "Load test: coffee after grand rounds.",
        }
        headers = {**self.headers, "X-CSRFToken": self.csrf, "Referer": self.host}
        with self.client.post(
            f"/contacts/{contact}/interactions/",
            data=data,
            headers=headers,
            name="log interaction",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"status {response.status_code}")
            elif "/accounts/login" in response.headers.get("Location", ""):
                response.failure("sent to the sign-in page")
