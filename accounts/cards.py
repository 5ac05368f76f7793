"""A doctor's share card ("my card"): the QR code and short link another doctor opens to add
them as a contact, showing only what the owner chose (``accounts.models.ShareCard``)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from django.db import transaction

from contacts.models import Contact, ContactLink, ContactPhone, LinkKind
from contacts.services import add_contact, split_name

from .models import ShareCard, User, new_card_token

# Requests to share links per client address and window (core.ratelimit).
RATE_LIMIT = 30
RATE_WINDOW = 600


def card_for(user: User) -> ShareCard:
    """The doctor's card, made on first use with the defaults (name, role, specialty and
    workplace shown; email, phone and links not)."""
    card, _ = ShareCard.objects.get_or_create(owner=user)
    return card


def revoke(card: ShareCard) -> ShareCard:
    """A new token: the old link and QR code stop working (404) at once."""
    card.token = new_card_token()
    card.save(update_fields=["token", "updated_at"])
    return card


def shared_card(token: str) -> ShareCard | None:
    return (
        ShareCard.objects.filter(token=token)
        .select_related("owner__specialty", "owner__career_stage")
        .first()
    )


@dataclass(frozen=True)
class Shown:
    """What a card shows: its owner's name and only the fields they chose."""

    name: str
    career_stage: object = None
    specialty: object = None
    workplace: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    linkedin: str = ""


def shown(card: ShareCard) -> Shown:
    doctor = card.owner
    return Shown(
        name=doctor.display_name or "A NetMed doctor",
        career_stage=doctor.career_stage if card.show_career_stage else None,
        specialty=doctor.specialty if card.show_specialty else None,
        workplace=doctor.workplace if card.show_workplace else "",
        email=doctor.email if card.show_email else "",
        phone=card.phone,
        website=card.website,
        linkedin=card.linkedin,
    )


def qr_code(url: str, *, kind: str = "svg", scale: int = 6) -> bytes:
    """The QR code of ``url`` as an SVG (the card page) or a PNG (tests decode it)."""
    out = io.BytesIO()
    options = {"xmldecl": False, "title": "NetMed card"} if kind == "svg" else {}
    segno.make(url, error="m").save(out, kind=kind, scale=scale, border=4, **options)
    return out.getvalue()


@transaction.atomic
def add_from_card(*, user: User, card: ShareCard, event=None) -> tuple[Contact, bool]:
    """``user``'s contact for the card's owner, with only what the card shows: the living one
    with the shown email if there is one, else a new contact. With ``event`` (one ``user`` may
    see), they are also marked as met there. Returns (contact, created)."""
    if card.owner_id == user.pk:
        raise ValueError("a doctor cannot add their own card")
    facts = shown(card)
    contact = None
    if facts.email:
        contact = (
            Contact.objects.for_user(user)
            .alive()
            .filter(emails__email__iexact=facts.email)
            .order_by("created_at")
            .first()
        )
    created = contact is None
    if created:
        contact = _new_contact(user=user, facts=facts, event=event)
    if event is not None:
        from events.people_met import record_met

        record_met(user=user, event=event, contact=contact)
    return contact, created


def _new_contact(*, user: User, facts: Shown, event) -> Contact:
    from contacts.editing import refresh_derived

    prefix, given, family = split_name(facts.name)
    where = f" at {event.title}" if event is not None else ""
    contact = add_contact(
        owner=user,
        prefix=prefix,
        given_name=given,
        family_name=family,
        email=facts.email,
        organisation=facts.workplace,
        specialty=facts.specialty,
        career_stage=facts.career_stage,
        how_we_met=f"Swapped NetMed cards{where}",
        reason="Added from a NetMed card",
    )
    if facts.phone:
        ContactPhone.objects.create(contact=contact, number=facts.phone, is_primary=True)
    for kind, url in ((LinkKind.LINKEDIN, facts.linkedin), (LinkKind.WEBSITE, facts.website)):
        if url:
            ContactLink.objects.create(contact=contact, kind=kind, url=url)
    if facts.phone or facts.linkedin or facts.website:
        refresh_derived(contacts=[contact])
    return contact
