from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "collaboration"

    def ready(self) -> None:
        # Register the contact timeline sources (projects, introductions).
        from contacts import links

        from . import timeline  # noqa: F401
        from .edges import refresh_edges_for

        # Interactions, the Trash and merges (contacts app) change the graph's edges too.
        links.register_rule("collaboration.edges", refresh_edges_for)
