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
