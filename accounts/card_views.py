"""My card: the doctor's own card and its QR code, the short link others open, and the scanner.

The short link (/c/<token>/) is public: a visitor who is not signed in sees only what the owner
chose and is asked to sign in to add them. It is rate-limited per client address, and gives 404
once revoked.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core import ratelimit
from core.middleware import allow_features
from events.models import Event

from . import cards
from .forms import ShareCardForm


def _share_url(request, card) -> str:
    return request.build_absolute_uri(reverse("card_share", args=[card.token]))


def my_card(request):
    card = cards.card_for(request.user)
    form = ShareCardForm(request.POST or None, instance=card, region=request.user.country.code)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your card is saved.")
        return redirect("accounts:card")
    context = {
        "card": card,
        "form": form,
        "shown": cards.shown(card),
        "share_url": _share_url(request, card),
    }
    return render(request, "accounts/card.html", context)


@require_GET
def card_qr(request):
    card = cards.card_for(request.user)
    return HttpResponse(cards.qr_code(_share_url(request, card)), content_type="image/svg+xml")


@require_POST
def card_revoke(request):
    cards.revoke(cards.card_for(request.user))
    messages.success(request, "Your old link and QR code no longer work. Here are new ones.")
    return redirect("accounts:card")


@require_GET
@allow_features(camera=["self"])
def card_scan(request):
    """The only page allowed the camera (``Permissions-Policy: camera=(self)``)."""
    event = _event_from(request)
    return render(request, "accounts/card_scan.html", {"event": event})


def _event_from(request) -> Event | None:
    """The event a scan started from (``?event=``): one this doctor may see, else 404."""
    pk = request.GET.get("event") or request.POST.get("event")
    if not pk:
        return None
    try:
        pk = uuid.UUID(pk)
    except ValueError as error:
        raise Http404 from error
    return get_object_or_404(Event.objects.visible_to(request.user), pk=pk)


def _shared_or_404(request, token):
    if not ratelimit.allow(request, scope="card", limit=cards.RATE_LIMIT, window=cards.RATE_WINDOW):
        return None
    card = cards.shared_card(token)
    if card is None:
        raise Http404
    return card


def _too_many():
    response = HttpResponse(
        "Too many card look-ups from here. Try again in a few minutes.",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(cards.RATE_WINDOW)
    return response


@login_not_required
@require_GET
def card_share(request, token):
    card = _shared_or_404(request, token)
    if card is None:
        return _too_many()
    signed_in = request.user.is_authenticated
    context = {
        "card": card,
        "shown": cards.shown(card),
        "own": signed_in and card.owner_id == request.user.pk,
        "event": _event_from(request) if signed_in else None,
        "login_url": f"{reverse('account_login')}?next={request.get_full_path()}",
    }
    return render(request, "accounts/card_shared.html", context)


@require_POST
def card_add(request, token):
    card = _shared_or_404(request, token)
    if card is None:
        return _too_many()
    if card.owner_id == request.user.pk:
        raise Http404
    event = _event_from(request) if request.POST.get("to_event") else None
    contact, created = cards.add_from_card(user=request.user, card=card, event=event)
    said = "added to your contacts" if created else "already in your contacts"
    messages.success(
        request, f"{contact.display_name} {said}{' and met at ' + event.title if event else ''}."
    )
    if event is not None:
        return redirect(reverse("events:detail", kwargs={"pk": event.pk}) + "#people")
    return redirect("contacts:detail", pk=contact.pk)
