from django.apps import AppConfig


class MentorshipConfig(AppConfig):
    name = "mentorship"

    def ready(self) -> None:
        # Register the due-item and timeline sources and the action-item handlers.
        from . import due, timeline  # noqa: F401
