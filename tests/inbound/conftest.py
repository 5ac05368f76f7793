import pytest


@pytest.fixture
def eager(settings):
    """Queued tasks run at once, in the thread that commits. Set on the Celery app too: once
    another test has read the app's configuration, a changed Django setting alone is not seen."""
    from netmed.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
