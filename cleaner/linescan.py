"""Which lines of a dump a rule's regex matches, without searching every line.

A rule means "search each line"; a dump has hundreds of lines and a pack dozens
of rules, and a regex call per line per rule is most of the rules' cost. So a
rule's regex is split at its top-level alternatives (`a|b|c`), and each
alternative finds its candidate lines the cheap way it allows:

- anchored at the line's start (`^(?:share|tags)...`): only lines that begin as
  it can (`sha`, `tag`), looked up in an index of the lines by their first
  characters;
- otherwise: one search over the joined lines (the regex module finds a literal
  such as `all rights reserved` fast, but not inside an alternation).

Every candidate is then checked with the rule's whole regex on its line alone,
so the result equals a search line by line. What cannot be told safely (syntax
the standard parser reads differently, a back-reference) falls back to the
whole regex, then to a search per line.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import sys
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from typing import NamedTuple, Protocol

import regex

# The standard library's regex parser: `re._parser` from Python 3.11; before, the same
# module as `sre_parse` (deprecated under that name from 3.11, hence the guard).
if sys.version_info >= (3, 11):
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _sre_parser  # type: ignore[attr-defined]
else:  # pragma: no cover - run by CI's Python 3.10 job
    import sre_constants as _C
    import sre_parse as _sre_parser


class Searcher(Protocol):
    """What runs a regex with its time limit, and names the rule when it runs over (a Rule)."""

    def search(self, pattern: regex.Pattern, text: str, pos: int = 0) -> regex.Match | None: ...


#: Texts of at most this many lines are searched line by line.
FEW_LINES = 64
#: An alternative's needle (`Scan.needle`) found on at most this many lines makes them
#: its candidates; on more, the alternative's scan is run instead.
NEEDLE_LINES = 8


class Scan(NamedTuple):
    """How to find the candidate lines of one alternative of a rule's regex."""

    prefixes: frozenset[str] | None  # anchored: how a line must begin, folded
    scanner: regex.Pattern | None  # otherwise: the alternative, loosened, for the joined lines
    # Text every match holds as written: with a scanner, found faster than by the scan;
    # with prefixes, what a line that begins so must hold as well.
    needle: str = ""
    # With prefixes, under IGNORECASE: letters every match holds, lower-cased (`_folded_needle`).
    folded: str = ""


class Lines:
    """A document's lines as rules search them: joined once, for whole-text scans, and
    indexed by their first characters, for anchored alternatives. Empty lines never
    match."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._by_prefix: dict[str, list[int]] | None = None
        self._by_short: dict[int, dict[str, list[int]]] = {}

    @functools.cached_property
    def starts(self) -> list[int]:
        """Where each line starts in `joined`; made at the first whole-text scan, as
        `joined` is (rules anchored at the line's start never need either)."""
        return list(itertools.accumulate((len(t) + 1 for t in self.texts[:-1]), initial=0))

    @functools.cached_property
    def joined(self) -> str:
        """The lines joined by newlines."""
        return "\n".join(self.texts)

    def matching(self, rule: Searcher, pattern: regex.Pattern, start: int = 0) -> Iterator[int]:
        """Indexes of the lines from `start` that `pattern` matches, in order, as one
        search per line would give them."""
        texts = self.texts
        # A short text is searched line by line unless the regex's scans are known
        # already: working them out costs more than a short text's searches, which a
        # one-file run (the pre-commit hook) would pay for nothing.
        few = len(texts) - start <= FEW_LINES
        scans = _KNOWN_SCANS.get(pattern) if few else line_scans(pattern)
        if scans is None:
            candidates: Sequence[int] = range(start, len(texts))
        else:
            candidates = self._candidates(rule, scans, start)
        return (i for i in candidates if texts[i] and rule.search(pattern, texts[i]))

    def first(self, rule: Searcher, pattern: regex.Pattern, start: int = 0) -> int | None:
        """The first line from `start` that `pattern` matches, or None."""
        return next(self.matching(rule, pattern, start), None)

    def _candidates(self, rule: Searcher, scans: Sequence[Scan], start: int) -> list[int]:
        found: set[int] = set()
        for scan in scans:
            if scan.prefixes is not None:
                self._add_starting_with(found, scan.prefixes, scan.needle, scan.folded)
            elif scan.scanner is not None:
                holding = self._holding(scan.needle, start) if scan.needle else None
                if holding is None:
                    found.update(self._scanned(rule, scan.scanner, start))
                else:
                    found.update(holding)
        return sorted(i for i in found if i >= start) if start else sorted(found)

    def _add_starting_with(
        self, found: set[int], prefixes: frozenset[str], needle: str = "", folded: str = ""
    ) -> None:
        """Add the lines that begin with one of the prefixes (folded), and hold the needles
        every match holds (`_holding_needles`), to `found`."""
        index = self._index()
        for prefix in prefixes:
            if len(prefix) == PREFIX:
                lines = index.get(prefix)
            else:  # rarer: a short prefix, from the keys it begins
                lines = self._short_index(len(prefix)).get(prefix)
            if lines and (needle or folded):
                lines = self._holding_needles(lines, needle, folded)
            if lines:
                found.update(lines)

    def _holding_needles(self, lines: list[int], needle: str, folded: str) -> list[int]:
        """The lines that hold `needle` and, if ASCII, `folded` once lower-cased: a line
        beginning as a rule's alternative does (a picture's `[`, a number) rarely holds
        the rest of it, and a string search tells so for a fraction of the regex's call.
        An ASCII line's letters have no case forms but their ASCII ones under IGNORECASE
        (`ſ`, `K` and `İ` fold to ASCII letters): a line of other characters is checked whole."""
        texts = self.texts
        return [
            i
            for i in lines
            if needle in texts[i]
            and (not folded or not texts[i].isascii() or folded in texts[i].lower())
        ]

    def _index(self) -> dict[str, list[int]]:
        """The non-empty lines by their first `PREFIX` characters, folded; built once."""
        if self._by_prefix is None:
            by_prefix: dict[str, list[int]] = {}
            for i, text in enumerate(self.texts):
                if text:  # _fold(text), inline: this runs once per line of every dump
                    key = text[: PREFIX + 1].casefold()[:PREFIX]
                    found = by_prefix.get(key)
                    if found is None:
                        by_prefix[key] = [i]
                    else:
                        found.append(i)
            self._by_prefix = by_prefix
        return self._by_prefix

    def _short_index(self, length: int) -> dict[str, list[int]]:
        """The non-empty lines by their first `length` (< PREFIX) folded characters: the
        keys of `_index` that begin alike, merged; built once per length."""
        short = self._by_short.get(length)
        if short is None:
            short = self._by_short[length] = {}
            for key, found in self._index().items():
                short.setdefault(key[:length], []).extend(found)
        return short

    def _holding(self, needle: str, start: int) -> list[int] | None:
        """The lines from `start` that hold `needle`, when at most `NEEDLE_LINES` do: each
        is a candidate, checked by the rule's regex as any other. A needle such as `:` or
        `Getty` is counted at the speed of a string search, where the scan it spares tries
        its regex at every position of the text. None: too many, the scan is cheaper."""
        joined, starts = self.joined, self.starts
        pos = starts[start] if start < len(starts) else len(joined)
        if joined.count(needle, pos) > NEEDLE_LINES:
            return None
        found = []
        while (at := joined.find(needle, pos)) >= 0:
            i = bisect.bisect_right(starts, at) - 1
            found.append(i)
            if i + 1 >= len(starts):
                break
            pos = starts[i + 1]
        return found

    def _scanned(self, rule: Searcher, scanner: regex.Pattern, start: int) -> Iterator[int]:
        """Lines where the scanner hits the joined text; after a hit the scan goes on
        from the next line, so no line is missed."""
        joined, starts = self.joined, self.starts
        end = len(joined)
        pos = starts[start] if start < len(starts) else end + 1
        while pos <= end:
            match = rule.search(scanner, joined, pos)
            if not match:
                return
            i = bisect.bisect_right(starts, match.start()) - 1
            yield i
            pos = starts[i + 1] if i + 1 < len(starts) else end + 1


#: The scans worked out so far, by pattern (None: searched line by line); at most
#: `_MAX_KNOWN`, then started afresh.
_KNOWN_SCANS: dict[regex.Pattern, tuple[Scan, ...] | None] = {}
_MAX_KNOWN = 4096


def line_scans(pattern: regex.Pattern) -> tuple[Scan, ...] | None:
    """One `Scan` per top-level alternative of `pattern`, or None when lines must be
    searched one by one. Built once per pattern."""
    try:
        return _KNOWN_SCANS[pattern]
    except KeyError:
        pass
    if len(_KNOWN_SCANS) >= _MAX_KNOWN:
        _KNOWN_SCANS.clear()
    scans = _KNOWN_SCANS[pattern] = _build_scans(pattern)
    return scans


def _build_scans(pattern: regex.Pattern) -> tuple[Scan, ...] | None:
    if _FUZZY.search(pattern.pattern):
        return None  # `regex`'s fuzzy matching: the standard parser reads it as literal text
    sources = [pattern.pattern] if pattern.flags & regex.VERBOSE else _alternatives(pattern.pattern)
    for split in (sources, [pattern.pattern]):
        try:
            return tuple(_scan(regex.compile(source, pattern.flags)) for source in split)
        except (regex.error, _NoScan):
            continue
    return None


#: A fuzzy constraint (`(?:word){e<=1}`, `{i<=1,s<=2}`), or braces that may hold one:
#: such a regex is searched line by line.
_FUZZY = re.compile(r"\{[^}]*[eids]")


class _NoScan(Exception):
    """An alternative that can be found neither by its prefixes nor by a whole-text scan."""


def _scan(alternative: regex.Pattern) -> Scan:
    prefixes = _line_prefixes(alternative)
    if prefixes is not None:
        return Scan(prefixes, None, _needle(alternative), _folded_needle(alternative))
    try:
        loosened = _loosened(alternative.pattern)
        if not alternative.flags & regex.VERBOSE:
            loosened = _from_first_needed(loosened)
        scanner = regex.compile(loosened, alternative.flags | regex.MULTILINE)
    except regex.error as exc:
        raise _NoScan from exc
    return Scan(None, scanner, _needle(alternative))


def _alternatives(source: str) -> list[str]:
    """The source cut at its top-level `|`; a leading global flag group goes with each."""
    flags = re.match(r"\(\?[a-zA-Z]+\)", source)
    prefix = flags.group() if flags else ""
    parts, depth, i, last = [], 0, len(prefix), len(prefix)
    while i < len(source):
        end = _token_end(source, i)
        token = source[i:end]
        if token == "|" and depth == 0:
            parts.append(prefix + source[last:i])
            last = end
        depth += (token == "(") - (token == ")")
        i = end
    parts.append(prefix + source[last:])
    return parts


# --- anchored alternatives: how a matching line must begin ----------------------

PREFIX = 3  # at most this many first characters of a line index it
_MAX_PREFIXES = 256  # more alternatives than this are cut to their first character
_MAX_RANGE = 512  # a wider character range says too little to dispatch on


def _line_prefixes(pattern: regex.Pattern) -> frozenset[str] | None:
    """The folded beginnings (up to `PREFIX` characters) one of which a line must
    start with for `pattern` to match it, when every match begins at the line's
    start; else None.

    Read with the standard library's parser: syntax it reads otherwise than `regex`
    does ([[:alpha:]]) or cannot read (\\p{L}) gives None.
    """
    flags = (re.IGNORECASE if pattern.flags & regex.IGNORECASE else 0) | (
        re.VERBOSE if pattern.flags & regex.VERBOSE else 0
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set": regex syntax, read otherwise
            parsed = _sre_parser.parse(pattern.pattern, flags)
        starts, anchored = _sequence(list(parsed.data))
    except (re.error, Warning, _Unknown, RecursionError):
        return None
    prefixes = frozenset(_fold(text) for text, _open in starts)
    if not anchored or "" in prefixes:
        return None  # found anywhere, or it may match a line of any beginning
    return prefixes


def _fold(text: str) -> str:
    """The beginning of a text case-folded (ß folds to ss), as lines are indexed."""
    return text[: PREFIX + 1].casefold()[:PREFIX]


class _Unknown(Exception):
    """Any character may come here, or one this reading does not follow."""


# Atomic groups and possessive repeats parse from Python 3.11; before, such a regex
# is a parse error, and its lines are found by a scan instead.
_ATOMIC_GROUP = getattr(_C, "ATOMIC_GROUP", None)
_REPEATS = tuple(
    op for op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)) if op
)
_LINE_START = (_C.AT_BEGINNING, _C.AT_BEGINNING_LINE, _C.AT_BEGINNING_STRING)
# A set of beginnings: (text, open) pairs; an open text may go on with what follows,
# a closed one was cut (at PREFIX characters, or before something not followed).
_Starts = set[tuple[str, bool]]


def _sequence(items: list) -> tuple[_Starts, bool]:
    """The beginnings of a parsed sequence's matches, and whether it is anchored."""
    starts: _Starts = {("", True)}
    anchored = False
    for op, av in items:
        if op is _C.AT:
            anchored = anchored or (av in _LINE_START and starts == {("", True)})
            continue
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            continue  # zero-width
        try:
            item, nullable, item_anchored = _item(op, av)
        except _Unknown:
            if ("", True) in starts:
                raise
            return {(text, False) for text, _open in starts}, anchored
        anchored = anchored or (item_anchored and starts == {("", True)})
        starts = _then(starts, item, nullable)
    return starts, anchored


def _then(starts: _Starts, item: _Starts, nullable: bool) -> _Starts:
    """Beginnings followed by an item's beginnings (or not, when it may match empty)."""
    out: _Starts = set()
    for text, is_open in starts:
        if not is_open or len(text) >= PREFIX:
            out.add((text[:PREFIX], False))
            continue
        for more, more_open in item:
            joined = text + more
            out.add((joined[:PREFIX], more_open and len(joined) < PREFIX))
        if nullable:
            out.add((text, True))
    if len(out) > _MAX_PREFIXES:
        out = {(text[:1], False) for text, _open in out}
    return out


def _item(op, av) -> tuple[_Starts, bool, bool]:
    """(beginnings, may match empty, anchored) of one parsed item."""
    if op is _C.LITERAL:
        return {(c, True) for c in _cased(chr(av))}, False, False
    if op is _C.IN:
        return {(c, True) for c in _set_chars(av)}, False, False
    if op is _C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _Unknown  # a scoped flag: not followed
        return _group_item(list(sub))
    if _ATOMIC_GROUP is not None and op is _ATOMIC_GROUP:
        return _group_item(list(av))
    if op is _C.BRANCH:
        results = [_group_item(list(branch)) for branch in av[1]]
        starts = set().union(*(r[0] for r in results))
        return starts, any(r[1] for r in results), all(r[2] for r in results)
    if op in _REPEATS:
        low, high, sub = av
        starts, nullable, anchored = _group_item(list(sub))
        if high != 1:  # what the second repetition brings is not followed
            starts = {(text, False) for text, _open in starts}
        return starts, nullable or low == 0, anchored and low > 0
    raise _Unknown  # any character, a category (\w, \s), a back-reference, ...


def _group_item(items: list) -> tuple[_Starts, bool, bool]:
    starts, anchored = _sequence(items)
    return starts - {("", True)}, ("", True) in starts, anchored


def _set_chars(members: list) -> set[str]:
    chars: set[str] = set()
    for op, av in members:
        if op is _C.LITERAL:
            chars |= _cased(chr(av))
        elif op is _C.RANGE and av[1] - av[0] < _MAX_RANGE:
            for code in range(av[0], av[1] + 1):
                chars |= _cased(chr(code))
        else:
            raise _Unknown  # a negated set, a category, a wide range
    return chars


def _cased(char: str) -> set[str]:
    """A character and its case forms: beginnings are compared folded, whatever the flags."""
    return {char, char.lower(), char.upper()}


# --- unanchored alternatives: one scan of the joined lines -----------------------


def _needle(pattern: regex.Pattern) -> str:
    """The longest text that every match of `pattern` holds as it is written: a run of
    literal characters in its top-level sequence (or in groups that sequence must
    match); under IGNORECASE, of characters without case only. "" when there is none,
    or when the standard library's parser reads the regex otherwise than `regex` does."""
    parsed = _parsed(pattern)
    if parsed is None:
        return ""
    items, ignore = parsed
    runs: list[str] = []
    _literal_runs(items, ignore, runs)
    return max((r for r in runs if not r.isspace()), key=len, default="")  # a space is everywhere


def _folded_needle(pattern: regex.Pattern) -> str:
    """Under IGNORECASE: the longest run of ASCII literal characters every match holds,
    lower-cased, as an ASCII line that matches holds it once lower-cased; "" otherwise.
    (Full case folding, where `ss` matches `ß`, is the `regex` module's FULLCASE flag:
    with it, "".)"""
    parsed = _parsed(pattern)
    if parsed is None or not parsed[1] or pattern.flags & (regex.FULLCASE | regex.VERSION1):
        return ""
    runs: list[str] = []
    _literal_runs(parsed[0], False, runs)
    ascii_runs = (r for r in runs if r.isascii() and not r.isspace())
    return max(ascii_runs, key=len, default="").lower()


def _parsed(pattern: regex.Pattern) -> tuple[list, bool] | None:
    """The pattern's top-level sequence as the standard library's parser reads it, and
    whether it ignores case; None when that parser reads it otherwise than `regex` does."""
    ignore = bool(pattern.flags & regex.IGNORECASE)
    flags = (re.IGNORECASE if ignore else 0) | (re.VERBOSE if pattern.flags & regex.VERBOSE else 0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = _sre_parser.parse(pattern.pattern, flags)
    except (re.error, Warning, RecursionError):
        return None
    return list(parsed.data), ignore or bool(parsed.state.flags & re.IGNORECASE)


def _literal_runs(items: list, ignore: bool, runs: list[str]) -> None:
    """Add to `runs` each run of required literal characters of a parsed sequence."""
    run: list[str] = []
    for op, av in items:
        if op is _C.LITERAL and (not ignore or _uncased(chr(av))):
            run.append(chr(av))
            continue
        if run:
            runs.append("".join(run))
            run = []
        if op is _C.SUBPATTERN and not av[1] and not av[2]:  # a group, no scoped flag
            _literal_runs(list(av[3]), ignore, runs)
        elif _ATOMIC_GROUP is not None and op is _ATOMIC_GROUP:
            _literal_runs(list(av), ignore, runs)
        elif op in _REPEATS and av[0] >= 1:  # repeated at least once: its first time
            _literal_runs(list(av[2]), ignore, runs)
    if run:
        runs.append("".join(run))


def _uncased(char: str) -> bool:
    """A character that matches only itself, IGNORECASE or not: no letter, no case forms."""
    return (
        not char.isalpha()
        and char.lower() == char == char.upper()
        and char.casefold() == char
        and not unicodedata.category(char).startswith("L")
    )


_LINE_ANCHORS = {"\\A": "^", "\\Z": "$", "\\z": "$"}


def _loosened(source: str) -> str:
    """The regex source with every `(?!...)` and `(?<!...)` group cut out and whole-text
    anchors turned into line anchors: it matches the joined lines at least wherever
    the regex matches a line. (A negative lookaround could see across a line break.)"""
    out: list[str] = []
    i = 0
    while i < len(source):
        if source.startswith(("(?!", "(?<!"), i):
            i = _group_end(source, i)
            continue
        end = _token_end(source, i)
        token = source[i:end]
        out.append(_LINE_ANCHORS.get(token, token))
        i = end
    return "".join(out)


_OPTIONAL = re.compile(r"(?:[*?]|\{0?,\d*\})[?+]?")  # a quantifier that allows none, lazy or not


def _from_first_needed(source: str) -> str:
    """The source without its leading zero-width or optional tokens (`^`, `\\b`, `\\s*`,
    `\\(?`, `[^a-z]*`, `.{0,80}`): where the regex matches a line, the rest matches
    from further on in that line, so the scan still finds the line; and a scan that
    begins with what must be there is a fast search for it, where one that begins with
    `\\s*` is tried at every position of the text."""
    flags = re.match(r"\(\?[a-zA-Z]+\)", source)
    i = flags.end() if flags else 0
    while i < len(source):
        end = _token_end(source, i)
        optional = _OPTIONAL.match(source, end)
        if source[i:end] in ("^", "\\b", "\\B"):
            i = end
        elif source[i] not in "()|*+?{" and optional:
            i = optional.end()
        else:
            break
    if i == len(source):
        return source  # nothing but optional tokens: kept whole
    return (flags.group() if flags else "") + source[i:]


def _group_end(source: str, start: int) -> int:
    """Index just past the group opening at `start`."""
    depth, i = 0, start
    while i < len(source):
        end = _token_end(source, i)
        depth += (source[i:end] == "(") - (source[i:end] == ")")
        i = end
        if depth == 0:
            return i
    return len(source)


def _token_end(source: str, i: int) -> int:
    """Index just past the regex token at `i`: an escape, a character class or one character."""
    if source[i] == "\\":
        return i + 2
    if source[i] == "[":
        return _class_end(source, i)
    return i + 1


def _class_end(source: str, start: int) -> int:
    """Index just past the character class opening at `start`."""
    i = start + 1
    if i < len(source) and source[i] == "^":
        i += 1
    if i < len(source) and source[i] == "]":
        i += 1
    while i < len(source) and source[i] != "]":
        i += 2 if source[i] == "\\" else 1
    return i + 1
