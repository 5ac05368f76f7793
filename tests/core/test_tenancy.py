"""The tenancy walk: every URL pattern in the project, taken from the resolver, as an outsider.

A second doctor requests every page with the first doctor's object ids (GET and POST) and must get
404 (or 405 where the method is not allowed) with the database unchanged; an anonymous visitor is
sent to the login page; pages without ids must not show the first doctor's rows. New URLs are
covered automatically: a pattern with a parameter this test cannot fill fails until it is given a
sample value, and a public page must be named in PUBLIC below.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import UUIDConverter
from django.utils import timezone

from core.models import OwnedModel
from tests.factories import WORLD_MARKER, build_world

# Pages anyone may open without signing in.
PUBLIC = {
    "home",
    "healthz",
    "healthz_live",
    "healthz_ready",
    "floor",
    # The installable app's manifest and service worker hold nothing about anyone (core/pwa.py).
    "manifest",
    "service_worker",
    # A share card's link is public to whoever holds its token, showing only what its owner
    # chose (tests/accounts/test_share_card.py).
    "card_share",
    # The calendar feed is public to whoever holds its secret token (tests/events/test_calendar.py).
    "events:feed",
    # Signed digest-email links: the token is the authority (tests/reminders/test_links.py).
    "reminders:email_open",
    "reminders:email_done",
    "reminders:email_snooze",
    "reminders:email_unsubscribe",
    # The CardDAV/CalDAV server signs in with HTTP Basic and an app password, never a session;
    # its own walk, every DAV path of one doctor as another, is tests/sync/test_dav_tenancy.py.
    "sync:dav_root",
    "sync:dav",
    "sync:well_known_carddav",
    "sync:well_known_caldav",
    # Mailgun's inbound webhook: the request's HMAC signature is the authority
    # (tests/inbound/test_webhook.py); 404 where no signing key is set.
    "inbound:mailgun",
}
# Development-only pages (the design system's style guide): a 404 wherever DEBUG is off, as here;
# tests/core/test_styleguide.py renders it with DEBUG on. It shows no one's data.
DEVELOPMENT_ONLY = {"styleguide"}
# Third-party namespaces and URL-name prefixes with their own access rules (allauth's views for
# signing in and out; Django admin, which refuses non-staff). Checked separately below.
THIRD_PARTY_PREFIXES = ("account_", "mfa_")
THIRD_PARTY_NAMESPACES = ("admin",)
# Sample values for parameters that are not object ids, by URL name and parameter.
SAMPLE_KWARGS: dict[str, dict[str, object]] = {
    "events:feed": {"token": "not-a-real-token"},
    "card_share": {"token": "not-a-real-token"},
    "card_add": {"token": "not-a-real-token"},
    "sync:dav": {"rest": "not-a-principal/contacts/"},
    # A new contact-form row; positions list the doctor's organisations.
    "contacts:form_row": {"kind": "positions"},
    **{
        f"reminders:email_{purpose}": {"token": "not-a-token"}
        for purpose in ("open", "done", "snooze", "unsubscribe")
    },
    **{
        f"cpd:{name}": {"year": timezone.localdate().year}
        for name in ("year", "print", "export", "plan_save", "goal_add")
    },
}
# Apps whose tables hold doctors' data; the walk checks none of their rows changed.
DATA_APPS = ["contacts", "events", "mentorship", "reminders", "cpd"]


@dataclass
class Route:
    name: str
    namespace: str
    converters: dict


def walk(patterns=None, namespace: str = "") -> list[Route]:
    routes = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            child_ns = ":".join(p for p in [namespace, entry.namespace] if p)
            routes += walk(entry.url_patterns, child_ns)
        elif isinstance(entry, URLPattern):
            name = ":".join(p for p in [namespace, entry.name] if p) if entry.name else ""
            converters = getattr(entry.pattern, "converters", {})
            routes.append(Route(name=name, namespace=namespace, converters=converters))
    return routes


def own_routes() -> list[Route]:
    return [
        r
        for r in walk()
        if not r.name.startswith(THIRD_PARTY_PREFIXES)
        and r.namespace.split(":")[0] not in THIRD_PARTY_NAMESPACES
    ]


def object_ids(world: dict) -> list:
    return [obj.pk for obj in world.values() if hasattr(obj, "pk")]


def urls_for(route: Route, world: dict) -> list[str]:
    """Every URL of this route filled with each of the world's object ids."""
    samples = SAMPLE_KWARGS.get(route.name, {})
    uuid_params = [k for k, c in route.converters.items() if isinstance(c, UUIDConverter)]
    other = [k for k in route.converters if k not in uuid_params and k not in samples]
    assert not other, f"{route.name}: give SAMPLE_KWARGS values for {other}"
    if not uuid_params:
        return [reverse(route.name, kwargs=samples)]
    return [
        reverse(route.name, kwargs={**samples, **{k: pk for k in uuid_params}})
        for pk in object_ids(world)
    ]


def data_apps() -> list[str]:
    """DATA_APPS plus every app that defines an OwnedModel, so a new app is covered unasked."""
    owned = {m._meta.app_label for m in apps.get_models() if issubclass(m, OwnedModel)}
    return sorted(set(DATA_APPS) | owned)


def data_checksum(ignoring_owner=None) -> str:
    """A digest of every row of every table in the data apps.

    ``ignoring_owner`` leaves out that user's own rows: an outsider may change their own data
    (say, create their own calendar feed) but never the first doctor's.
    """
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for app in data_apps():
            for model in apps.get_app_config(app).get_models(include_auto_created=True):
                table = connection.ops.quote_name(model._meta.db_table)
                rows = "string_agg(t::text, '|' ORDER BY t::text)"
                where, params = "", []
                if ignoring_owner is not None and any(
                    f.column == "owner_id" for f in model._meta.concrete_fields
                ):
                    where, params = "WHERE t.owner_id IS DISTINCT FROM %s", [ignoring_owner.pk]
                cursor.execute(f"SELECT md5(coalesce({rows}, '')) FROM {table} t {where}", params)
                digest.update(cursor.fetchone()[0].encode())
    return digest.hexdigest()


def owned_checksum(user) -> str:
    """A digest of every row that hangs off ``user`` (see ``accounts.privacy.owned_querysets``):
    what another doctor's requests must never change, while their own rows may."""
    from accounts.privacy import owned_querysets

    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for label, queryset in sorted(owned_querysets(user), key=lambda item: item[0]):
            sql, params = queryset.query.sql_with_params()
            rows = "string_agg(t::text, '|' ORDER BY t::text)"
            cursor.execute(f"SELECT md5(coalesce({rows}, '')) FROM ({sql}) t", params)
            digest.update(label.encode() + cursor.fetchone()[0].encode())
    return digest.hexdigest()


@pytest.fixture
def world(doctor, settings, tmp_path):
    """The doctor's world, its contact with a photo so the walk covers the photo view too."""
    settings.MEDIA_ROOT = tmp_path
    world = build_world(doctor)
    world["contact"].photo.save("photo.png", ContentFile(PNG))
    return world


# A 1x1 PNG: the smallest file the photo view serves as an image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d7"
    "63f8cfc000000301010018dd8db00000000049454e44ae426082"
)


def test_every_route_has_a_name():
    unnamed = [r for r in own_routes() if not r.name]
    assert not unnamed, "name every URL pattern so the tenancy walk can reverse it"


def test_world_holds_a_row_of_every_owned_model(world):
    owned = [m for m in apps.get_models() if issubclass(m, OwnedModel)]
    missing = [m.__name__ for m in owned if not m.objects.filter(owner=world["contact"].owner)]
    assert not missing, f"add these models to tests.factories.build_world: {missing}"


@pytest.fixture
def plain_not_found(settings):
    """The project's URLs, answering 404 without drawing the styled page (tests/core/walk_urls.py):
    the walk reads only the status, and the page was half of each request's time."""
    settings.ROOT_URLCONF = "tests.core.walk_urls"


@pytest.mark.django_db
def test_outsider_gets_404_for_every_object_url_and_changes_nothing(
    world, client, outsider, plain_not_found
):
    client.force_login(outsider)
    before = data_checksum()
    checked = 0
    for route in own_routes():
        if route.name in PUBLIC or not any(
            isinstance(c, UUIDConverter) for c in route.converters.values()
        ):
            continue
        for url in urls_for(route, world):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code in (404, 405), (
                    f"{method.upper()} {url} ({route.name}) gave {response.status_code} "
                    "to another doctor"
                )
                checked += 1
    assert data_checksum() == before, "an outsider's request changed the first doctor's data"
    assert checked >= 2


@pytest.mark.django_db
def test_an_outsider_is_shown_the_styled_not_found_page(world, client, outsider):
    client.force_login(outsider)
    response = client.get(world["contact"].get_absolute_url())
    assert response.status_code == 404
    assert "There is nothing at this address" in response.content.decode()
    assert WORLD_MARKER not in response.content.decode()


# Searches and filters: every page without ids is also asked for the doctor's marker (a part of
# it, so a page that echoes the query back does not look like a leak).
SEARCH_PARAMS = {key: WORLD_MARKER[1:-1] for key in ("q", "search", "name")}
# Field names bulk actions might read ids from; the walk POSTs every world id under each.
ID_FIELDS = ("pk", "id", "ids", "contact", "contacts", "selected", "keep", "duplicate", "items")


@pytest.mark.django_db
def test_outsider_pages_without_ids_show_none_of_the_doctors_rows(world, client, outsider):
    client.force_login(outsider)
    for route in own_routes():
        if route.name in PUBLIC or any(
            isinstance(c, UUIDConverter) for c in route.converters.values()
        ):
            continue
        for url in urls_for(route, world):
            if route.name in DEVELOPMENT_ONLY:
                assert client.get(url).status_code == 404, f"{url} is open outside development"
                continue
            for params in ({}, SEARCH_PARAMS):
                response = client.get(url, params)
                assert response.status_code in (200, 302, 405), (
                    f"GET {url} {params} gave {response.status_code}"
                )
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                assert WORLD_MARKER.encode() not in body, f"GET {url} shows another doctor's data"


@pytest.mark.django_db
def test_outsider_posting_the_doctors_ids_to_pages_without_ids_changes_nothing(
    world, client, outsider
):
    """Bulk actions and forms that take ids in the body must scope them to the signed-in user."""
    client.force_login(outsider)
    ids = [str(pk) for pk in object_ids(world)]
    body = {field: ids for field in ID_FIELDS}
    before = data_checksum(ignoring_owner=outsider)
    for route in own_routes():
        if route.name in PUBLIC or any(
            isinstance(c, UUIDConverter) for c in route.converters.values()
        ):
            continue
        for url in urls_for(route, world):
            response = client.post(url, body)
            assert response.status_code < 500, f"POST {url} gave {response.status_code}"
            content = b"" if response.streaming else response.content
            assert WORLD_MARKER.encode() not in content, f"POST {url} shows another doctor's data"
            assert data_checksum(ignoring_owner=outsider) == before, (
                f"an outsider's POST to {url} changed the first doctor's data"
            )


@pytest.mark.django_db
def test_owner_can_open_each_object_url_so_the_walk_can_fail(world, client, doctor):
    client.force_login(doctor)
    for route in own_routes():
        uuid_params = [c for c in route.converters.values() if isinstance(c, UUIDConverter)]
        if not uuid_params:
            continue
        # The first object the owner can open is enough: asking for the rest proves no more.
        opened = any(client.get(url).status_code != 404 for url in urls_for(route, world))
        assert opened, f"{route.name}: the owner got 404 for every object in the world"


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_every_private_page(world, client):
    for route in own_routes():
        if route.name in PUBLIC:
            continue
        for url in urls_for(route, world)[:1]:
            response = client.get(url)
            assert response.status_code in (302, 405), f"GET {url} gave {response.status_code}"
            if response.status_code == 302:
                assert response.url.startswith(reverse("account_login")), url


@pytest.mark.django_db
def test_uploaded_files_are_served_to_nobody_by_their_media_path(world, client, doctor, outsider):
    """Photos reach the browser only through contacts:photo; the file's own path serves nothing,
    to a visitor, another doctor or even the owner."""
    path = settings.MEDIA_URL + world["contact"].photo.name
    assert (settings.MEDIA_ROOT / world["contact"].photo.name).exists()
    assert client.get(path).status_code in (302, 404)
    for user in (outsider, doctor):
        client.force_login(user)
        assert client.get(path).status_code == 404, f"{path} served to {user}"


@pytest.mark.django_db
def test_doctors_are_refused_the_admin(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.django_db
def test_owned_checksum_sees_the_doctors_changes_but_not_the_outsiders(world, outsider):
    from tests.factories import ContactFactory

    doctor = world["contact"].owner
    before = owned_checksum(doctor)
    ContactFactory(owner=outsider)
    assert owned_checksum(doctor) == before
    world["email"].email = "changed@example.org"
    world["email"].save()
    assert owned_checksum(doctor) != before
