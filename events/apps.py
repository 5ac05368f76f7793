from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        # Register the timeline and due-item sources.
        from . import due, timeline  # noqa: F401
