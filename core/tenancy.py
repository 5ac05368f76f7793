"""The one mechanism that scopes every view to the signed-in doctor's own rows.

Views never call ``Model.objects.get(pk=...)``: they go through ``owned_or_404`` or
``OwnedObjectMixin``, both built on the model's ``QuerySet.for_user()``, so another doctor's id
gives 404 exactly as a missing one does.
"""

from django.db import models
from django.shortcuts import get_object_or_404


def owned_or_404(source: type[models.Model] | models.QuerySet, user, **lookup) -> models.Model:
    """The user's own object matching ``lookup``, or 404.

    ``source`` is a model, or a queryset of it with ``select_related``/``prefetch_related`` done.
    """
    queryset = source.objects.all() if isinstance(source, type) else source
    return get_object_or_404(queryset.for_user(user), **lookup)


class OwnedObjectMixin:
    """For class-based views: the queryset is the signed-in user's rows only."""

    model: type[models.Model]

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)
