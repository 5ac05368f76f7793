"""App passwords on the profile page, and the door to the DAV server (``sync.dav``)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.tenancy import owned_or_404

from . import app_passwords, dav
from .forms import AppPasswordForm
from .listing import address_book_listing
from .models import AppPassword


@require_POST
def app_password_create(request):
    form = AppPasswordForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Name the device the app password is for.")
        return redirect(reverse("accounts:profile") + "#sync-heading")
    made = app_passwords.create_app_password(owner=request.user, label=form.cleaned_data["label"])
    # Shown on this response only: it is not stored, and the page is never cached (no-store).
    context = {"made": made, "server_url": request.build_absolute_uri(reverse("sync:dav_root"))}
    return render(request, "sync/app_password_created.html", context)


@require_POST
def app_password_revoke(request, pk):
    app_password = owned_or_404(AppPassword, request.user, pk=pk)
    app_passwords.revoke_app_password(owner=request.user, pk=app_password.pk)
    messages.success(request, f"“{app_password.label}” can no longer sync.")
    return redirect(reverse("accounts:profile") + "#sync-heading")


@csrf_exempt  # DAV clients PROPFIND here: a redirect for any method, no session involved.
@login_not_required
def well_known(request):
    """``/.well-known/carddav`` and ``/.well-known/caldav`` (RFC 6764): the DAV server's root,
    which tells a signed-in client where its address book and calendar are."""
    return HttpResponsePermanentRedirect(reverse("sync:dav_root"))


# A DAV client signs in with HTTP Basic (email + app password) on every request, never with a
# session cookie, so there is no cross-site request to forge and CSRF does not apply here.
@csrf_exempt
@login_not_required
def dav_view(request, rest: str = ""):
    """Hand the request to Radicale (a WSGI application) and its answer back to Django; the
    listing of a whole address book is answered by ``sync.listing``, which is much faster."""
    listing = address_book_listing(request, rest)
    if listing is not None:
        response = HttpResponse(listing, status=207, content_type="text/xml; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        return response
    environ = dict(request.META)
    body = request.body
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ["SCRIPT_NAME"] = request.META.get("SCRIPT_NAME", "").rstrip("/") + "/dav"
    environ["PATH_INFO"] = "/" + rest
    # Radicale would take a client's X-Script-Name header as its prefix: never let it.
    environ.pop("HTTP_X_SCRIPT_NAME", None)
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, headers

    chunks = dav.application()(environ, start_response)
    response = HttpResponse(b"".join(chunks), status=int(started["status"].split()[0]))
    for name, value in started["headers"]:
        response[name] = value
    # A doctor's contacts: never kept by a proxy or a shared cache.
    response.setdefault("Cache-Control", "private, no-store")
    return response
