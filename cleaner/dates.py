"""Dates in text and pages: datelines, bylines, dates anywhere in a dump, and HTML.

Month and weekday names come from the CLDR data that babel ships, for every
language the benchmarks hold; the order of a numeric date (day or month first)
comes from the document itself, else from babel's short date pattern of the
language its written dates are in; time-zone abbreviations come from dateparser's
table (installed with htmldate). No table of names is typed here: only the small
label words ("published", "updated") that no maintained source lists.

A date is accepted only inside a plausibility window: not before 1995, not after
the reference date (default today). Relative dates ("2 hours ago", "hier à 19:20")
are read only against a reference the caller gives, such as a WARC record's crawl
date (`relative_date`), from dateparser's tables of relative expressions.

Reading order: names and patterns, then one line (`find_date`, `parse_dateline`),
then a whole dump (`scan`, `pick`, `relative_date`), then HTML (`date_from_html`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from types import ModuleType
from typing import NamedTuple

# babel (the locale tables), htmldate and lxml are imported where they are used: a
# canonical text file never needs them, and the pre-commit hook should not wait for them.
import regex

from .linescan import Lines

#: Languages whose month and weekday names are recognised; on a name shared by two
#: languages with different months, the one listed first wins.
LOCALES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "sl",
    "hr", "sr_Latn", "bs", "sq", "hu", "ro", "tr", "az", "id", "ms", "ca", "ru", "uk", "bg",
    "mk", "sr", "be", "kk", "el", "lt", "lv", "et", "hy", "ka", "ar", "ar_LB", "ar_DZ", "fa",
    "he", "hi", "bn", "ja", "zh", "ko", "vi",
)  # fmt: skip
EARLIEST_YEAR = 1995

_PUBLISHED = (
    r"published|posted|publication|date|dated|on|created|first published|"
    r"publié|publiée|mis en ligne|veröffentlicht|erstellt|publicado|publicada|"
    r"publicación|pubblicato|pubblicata|gepubliceerd|opublikowano|publikováno|publikované|"
    r"publicerad|publiceret|publisert|julkaistu|опубликовано|опубликован|опубліковано|"
    r"yayınlanma|yayın tarihi|közzétéve|publicat|objavljeno|diterbitkan|"
    r"التاريخ|تاريخ النشر|نشر|입력|登録|投稿日|公開日|発表日|質問日時|发布时间|發布時間"
)
_UPDATED = (
    r"updated|last updated|modified|last edited|latest revision|revision|"
    r"mis à jour|actualisé|aktualisiert|geändert|actualizado|actualizada|atualizado|"
    r"atualizada|aggiornato|aggiornata|bijgewerkt|zaktualizowano|aktualizováno|uppdaterad|"
    r"opdateret|oppdatert|päivitetty|обновлено|оновлено|güncelleme|güncellenme|frissítve|"
    r"actualizat|ažurirano|diperbarui|تحديث|수정|更新"
)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved|alle rechte|tous droits", re.I)
_YEAR = r"(?P<y>(?:19|20)\d{2})(?:(?!\d)|(?=\d{1,2}:\d{2}))"
_PREFIX = re.compile(r"^date (\d{4}-\d{2}-\d{2})(?:\s+|$)")
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a digit of another script: ٣, ৩, ३
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")  # ASCII written full width: "１０：３０"
_ASCII_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
# A year not inside a longer number; the look-behind comes after the first two digits
# so that the scan jumps from one 19 or 20 to the next (about 4 times as fast).
_HAS_YEAR = re.compile(r"(?:19|20)(?<!\d\d\d)\d{2}")
_SPACE_RUN = re.compile(r"\s\s")
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}")  # a social-media handle, not an e-mail address
_LETTERS = re.compile(r"[^\W\d_]+")
_LEADING_TIME = re.compile(
    r"(?<!\d)(\d{1,2}):(\d{2})\s*([ap]\.?\s?m\.?)?\s*(?-i:(?P<abbr>[A-Z]{2,5}))?\W*$", re.I
)


@dataclass(frozen=True)
class DateHit:
    """A date found in the text, with its time when one is stated."""

    date: str  # YYYY-MM-DD
    datetime: str | None = None  # ISO 8601, with the offset when one is given
    updated: bool = False  # labelled as an update, which loses to a publication date


@dataclass(frozen=True)
class Candidate:
    """One date found in a dump, with what its line says about it."""

    line: int  # index of the line
    hit: DateHit
    label: str | None  # "published", "updated" or None
    words: int  # other words on the line, besides the date's label, weekday and time
    embed: bool = False  # the line signs an embedded social post (an @handle): its date

    @property
    def date_only(self) -> bool:
        """The line says nothing but the date: a dateline."""
        return self.words == 0

    @property
    def prose(self) -> bool:
        """The date is told inside a sentence or caption, not printed as the article's."""
        return self.words >= PROSE_WORDS


def split_date_prefix(line: str) -> tuple[str | None, str]:
    """The corpus's ` date YYYY-MM-DD ` line prefix: (the date, the rest of the line).

    A day no calendar has (`date 2026-13-45`) is no date prefix: the line stays whole."""
    match = _PREFIX.match(line)
    if not match:
        return None, line
    try:
        dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None, line
    return match.group(1), line[match.end() :]


# --- names --------------------------------------------------------------------


def _fold(name: str) -> str:
    return name.casefold().rstrip(".")


def month_names() -> dict[str, tuple[int, str]]:
    """Every month name the date search knows, folded (lower case, no final dot)."""
    return _months()


def prepare() -> None:
    """Build the tables and patterns a dump's dates need now (`pipeline.warm_up`), not on
    the first document that holds a date: month and weekday names, time zones, the
    shapes and labels. The relative-date pattern (a reference date only) is left to its
    first use: a quarter of a second, for every language dateparser knows."""
    _shapes()
    _label_words()
    _time_zones()


@lru_cache(maxsize=1)
def _months() -> dict[str, tuple[int, str]]:
    """Every month name, folded, with its number and the language it was taken from."""
    from babel import Locale
    from babel.dates import get_month_names

    names: dict[str, tuple[int, str]] = {}
    for code in LOCALES:
        locale = Locale.parse(code)
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names.setdefault(_fold(name), (number, code))
    names.pop("", None)
    names.setdefault("sept", (9, "en"))
    return names


@lru_cache(maxsize=1)
def _weekdays() -> list[str]:
    from babel import Locale
    from babel.dates import get_day_names

    names: set[str] = set()
    for code in LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                days = get_day_names(width, context, Locale.parse(code)).values()
                names.update(_fold(n) for n in days)
    return sorted(names - {""}, key=len, reverse=True)


@lru_cache(maxsize=1)
def _time_zones() -> dict[str, int]:
    """Abbreviation to UTC offset in seconds, from dateparser's table; empty without it."""
    try:
        from dateparser.timezones import timezone_info_list
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    offsets: dict[str, set[int]] = {}
    for group in timezone_info_list:
        for name, seconds in group["timezones"]:
            offsets.setdefault(name, set()).add(seconds)
    return {name: next(iter(s)) for name, s in offsets.items() if len(s) == 1}


@cache
def _day_first(code: str) -> bool:
    """Whether the language writes the day before the month in numeric dates (CLDR)."""
    from babel import Locale

    pattern = Locale.parse(code).date_formats["short"].pattern
    return pattern.find("d") < pattern.find("M")


# --- patterns -----------------------------------------------------------------


def _alternation(names: Iterable[str]) -> str:
    """A regex matching any of the names, longest first, built as a trie: a flat
    alternation of two thousand month names is tried name by name at every position.
    The trie's first branches are led by one test of the names' first characters
    (`_initials`): under IGNORECASE the engine tries its branches one by one (a hundred
    first letters of fifty languages' months) wherever the trie is reached."""
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    if "" in trie:  # an empty name: the trie may match nothing, no first character to test
        return _trie_pattern(trie)
    return _initials(trie) + _trie_pattern(trie)


def _initials(trie: dict) -> str:
    """A lookahead for the first characters of a trie's names: a class matches, with or
    without IGNORECASE, what its characters written one by one do."""
    return f"(?=[{re.escape(''.join(sorted(trie)))}])"


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{pattern})?" if "" in node else pattern


class _Shape(NamedTuple):
    """A way of writing a date, and what a line must hold for it to be worth a search."""

    pattern: re.Pattern
    needs: re.Pattern | None
    # Every match starts with its year, after no digit: it can start only where
    # `_HAS_YEAR` finds one, and is tried there alone rather than at every position.
    at_year: bool = False


@lru_cache(maxsize=1)
def _shapes() -> tuple[_Shape, ...]:
    """One pattern per way of writing a date, each followed by an optional time."""
    names = _alternation(_months())
    # a month may be given in two languages or calendars at once: `24 نيسان / أبريل 2020`
    mon = rf"(?P<mon>{names})\.?(?![^\W\d_])(?:\s?/\s?(?:{names})\.?(?![^\W\d_]))?"
    time = (
        r"(?:(?:[\s,|@·•–—-]|\b(?:at|um|à|às|a las|alle|kl|klo|в|о)\b\.?)*"
        r"(?P<H>[012]?\d)[:.hH時시](?P<M>[0-5]\d)(?:[:分](?P<S>[0-5]\d))?(?!\d)\s*"
        r"(?P<ampm>[ap]\.?\s?m\.?)?"
        r"(?:\s*\(?\s*(?:(?:UTC|GMT)\s*(?P<tz>[+−-]\d{1,2}(?::?\d{2})?)|(?P<tzi>Z|[+-]\d{2}:?\d{2})"
        r"|(?P<abbr>(?-i:[A-Z]{2,5})))(?![^\W\d_]))?)?"
    )
    iso_time = (
        r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
        r"\s?(?:(?P<tzi>Z|[+-]\d{2}:?\d{2})|(?P<abbr>UTC|GMT))?)?"
    )
    year = r"(?:19|20)\d\d"
    # Each shape with what any match of it holds around its year (None: too common to
    # test): a line without that is not searched for the shape, the costliest step here.
    shapes = (
        (
            rf"(?<!\d)(?P<d>\d{{1,2}})(?:\.|er|º|°|st|nd|rd|th)?\s*(?:de\s+|del\s+|of\s+)?"
            rf"{mon},?\s*(?:de\s+|del\s+)?{_YEAR}{time}",
            None,
        ),
        (
            rf"(?<![^\W\d_]){mon}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}{time}",
            rf"\d(?:st|nd|rd|th)?,?\s+{year}",
        ),
        (rf"(?<!\d){_YEAR}\s*[.年년,]?\s*0?{mon}\s*(?P<d>\d{{1,2}})(?!\d)\s*[.日일]?{time}", None),
        (rf"(?<![\d.]){_YEAR}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?!\d){iso_time}", rf"{year}-"),
        (
            rf"(?<![\d.]){_YEAR}(?P<sep>[./])\s?(?P<m>\d{{1,2}})(?P=sep)\s?(?P<d>\d{{1,2}})(?!\d)"
            rf"\.?{time}",
            rf"{year}[./]",
        ),
        (
            rf"(?<![\d.])(?P<a>\d{{1,2}})\s?(?P<sep>[./-])\s?(?P<b>\d{{1,2}})\s?(?P=sep)\s?{_YEAR}"
            rf"(?!\.\d){time}",
            rf"[./-]\s?{year}",
        ),
    )
    return tuple(
        _Shape(
            re.compile(shape, re.I),
            re.compile(needs, re.I) if needs else None,
            shape.startswith((rf"(?<!\d){_YEAR}", rf"(?<![\d.]){_YEAR}")),
        )
        for shape, needs in shapes
    )


@cache
def _longest_prefix() -> int:
    """Most characters a shape matches before its year, with single spaces: day, suffix,
    `de`, two month names (`24 نيسان / أبريل 2020`) and their punctuation; with room to spare."""
    return 2 * max(map(len, _months())) + 32


@lru_cache(maxsize=1)
def _label_words() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Published and updated labels just before a date (a weekday or a time may stand
    between: `Published 7:40 p.m. ET March 17`); words a dateline may also hold."""
    between = (
        rf"(?:\W|(?:{_alternation(_weekdays())})\.?(?![^\W\d_])"
        r"|\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?\s?m\.?)?(?:\s*(?-i:[A-Z]{2,5})\b)?)*$"
    )
    on = r"(?:\s+(?:on|at|am|um|le|el|il|op|em|de|du|en|w|в|от|на))?"  # `Published on`
    published = re.compile(rf"(?:^|[^\w])(?:{_PUBLISHED}){on}{between}", re.I)
    updated = re.compile(rf"(?:^|[^\w])(?:{_UPDATED}){on}{between}", re.I)
    words = [*_UPDATED.split("|"), *_PUBLISHED.split("|"), *_weekdays()]
    words += ["le", "am", "el", "il", "op", "em", "uhr", "hr", "hrs", "hs"]
    filler = re.compile(rf"(?<![^\W\d_]){_alternation(words)}\.?(?![^\W\d_])", re.I)
    return published, updated, filler


# --- one line -----------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    groups: dict


def _ascii_digits(text: str) -> str:
    """Digits of every script as ASCII ones (Arabic-Indic, Bengali, ...), and ASCII
    written full width as ASCII (a time's "１０：３０"), one for one."""
    if text.isascii():
        return text
    if _FULL_WIDTH.search(text):
        text = text.translate(_ASCII_WIDTH)
    if not _OTHER_DIGIT.search(text):
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.digit(m.group())), text)


def _matches(text: str) -> list[_Match]:
    """Every date written in the line, left to right, overlaps resolved to the earliest.
    The groups hold ASCII digits whatever the script of the line's own."""
    text = _ascii_digits(text)
    year = _HAS_YEAR.search(text)
    return _matches_from(text, year.start()) if year else []


YEAR_CHARS = 4
#: Most characters a date's time (and zone) runs after its year, with single spaces:
#: ", at 10:30:15 p.m. (UTC+05:30)" and its separators, with room to spare.
TIME_REACH = 80


def _matches_from(text: str, first_year: int) -> list[_Match]:
    """`_matches` of a line with ASCII digits whose first year starts at `first_year`.

    Every date holds a year, and no shape reaches further before its year than
    `_longest_prefix()` characters, nor further after it than `TIME_REACH`, when
    spaces are single, as in normalised lines: the shapes are tried there, not at
    every position of a long line.
    """
    years = [m.start() for m in _HAS_YEAR.finditer(text, first_year)]
    if _SPACE_RUN.search(text):
        start, stop = 0, len(text)
    else:
        start = max(0, first_year - _longest_prefix())
        stop = min(len(text), years[-1] + YEAR_CHARS + TIME_REACH)
    found: list[_Match] = []
    for shape in _shapes():
        if shape.needs is not None and not shape.needs.search(text, start, stop):
            continue
        if not shape.at_year:
            found += [
                _Match(m.start(), m.end(), m.groupdict())
                for m in shape.pattern.finditer(text, start, stop)
            ]
            continue
        end = 0  # as finditer: the next match starts at or after the last one's end
        for at in years:
            if at >= end and (m := shape.pattern.match(text, at)):
                found.append(_Match(m.start(), m.end(), m.groupdict()))
                end = m.end()
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[_Match] = []
    for match in found:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def _resolve(
    match: _Match, text: str, reference: dt.date | None, day_first: bool = True
) -> DateHit | None:
    groups = match.groups
    try:
        year = int(groups["y"])
        if groups.get("mon"):
            month = _months()[_fold(groups["mon"])][0]
            day = int(groups["d"])
        elif groups.get("a"):
            first, second = int(groups["a"]), int(groups["b"])
            if first > 12 or (day_first and second <= 12):
                day, month = first, second
            else:
                month, day = first, second
        else:
            month, day = int(groups["m"]), int(groups["d"])
        value = dt.date(year, month, day)
    except (TypeError, ValueError, KeyError):
        return None
    latest = reference or dt.date.today()
    if not (year >= EARLIEST_YEAR and value <= latest + dt.timedelta(days=1)):
        return None
    before = text[max(0, match.start - 24) : match.start]  # all `_datetime` reads
    return DateHit(value.isoformat(), _datetime(value, groups, before))


def _datetime(day: dt.date, groups: dict, before: str) -> str | None:
    hour, minute, second = groups.get("H"), groups.get("M"), groups.get("S")
    if hour is None:
        leading = _LEADING_TIME.search(before[-24:])
        if not leading:
            return None
        hour, minute, second = leading.group(1), leading.group(2), None
        abbr = leading.group("abbr")
        groups = {**groups, "ampm": leading.group(3), "tz": None, "tzi": None, "abbr": abbr}
    hour, minute = int(hour or 0), int(minute or 0)
    ampm = (groups.get("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        stamp = dt.datetime(day.year, day.month, day.day, hour, minute, int(second or 0))
    except ValueError:
        return None
    offset = _offset(groups)
    if offset is not None:
        stamp = stamp.replace(tzinfo=dt.timezone(offset))
    return stamp.isoformat()


def _offset(groups: dict) -> dt.timedelta | None:
    text = groups.get("tz") or groups.get("tzi")
    if text:
        if text.upper() == "Z":
            return dt.timedelta(0)
        sign = -1 if text[0] in "-−" else 1
        digits = text[1:].replace(":", "")
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (
            int(digits), 0)  # fmt: skip
        return sign * dt.timedelta(hours=hours, minutes=minutes)
    abbr = groups.get("abbr")
    if abbr and abbr.upper() in _time_zones():
        return dt.timedelta(seconds=_time_zones()[abbr.upper()])
    return None


def _label(before: str) -> str | None:
    published, updated, _ = _label_words()
    if updated.search(before[-40:]):
        return "updated"
    if published.search(before[-40:]):
        return "published"
    return None


#: Characters read on each side of a date to count the other words of its line: enough
#: to tell a dateline from prose, and a line of a thousand dates costs no more than one.
_WORDS_WINDOW = 400


def _other_words(text: str, match: _Match) -> int:
    """How many words the line holds besides the date and a dateline's (label, weekday, 'Uhr').

    Counted up to `2 * PROSE_WORDS`, the most any caller compares with. Only
    `_WORDS_WINDOW` characters on each side are read; a line longer than that is prose,
    whatever it holds."""
    before = text[max(0, match.start - _WORDS_WINDOW) : match.start]
    after = text[match.end : match.end + _WORDS_WINDOW]
    enough = 2 * PROSE_WORDS  # all a count is compared with: more tells nothing more
    if len(before) + len(after) < len(text) - (match.end - match.start):
        return enough
    return _count_words(before + " " + after, enough)


def _count_words(text: str, limit: int) -> int:
    """The words of `text` that are no dateline filler, up to `limit`: `len(_LETTERS.findall(
    filler.sub(" ", text)))`, with the filler tried only where a word starts (it can start
    nowhere else) rather than at every character, and no further than the limit."""
    filler = _label_words()[2]
    count = 0
    covered = 0
    for word in _LETTERS.finditer(text):
        if count >= limit:
            break
        if word.start() < covered:
            continue  # inside a filler of several words (`mis à jour`)
        found = filler.match(text, word.start())
        if found:
            covered = found.end()
        else:
            count += 1
    return count


def find_date(text: str, reference: dt.date | None = None) -> DateHit | None:
    """The first plausible date anywhere in a short text such as a byline."""
    for match in _matches(text):
        hit = _resolve(match, text, reference)
        if hit:
            return hit
    return None


def parse_dateline(line: str, reference: dt.date | None = None) -> DateHit | None:
    """The date when the whole line is a dateline, as in `Published February 4, 2026`."""
    if len(line) > DATELINE_CHARS:
        return None
    return _dateline(line, _matches(line), reference)


#: A dateline is at most this long.
DATELINE_CHARS = 90


def dated_header(line: str, words: int) -> bool:
    """Whether a short line holds one date and at most `words` other words: a post's
    header, its author's name by the date (`marta_k Mar 3, 2025`), as a thread prints
    each post's, where a dateline (`parse_dateline`) holds the date alone. A line that
    ends a sentence is none (a reference's `The Daily Times. Retrieved 2 May 2015.`)."""
    if len(line) > DATELINE_CHARS or line.endswith("."):
        return False
    matches = _matches(line)
    if len(matches) != 1 or _other_words(line, matches[0]) > words:
        return False
    return _resolve(matches[0], line, None) is not None


def _dateline(line: str, matches: list[_Match], reference: dt.date | None) -> DateHit | None:
    """`parse_dateline` of a line whose dates are `matches`."""
    if len(line) > DATELINE_CHARS or len(matches) != 1 or _other_words(line, matches[0]):
        return None
    hit = _resolve(matches[0], line, reference)
    if hit is None:
        return None
    return replace(hit, updated=True) if _label(line[: matches[0].start]) == "updated" else hit


# --- a whole dump ---------------------------------------------------------------


@dataclass(frozen=True)
class DumpDates:
    """A dump's dates, from one search for years over its joined lines (`scan_dump`)."""

    lines: Sequence[str]
    years: dict[int, list[_Match]]  # each line holding a year: the dates written in it
    candidates: list[Candidate]  # `scan`
    reference: dt.date | None

    def dateline(self, index: int) -> DateHit | None:
        """`parse_dateline` of a line: one without a year is none, told without a search."""
        matches = self.years.get(index)
        return _dateline(self.lines[index], matches, self.reference) if matches else None


def scan(lines: Sequence[str], reference: dt.date | None = None) -> list[Candidate]:
    """Every plausible date in the dump, outside copyright lines, in reading order.

    A numeric date such as 05/06/2020 is read day first or month first as the
    document's unambiguous numeric dates say, else as the language of its written
    dates writes them (CLDR), else day first, as most of the world does.
    """
    return scan_dump(lines, reference).candidates


def scan_dump(lines: Sequence[str], reference: dt.date | None = None) -> DumpDates:
    """`scan`, with the dates of each line that holds a year, for `DumpDates.dateline`: a
    dump's datelines are asked about its kept lines, whose dates the scan has read."""
    _shapes()  # names and patterns are built once per process, here rather than mid-batch
    years = dict(_first_years(lines))
    return DumpDates(lines, years, _candidates(lines, years, reference), reference)


def _candidates(
    lines: Sequence[str], years: dict[int, list[_Match]], reference: dt.date | None
) -> list[Candidate]:
    found = [(i, lines[i], m) for i, matches in years.items() for m in matches]
    day_first = _day_first_in(found)
    candidates = []
    line_facts: dict[int, tuple[bool, bool]] = {}  # (copyright, handle), once per line
    for index, text, match in found:
        if index not in line_facts:
            line_facts[index] = (bool(_COPYRIGHT.search(text)), bool(_HANDLE.search(text)))
        copyright_line, handle = line_facts[index]
        if copyright_line:
            continue
        hit = _resolve(match, text, reference, day_first)
        if hit is None:
            continue
        label = _label(text[max(0, match.start - 40) : match.start])
        candidates.append(
            Candidate(
                index,
                replace(hit, updated=True) if label == "updated" else hit,  # hit: not updated
                label,
                _other_words(text, match),
                handle,
            )
        )
    return candidates


def _first_years(lines: Sequence[str]) -> Iterator[tuple[int, list[_Match]]]:
    """(index, dates) of each line holding a year: the years are found in one pass
    over the joined lines rather than one search per line."""
    joined_lines = Lines(lines)
    joined, starts = joined_lines.joined, joined_lines.starts
    if _other_digits_in(lines):
        joined = _ascii_digits(joined)
    last = -1
    for year in _HAS_YEAR.finditer(joined):
        i = bisect.bisect_right(starts, year.start()) - 1
        if i != last:
            last = i
            line = joined[starts[i] : starts[i] + len(lines[i])]
            yield i, _matches_from(line, year.start() - starts[i])


def _other_digits_in(lines: Sequence[str]) -> bool:
    """Whether a line holds what `_ascii_digits` changes (a digit of another script,
    ASCII written full width): an ASCII line, most of a dump's once its quotes are
    straightened, is told without a search."""
    return any(
        not line.isascii() and (_OTHER_DIGIT.search(line) or _FULL_WIDTH.search(line))
        for line in lines
    )


def _day_first_in(found: Sequence[tuple[int, str, _Match]]) -> bool:
    votes: Counter = Counter()
    languages: Counter = Counter()
    written: Counter = Counter()
    for _, text, match in found:
        groups = match.groups
        if groups.get("a"):
            first, second = int(groups["a"]), int(groups["b"])
            if first > 12 >= second:
                votes[True] += 1
            elif second > 12 >= first:
                votes[False] += 1
        elif groups.get("mon"):
            languages[_months()[_fold(groups["mon"])][1]] += 1
            written[text[match.start].isdigit()] += 1
    if votes:
        return votes[True] >= votes[False]
    if languages:
        language = languages.most_common(1)[0][0]
        if language == "en":  # English writes both ways: follow the written dates
            return written[True] > written[False]
        return _day_first(language)
    return True


#: Scores for picking the article's date among a dump's candidates; see `pick`.
HEADER_ZONE_LINES = 60  # how far above the article's first paragraph a date is its own
BODY_ZONE_LINES = 15  # how far into the article a dateline may still be printed
LIST_WINDOW = 6  # at most this many lines from one dated line to the next in a list
LIST_SIZE = 3  # this many dated short lines close together are a list
PROSE_WORDS = 8  # a line with this many other words is prose: its dates are what it tells


def pick(candidates: Sequence[Candidate], article_start: int) -> Candidate | None:
    """The article's date: labelled, near the top of the article, not in a list of posts.

    Each candidate is scored: a publication label counts most (an update label not at
    all, so a publication date beats it); the header zone above the article's first
    paragraph and the first lines of the article count, the rest of the page above the
    article less and below it not at all; a date alone on its line and a stated time
    count a little. Dates in a run of dated lines (related posts, comments), in embedded
    social posts and inside prose lose. A candidate needs a positive score; ties go to
    the earlier one.
    """
    if not candidates:
        return None
    in_lists = _in_lists(candidates)
    best, best_score = None, 0.0
    for candidate in candidates:
        score = _score(candidate, article_start, candidate.line in in_lists)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _score(candidate: Candidate, article_start: int, in_list: bool) -> float:
    distance = article_start - candidate.line
    prose = candidate.prose
    score = 0.0
    if 0 < distance <= HEADER_ZONE_LINES:
        score += 3.0 - distance / HEADER_ZONE_LINES
    elif -BODY_ZONE_LINES <= distance <= 0:
        score += 2.0
    elif distance > 0:
        score += 1.0
    if candidate.label == "published" and not prose:
        score += 3.0
    if candidate.date_only:
        score += 1.0
    if candidate.hit.datetime:
        score += 0.5
    if in_list:
        score -= 3.0
    if candidate.embed:
        score -= 3.0
    if prose:
        score -= 2.0
    return score


def _in_lists(candidates: Sequence[Candidate]) -> set[int]:
    """Dated lines, long prose aside, in a run of them each within a few lines of the
    next: related posts, event listings, comment threads."""
    lines = sorted({c.line for c in candidates if c.words < 2 * PROSE_WORDS})
    listed: set[int] = set()
    run: list[int] = []
    for line in [*lines, None]:
        if line is not None and run and line - run[-1] <= LIST_WINDOW:
            run.append(line)
            continue
        if len(run) >= LIST_SIZE:
            listed.update(run)
        run = [line] if line is not None else []
    return listed


# --- HTML -----------------------------------------------------------------------


# --- relative dates, against a reference -------------------------------------------

#: A relative dateline is short ("2 hours ago", "Hier à 19:20"); longer lines tell of
#: other days ("the company said yesterday that...").
RELATIVE_MAX_CHARS = 40
_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
_TIME_OF_DAY = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?!\d)")


@cache
def _relative_pattern() -> regex.Pattern:
    """One pattern for every language's "N units ago" and "today"/"yesterday" words.

    Taken from dateparser's per-language tables; only the past, and only units that
    still give the day (not "last month"). Each alternative is a named group saying
    how far back it is: `n_UNIT` (a number of units, in group `n`) or `d_DAYS`.
    """
    from dateparser.languages.loader import default_loader

    counted: dict[str, set[str]] = {unit: set() for unit in _UNITS}
    fixed: dict[int, set[str]] = {}
    for locale in default_loader.get_locale_map().values():
        for key, forms in (locale.info.get("relative-type-regex") or {}).items():
            unit = key.removeprefix("\\1 ").removesuffix(" ago")
            if key.startswith("\\1 ") and key.endswith(" ago") and unit in _UNITS:
                counted[unit].update(
                    f.replace("(\\d++[.,]?\\d*+)", "(?P<n>\\d++)") for f in forms if "\\d++" in f
                )
        for key, words in (locale.info.get("relative-type") or {}).items():
            days, _, rest = key.partition(" ")
            if rest == "day ago" and days.isdigit():
                fixed.setdefault(int(days), set()).update(words)
    groups = [f"(?P<n_{u}>{_either(forms)})" for u, forms in counted.items()]
    groups += [f"(?P<d_{d}>{_either(map(regex.escape, ws))})" for d, ws in fixed.items()]
    return regex.compile(rf"(?<!\w)(?:{'|'.join(groups)})(?!\w)", regex.IGNORECASE | regex.V1)


def _either(alternatives: Iterable[str]) -> str:
    """Alternatives longest first, so that a longer form wins over its prefix."""
    return "|".join(sorted(alternatives, key=len, reverse=True))


def relative_date(lines: Sequence[str], article_start: int, reference: dt.date) -> Candidate | None:
    """The article's date from a relative dateline near its start, counted back from
    `reference`; None without one.

    "N hours/days/weeks ago" in any language dateparser knows counts; "today" or
    "yesterday" counts only with a time on the line ("Hier à 19:20"), since alone it
    is as often a menu item. The nearest line above the article wins, then below.
    """
    pattern = _relative_pattern()
    low = max(0, article_start - HEADER_ZONE_LINES)
    high = min(len(lines), article_start + BODY_ZONE_LINES)
    order = [*range(min(article_start, high) - 1, low - 1, -1), *range(article_start, high)]
    for index in order:
        line = lines[index]
        if not line or len(line) > RELATIVE_MAX_CHARS or _COPYRIGHT.search(line):
            continue
        match = pattern.search(line)
        if match is None:
            continue
        name = next(k for k, v in match.groupdict().items() if v is not None and k != "n")
        kind, _, amount = name.partition("_")
        if kind == "n":
            seconds = int(match.group("n")) * _UNITS[amount]
            noon = dt.datetime.combine(reference, dt.time(12))
            day = (noon - dt.timedelta(seconds=seconds)).date()
        elif _TIME_OF_DAY.search(line):
            day = reference - dt.timedelta(days=int(amount))
        else:
            continue
        if day.year >= EARLIEST_YEAR:
            return Candidate(index, DateHit(day.isoformat()), None, 0)
    return None


_STATED = re.compile(
    r"\s*(?P<day>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?"
    r"\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$",
    re.IGNORECASE,
)


def stated_time(value: str | None, reference: dt.date | None = None) -> DateHit | None:
    """A publication time as a page's markup states it (ISO 8601: `article:published_time`,
    JSON-LD `datePublished`, `<time datetime>`), read as written: the day is the day in
    the stated offset, never converted; `datetime` only when a time of day is stated."""
    match = _STATED.match(value or "")
    if not match:
        return None
    try:
        day = dt.date.fromisoformat(match["day"])
    except ValueError:
        return None
    latest = reference or dt.date.today()
    if not (day.year >= EARLIEST_YEAR and day <= latest + dt.timedelta(days=1)):
        return None
    if not match["time"]:
        return DateHit(day.isoformat())
    clock = match["time"] if match["time"].count(":") == 2 else match["time"] + ":00"
    zone = match["zone"]
    if zone and zone.upper() != "Z" and ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:] or '00'}"
    try:
        stamp = dt.datetime.fromisoformat(f"{day.isoformat()}T{clock}{_zone(zone)}")
    except ValueError:
        return None
    return DateHit(day.isoformat(), stamp.isoformat())


def _local(hit: DateHit, hits: Sequence[DateHit]) -> DateHit:
    """The same instant in the publisher's own offset, where the page also states it so:
    a UTC stamp beside a local one is a conversion, and the day is the local day."""
    if not hit.datetime or not hit.datetime.endswith("+00:00"):
        return hit
    instant = dt.datetime.fromisoformat(hit.datetime)
    for other in hits:
        stamp = dt.datetime.fromisoformat(other.datetime or "")
        if stamp.tzinfo and stamp.utcoffset() and stamp == instant:
            return other
    return hit


def _has_offset(stamp: str | None) -> bool:
    return stamp is not None and dt.datetime.fromisoformat(stamp).tzinfo is not None


def _zone(zone: str | None) -> str:
    if not zone:
        return ""
    return "+00:00" if zone.upper() == "Z" else zone


def date_from_html(
    html: str,
    url: str | None = None,
    reference: dt.date | None = None,
    text_lines: Sequence[str] = (),
    stated: Sequence[str] = (),
) -> DateHit | None:
    """The publication date of a page: the time its markup states (`stated`, read by
    `htmlmeta`) when it holds a time of day, else htmldate on the page (its markup,
    metadata, then text), else the text path on the article's lines, else the date in
    the URL when one is given. The HTML path hands over the head's metadata and the
    pruned body (`html.Extracted.date_page`), not the whole page.

    A stated time gives `datetime`, and `date` is its day in the stated offset; a
    stated day alone is left to htmldate, which weighs it against the page's other dates.

    htmldate's fast search runs first and its extensive search (a text search over
    the page) only when that finds nothing: on mediacloud the pair is exactly as
    accurate as the extensive search alone, at a third of its cost. In that search
    the strings htmldate would hand to dateparser are read by `find_date` here
    (`_htmldate`).
    """
    timed = [hit for hit in (stated_time(v, reference) for v in stated) if hit and hit.datetime]
    if timed:  # the first that gives its offset, else the first
        return _local(next((hit for hit in timed if _has_offset(hit.datetime)), timed[0]), timed)
    htmldate = _htmldate()
    from lxml.etree import LxmlError

    latest = reference or dt.date.today()
    found = None
    token = _OWN_PARSER.set(latest)
    try:
        for extensive in (False, True):
            try:
                found = htmldate.find_date(
                    html,
                    extensive_search=extensive,
                    original_date=True,
                    min_date=f"{EARLIEST_YEAR}-01-01",
                    max_date=latest.isoformat(),
                )
            except (ValueError, TypeError, RecursionError, LxmlError):
                found = None  # no date beats a crash inside a dependency
            if found and extensive and not _states_new_year(html, found):
                found = None  # htmldate's last resort, a copyright year read as its 1 January
            if found:
                break
    finally:
        _OWN_PARSER.reset(token)
    if found:
        return DateHit(found)
    chosen = pick(scan(text_lines, reference), 0)
    if chosen:
        return chosen.hit
    day = url_date(url, reference) if url else None
    return DateHit(day) if day else None


#: Set (to the latest plausible day) while `date_from_html` runs htmldate: its
#: extensive search then reads candidate strings with `find_date`, not dateparser.
_OWN_PARSER: ContextVar[dt.date | None] = ContextVar("own_date_parser", default=None)


@cache
def _htmldate() -> ModuleType:
    """htmldate, its extensive search changed in two places inside `date_from_html`.

    - The strings it would hand to dateparser are read by `find_date`, and its cue
      test (month names of every dateparser locale) is left to `find_date` too.
      dateparser, given no language, compiles the patterns of every locale it tries,
      once per process: about 12 s over the 200 mediacloud pages, most of the HTML
      date search's time; `find_date` (babel's names, 50 languages) gives the same
      day on every one of them.
    - Its last resort, date patterns over the whole serialized page (most of what
      the extensive search still costs), is skipped: the article's own lines are
      searched after it. On mediacloud: accuracy 0.890 -> 0.885, precision 0.922 ->
      0.932 (two wrong days fewer, one right day lost).

    Any other caller of htmldate in the process (trafilatura's metadata) gets htmldate
    as it comes: the changes hold only while `_OWN_PARSER` is set. htmldate caches a
    string's result whichever parser read it.
    """
    import htmldate
    from htmldate import core, extractors

    original = getattr(extractors, "_external_date", None)
    original_cue = getattr(extractors, "has_date_cue", None)
    original_search = getattr(core, "search_page", None)
    if original is None or original_cue is None or original_search is None:
        return htmldate  # another htmldate: it runs as it comes

    def external_date(string: str) -> dt.datetime | None:
        latest = _OWN_PARSER.get()
        if latest is None:
            return original(string)
        hit = find_date(string, latest)
        return dt.datetime.fromisoformat(hit.date) if hit else None

    def has_date_cue(string: str, min_date: dt.datetime, max_date: dt.datetime) -> bool:
        if _OWN_PARSER.get() is None:
            return original_cue(string, min_date, max_date)
        return True  # find_date is its own judge, and cheap

    def search_page(htmlstring: str, options: object) -> str | None:
        if _OWN_PARSER.get() is None:
            return original_search(htmlstring, options)
        return None  # the article's own lines are searched next (`scan`)

    extractors._external_date = external_date
    extractors.has_date_cue = has_date_cue
    core.search_page = search_page
    return htmldate


def _states_new_year(html: str, day: str) -> bool:
    """Whether a 1 January that htmldate's extensive search gives is stated on the page;
    any other day is its own evidence. A year alone (a copyright line) is not a date."""
    if not day.endswith("-01-01"):
        return True
    year = day[:4]
    return bool(
        re.search(
            rf"{year}[-/.]0?1[-/.]0?1\b|\b0?1[-/.]0?1[-/.]{year}"
            rf"|\b(?:jan\w*\.?\s+0?1(?:st)?,?\s+|0?1(?:st)?\.?\s+jan\w*\.?,?\s+){year}",
            html,
            re.IGNORECASE,
        )
    )


def url_date(url: str, reference: dt.date | None = None) -> str | None:
    """The day a URL's path states, as in `/2020/03/23/`, inside the plausibility window."""
    match = re.search(r"(?<!\d)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?!\d)", url)
    if not match:
        return None
    try:
        value = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    latest = reference or dt.date.today()
    if not (value.year >= EARLIEST_YEAR and value <= latest):
        return None
    return value.isoformat()
