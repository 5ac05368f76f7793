"""Privacy rights (Australian Privacy Principles 12 and 13, and deletion): a doctor can download
everything NetMed holds about them and their network, and can delete their account.

The download walks the model graph from the user (every model with a foreign key to the user,
then every model with a foreign key to those, and so on), so a new app's rows are included
without changing this module. Deletion is requested with the password, waits out a grace
period in which signing in again can cancel it, then ``purge_due_accounts`` deletes the user
and, by cascade, everything they own.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import User

DELETION_GRACE = dt.timedelta(days=14)
# Rows about the user that are secrets or NetMed's own bookkeeping, not the doctor's data.
NOT_EXPORTED = {
    "mfa.authenticator",
    "sessions.session",
    "admin.logentry",
    "account.emailconfirmation",
    # Where a phone keeps the cards it made: NetMed's bookkeeping for sync.
    "sync.syncedcard",
}
# Secrets, even hashed: the account password and app passwords (their labels and dates go out).
NOT_EXPORTED_FIELDS = {"password", "secret_hash"}


# "Who made this change" on a change-history row says nothing about whose row it is: the
# history of a contact's email is the doctor's through its contact, like the email itself.
NOT_OWNERSHIP = {"history_user"}


def _reaches_user(model: type[models.Model], parents: set[type[models.Model]]):
    """The foreign keys of ``model`` that point at one of ``parents``."""
    return [
        f
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey)
        and f.related_model in parents
        and f.concrete
        and f.name not in NOT_OWNERSHIP
    ]


def owned_querysets(user: User) -> Iterator[tuple[str, models.QuerySet]]:
    """(``app_label.model``, queryset) for every row that hangs off ``user``, breadth first.

    A model reached by several paths (``Introduction``: its owner and its contacts) is taken by
    its shortest one, which for every ``OwnedModel`` is ``owner``.
    """
    reached: dict[type[models.Model], models.QuerySet] = {User: User.objects.filter(pk=user.pk)}
    frontier = {User}
    candidates = [m for m in apps.get_models() if not m._meta.proxy]
    while frontier:
        found: dict[type[models.Model], models.QuerySet] = {}
        for model in candidates:
            if model in reached or model in found:
                continue
            links = _reaches_user(model, frontier)
            if not links:
                continue
            query = models.Q()
            for link in links:
                query |= models.Q(**{f"{link.name}__in": reached[link.related_model].values("pk")})
            found[model] = model._default_manager.filter(query)
        reached.update(found)
        frontier = set(found)
    for model, queryset in reached.items():
        yield model._meta.label_lower, queryset


def _rows(queryset: models.QuerySet) -> list[dict]:
    rows = serializers.serialize("python", queryset.order_by("pk"))
    for row in rows:
        for name in NOT_EXPORTED_FIELDS:
            row["fields"].pop(name, None)
    return rows


def export_json(user: User) -> str:
    data = {
        label: _rows(queryset)
        for label, queryset in owned_querysets(user)
        if label not in NOT_EXPORTED
    }
    document = {
        "exported_at": timezone.now(),
        "about": "Everything NetMed holds about you and your network.",
        "user": user.email,
        "data": data,
    }
    return json.dumps(document, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False)


def _vcards(user: User) -> str:
    from contacts import exporting

    return "".join(exporting.vcards(exporting.exported_contacts(user)))


def _calendar(user: User) -> bytes | None:
    """Every event the doctor made or has an attendance for, if the events app is installed."""
    if not apps.is_installed("events"):
        return None
    from events import calendar
    from events.models import Attendance, Event

    mine = Attendance.objects.filter(owner=user).values("event")
    events = Event.objects.filter(models.Q(owner=user) | models.Q(pk__in=mine)).order_by(
        "starts_at"
    )
    ics = calendar._calendar(f"NetMed: {user}")
    for event in events.order_by("starts_at"):
        ics.add_component(calendar._vevent(event))
    ics.add_missing_timezones()
    return ics.to_ical()


def export_archive(user: User) -> bytes:
    """One zip: ``netmed.json`` (every row), ``contacts.vcf`` and ``events.ics``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("netmed.json", export_json(user))
        archive.writestr("contacts.vcf", _vcards(user))
        events = _calendar(user)
        if events is not None:
            archive.writestr("events.ics", events)
        archive.writestr(
            "README.txt",
            "netmed.json: every record NetMed holds about you and your network, by table.\n"
            "contacts.vcf: your contacts as vCard 4.0 (import into any address book).\n"
            "events.ics: the events you made or attend (import into any calendar).\n",
        )
    return buffer.getvalue()


def request_deletion(*, user: User) -> dt.datetime:
    """Start the grace period; returns when the account will be deleted."""
    if user.deletion_requested_at is None:
        user.deletion_requested_at = timezone.now()
        user.save(update_fields=["deletion_requested_at"])
    return user.deletion_requested_at + DELETION_GRACE


def cancel_deletion(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(deletion_requested_at=None)
    user.deletion_requested_at = None


def purge_due_accounts(*, now: dt.datetime | None = None) -> int:
    """Delete every account whose grace period is over, with everything it owns (by cascade).

    Safe to run twice: a deleted account is gone, and one whose deletion was cancelled no longer
    matches. Each account is deleted in its own transaction.
    """
    cutoff = (now or timezone.now()) - DELETION_GRACE
    deleted = 0
    for pk in User.objects.filter(deletion_requested_at__lte=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            user = User.objects.select_for_update().filter(pk=pk, deletion_requested_at__lte=cutoff)
            if user.exists():
                _delete_user(user.get())
                deleted += 1
    return deleted


def _delete_user(user: User) -> None:
    """Delete the user and, by cascade, what they own.

    A ``PROTECT`` key between two of the user's own rows (a position at one of their
    organisations) stops a plain cascade; such rows are deleted first, and only if they are the
    user's own.
    """
    from contacts import history
    from core.history import forgetting

    mine = {label: qs for label, qs in owned_querysets(user)}
    owner_id = user.pk
    # The change history outlives a deleted row by design (it records the deletion): not here.
    with forgetting():
        for _ in range(10):
            try:
                user.delete()
                break
            except models.ProtectedError as error:
                for obj in error.protected_objects:
                    if not mine[obj._meta.label_lower].filter(pk=obj.pk).exists():
                        raise
                    obj.delete()
        else:
            user.delete()
    history.forget_owner(owner_id)
