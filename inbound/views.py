"""The review page of inbound mail, "add as contact" for the people it offers, and a new
inbound address. Short views: form → service → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.tenancy import owned_or_404

from .addresses import address_for, regenerate_address
from .models import InboundMessage
from .review import add_offered_person

PAGE_SIZE = 50


def message_list(request):
    """The messages received lately, newest first: what each logged and who it offers."""
    received = InboundMessage.objects.for_user(request.user).for_listing()[:PAGE_SIZE]
    context = {"address": address_for(request.user), "received": received}
    return render(request, "inbound/message_list.html", context)


@require_POST
def add_person(request, pk):
    message = owned_or_404(InboundMessage.objects.defer("raw"), request.user, pk=pk)
    try:
        contact = add_offered_person(message=message, email=request.POST.get("email", ""))
    except LookupError:
        messages.error(request, "That person is no longer offered on this message.")
    else:
        messages.success(request, f"{contact} is now a contact, with this email on their timeline.")
    return redirect("inbound:list")


@require_POST
def regenerate(request):
    if request.POST.get("regenerate") == "1":
        regenerate_address(request.user)
        messages.success(request, "New address made. The old one no longer accepts mail.")
    back = "accounts:profile" if request.POST.get("next") == "profile" else "inbound:list"
    return redirect(back)
