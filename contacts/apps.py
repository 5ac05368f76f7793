from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"

    def ready(self) -> None:
        from . import timeline_sources  # noqa: F401 -- registers the timeline sources
