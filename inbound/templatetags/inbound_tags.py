"""The doctor's inbound address, shown on pages outside the inbound app (their profile)."""

from django import template

from inbound.addresses import address_for

register = template.Library()


@register.inclusion_tag("inbound/_address.html")
def inbound_address(user, next_page: str = ""):
    """``{% inbound_address request.user "profile" %}``: the address with "make a new one".
    One query (two the first time, when the address is made)."""
    return {"address": address_for(user), "next_page": next_page}
