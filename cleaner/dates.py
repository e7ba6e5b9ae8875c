"""Dates in text: datelines, bylines and the corpus's `date YYYY-MM-DD` prefix.

Month names come from the CLDR data that babel ships, for every language the
benchmarks hold, so no table is typed by hand. A date is accepted only inside a
plausibility window: not before 1995, not after the reference date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.dates import get_day_names, get_month_names

#: Languages whose month and weekday names are recognised.
LOCALES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "sl",
    "hr", "sr_Latn", "hu", "ro", "tr", "id", "ca", "ru", "uk", "bg", "el", "lt", "lv", "et",
)  # fmt: skip
EARLIEST_YEAR = 1995

_PUBLISHED = (
    r"published|posted|date|dated|on|publié le|publié|veröffentlicht( am)?|publicado( el| en)?|"
    r"pubblicato( il)?|gepubliceerd( op)?|opublikowano|publikováno|опубликовано|"
    r"yayınlanma( tarihi)?|"
    r"first published( on)?|created|le|am|el|il|op|em"
)
_UPDATED = (
    r"updated|last updated|modified|mis à jour( le)?|aktualisiert( am)?|actualizado( el)?|"
    r"aggiornato( il)?|обновлено"
)
_DIGIT = re.compile(r"\d")
_PREFIX = re.compile(r"^date (\d{4}-\d{2}-\d{2})(?:\s+|$)")


@dataclass(frozen=True)
class DateHit:
    """A date found in the text, with its time when one is stated."""

    date: str  # YYYY-MM-DD
    datetime: str | None = None  # ISO 8601, with the offset when one is given
    updated: bool = False  # labelled as an update, which loses to a publication date


def split_date_prefix(line: str) -> tuple[str | None, str]:
    """The corpus's ` date YYYY-MM-DD ` line prefix: (the date, the rest of the line)."""
    match = _PREFIX.match(line)
    if not match:
        return None, line
    return match.group(1), line[match.end() :]


def parse_dateline(line: str, reference: dt.date | None = None) -> DateHit | None:
    """The date when the whole line is a dateline, as in `Published February 4, 2026`."""
    if len(line) > 90 or not _DIGIT.search(line):
        return None
    match = _patterns().dateline.match(line)
    if not match:
        return None
    return _hit(match, reference, updated=bool(match.group("updated")))


def find_date(text: str, reference: dt.date | None = None) -> DateHit | None:
    """The first plausible date anywhere in a short text such as a byline."""
    for match in _patterns().anywhere.finditer(text):
        hit = _hit(match, reference, updated=False)
        if hit:
            return hit
    return None


def _hit(match: re.Match, reference: dt.date | None, updated: bool) -> DateHit | None:
    groups = match.groupdict()
    try:
        year = int(groups["y"] or groups["y2"] or groups["y3"] or groups["y4"])
        if groups["mon"] or groups["mon2"]:
            month = _months()[_fold(groups["mon"] or groups["mon2"])]
        else:
            month = int(groups["m"] or groups["m4"])
        day = int(groups["d"] or groups["d2"] or groups["d3"] or groups["d4"])
        day_value = dt.date(year, month, day)
    except (TypeError, ValueError, KeyError):
        return None
    latest = reference or dt.date.today()
    if not (year >= EARLIEST_YEAR and day_value <= latest + dt.timedelta(days=1)):
        return None
    return DateHit(day_value.isoformat(), _datetime(day_value, groups), updated)


def _datetime(day: dt.date, groups: dict) -> str | None:
    if groups.get("Hi") is not None:  # ISO 8601 keeps its own groups
        iso = {"H": groups["Hi"], "M": groups["Mi"], "S": groups["Si"], "tz": groups["tzi"]}
        groups = {**groups, **iso}
    if groups.get("H") is None:
        return None
    hour, minute = int(groups["H"]), int(groups["M"])
    second = int(groups["S"] or 0)
    ampm = (groups.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        stamp = dt.datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError:
        return None
    offset = groups.get("tz")
    if offset:
        if offset in ("Z", "UTC", "GMT"):
            delta = dt.timedelta(0)
        else:
            sign = -1 if offset[0] in "-−" else 1
            digits = offset[1:].replace(":", "")
            hours, minutes = (
                (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
            )
            delta = sign * dt.timedelta(hours=hours, minutes=minutes)
        stamp = stamp.replace(tzinfo=dt.timezone(delta))
    return stamp.isoformat()


def _fold(name: str) -> str:
    return name.casefold().rstrip(".")


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    names: dict[str, int] = {}
    for code in LOCALES:
        locale = Locale.parse(code)
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names.setdefault(_fold(name), number)
    names.pop("", None)
    names.setdefault("sept", 9)
    return names


@lru_cache(maxsize=1)
def _weekdays() -> list[str]:
    names = set()
    for code in LOCALES:
        for width in ("wide", "abbreviated"):
            names.update(
                _fold(n) for n in get_day_names(width, "format", Locale.parse(code)).values()
            )
    return sorted(names - {""}, key=len, reverse=True)


@dataclass(frozen=True)
class _Patterns:
    dateline: re.Pattern
    anywhere: re.Pattern


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    months = "|".join(re.escape(m) for m in sorted(_months(), key=len, reverse=True))
    weekdays = "|".join(re.escape(w) for w in _weekdays())
    time = (
        r"(?:(?:,|\s|\bat\b|\bum\b|\bà\b|\bkl\.|\||-|–|—|·|•)+"
        r"(?P<H>\d{1,2})[:.h](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
        r"(?:\s*\(?\s*(?:UTC|GMT)?\s*(?P<tz>[+-−]\d{1,2}(?::?\d{2})?|Z\b|UTC\b|GMT\b)\s*\)?"
        r"|\s*\(?(?:UTC|GMT)\)?|\s*[A-Z]{2,4}\b)?)?"
    )
    day_month_year = (
        rf"(?P<d>\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s*(?:de\s+)?"
        rf"(?P<mon>{months})\.?,?\s*(?:de\s+)?(?P<y>\d{{4}})"
    )
    month_day_year = (
        rf"(?P<mon2>{months})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    )
    iso = (
        r"(?P<y3>\d{4})-(?P<m>\d{1,2})-(?P<d3>\d{1,2})"
        r"(?:[T ](?P<Hi>\d{2}):(?P<Mi>\d{2})(?::(?P<Si>\d{2})(?:\.\d+)?)?"
        r"(?P<tzi>Z|[+-]\d{2}:?\d{2})?)?"
    )
    dotted = r"(?<![\d.])(?P<d4>\d{1,2})\.\s?(?P<m4>\d{1,2})\.\s?(?P<y4>\d{4})(?![\d.])"
    any_date = rf"(?:{day_month_year}|{month_day_year}|{iso}|{dotted})"
    label = rf"(?:(?P<updated>{_UPDATED})|(?:{_PUBLISHED}))\s*:?\s*"
    weekday = rf"(?:(?:{weekdays})\.?,?\s+)"
    dateline = rf"(?i)^\W*(?:{label})?{weekday}?{any_date}{time}\W*$"
    return _Patterns(re.compile(dateline), re.compile(rf"(?i)\b{any_date}{time}"))
