"""Collaboration figures (issue 7): the graph's data endpoint and the organisation page.

A doctor with 2,000 contacts, 300 projects and about 20,000 edges. Targets: graph data under
200 ms server time (p95) and under 500 kB gzipped; organisation page under 100 ms (p95).

    DATABASE_URL=... python -m bench.graph

Seeds its own doctor (bench-graph@netmed.local) once with bulk_create, then times requests with
Django's test client in-process, reading the server's own time (and, where Server-Timing counts
queries, the SQL time) from the Server-Timing header, and this process's CPU time per request.
``run()`` gives the rows of the generated table in docs/performance.md.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

EMAIL = "bench-graph@netmed.local"
TIMING = re.compile(r"(\w+);dur=([\d.]+)")
CONTACTS, PROJECTS, PER_PROJECT = 2000, 300, 12
SEEDED_TABLES = (
    "contacts_organisation",
    "contacts_contact",
    "contacts_position",
    "collaboration_project",
    "collaboration_collaborator",
    "collaboration_networkedge",
)


def _seed():
    from accounts.models import User
    from collaboration.models import Collaborator, Project
    from contacts.models import Contact, Organisation, Position
    from core.models import Term

    user, created = User.objects.get_or_create(email=EMAIL, defaults={"display_name": "Bench"})
    if not created and Contact.objects.filter(owner=user).count() >= CONTACTS:
        return user
    rng = random.Random(7)
    specialties = list(Term.objects.filter(kind="specialty"))
    orgs = Organisation.objects.bulk_create(
        Organisation(owner=user, name=f"Bench Hospital {i}") for i in range(40)
    )
    contacts = Contact.objects.bulk_create(
        Contact(
            owner=user,
            given_name=f"Given{i}",
            family_name=f"Family{i}",
            specialty=rng.choice(specialties),
        )
        for i in range(CONTACTS)
    )
    Position.objects.bulk_create(
        Position(contact=c, organisation=orgs[i % 10], department=f"Department {i % 12}")
        for i, c in enumerate(contacts)
    )
    projects = Project.objects.bulk_create(
        Project(owner=user, title=f"Project {i}") for i in range(PROJECTS)
    )
    Collaborator.objects.bulk_create(
        Collaborator(project=p, contact=c)
        for p in projects
        for c in rng.sample(contacts, PER_PROJECT)
    )
    from collaboration.edges import rebuild_edges
    from contacts.organisation_counts import refresh_all

    rebuild_edges([user.pk])  # as collaboration.services would keep them, for the bulk rows
    refresh_all([user.pk])  # each organisation's people, as the contact services keep them
    _vacuum()
    return user


def _vacuum() -> None:
    """What autovacuum would soon do to freshly bulk-loaded tables: statistics for the planner
    and a visibility map for index-only scans. Without it the first runs time a stale plan."""
    from bench.seed import vacuum_analyze

    vacuum_analyze(SEEDED_TABLES)


def _gzipped(response) -> bool:
    return response.get("Content-Encoding") == "gzip"


def _content(response) -> bytes:
    """The body as the browser reads it: unzipped when the server sent it gzipped."""
    return gzip.decompress(response.content) if _gzipped(response) else response.content


def _time(client, url: str, runs: int) -> tuple[list[dict], object]:
    """Server time (``app``), SQL time (``db``, when Server-Timing counts queries) and this
    process's CPU time for each of ``runs`` requests; CPU time is the figure load barely moves."""
    samples = []
    response = None
    for _ in range(runs):
        cpu = time.process_time()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        cpu_ms = (time.process_time() - cpu) * 1000
        assert response.status_code == 200, (url, response.status_code)
        timings = dict(TIMING.findall(response["Server-Timing"]))
        samples.append(
            {"app": float(timings["app"]), "db": float(timings.get("db", "nan")), "cpu": cpu_ms}
        )
    return samples, response


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _summary(samples: list[dict], key: str) -> tuple[float, float]:
    values = [sample[key] for sample in samples]
    return round(statistics.median(values), 1), round(p95(values), 1)


def main(runs: int = 30) -> dict:
    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from contacts.models import Organisation

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = _seed()
    client = Client()
    client.force_login(user)
    graph_url = reverse("collaboration:graph_data")
    _time(client, graph_url, 2)  # warm up
    graph, response = _time(client, graph_url, runs)
    data = json.loads(_content(response))
    compressed = len(response.content if _gzipped(response) else gzip.compress(response.content))
    org = Organisation.objects.filter(owner=user).order_by("name").first()
    figures, sizes = {}, {}
    for name, url in {
        "organisation_page": reverse("collaboration:organisation_detail", args=[org.pk]),
        "organisation_list": reverse("collaboration:organisation_list"),
    }.items():
        _time(client, url, 2)
        samples, page = _time(client, url, runs)
        figures[name] = samples
        sizes[name] = round(len(_content(page)) / 1024)
    result = {
        "graph_nodes": len(data["nodes"]),
        "graph_edges": len(data["edges"]),
        "graph_payload_gzip_kb": round(compressed / 1024, 1),
    }
    for name, samples in {"graph_data": graph, **figures}.items():
        for key in ("app", "db", "cpu"):
            p50, p95_ms = _summary(samples, key)
            result[f"{name}_{key}_p50_ms"], result[f"{name}_{key}_p95_ms"] = p50, p95_ms
    for name, kb in sizes.items():
        result[f"{name}_html_kb"] = kb
    return result


def run(runs: int = 30) -> list[dict]:
    """Rows for the generated table of docs/performance.md (``python -m bench``)."""
    f = main(runs)
    command = "python -m bench.graph"

    def row(figure: str, name: str, limit: int) -> dict:
        p50, p95_ms = f[f"{name}_app_p50_ms"], f[f"{name}_app_p95_ms"]
        return {
            "figure": figure,
            "target": f"p95 < {limit} ms",
            "measured": f"p50 {p50} ms, p95 {p95_ms} ms (SQL p50 {f[f'{name}_db_p50_ms']} ms, "
            f"CPU p50 {f[f'{name}_cpu_p50_ms']} ms)"
            + (f", {f[f'{name}_html_kb']} kB of HTML" if f"{name}_html_kb" in f else ""),
            "met": p95_ms < limit,
            "command": command,
        }

    return [
        row(
            f"graph data: 2,000 contacts, 300 projects, {f['graph_edges']:,} edges",
            "graph_data",
            200,
        ),
        {
            "figure": "graph data payload, gzipped",
            "target": "< 500 kB",
            "measured": f"{f['graph_payload_gzip_kb']} kB ({f['graph_nodes']:,} nodes)",
            "met": f["graph_payload_gzip_kb"] < 500,
            "command": command,
        },
        row("organisation page (bench-graph doctor)", "organisation_page", 100),
        row("organisation list (bench-graph doctor)", "organisation_list", 100),
    ]


if __name__ == "__main__":
    figures = main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
    for name, value in figures.items():
        print(f"{name}: {value}")
