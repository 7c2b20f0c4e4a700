"""IANA time zones at the edges. Everything inside Kindred is aware UTC."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import pgettext

# Browsers (through ICU) still report some renamed zones by their old names;
# Chromium says "Asia/Calcutta" for India. We store the current IANA name.
LEGACY_ALIASES = {
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Rangoon": "Asia/Yangon",
    "Asia/Dacca": "Asia/Dhaka",
    "Asia/Thimbu": "Asia/Thimphu",
    "Asia/Ulan_Bator": "Asia/Ulaanbaatar",
    "Europe/Kiev": "Europe/Kyiv",
    "Atlantic/Faeroe": "Atlantic/Faroe",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Indianapolis": "America/Indiana/Indianapolis",
    "America/Louisville": "America/Kentucky/Louisville",
    "America/Godthab": "America/Nuuk",
    "Pacific/Truk": "Pacific/Chuuk",
    "Pacific/Ponape": "Pacific/Pohnpei",
    "Pacific/Enderbury": "Pacific/Kanton",
}


@functools.cache
def all_zone_names() -> tuple[str, ...]:
    # "localtime", "Factory" and the legacy aliases are not places people live.
    names = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name
        and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
        and name not in LEGACY_ALIASES
    }
    names.add("UTC")
    return tuple(sorted(names))


def zone_choices() -> list[tuple[str, str]]:
    """Every zone for a picker: its IANA name, which calendars use, and what
    the reader's language calls it ("Europe/Berlin · Mitteleuropäische Zeit")."""
    return list(_zone_choices_in(translation.get_language() or settings.LANGUAGE_CODE))


@functools.cache
def _zone_choices_in(language: str) -> tuple[tuple[str, str], ...]:
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_timezone_name

    try:
        locale = Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return tuple((zone, zone) for zone in all_zone_names())

    def label(zone: str) -> str:
        try:
            return f"{zone} · {get_timezone_name(zone, width='long', locale=locale)}"
        except LookupError:
            return zone

    return tuple((zone, label(zone)) for zone in all_zone_names())


def canonical_zone(name: str) -> str:
    return LEGACY_ALIASES.get(name, name)


def is_valid_zone(name: str) -> bool:
    return name in _zone_set()


@functools.cache
def _zone_set() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def local_today(zone: str, now: dt.datetime | None = None) -> dt.date:
    """Today's date where the person is (it differs from UTC's for half the day)."""
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone)).date()


def wall_clock(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The moment a wall-clock time in `zone` means, as calendar clients
    read it (RFC 5545, 3.3.5), in that zone: a time in the hour skipped when
    clocks go forward moves on by the gap (02:30 becomes 03:30), and a time
    in the repeated hour when they go back is its first occurrence."""
    return naive.replace(tzinfo=zone, fold=0).astimezone(dt.UTC).astimezone(zone)


def after(start: dt.datetime, minutes: int) -> dt.datetime:
    """`minutes` of real time after `start`, in UTC (adding to a local time
    would count on the wall clock, which jumps at a daylight-saving change)."""
    return start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)


def when_in(moment: dt.datetime, zone: str) -> str:
    """A time as a person reads it in an e-mail: their local time, and the
    zone it is in, always (a time without its zone is a guess), written the
    way the active language writes a date (its translators give the order)."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    # Translators: a date format (Django's date filter): the weekday, day,
    # month and year and the 24-hour time, in your language's order.
    written = formats.date_format(local, pgettext("date and time in e-mails", "l d F Y, H:i"))
    return f"{written} ({zone})"


def short_when(moment: dt.datetime, zone: str) -> str:
    """A time in a line of a page ("Tue 5 Mar, 14:30"), in the given zone."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return formats.date_format(local, pgettext("short date and time", "D j M, H:i"))


def weekday_in(day: dt.date) -> str:
    """A calendar date with its weekday ("Tuesday 5 March"), for a date that
    has no time (a commitment's due date)."""
    return formats.date_format(day, pgettext("weekday and day", "l j F"))


def day_in(moment: dt.datetime, zone: str) -> str:
    """A day of the year as a person reads it ("5 March"), in their zone."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return formats.date_format(local, pgettext("day in e-mails", "j F"))
