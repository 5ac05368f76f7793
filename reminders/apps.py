from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self) -> None:
        from . import sources  # noqa: F401 - registers due sources, actions and timeline
