"""Contacts figures (issue 3): the contact list, the contact page and search at 10,000 contacts.

One doctor (bench-contacts@netmed.local) with 10,000 contacts and 100,000 interactions, plus three
other doctors of 10,000 contacts each in the same tables. Targets: list and contact page under
100 ms server time at p95; search under 50 ms at p95, using an index (the EXPLAIN plan is printed).

    DATABASE_URL=... python -m bench.contacts [runs]
    DATABASE_URL=... python -m bench.contacts --scenario doctor   # bench.seed's doctor, as built

Seeds once with bulk_create (about a minute), then times requests in-process with Django's test
client, reading the server's own time from the ``Server-Timing`` header.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

EMAIL = "bench-contacts@netmed.local"
OTHERS = [f"bench-contacts-{i}@netmed.local" for i in range(3)]
CONTACTS, INTERACTIONS, OTHER_INTERACTIONS = 10_000, 100_000, 10_000
COMMAND = "DATABASE_URL=… python -m bench.contacts"
SEARCHES = ["smi", "Smyth", "cardio", "westmead", "nguyen research", "given4321"]
GIVEN = [
    "Anika",
    "James",
    "Mei",
    "Tom",
    "Fatima",
    "Liam",
    "Grace",
    "Sofia",
    "David",
    "Priya",
    "Ahmed",
    "Hannah",
    "Olivia",
    "Noah",
]
FAMILY = [
    "Smith",
    "Jones",
    "Williams",
    "Brown",
    "Wilson",
    "Taylor",
    "Nguyen",
    "Johnson",
    "Martin",
    "White",
    "Anderson",
    "Walker",
    "Harris",
    "Ali",
    "Lee",
    "Chen",
    "Patel",
    "Khan",
    "Singh",
    "Kelly",
    "Ryan",
    "Murphy",
    "O'Connor",
    "Rossi",
    "Haddad",
    "Okafor",
    "Sharma",
    "Tran",
]
DEPARTMENTS = ["Cardiology", "Emergency", "General Medicine", "ICU", "Paediatrics", "Surgery"]


def _seed_doctor(email: str, contacts: int, interactions: int):
    from django.db import connection, transaction

    from accounts.models import User
    from contacts.models import Contact, ContactEmail, Interaction, Organisation, Position, Tag
    from contacts.organisation_counts import refresh_all
    from contacts.search import fill_search_vectors
    from core.models import Term

    user, _ = User.objects.get_or_create(email=email, defaults={"display_name": "Bench"})
    if Contact.objects.filter(owner=user).count() >= contacts:
        return user
    rng = random.Random(email)
    terms = {k: list(Term.objects.filter(kind=k)) for k in ("specialty", "interaction_kind")}
    orgs = Organisation.objects.bulk_create(
        Organisation(owner=user, name=f"{name} Hospital {i}")
        for i, name in enumerate(["Westmead", "Royal Prince Alfred", "Concord"] * 60)
    )
    tags = Tag.objects.bulk_create(Tag(owner=user, name=f"tag {i}") for i in range(30))
    today = dt.date.today()
    people = Contact.objects.bulk_create(
        (
            Contact(
                owner=user,
                prefix="Dr",
                given_name=f"{rng.choice(GIVEN)}" if i % 10 else f"Given{i}",
                family_name=rng.choice(FAMILY),
                specialty=rng.choice(terms["specialty"]),
                city=rng.choice(["Sydney", "Brisbane", "Melbourne"]),
                closeness=rng.randint(1, 5),
                cadence_days=rng.choice([None, 30, 90]),
                notes="Met at grand rounds; interested in research." if i % 7 == 0 else "",
            )
            for i in range(contacts)
        ),
        batch_size=2000,
    )
    ContactEmail.objects.bulk_create(
        (ContactEmail(contact=c, email=f"person{i}@{email.split('@')[0]}.example.org")
         for i, c in enumerate(people)),
        batch_size=5000,
    )  # fmt: skip
    Position.objects.bulk_create(
        (
            Position(
                contact=c,
                organisation=rng.choice(orgs),
                department=rng.choice(DEPARTMENTS),
                title="Consultant",
                start_date=today - dt.timedelta(days=rng.randint(30, 3000)),
            )
            for c in people
        ),
        batch_size=5000,
    )
    Contact.tags.through.objects.bulk_create(
        (Contact.tags.through(contact_id=c.pk, tag_id=t.pk)
         for c in people for t in rng.sample(tags, 2)),
        batch_size=5000,
    )  # fmt: skip
    # A realistic skew: a few colleagues seen very often (the first hundred get half the history).
    for start in range(0, interactions, 10_000):
        rows = Interaction.objects.bulk_create(
            Interaction(
                owner=user,
                kind=rng.choice(terms["interaction_kind"]),
                occurred_on=today - dt.timedelta(days=rng.randint(0, 3650)),
                note="Caught up over coffee." if n % 3 else "",
                people_count=1,  # each names one contact (below)
            )
            for n in range(start, min(start + 10_000, interactions))
        )
        Interaction.contacts.through.objects.bulk_create(
            Interaction.contacts.through(
                interaction_id=row.pk,
                contact_id=(people[rng.randrange(100)] if n % 2 else rng.choice(people)).pk,
                occurred_on=row.occurred_on,  # as contacts.interactions.store_people keeps it
            )
            for n, row in enumerate(rows)
        )
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE contacts_contact c SET last_interaction_at = latest.d
                 FROM (SELECT ic.contact_id, max(i.occurred_on) d FROM contacts_interaction i
                       JOIN contacts_interaction_contacts ic ON ic.interaction_id = i.id
                       WHERE i.owner_id = %s GROUP BY ic.contact_id) latest
                WHERE latest.contact_id = c.id""",
            [user.pk],
        )
    # Set-based, as bulk loads fill them: the per-contact statement (VECTOR_SQL) ran for 10
    # minutes and more on tables whose statistics were not yet gathered.
    with transaction.atomic():
        fill_search_vectors([user.pk])
    refresh_all([user.pk])  # each organisation's people and last contact, as the services keep
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return user


def _times(client, url: str, runs: int, **headers) -> list[float]:
    client.get(url, **headers)  # warm up
    times = []
    for _ in range(runs):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        times.append(float(response["Server-Timing"].split("dur=")[1].split(";")[0]))
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def explain_search(user, text: str) -> str:
    from django.db import connection

    from contacts.models import Contact

    queryset = (
        Contact.objects.for_user(user).alive().search(text, owner=user).with_list_columns()[:50]
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def run(runs: int = 30, scenario: str | None = None) -> list[dict]:
    """Time the pages as bench-contacts (seeded here), or as the lead doctor of a ``bench.seed``
    scenario already built (``doctor`` built with ``--full`` is the issue's size: 100 doctors of
    10,000 contacts, 1,000,000 in all)."""
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from contacts.models import Contact
    from core.startup import freeze_startup_heap

    settings.ALLOWED_HOSTS = ["*"]
    if scenario:
        from accounts.models import User
        from bench.seed import lead_email

        user = User.objects.get(email=lead_email(scenario))
        command = f"{COMMAND} --scenario {scenario}"
    else:
        user = _seed_doctor(EMAIL, CONTACTS, INTERACTIONS)
        for other in OTHERS:
            _seed_doctor(other, CONTACTS, OTHER_INTERACTIONS)
        command = COMMAND
    client = Client()
    client.force_login(user)
    list_url = reverse("contacts:list")
    client.get(list_url)  # the modules a request loads are loaded, then ...
    freeze_startup_heap()  # ... kept out of garbage collection, as netmed.wsgi does in production
    busiest = (
        Contact.objects.filter(owner=user).annotate(n=Count("interactions")).order_by("-n").first()
    )
    pages = {
        "contact list (first page, by name)": (list_url, {}),
        "contact list sorted by last contacted, page 20": (
            f"{list_url}?sort=-last_contacted&page=20",
            {},
        ),
        "contact list filtered (2 tags, city, overdue)": (
            f"{list_url}?tags={_tag(user, 1)}&tags={_tag(user, 2)}&tags_match=any"
            "&city=Sydney&contact_status=overdue",
            {},
        ),
        f"contact page ({busiest.n} interactions)": (busiest.get_absolute_url(), {}),
    }
    rows = []
    for figure, (url, headers) in pages.items():
        times = _times(client, url, runs, **headers)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        rows.append(_row(figure, "p95 < 100 ms", times, 100, len(queries), command))
    search_times = []
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "contact-results"}
    for text in SEARCHES:
        search_times += _times(client, f"{list_url}?q={text}", max(5, runs // 3), **htmx)
    rows.append(_row(f"search as you type ({', '.join(SEARCHES)})", "p95 < 50 ms",
                     search_times, 50, None, command))  # fmt: skip
    for text in ("Smyth", "cardio"):
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) for search {text!r}:\n{explain_search(user, text)}")
    return rows


def _tag(user, n: int) -> str:
    from contacts.models import Tag

    return str(Tag.objects.for_user(user).order_by("name")[n].pk)


def _row(figure, target, times, limit, queries, command=COMMAND) -> dict:
    measured = f"p50 {statistics.median(times):.1f} ms, p95 {p95(times):.1f} ms"
    if queries is not None:
        measured += f", {queries} queries"
    return {
        "figure": figure,
        "target": target,
        "measured": measured,
        "met": p95(times) < limit,
        "command": command,
    }


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=int, nargs="?", default=30)
    parser.add_argument(
        "--scenario", help="time this bench.seed scenario's lead doctor instead (e.g. doctor)"
    )
    args = parser.parse_args()
    for row in run(args.runs, args.scenario):
        print(f"{row['figure']}: {row['measured']} (target {row['target']}, met: {row['met']})")
