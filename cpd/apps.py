from django.apps import AppConfig


class CpdConfig(AppConfig):
    name = "cpd"
    verbose_name = "CPD and memberships"

    def ready(self):
        # Register the renewals due source.
        from . import due  # noqa: F401
