"""Time zones as people choose them: Australia's and New Zealand's first, by their canonical
names, then every other canonical zone, sorted (not 598 keys in the order the system lists
them, legacy aliases included)."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

# Checked first: the zones NetMed's users live in, by their canonical names (not the links
# "Australia/ACT" or "Australia/Canberra" that sort before them).
FIRST_ZONES = [
    "Australia/Sydney",
    "Australia/Melbourne",
    "Australia/Brisbane",
    "Australia/Adelaide",
    "Australia/Darwin",
    "Australia/Perth",
    "Australia/Hobart",
    "Pacific/Auckland",
]


@lru_cache(maxsize=1)
def likely_zones() -> list[str]:
    """The zones worth offering or matching, the ones NetMed's users live in first."""
    others = sorted(
        key
        for key in zoneinfo.available_timezones()
        if "/" in key
        and not key.startswith(("Etc/", "SystemV/", "US/", "Canada/"))
        and not key.rsplit("/", 1)[1].isupper()  # legacy aliases such as Australia/NSW
        and key not in FIRST_ZONES
    )
    return FIRST_ZONES + others


def zone_choices() -> list[tuple[str, str]]:
    """(key, label) for a select: Australia's and New Zealand's zones first."""
    return [(key, key.replace("_", " ")) for key in likely_zones()]
