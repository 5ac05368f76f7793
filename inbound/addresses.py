"""Each doctor's private inbound address: made when first shown, regenerated on request, and
looked up from a recipient of incoming mail."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction

from .models import InboundAddress, new_token


def address_for(user) -> InboundAddress:
    """The doctor's inbound address, made the first time it is asked for."""
    address, _ = InboundAddress.objects.get_or_create(owner=user)
    return address


@transaction.atomic
def regenerate_address(user) -> InboundAddress:
    """A new token: the old address stops working at once (mail to it gets 550)."""
    address = InboundAddress.objects.select_for_update().filter(owner=user).first()
    if address is None:
        return InboundAddress.objects.create(owner=user)
    address.token = new_token()
    address.save(update_fields=["token", "updated_at"])
    return address


def token_of(recipient: str) -> str | None:
    """The token in ``log+<token>@<NETMED_INBOUND_DOMAIN>`` (case-insensitive), else None."""
    local_part = re.escape(settings.NETMED_INBOUND_LOCAL_PART.lower())
    domain = re.escape(settings.NETMED_INBOUND_DOMAIN.lower())
    matched = re.fullmatch(rf"{local_part}\+([a-z0-9]+)@{domain}", recipient.strip().lower())
    return matched.group(1) if matched else None


def owner_of(recipient: str):
    """The doctor whose inbound address this is, or None (an unknown or retired address)."""
    token = token_of(recipient)
    if token is None:
        return None
    found = InboundAddress.objects.select_related("owner").filter(token=token).first()
    return found.owner if found is not None and found.owner.is_active else None
