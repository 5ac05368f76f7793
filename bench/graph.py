"""Collaboration figures (issue 7): the graph's data endpoint and the organisation page.

A doctor with 2,000 contacts, 300 projects and about 20,000 edges. Targets: graph data under
200 ms server time (p95) and under 500 kB gzipped; organisation page under 100 ms (p95).

    DATABASE_URL=... python -m bench.graph

Seeds its own doctor (bench-graph@netmed.local) once with bulk_create, then times requests with
Django's test client in-process, reading the server's own time from the Server-Timing header.
"""

from __future__ import annotations

import gzip
import os
import random
import statistics
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

EMAIL = "bench-graph@netmed.local"
CONTACTS, PROJECTS, PER_PROJECT = 2000, 300, 12


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
    return user


def _time(client, url: str, runs: int) -> tuple[list[float], bytes, dict]:
    times = []
    response = None
    for _ in range(runs):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        times.append(float(response["Server-Timing"].split("dur=")[1].split(";")[0]))
    return times, response.content, response


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main(runs: int = 30) -> dict:
    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from contacts.models import Organisation

    settings.ALLOWED_HOSTS = ["*"]
    user = _seed()
    client = Client()
    client.force_login(user)
    _time(client, reverse("collaboration:graph_data"), 2)  # warm up
    graph_times, body, response = _time(client, reverse("collaboration:graph_data"), runs)
    compressed = (
        len(body) if response.get("Content-Encoding") == "gzip" else len(gzip.compress(body))
    )
    import json

    data = json.loads(gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body)
    org = Organisation.objects.filter(owner=user).first()
    org_url = reverse("collaboration:organisation_detail", args=[org.pk])
    _time(client, org_url, 2)
    org_times, _, _ = _time(client, org_url, runs)
    return {
        "graph_nodes": len(data["nodes"]),
        "graph_edges": len(data["edges"]),
        "graph_data_p50_ms": round(statistics.median(graph_times), 1),
        "graph_data_p95_ms": round(p95(graph_times), 1),
        "graph_payload_gzip_kb": round(compressed / 1024, 1),
        "organisation_page_p50_ms": round(statistics.median(org_times), 1),
        "organisation_page_p95_ms": round(p95(org_times), 1),
    }


if __name__ == "__main__":
    figures = main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
    for name, value in figures.items():
        print(f"{name}: {value}")
