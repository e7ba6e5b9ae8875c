"""Which lines of a dump a rule's regex matches, without searching every line.

A rule means "search each line"; a dump has hundreds of lines and a pack dozens
of rules, and a regex call per line per rule is most of the rules' cost. So a
rule's regex is split at its top-level alternatives (`a|b|c`), and each
alternative finds its candidate lines the cheap way it allows:

- anchored at the line's start (`^(?:share|tags)...`): only lines whose first
  character can begin it, looked up in an index of the lines by first character;
- otherwise: one search over the joined lines (the regex module finds a literal
  such as `all rights reserved` fast, but not inside an alternation).

Every candidate is then checked with the rule's whole regex on its line alone,
so the result equals a search line by line. What cannot be told safely (syntax
the standard parser reads differently, a back-reference) falls back to the
whole regex, then to a search per line.
"""

from __future__ import annotations

import bisect
import itertools
import re
import warnings
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple, Protocol

import regex


class Searcher(Protocol):
    """What runs a regex with its time limit, and names the rule when it runs over (a Rule)."""

    def search(self, pattern: regex.Pattern, text: str, pos: int = 0) -> regex.Match | None: ...


class Scan(NamedTuple):
    """How to find the candidate lines of one alternative of a rule's regex."""

    heads: frozenset[str] | None  # anchored: the folded first characters a line needs
    scanner: regex.Pattern | None  # otherwise: the alternative, loosened, for the joined lines


class Lines:
    """A document's lines as rules search them: joined once, for whole-text scans, and
    indexed by first character, for anchored alternatives. Empty lines never match."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        self.joined = "\n".join(texts)
        self._by_head: dict[str, list[int]] | None = None

    def matching(self, rule: Searcher, pattern: regex.Pattern, start: int = 0) -> Iterator[int]:
        """Indexes of the lines from `start` that `pattern` matches, in order, as one
        search per line would give them."""
        texts = self.texts
        scans = line_scans(pattern)
        if scans is None:
            candidates: Sequence[int] = range(start, len(texts))
        else:
            candidates = self._candidates(rule, scans, start)
        return (i for i in candidates if texts[i] and rule.search(pattern, texts[i]))

    def _candidates(self, rule: Searcher, scans: Sequence[Scan], start: int) -> list[int]:
        found: set[int] = set()
        for scan in scans:
            if scan.heads is not None:
                found.update(self._starting_with(scan.heads))
            else:
                found.update(self._scanned(rule, scan.scanner, start))
        return sorted(i for i in found if i >= start)

    def _starting_with(self, heads: frozenset[str]) -> Iterator[int]:
        if self._by_head is None:
            self._by_head = {}
            for i, text in enumerate(self.texts):
                if text:
                    self._by_head.setdefault(_head(text), []).append(i)
        return (i for head in heads for i in self._by_head.get(head, ()))

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


def _head(text: str) -> str:
    """A line's first character, case-folded (ß folds to s), as `heads` hold them."""
    return text[0].casefold()[:1]


@lru_cache(maxsize=4096)
def line_scans(pattern: regex.Pattern) -> tuple[Scan, ...] | None:
    """One `Scan` per top-level alternative of `pattern`, or None when lines must be
    searched one by one. Built once per pattern."""
    sources = [pattern.pattern] if pattern.flags & regex.VERBOSE else _alternatives(pattern.pattern)
    for split in (sources, [pattern.pattern]):
        try:
            return tuple(_scan(regex.compile(source, pattern.flags)) for source in split)
        except (regex.error, _NoScan):
            continue
    return None


class _NoScan(Exception):
    """An alternative that can be found neither by its heads nor by a whole-text scan."""


def _scan(alternative: regex.Pattern) -> Scan:
    heads = _line_heads(alternative)
    if heads is not None:
        return Scan(heads, None)
    try:
        loosened = _loosened(alternative.pattern)
        return Scan(None, regex.compile(loosened, alternative.flags | regex.MULTILINE))
    except regex.error as exc:
        raise _NoScan from exc


def _alternatives(source: str) -> list[str]:
    """The source cut at its top-level `|`; a leading global flag group goes with each."""
    flags = re.match(r"\(\?[a-zA-Z]+\)", source)
    prefix = flags.group() if flags else ""
    parts, depth, i, last = [], 0, len(prefix), len(prefix)
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(source, i)
            continue
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            parts.append(prefix + source[last:i])
            last = i + 1
        i += 1
    parts.append(prefix + source[last:])
    return parts


# --- anchored alternatives: the characters a line must begin with ---------------


def _line_heads(pattern: regex.Pattern) -> frozenset[str] | None:
    """The folded characters a line must begin with for `pattern` to match it, when
    every match begins at the line's start; else None.

    Read with the standard library's parser: syntax it reads otherwise than `regex`
    does ([[:alpha:]]) or cannot read (\\p{L}) gives None.
    """
    flags = (re.IGNORECASE if pattern.flags & regex.IGNORECASE else 0) | (
        re.VERBOSE if pattern.flags & regex.VERBOSE else 0
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set": regex syntax, read otherwise
            parsed = re._parser.parse(pattern.pattern, flags)  # type: ignore[attr-defined]
        heads, nullable, anchored = _sequence_heads(list(parsed))
    except (re.error, Warning, _AnyHead, RecursionError):
        return None
    if not anchored or nullable:
        return None
    return frozenset(h.casefold()[:1] for h in heads)


class _AnyHead(Exception):
    """A match may begin with any character, or with one this reading does not follow."""


_C = re._constants  # type: ignore[attr-defined]
_LINE_START = (_C.AT_BEGINNING, _C.AT_BEGINNING_LINE, _C.AT_BEGINNING_STRING)
_MAX_RANGE = 512  # a wider character range says too little to dispatch on


def _sequence_heads(items: list) -> tuple[set[str], bool, bool]:
    """(first characters, may match empty, anchored at the start) of a parsed sequence."""
    heads: set[str] = set()
    anchored = False
    for op, av in items:
        if op is _C.AT:
            anchored = anchored or av in _LINE_START
            continue
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            continue  # zero-width: the next item's characters come first
        item_heads, nullable, item_anchored = _item_heads(op, av)
        heads |= item_heads
        anchored = anchored or item_anchored
        if not nullable:
            return heads, False, anchored
    return heads, True, anchored


def _item_heads(op, av) -> tuple[set[str], bool, bool]:
    if op is _C.LITERAL:
        return _cased(chr(av)), False, False
    if op is _C.IN:
        return _set_heads(av), False, False
    if op is _C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _AnyHead  # a scoped flag: not followed
        return _sequence_heads(list(sub))
    if op is _C.ATOMIC_GROUP:
        return _sequence_heads(list(av))
    if op is _C.BRANCH:
        results = [_sequence_heads(list(branch)) for branch in av[1]]
        heads = set().union(*(r[0] for r in results))
        return heads, any(r[1] for r in results), all(r[2] for r in results)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        low, _high, sub = av
        heads, nullable, anchored = _sequence_heads(list(sub))
        return heads, nullable or low == 0, anchored and low > 0
    raise _AnyHead  # any character, a category (\w, \s), a back-reference, ...


def _set_heads(members: list) -> set[str]:
    heads: set[str] = set()
    for op, av in members:
        if op is _C.LITERAL:
            heads |= _cased(chr(av))
        elif op is _C.RANGE and av[1] - av[0] < _MAX_RANGE:
            for code in range(av[0], av[1] + 1):
                heads |= _cased(chr(code))
        else:
            raise _AnyHead  # a negated set, a category, a wide range
    return heads


def _cased(char: str) -> set[str]:
    """A character and its case forms: heads are compared folded, whatever the flags."""
    return {char, char.lower(), char.upper()}


# --- unanchored alternatives: one scan of the joined lines -----------------------

_LINE_ANCHORS = {"\\A": "^", "\\Z": "$", "\\z": "$"}


def _loosened(source: str) -> str:
    """The regex source with every `(?!...)` and `(?<!...)` group cut out and whole-text
    anchors turned into line anchors: it matches the joined lines at least wherever
    the regex matches a line. (A negative lookaround could see across a line break.)"""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        if source.startswith(("(?!", "(?<!"), i):
            i = _group_end(source, i)
            continue
        step = 2 if source[i] == "\\" else 1
        if source[i] == "[":
            step = _class_end(source, i) - i
        token = source[i : i + step]
        out.append(_LINE_ANCHORS.get(token, token))
        i += step
    return "".join(out)


def _group_end(source: str, start: int) -> int:
    """Index just past the group opening at `start`."""
    depth, i = 0, start
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(source, i)
            continue
        depth += char == "("
        depth -= char == ")"
        i += 1
        if depth == 0:
            return i
    return len(source)


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
