import uuid

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Each test gets its own key prefix on the real Redis: rate limits never leak between tests."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


@pytest.fixture
def doctor(db):
    return factories.UserFactory(display_name="Dr Owner")


@pytest.fixture
def outsider(db):
    """Another doctor, who must never see the first doctor's data."""
    return factories.UserFactory(display_name="Dr Outsider")


@pytest.fixture
def doctor_client(client, doctor):
    client.force_login(doctor)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture(autouse=True)
def vocabulary_after_flushes(request):
    """The vocabularies a migration loaded, back after a transactional test's flush emptied them.

    pytest-django runs transactional tests last, and each one ends by emptying every table, so the
    next one would start without the ``Term`` rows that migration 0002 loaded.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
        or (marker and marker.kwargs.get("transaction"))
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        from core.models import Term
        from core.vocabulary import load_terms

        if not Term.objects.exists():
            load_terms(Term)
