"""Time zones as calendar files name them: IANA keys, Windows ids ("AUS Eastern Standard
Time"), Outlook's display names ("(UTC-05:00) Eastern Time (US & Canada)", "Canberra, Melbourne,
Sydney"), Mozilla's prefixed keys, and a file's own VTIMEZONE definitions."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import lru_cache

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from core.zones import likely_zones

# Outlook's display names that name no city of their zone (the others are matched by city).
DISPLAY_NAMES = {
    "eastern time (us & canada)": "America/New_York",
    "central time (us & canada)": "America/Chicago",
    "mountain time (us & canada)": "America/Denver",
    "pacific time (us & canada)": "America/Los_Angeles",
    "atlantic time (canada)": "America/Halifax",
    "alaska": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
    "arizona": "America/Phoenix",
    "coordinated universal time": "UTC",
    "dublin, edinburgh, lisbon, london": "Europe/London",
    "amsterdam, berlin, bern, rome, stockholm, vienna": "Europe/Berlin",
    "brussels, copenhagen, madrid, paris": "Europe/Paris",
    "chennai, kolkata, mumbai, new delhi": "Asia/Kolkata",
    "beijing, chongqing, hong kong, urumqi": "Asia/Shanghai",
    "osaka, sapporo, tokyo": "Asia/Tokyo",
    "auckland, wellington": "Pacific/Auckland",
    "canberra, melbourne, sydney": "Australia/Sydney",
}
OUTLOOK_DISPLAY = re.compile(r"^\(?(?:UTC|GMT)\s*(?:([+-])(\d{1,2}):?(\d{2}))?\)?\s*(.*)$", re.I)


def zone_from_tzid(tzid: str) -> zoneinfo.ZoneInfo | None:
    """The IANA zone a calendar's TZID means, or None when it cannot be known."""
    name = tzid.strip().strip('"')
    if not name:
        return None
    found = _iana(name) or _iana(WINDOWS_TO_OLSON.get(name, ""))
    if found:
        return found
    # Mozilla and others prefix the key: "/mozilla.org/20050126_1/Australia/Sydney".
    parts = name.strip("/").split("/")
    for start in range(1, len(parts)):
        if found := _iana("/".join(parts[start:])):
            return found
    return _from_display_name(name)


def _iana(key: str) -> zoneinfo.ZoneInfo | None:
    if not key or key.startswith("/") or ".." in key:
        return None
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _from_display_name(name: str) -> zoneinfo.ZoneInfo | None:
    match = OUTLOOK_DISPLAY.match(name)
    offset = None
    label = name
    if match and name[:1] == "(":
        sign, hours, minutes, label = match.groups()
        if hours is not None:
            offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
            offset = -offset if sign == "-" else offset
        else:
            offset = dt.timedelta(0)
    label = label.strip()
    if known := DISPLAY_NAMES.get(label.lower()):
        return zoneinfo.ZoneInfo(known)
    cities = [c.strip().lower() for c in re.split(r"[,&/]| - ", label) if c.strip()]
    for city in cities:
        for key in _zones_by_city().get(city, []):
            if offset is None or _standard_offset(key) == offset:
                return zoneinfo.ZoneInfo(key)
    return None


@lru_cache(maxsize=1)
def _zones_by_city() -> dict[str, list[str]]:
    """IANA keys by their city ("sydney": ["Australia/Sydney"]), canonical areas first."""
    by_city: dict[str, list[str]] = {}
    for key in sorted(zoneinfo.available_timezones()):
        if "/" not in key or key.startswith(("Etc/", "SystemV/", "US/", "Canada/")):
            continue
        city = key.rsplit("/", 1)[1].replace("_", " ").lower()
        by_city.setdefault(city, []).append(key)
    return by_city


def _standard_offset(key: str) -> dt.timedelta:
    """A zone's standard (winter) offset: the smaller of January's and July's."""
    zone = zoneinfo.ZoneInfo(key)
    year = dt.date.today().year
    offsets = [dt.datetime(year, month, 15, 12, tzinfo=zone).utcoffset() for month in (1, 7)]
    return min(offsets)


def zone_like(tzinfo: dt.tzinfo, at: dt.datetime) -> zoneinfo.ZoneInfo | None:
    """An IANA zone that keeps the same offsets as a file's own VTIMEZONE over the year from
    ``at`` (Australia's zones first), for a definition whose TZID names no known zone."""
    naive = [at.replace(tzinfo=None) + dt.timedelta(days=30 * i) for i in range(13)]
    wanted = [_offset(tzinfo, moment) for moment in naive]
    for key in likely_zones():
        zone = zoneinfo.ZoneInfo(key)
        if [moment.replace(tzinfo=zone).utcoffset() for moment in naive] == wanted:
            return zone
    return None


def _offset(tzinfo: dt.tzinfo, moment: dt.datetime) -> dt.timedelta | None:
    localize = getattr(tzinfo, "localize", None)  # pytz-style zones
    return localize(moment).utcoffset() if localize else moment.replace(tzinfo=tzinfo).utcoffset()


def tzid_of(component, name: str) -> str:
    """The TZID parameter of a component's date-time property, or ""."""
    value = component.get(name)
    params = getattr(value, "params", {}) or {}
    return str(params.get("TZID", ""))
