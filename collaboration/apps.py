from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "collaboration"

    def ready(self) -> None:
        # Register the contact timeline sources (projects, introductions).
        from . import timeline  # noqa: F401
