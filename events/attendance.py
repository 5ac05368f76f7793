"""Writes to a doctor's attendance at an event."""

from __future__ import annotations

from django.db import transaction

from .models import CPD_FIELDS, Attendance, Event


@transaction.atomic
def set_attendance(
    *, user, event: Event, status: str, role: str | None = None, notes: str | None = None
) -> Attendance:
    """Create or update the user's attendance; a new one claims the event's CPD hours."""
    attendance, created = Attendance.objects.select_for_update().get_or_create(
        owner=user,
        event=event,
        defaults={"status": status, **{f: getattr(event, f) for f in CPD_FIELDS}},
    )
    attendance.status = status
    if role is not None:
        attendance.role = role
    if notes is not None:
        attendance.notes = notes
    if not created:
        attendance.save(update_fields=["status", "role", "notes", "updated_at"])
    elif role is not None or notes is not None:
        attendance.save(update_fields=["role", "notes", "updated_at"])
    return attendance


def remove_attendance(*, user, event: Event) -> None:
    """Forget the user's attendance (people met there stay, unlinked from it)."""
    Attendance.objects.for_user(user).filter(event=event).delete()
