"""A dump far larger than any article: only the region around its article is read.

A text dump of many megabytes is pages run together (a scraper's concatenation, a
crawl's text export), not one article: the longest articles in the dev sets (a
novella, a long encyclopedia page) are half a megabyte. Reading all of it would
cost time and memory in proportion (every line a block, judged and given a
verdict) for an output of one article. So a dump over `MAX_DUMP_BYTES` is cut,
before it is decoded, to `WINDOW_BYTES` from `LEAD_LINES` above its first heavy
run of prose, found as the title finder finds an article's start
(`titles.article_start`), on long lines only and with scans that run in C. What
lies outside goes as `far-from-article`, one verdict for each side.

Smaller dumps are read whole, and so are HTML, canonical text (front matter) and
UTF-16 or UTF-32 input, whose line breaks are not one byte.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import AnyStr, cast

from .decode import sniff_kind
from .heuristics import DROP, heuristic
from .titles import MAIN_RUN_SHARE, MAX_RUN_GAP, PROSE_CHARS, PROSE_SPACES

MAX_DUMP_BYTES = 2_000_000  # a dump up to this size is read whole, as any article is
WINDOW_BYTES = 1_000_000  # what is read of a larger one
LEAD_LINES = 200  # lines read above the article's prose: its headline, byline, dateline

_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_SNIFF_BYTES = 4096
_LONG: dict[type, re.Pattern] = {
    bytes: re.compile(rb"[^\n]{%d,}" % PROSE_CHARS),
    str: re.compile(rf"[^\n]{{{PROSE_CHARS},}}"),
}


@dataclass(frozen=True)
class Window:
    """The part of the input read, and how many input lines lie before and after it."""

    raw: str | bytes
    lines_before: int = 0
    lines_after: int = 0


@heuristic(
    "far-from-article",
    DROP,
    "A dump too large for one article is read only around its first heavy run of prose.",
    "MAX_DUMP_BYTES",
    "WINDOW_BYTES",
    "LEAD_LINES",
)
def focus(raw: str | bytes, kind: str = "auto") -> Window:
    """The window of `raw` to clean: all of it, unless it is a plain text dump larger
    than `MAX_DUMP_BYTES`; then `WINDOW_BYTES` of it, cut at line breaks (a longer
    line is read whole), from `LEAD_LINES` above the first run of prose that weighs
    `MAIN_RUN_SHARE` of the heaviest, as the title finder reads prose and runs
    (`titles.article_start`), made on long lines alone."""
    if not isinstance(raw, (str, bytes)) or len(raw) <= MAX_DUMP_BYTES:
        return Window(raw)  # decoding says what is wrong with another type
    if kind == "html" or not _plain_text(raw):
        return Window(raw)
    if isinstance(raw, str):  # one type at a time: mypy reads _cut for each
        return _cut(raw)
    return _cut(raw)


def _cut(raw: AnyStr) -> Window:
    newline = _newline(raw)
    start = _article_start(raw)
    begin = _lines_above(raw, start, LEAD_LINES)
    end = max(begin + WINDOW_BYTES, start + 1)  # the article's first line at least
    if end < len(raw):  # at the window's last line break from there: never inside a line
        end = raw.rfind(newline, start, end) + 1 or raw.find(newline, end) + 1 or len(raw)
    return Window(raw[begin:end], raw.count(newline, 0, begin), raw.count(newline, end))


def _newline(raw: AnyStr) -> AnyStr:
    return b"\n" if isinstance(raw, bytes) else "\n"


def _plain_text(raw: str | bytes) -> bool:
    """Whether the input is a text dump with one-byte line breaks: not HTML, not
    canonical text, not UTF-16 or UTF-32."""
    head = raw[:_SNIFF_BYTES]
    if isinstance(head, bytes):
        if head.startswith(_WIDE_BOMS) or head.count(b"\x00") > len(head) // 8:
            return False
        head = head.decode("utf-8", "replace")
    return sniff_kind(head) == "text" and not head.startswith("---\n")


def _article_start(raw: AnyStr) -> int:
    """Where the article's first line of prose starts: the first run of long lines
    (lines `MAX_RUN_GAP` apart at most) weighing `MAIN_RUN_SHARE` of the heaviest."""
    newline = _newline(raw)
    space = b" " if isinstance(raw, bytes) else " "
    long_line = cast("re.Pattern[AnyStr]", _LONG[type(raw)])
    starts: list[int] = []  # each run's first offset
    mass: list[int] = []
    line, last, seen = 0, -MAX_RUN_GAP - 2, 0
    for match in long_line.finditer(raw):
        text = match.group()
        if text.count(space) < PROSE_SPACES:
            continue
        line += raw.count(newline, seen, match.start())
        seen = match.start()
        if line - last > MAX_RUN_GAP + 1:
            starts.append(match.start())
            mass.append(0)
        mass[-1] += len(text)
        last = line
    if not mass:
        return 0
    best = max(mass)
    return next(
        at for at, weight in zip(starts, mass, strict=True) if weight >= MAIN_RUN_SHARE * best
    )


def _lines_above(raw: AnyStr, offset: int, lines: int) -> int:
    """The offset of the line `lines` above the one starting at `offset` (0 at the top)."""
    newline = _newline(raw)
    for _ in range(lines):
        found = raw.rfind(newline, 0, max(offset - 1, 0))
        if found < 0:
            return 0
        offset = found + 1
    return offset
