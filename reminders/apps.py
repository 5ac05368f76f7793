from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self) -> None:
        from contacts import due_dates

        from . import sources  # noqa: F401 - registers due sources, actions and timeline
        from .keep_in_touch import refresh_due_dates

        due_dates.register_rule("reminders.keep_in_touch", refresh_due_dates)
