"""The digest's one-click links: they work from a phone without logging in.

A GET only shows what the link will do (mail scanners prefetch links, so a GET never changes
anything); the button on that page POSTs to the same signed URL. The token is the authority (no
session is involved), so these views are CSRF-exempt; RFC 8058 unsubscribe POSTs come from mail
providers without any cookie.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import DigestFrequency, User

from . import due, follow_ups, links


def _claim(request, purpose: str, token: str):
    """(claim, user) for a valid token, else None."""
    try:
        claim = links.read_token(purpose, token)
    except signing.BadSignature:
        return None, None
    user = User.objects.filter(pk=claim.user_id, is_active=True).first()
    if user is None:
        return None, None
    timezone.activate(user.timezone)
    return claim, user


def _refused(request):
    return render(request, "reminders/email_link.html", {"state": "refused"}, status=404)


def _page(request, purpose, claim, state, **extra):
    safe_url = claim.url if claim.url.startswith("/") and not claim.url.startswith("//") else ""
    context = {"purpose": purpose, "claim": claim, "state": state, "open_url": safe_url, **extra}
    return render(request, "reminders/email_link.html", context)


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def email_action(request, token: str, purpose: str):
    claim, user = _claim(request, purpose, token)
    if claim is None:
        return _refused(request)
    if request.method == "GET":
        return _page(request, purpose, claim, "confirm")
    until = None
    if purpose == "snooze":
        until = follow_ups.snooze_date("week", timezone.localdate())
    try:
        due.perform(user, claim.action_ref, purpose, until)
    except LookupError:
        return _refused(request)
    return _page(request, purpose, claim, "done", until=until)


@login_not_required
@require_http_methods(["GET"])
def email_open(request, token: str):
    claim, user = _claim(request, "open", token)
    if claim is None:
        return _refused(request)
    actions = {}
    if claim.action_ref:
        for purpose in ("done", "snooze"):
            actions[purpose] = links.link(
                purpose, user.pk, claim.action_ref, claim.url, claim.title
            )
    return _page(request, "open", claim, "open", actions=actions)


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def email_unsubscribe(request, token: str):
    claim, user = _claim(request, "unsubscribe", token)
    if claim is None:
        return _refused(request)
    if request.method == "GET":
        return _page(request, "unsubscribe", claim, "confirm")
    User.objects.filter(pk=user.pk).update(digest_frequency=DigestFrequency.OFF)
    return _page(request, "unsubscribe", claim, "done")
