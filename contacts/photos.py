"""Contact photos are private: stored under random names and served only to their owner.

A photo's storage name is ``contact-photos/<random>.<ext>``: nothing in it (the date, the file's
original name, the contact's id) lets anyone guess another photo's path, and no URL pattern
serves ``MEDIA_URL``. The browser asks ``contacts:photo``, which checks the owner and then either
streams the file itself (development) or, in production, hands the file to the web server with
``X-Accel-Redirect`` (nginx: ``NETMED_MEDIA_ACCEL_REDIRECT``) or ``X-Sendfile`` (Apache, Caddy,
lighttpd: ``NETMED_MEDIA_X_SENDFILE``); docs/security.md shows the web server's side.
"""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse

PHOTO_DIRECTORY = "contact-photos"
# The only extensions a stored photo gets, with the type it is served as: a file can never be
# served as HTML or script, whatever name it was uploaded with.
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
}
EXTENSIONS = {"jpeg": "jpg", "jpe": "jpg", **{ext: ext for ext in CONTENT_TYPES}}


def random_photo_name(extension: str) -> str:
    """A fresh, unguessable storage name keeping only a known image extension."""
    extension = EXTENSIONS.get(extension.lower().lstrip("."), "jpg")
    return f"{PHOTO_DIRECTORY}/{secrets.token_urlsafe(24)}.{extension}"


def photo_upload_to(instance, filename: str) -> str:
    """``upload_to`` for ``Contact.photo``: the uploaded name is dropped, only its type kept."""
    return random_photo_name(PurePosixPath(filename).suffix)


class PrivatePhotoFile(ImageFieldFile):
    @property
    def url(self) -> str:
        """The owner-checked view, never MEDIA_URL: so every ``photo.url`` (the contact form's
        "Currently" link included) reaches the photo only through ``contacts:photo``."""
        self._require_file()
        return reverse("contacts:photo", args=[self.instance.pk])


class PrivatePhotoField(models.ImageField):
    attr_class = PrivatePhotoFile


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(
        EXTENSIONS.get(PurePosixPath(name).suffix.lower().lstrip("."), ""),
        "application/octet-stream",
    )


def photo_response(name: str) -> HttpResponse:
    """The stored photo ``name`` as a response: the caller has already checked the owner."""
    if not name or not default_storage.exists(name):
        raise Http404("No photo")
    accel_prefix = settings.NETMED_MEDIA_ACCEL_REDIRECT
    if accel_prefix:
        response = HttpResponse(content_type=content_type(name))
        response["X-Accel-Redirect"] = accel_prefix.rstrip("/") + "/" + name
    elif settings.NETMED_MEDIA_X_SENDFILE:
        response = HttpResponse(content_type=content_type(name))
        response["X-Sendfile"] = default_storage.path(name)
    else:
        response = FileResponse(default_storage.open(name), content_type=content_type(name))
    response["Content-Disposition"] = "inline"
    return response


def is_random_name(name: str) -> bool:
    """Whether a stored name already has the private form ``contact-photos/<random>.<ext>``."""
    path = PurePosixPath(name)
    return (
        str(path.parent) == PHOTO_DIRECTORY
        and path.suffix.lstrip(".") in CONTENT_TYPES
        and len(path.stem) == 32
    )


def rename_stored_photos(*, contact_model, history_model=None) -> int:
    """Move every photo stored under an old, guessable name (``contact-photos/YYYY/MM/<original
    name>``) to a random one, and point the contact and its history rows at it. Takes the models
    so the data migration can pass its historical ones; returns how many files moved. A photo
    whose file is missing keeps its name (there is nothing to move, and nothing is served)."""
    moved = 0
    contacts = contact_model._base_manager.exclude(photo="").only("pk", "photo")
    for contact in contacts.iterator():
        old = contact.photo.name
        if is_random_name(old) or not default_storage.exists(old):
            continue
        with default_storage.open(old) as handle:
            new = default_storage.save(random_photo_name(PurePosixPath(old).suffix), handle)
        contact_model._base_manager.filter(pk=contact.pk).update(photo=new)
        if history_model is not None:
            history_model._base_manager.filter(photo=old).update(photo=new)
        default_storage.delete(old)
        moved += 1
    return moved
