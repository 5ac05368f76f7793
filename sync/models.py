"""App passwords: the only way into NetMed's CardDAV/CalDAV server (``sync.dav``).

A phone's contacts or calendar app cannot do a second factor, so it never gets the account
password: the doctor makes one app password per device on the profile page, sees it once, and
can revoke it. Only a hash of the secret is kept (Django's password hashers); ``key`` is the
public first part of the password, so a sign-in looks up one row and checks one hash. The web
login never reads this table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import OwnedModel


class AppPasswordQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)

    def active(self):
        return self.filter(revoked_at=None)


class AppPassword(OwnedModel):
    label = models.CharField(max_length=80, help_text="Which device: “iPhone”, “Thunderbird”…")
    key = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=256, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AppPasswordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label


class SyncAccount(OwnedModel):
    """A doctor's name on the DAV server: its id is the principal in every DAV path
    (``/dav/<id>/contacts/``), so paths carry no sequential user id and survive a change of
    email. Made at the first sign-in with an app password."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner"], name="syncaccount_one_per_owner")]

    def __str__(self) -> str:
        return str(self.pk)


class SyncedCard(models.Model):
    """Where a phone keeps a contact it created: the file name (href) and vCard UID it chose.

    A contact made in NetMed is served as ``<id>.vcf`` with its id as UID; one a phone PUT under
    its own name keeps that name and UID, or the phone would see it vanish and reappear.
    """

    contact = models.OneToOneField(
        "contacts.Contact", on_delete=models.CASCADE, related_name="synced_card"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    href = models.CharField(max_length=255)
    uid = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "href"], name="syncedcard_owner_href"),
        ]
        indexes = [models.Index(fields=["owner", "uid"], name="syncedcard_owner_uid")]

    def __str__(self) -> str:
        return self.href
