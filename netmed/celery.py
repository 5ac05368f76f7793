"""The Celery app. Tasks live in each app's tasks.py; schedules in CELERY_BEAT_SCHEDULE."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")

app = Celery("netmed")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
