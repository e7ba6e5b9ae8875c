"""What ftfy's badness pattern can call bad, read once from the pattern itself.

ftfy re-decodes a text only where `ftfy.badness.is_bad` fires, and that pattern is
slow (about 0.2 us a character). Each of its matches holds one of the non-ASCII
characters it names (`mojibake_chars`) with at most `CONTEXT` characters around,
so `normalize` asks it only about short windows around runs of those characters.
This module reads the pattern (with the standard library's regex parser) to make
those questions few: which runs can be bad at all (`suspect_runs`: not a lone
bullet or curly quote among ASCII), and which characters the pattern cannot tell
apart (`shape`), so that windows differing only in those share one answer. Where
the parser cannot read the pattern (a newer Python or ftfy), both fall back to
asking about every run: slower, never different.
"""

from __future__ import annotations

import re
import string
from functools import cache, lru_cache
from typing import Any

from ftfy.badness import BADNESS_RE

from .linescan import _C, _REPEATS, _sre_parser


def prepare() -> None:
    """Read ftfy's pattern now (`pipeline.warm_up`), not on the first non-ASCII page."""
    suspect_runs()
    shape()


def mojibake_chars() -> str:
    """Every non-ASCII character that ftfy's badness pattern names."""
    pattern = BADNESS_RE.pattern
    chars = {c for c in pattern if ord(c) > 127}
    for low, high in re.findall(r"([^\x00-\x7f])-([^\x00-\x7f])", pattern):
        chars.update(chr(c) for c in range(ord(low), ord(high) + 1))
    return "".join(sorted(chars))


MOJIBAKE_RUN = re.compile("[" + re.escape(mojibake_chars()) + "]+")
CONTEXT = 4  # no alternative of BADNESS_RE reaches further into ASCII around its characters


@cache
def suspect_runs() -> re.Pattern[str]:
    """The runs of `MOJIBAKE_RUN` whose window may be bad: all but a lone character
    among ASCII (a bullet, a curly quote, a no-break space) that cannot be bad alone
    (`_lone_bad_chars`): most runs of a page, skipped by the regex, not one by one."""
    lone = _lone_bad_chars()
    if lone is None:
        return MOJIBAKE_RUN
    run = MOJIBAKE_RUN.pattern[:-1]  # the class, without its "+"
    near = "|".join(rf"(?<=[^\x00-\x7f][\s\S]{{{k}}})" for k in range(1, CONTEXT + 1))
    return re.compile(
        rf"{run}(?<!{run}{run})"  # a run's first character
        rf"(?:{run}+"  # two or more
        rf"|(?<=[{re.escape(''.join(sorted(lone)))}])(?!{run})"  # one that can be bad alone
        rf"|(?!{run})(?=[\s\S]{{0,{CONTEXT - 1}}}[^\x00-\x7f])"  # non-ASCII just after
        rf"|(?!{run})(?:{near}))"  # or just before
    )


@cache
def _lone_bad_chars() -> frozenset[str] | None:
    """The characters that can make a window bad as its only non-ASCII character; None
    when BADNESS_RE cannot be read so.

    Read from BADNESS_RE itself: each alternative needs some characters that no ASCII
    character matches (`[À-Ñ]`, `Â`); one that needs two or more never matches a window
    with one non-ASCII character, and one that needs one matches only with one of those.
    """
    try:
        ((branch, (_, alternatives)),) = _parsed_badness()
    except (ValueError, TypeError):
        return None
    if branch is not _C.BRANCH:
        return None
    lone: set[str] = set()
    for alternative in alternatives:
        needed = _needed(list(alternative))
        if needed == 0:
            return None  # matches ASCII alone: no such alternative in ftfy's pattern
        if needed == 1:
            _needed_chars(list(alternative), lone)
    return frozenset(lone)


def _parsed_badness() -> list[Any]:
    """BADNESS_RE as the standard library's parser reads it; [] if it cannot (a newer
    Python's parser, a newer ftfy): the shortcuts that read it are then left out."""
    try:
        return list(_sre_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data)
    except (re.error, RecursionError, ValueError, TypeError, AttributeError):
        return []


def _non_ascii_item(op: Any, arg: Any) -> bool:
    """Whether a parsed item matches only non-ASCII characters: a literal or a class of them."""
    if op is _C.LITERAL:
        return bool(arg > 127)
    if op is not _C.IN:
        return False
    return all((o is _C.LITERAL and a > 127) or (o is _C.RANGE and a[0] > 127) for o, a in arg)


def _needed(items: list[Any]) -> int:
    """How many non-ASCII characters every match of the parsed sequence holds, at least."""
    total = 0
    for op, arg in items:
        if _non_ascii_item(op, arg):
            total += 1
        elif op in _REPEATS:
            total += arg[0] * _needed(list(arg[2]))
        elif op is _C.SUBPATTERN:
            total += _needed(list(arg[-1]))
        elif op is _C.BRANCH:
            total += min(_needed(list(branch)) for branch in arg[1])
    return total


def _needed_chars(items: list[Any], out: set[str]) -> None:
    """Every character of the sequence's non-ASCII-only items, into `out`."""
    for op, arg in items:
        if _non_ascii_item(op, arg):
            for o, a in [(op, arg)] if op is _C.LITERAL else arg:
                low, high = (a, a) if o is _C.LITERAL else a
                out.update(map(chr, range(low, high + 1)))
        elif op in _REPEATS:
            _needed_chars(list(arg[2]), out)
        elif op is _C.SUBPATTERN:
            _needed_chars(list(arg[-1]), out)
        elif op is _C.BRANCH:
            for branch in arg[1]:
                _needed_chars(list(branch), out)


# BADNESS_RE tells ASCII letters and digits apart only by class ([a-z], [A-Z], \\w):
# a window with each one written as its class's first member is bad exactly when the
# window is, and windows around the same characters then share one cache entry.
ASCII_SHAPE = str.maketrans(
    {**{c: "a" for c in string.ascii_lowercase}, **{c: "A" for c in string.ascii_uppercase},
     **{c: "0" for c in string.digits}}
)  # fmt: skip


@cache
def shape() -> dict[int, str]:
    """`ASCII_SHAPE`, and each non-ASCII character BADNESS_RE names written as the first
    one that every part of the pattern (a literal, a class, `\\w` for its word edges)
    matches alike: the pattern cannot tell them apart, so a window's answer stays, and
    a page's windows (a Cyrillic text's words) fall on far fewer cache entries."""
    atoms: list[Any] = []
    parsed = _parsed_badness()
    if not parsed or not _atoms(parsed, atoms):
        return ASCII_SHAPE  # a part not read here: ASCII only, as before
    atoms = list({repr(atom): atom for atom in atoms}.values())  # the same class, read once
    tests = [re.compile(r"\w").match, re.compile(r"\s").match, re.compile(r"\d").match]
    first: dict[tuple[bool, ...], str] = {}
    table = dict(ASCII_SHAPE)
    for char in sorted(mojibake_chars()):
        key = tuple(_atom_matches(atom, char) for atom in atoms)
        key += tuple(bool(test(char)) for test in tests)
        table[ord(char)] = first.setdefault(key, char)
    return table


_CATEGORIES = {
    "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D",
}  # fmt: skip


def _atoms(items: list[Any], out: list[Any]) -> bool:
    """Every one-character part of the parsed pattern, into `out`; False at a part this
    reading does not follow (a back-reference compares characters, not classes)."""
    for op, arg in items:
        if op in (_C.LITERAL, _C.NOT_LITERAL, _C.IN, _C.ANY):
            if op is _C.IN and any(
                o not in (_C.LITERAL, _C.RANGE, _C.NEGATE)
                and not (o is _C.CATEGORY and getattr(a, "name", None) in _CATEGORIES)
                for o, a in arg
            ):
                return False
            out.append((op, arg))
        elif op in _REPEATS:
            if not _atoms(list(arg[2]), out):
                return False
        elif op is _C.SUBPATTERN:
            if not _atoms(list(arg[-1]), out):
                return False
        elif op is _C.BRANCH:
            if not all(_atoms(list(branch), out) for branch in arg[1]):
                return False
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            if not _atoms(list(arg[1]), out):
                return False
        elif op is not _C.AT:
            return False
    return True


def _atom_matches(atom: Any, char: str) -> bool:
    op, arg = atom
    if op is _C.LITERAL:
        return ord(char) == arg
    if op is _C.NOT_LITERAL:
        return ord(char) != arg
    if op is _C.ANY:
        return char != "\n"
    found, negate = False, False
    for o, a in arg:
        if o is _C.NEGATE:
            negate = True
        elif o is _C.LITERAL:
            found = found or ord(char) == a
        elif o is _C.RANGE:
            found = found or a[0] <= ord(char) <= a[1]
        else:
            found = found or bool(re.match(_CATEGORIES[a.name], char))
    return found != negate


@lru_cache(maxsize=65536)
def window_is_bad(window: str) -> bool:
    # "^" alternatives may match only where the window starts its line: a window that
    # does not starts with "\x00".
    return bool(BADNESS_RE.search(window))
