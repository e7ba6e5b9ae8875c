"""Decoded text to canonical lines: ftfy's repairs, then whitespace and invisible characters.

ftfy is thorough and slow (about 1 ms per KB), and most lines of most pages need
nothing from it. `fix_text` sends a line to ftfy only when a cheap test says ftfy
could change it, and does ftfy's one remaining step (uncurling quotes) itself
otherwise. The test suite proves the result equals `ftfy.fix_text` on whole texts.
"""

from __future__ import annotations

import bisect
import re
import string
import unicodedata
from functools import cache, lru_cache
from typing import Any

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE, LIGATURES, WIDTH_MAP
from ftfy.fixes import uncurl_quotes

from .linescan import _C, _REPEATS, _sre_parser

#: ftfy as cleaner runs it: entities are always decoded, since a dump is text, not markup.
FTFY_CONFIG = ftfy.TextFixerConfig(unescape_html=True, explain=False)


def fix_text(text: str, config: ftfy.TextFixerConfig = FTFY_CONFIG) -> str:
    """Equal to `ftfy.fix_text(text, config)`, at a fraction of the cost on clean lines."""
    if config.unescape_html == "auto":
        return ftfy.fix_text(text, config)  # "auto" depends on earlier lines: keep ftfy's own loop
    uncurl = uncurl_quotes if config.uncurl_quotes else str
    suspects = _suspect_lines(text)
    if not suspects:
        return uncurl(text)
    segments = text.split("\n")
    uncurled = uncurl(text).split("\n")  # quote by quote: the same as line by line
    last = len(segments) - 1
    parts = []
    for i, line in enumerate(segments):
        end = "\n" if i < last else ""
        if i in suspects:
            parts.append(ftfy.fix_text(line + end, config))  # ftfy too fixes line by line
        else:
            parts.append(uncurled[i] + end)
    return "".join(parts)


def prepare() -> None:
    """Read ftfy's pattern now (`pipeline.warm_up`), not on the first non-ASCII page."""
    _suspect_runs()
    _shape()


def clean_line(line: str) -> str:
    """One line as canonical text: no controls or invisibles, single spaces, trimmed."""
    if not line.isascii() and _ANY_INVISIBLE.search(line):
        line = _INVISIBLE.sub("", line)
    return " ".join(_CONTROL.sub(" ", line).split())


def repair_text(text: str, config: ftfy.TextFixerConfig = FTFY_CONFIG) -> str:
    """The text repaired (ftfy, invisible and control characters out), its layout kept:
    the front stage reads indentation and line lengths before lines are trimmed."""
    text = fix_text(text, config)
    if not text.isascii() and _ANY_INVISIBLE.search(text):
        text = _drop_invisibles(text)  # slow (lookarounds at every position): only when needed
    return _CONTROL.sub(" ", text)


def _drop_invisibles(text: str) -> str:
    """`_INVISIBLE.sub("", text)`, run only on the lines that hold an invisible character.

    The lookarounds read a newline as they read the end of a text (neither is `\\w`),
    so line by line gives the same; a large dump with one soft hyphen no longer pays
    the slow pattern over all of it.
    """
    parts = []
    done = 0  # the text before this is copied (or its line repaired) already
    for match in _ANY_INVISIBLE.finditer(text):
        if match.start() < done:
            continue  # on a line repaired already
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        parts.append(text[done:start])
        parts.append(_INVISIBLE.sub("", text[start:end]))
        done = end
    parts.append(text[done:])
    return "".join(parts)


def normalize_lines(text: str, config: ftfy.TextFixerConfig = FTFY_CONFIG) -> list[str]:
    """Repair the text and return its lines, canonical; blank lines stay as ""."""
    return [" ".join(line.split()) for line in repair_text(text, config).split("\n")]


def clean_verbatim(line: str) -> str:
    """A line of code or preformatted text as canonical: indentation and inner spacing as
    printed, no-break spaces as spaces, no trailing spaces."""
    if not line.isascii():
        line = line.translate(_SPACES)
    return line.rstrip()


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


# Besides mojibake, ftfy changes only lines holding one of these: a control, C1
# control, ligature or width form, line separator, replacement character, lone
# surrogate, or (checked apart) an HTML entity.
def _other_fixables() -> str:
    chars = {chr(c) for c in CONTROL_CHARS} | {chr(c) for c in LIGATURES}
    chars |= {chr(c) for c in WIDTH_MAP} | {chr(c) for c in range(0x80, 0xA0)}
    return "".join(sorted(chars | set("\ufffd\x1a\x1b\r\u2028\u2029")))


def _mojibake_chars() -> str:
    """Every non-ASCII character that ftfy's badness pattern names."""
    pattern = BADNESS_RE.pattern
    chars = {c for c in pattern if ord(c) > 127}
    for low, high in re.findall(r"([^\x00-\x7f])-([^\x00-\x7f])", pattern):
        chars.update(chr(c) for c in range(ord(low), ord(high) + 1))
    return "".join(sorted(chars))


_FIXABLE = re.compile("[" + re.escape(_other_fixables()) + "\ud800-\udfff]")
_MOJIBAKE_RUN = re.compile("[" + re.escape(_mojibake_chars()) + "]+")
_CONTEXT = 4  # no alternative of BADNESS_RE reaches further into ASCII around its characters


def _suspect_lines(text: str) -> set[int]:
    """Indexes of the lines ftfy could change beyond uncurling quotes."""
    offsets = [m.start() for m in _FIXABLE.finditer(text)]
    if "&" in text:
        offsets += [m.start() for m in HTML_ENTITY_RE.finditer(text)]
    if not text.isascii():
        offsets += _mojibake_offsets(text)
        if not unicodedata.is_normalized("NFC", text):
            pos = 0
            for line in text.split("\n"):
                if not unicodedata.is_normalized("NFC", line):
                    offsets.append(pos)
                pos += len(line) + 1
    if not offsets:
        return set()
    newlines = [m.start() for m in re.finditer("\n", text)]
    return {bisect.bisect_left(newlines, offset) for offset in offsets}


def _mojibake_offsets(text: str) -> list[int]:
    """Where `ftfy.badness.is_bad` fires on the line around that spot.

    ftfy asks is_bad before it tries any re-decoding. The pattern is slow (0.2 us
    a character) and each match holds one of its non-ASCII characters with at most
    `_CONTEXT` characters around, so windows around those give ftfy's answer. A page
    prints the same few characters (bullets, quotes, dashes) between the same words
    again and again: each window as printed is judged once (`_SEEN_WINDOWS`), and
    is cut from a few characters around the run, never from its whole line.
    """
    found = []
    seen = _SEEN_WINDOWS
    if len(seen) > _MAX_SEEN_WINDOWS:
        seen.clear()
    for m in _suspect_runs().finditer(text):
        start, end = m.span()
        if start > _CONTEXT:
            before = text[start - _CONTEXT - 1 : start]  # one more: is a newline just before?
            newline = before.rfind("\n")
            # "\x00": not at its line's start ("^" alternatives must not match there)
            before = before[newline + 1 :] if newline >= 0 else "\x00" + before[1:]
        else:  # near the text's start, which starts a line
            before = text[:start]
            before = before[before.rfind("\n") + 1 :]
        after = text[end : end + _CONTEXT]
        newline = after.find("\n")
        window = before + m.group() + (after[: newline + 1] if newline >= 0 else after)
        bad = seen.get(window)
        if bad is None:
            bad = seen[window] = _window_is_bad(window.translate(_shape()))
        if bad:
            found.append(start)
    return found


#: Windows judged so far, as printed (see `_mojibake_offsets`): at most
#: `_MAX_SEEN_WINDOWS`, then started afresh.
_SEEN_WINDOWS: dict[str, bool] = {}
_MAX_SEEN_WINDOWS = 65536


@cache
def _suspect_runs() -> re.Pattern[str]:
    """The runs of `_MOJIBAKE_RUN` whose window may be bad: all but a lone character
    among ASCII (a bullet, a curly quote, a no-break space) that cannot be bad alone
    (`_lone_bad_chars`): most runs of a page, skipped by the regex, not one by one."""
    lone = _lone_bad_chars()
    if lone is None:
        return _MOJIBAKE_RUN
    run = _MOJIBAKE_RUN.pattern[:-1]  # the class, without its "+"
    near = "|".join(rf"(?<=[^\x00-\x7f][\s\S]{{{k}}})" for k in range(1, _CONTEXT + 1))
    return re.compile(
        rf"{run}(?<!{run}{run})"  # a run's first character
        rf"(?:{run}+"  # two or more
        rf"|(?<=[{re.escape(''.join(sorted(lone)))}])(?!{run})"  # one that can be bad alone
        rf"|(?!{run})(?=[\s\S]{{0,{_CONTEXT - 1}}}[^\x00-\x7f])"  # non-ASCII just after
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
_ASCII_SHAPE = str.maketrans(
    {**{c: "a" for c in string.ascii_lowercase}, **{c: "A" for c in string.ascii_uppercase},
     **{c: "0" for c in string.digits}}
)  # fmt: skip


@cache
def _shape() -> dict[int, str]:
    """`_ASCII_SHAPE`, and each non-ASCII character BADNESS_RE names written as the first
    one that every part of the pattern (a literal, a class, `\\w` for its word edges)
    matches alike: the pattern cannot tell them apart, so a window's answer stays, and
    a page's windows (a Cyrillic text's words) fall on far fewer cache entries."""
    atoms: list[Any] = []
    parsed = _parsed_badness()
    if not parsed or not _atoms(parsed, atoms):
        return _ASCII_SHAPE  # a part not read here: ASCII only, as before
    atoms = list({repr(atom): atom for atom in atoms}.values())  # the same class, read once
    tests = [re.compile(r"\w").match, re.compile(r"\s").match, re.compile(r"\d").match]
    first: dict[tuple[bool, ...], str] = {}
    table = dict(_ASCII_SHAPE)
    for char in sorted(_mojibake_chars()):
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
def _window_is_bad(window: str) -> bool:
    # "^" alternatives may match only where the window starts its line: a window that
    # does not starts with "\x00".
    return bool(BADNESS_RE.search(window))


# Invisible characters that carry no text: soft hyphen, zero-width space, word
# joiner, BOM, bidi marks and embeddings. Joiners (ZWJ, ZWNJ) are kept between
# letters, where Persian, Indic scripts and emoji need them.
_INVISIBLE = re.compile(
    r"[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
    r"|(?<!\w)[\u200c\u200d]|[\u200c\u200d](?!\w)"
)
_ANY_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
