"""The network graph from its edge table (issue 22, part 3) at the ``doctor`` scenario.

    DATABASE_URL=... REDIS_URL=... python -m bench.graph_edges [ROUNDS]

Reads the lead doctor of the built ``doctor`` scenario (10,000 contacts, 100,000 interactions;
build it with ``python -m bench.seed doctor``) in-process with Django's test client and
``NETMED_BENCH=true`` (so ``Server-Timing`` counts queries), in interleaved rounds with the floor
view (the base template, no database work of its own), so load on the machine falls on every
figure alike. For each view of the graph data: server time p50 and p95, its ratio to the floor's
p95, the query count, and the JSON's size raw and as sent gzipped. Then what keeping the edges
costs a writer: ``refresh_edges_for`` after logging a three-person interaction with the most
connected contact, and after moving that contact to the Trash and back (each in a transaction
rolled back afterwards, so the scenario is left as it was).
"""

from __future__ import annotations

import gzip
import os
import re
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
os.environ["NETMED_BENCH"] = "true"

TIMING = re.compile(r"(\w+);dur=([\d.]+)(?:;desc=\"?([^\",]*)\"?)?")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def _request(client, url: str) -> tuple[float, int, int, int]:
    """(server ms, queries, raw bytes, bytes sent) of one gzip-accepting request."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200, (url, response.status_code)
    app_ms, queries = 0.0, 0
    for name, dur, desc in TIMING.findall(response["Server-Timing"]):
        if name == "app":
            app_ms = float(dur)
        elif name == "db" and desc:
            queries = int(desc.split()[0])
    sent = response.content
    raw = gzip.decompress(sent) if response.get("Content-Encoding") == "gzip" else sent
    return app_ms, queries, len(raw), len(sent)


def _writer_ms(user, contact, others) -> dict[str, float]:
    """Time each writer's edge refresh at this size, rolled back."""
    from django.db import transaction

    from collaboration.edges import refresh_edges_for
    from contacts.interactions import log_interaction
    from contacts.services import restore_contacts, trash_contacts

    figures = {}
    with transaction.atomic():
        log_interaction(user, [contact, *others], kind="meal")
        started = time.perf_counter()
        refresh_edges_for(user.pk, [contact.pk, *(o.pk for o in others)])
        figures["refresh after a 3-person interaction"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        trash_contacts(owner=user, ids=[contact.pk])
        figures["trash the most connected contact (whole writer)"] = (
            time.perf_counter() - started
        ) * 1000
        started = time.perf_counter()
        restore_contacts(owner=user, ids=[contact.pk])
        figures["restore it (whole writer)"] = (time.perf_counter() - started) * 1000
        transaction.set_rollback(True)
    return {name: round(ms, 1) for name, ms in figures.items()}


def main(rounds: int = 40) -> None:
    from bench.seed import built, lead_email, setup_django

    setup_django()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from collaboration.models import NetworkNode
    from contacts.models import Contact

    if not built("doctor"):
        sys.exit("Build the doctor scenario first: python -m bench.seed doctor")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = User.objects.get(email=lead_email("doctor"))
    client = Client()
    client.force_login(user)
    hub = NetworkNode.objects.for_user(user).order_by("-links", "contact").first().contact
    data = reverse("collaboration:graph_data")
    pages = {
        "floor": reverse("floor"),
        "graph data (the 250 most connected)": data,
        "graph data, focused on the most connected": f"{data}?focus={hub.pk}",
        f"graph data, search '{hub.family_name}'": f"{data}?q={hub.family_name}",
        "graph data, met together only": f"{data}?edges=met_together",
        "graph data, colour by organisation": f"{data}?colour_by=organisation",
    }
    samples: dict[str, list] = {name: [] for name in pages}
    for url in pages.values():  # warm up
        _request(client, url)
    for _ in range(rounds):
        for name, url in pages.items():
            samples[name].append(_request(client, url))
    with open("/proc/loadavg") as file:
        load = " ".join(file.read().split()[:3])
    connected = NetworkNode.objects.for_user(user).count()
    contacts = Contact.objects.for_user(user).alive().count()
    print(f"doctor scenario: {contacts:,} contacts, {connected:,} with a link; load {load}")
    floor_p95 = _p95([s[0] for s in samples["floor"]])
    print("| figure | p50 | p95 | × floor p95 | queries | JSON raw | sent (gzip) |")
    print("|---|---|---|---|---|---|---|")
    for name, rows in samples.items():
        times = [row[0] for row in rows]
        _, queries, raw, sent = rows[-1]
        print(
            f"| {name} | {statistics.median(times):.1f} ms | {_p95(times):.1f} ms | "
            f"{_p95(times) / floor_p95:.1f}× | {queries} | {raw / 1024:.1f} kB | "
            f"{sent / 1024:.1f} kB |"
        )
    others = list(Contact.objects.for_user(user).alive().exclude(pk=hub.pk)[:2])
    for name, ms in _writer_ms(user, hub, others).items():
        print(f"writer: {name}: {ms} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
