"""Text dumps: blocks in, the article's paragraphs out, with a verdict for every block.

The front stage (`render`) has read the dump into blocks: paragraphs (one per
line, as w3m prints them, or reflowed), headings, list items, tables and code.
The order is fixed and one-way: the corpus's date prefix is lifted, the
matching packs' rules run (they win), heuristics lift the title, byline and
dateline, the classifier decides every paragraph, heading and item left, and
tables and code are judged whole by where they sit. The kept blocks become the
canonical body. Canonical input (front matter present) has already been through
all this: only rules run on it, so cleaning is idempotent.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import classify, dates, render, titles
from .linescan import Lines
from .normalize import fold_widths
from .rules import TextRules

_BULLET_CHARS = "-*•◦▪▫‣⁃●○■□►▸"
_BULLET = re.compile(rf"^[{re.escape(_BULLET_CHARS)}]\s+(?=\S)")
_CANON_BULLET = "- "
KEEP, DROP, META = "keep", "drop", "meta"
#: Kinds judged whole (`Line.whole`); loops over every line test `kind in WHOLE_KINDS`
#: rather than call the property, a tenth of a millisecond a dump.
WHOLE_KINDS = (render.TABLE, render.CODE)


@dataclass(slots=True)
class Line:
    """One block of the dump (a paragraph, heading, item, table or code; or a blank
    line) and what has been decided about it."""

    index: int  # position among the blocks and blank lines: what distances are counted in
    text: str
    action: str | None = None  # None until a rule or heuristic decides
    reason: str = ""
    bullet: bool = False
    cut: tuple[tuple[str, str], ...] = ()  # fragments stripped, with reason (rare: no list each)
    kind: str = render.PARAGRAPH
    start: int = -1  # first input line, 0-based; -1: the same as `index`

    @property
    def line(self) -> int:
        """The input line the block starts on, 0-based."""
        return self.index if self.start < 0 else self.start

    @property
    def whole(self) -> bool:
        """A table or code: judged as one piece, never cut or reworded by rules."""
        return self.kind in WHOLE_KINDS


@dataclass
class Metadata:
    title: str | None = None
    date: str | None = None
    datetime: str | None = None
    author: str | None = None
    source: str | None = None


#: The lines each set of text rules (by its id) left alone during one `clean()` call.
Cleared = dict[int, set[str]]


def lines_of(blocks: Sequence[render.Block]) -> list[Line]:
    """The blocks in input order, each blank input line between two of them as a blank
    line: the classifier counts distances in these, as it did in w3m's lines."""
    lines: list[Line] = []
    append = lines.append  # a few hundred lines a dump, each made here: arguments by position
    end = 0
    for block in sorted(blocks, key=_START):
        start, kind, text = block.start, block.kind, block.text
        for gap in range(end, start):
            append(Line(len(lines), "", DROP, "blank", False, (), render.PARAGRAPH, gap))
        if kind == render.DROPPED:
            append(Line(len(lines), text, DROP, block.reason, False, (), kind, start))
        elif kind == render.ITEM:
            append(Line(len(lines), text, None, "", True, (), kind, start))
        elif not text:
            append(Line(len(lines), text, DROP, "blank", False, (), kind, start))
        else:
            append(Line(len(lines), text, None, "", False, (), kind, start))
        end = max(end, block.end)
    return lines


_START = operator.attrgetter("start")


def clean_blocks(
    blocks: Sequence[render.Block],
    rules: TextRules,
    meta: Metadata,
    *,
    canonical: bool = False,
    reference: dt.date | None = None,
    cleared: Cleared | None = None,
) -> list[Line]:
    """Decide every block; `meta` is filled with what the blocks say. `cleared` carries
    the lines the rules left alone from one pass of a `clean()` call to the next."""
    cleared = cleared if cleared is not None else {}
    lines = lines_of(blocks)
    held = [line for line in lines if line.kind in WHOLE_KINDS and line.action is None]
    for line in held:  # out of the rules' and the classifier's way; judged at the end
        line.action = KEEP
    if not canonical:
        _lift_date_prefix(lines, meta)
    _apply_metadata_rules(lines, rules, meta)
    _apply_position_rules(lines, rules)
    _apply_line_rules(lines, rules, cleared.setdefault(id(rules), set()))
    _mark_bullets(lines, canonical)
    if canonical:
        for line in lines:
            if line.action is None:
                line.action = KEEP
        return lines
    _lift_title(lines, meta)
    _drop_author_box(lines, meta)
    _lift_bylines(lines, meta, reference)
    _run_classifier(lines, rules)
    _judge_whole(lines, held)
    _lift_dateline(lines, meta, reference)
    return lines


def body(lines: Sequence[Line]) -> str:
    """Kept blocks as the canonical body: paragraphs one per line, blank-separated; lists
    as `- ` blocks; tables' rows together; code fenced as printed."""
    kept = []
    for line in lines:
        if line.action != KEEP:
            continue
        if line.bullet:
            text = line.text if line.kind == render.ITEM else _BULLET.sub("", line.text)
            kept.append(render.Block(render.ITEM, text, line.line, line.line + 1))
        else:
            kept.append(render.Block(line.kind, line.text, line.line, line.line + 1))
    return render.write(kept)


#: Short lines (a heading) that may stand between the article and a table it ends on.
TABLE_HEADING_LINES = 2
_HEADING_REASONS = ("short-line", "short-run")  # what the classifier says of a heading


def _judge_whole(lines: Sequence[Line], held: Sequence[Line]) -> None:
    """A table or code block stays when the article goes on around it: the nearest
    judged block above it and the nearest below were both kept. A table stays, too,
    where the article runs up to it, a short heading between aside (kept with it): an
    article may end on its data (a product's specifications, a season's results, an
    office's opening hours), while code under an article is as often a site's snippet
    as the article's. Never cut in two."""
    judged = [ln for ln in lines if ln.reason != "blank" and ln.kind not in WHOLE_KINDS]
    positions = [ln.index for ln in judged]
    for line in held:
        at = bisect.bisect_left(positions, line.index)
        above = judged[at - 1] if at > 0 else None
        below = judged[at] if at < len(judged) else None
        headings: Sequence[Line] = ()
        if line.kind == render.TABLE:
            k = _above_headings(judged, at)
            above, headings = (judged[k] if k >= 0 else None), judged[k + 1 : at]
        elif not (below and below.action == KEEP):
            above = None
        if not (above and above.action == KEEP):
            line.action, line.reason = DROP, "outside-article"
            continue
        for heading in headings:  # the table's own heading stays with it
            heading.action, heading.reason = KEEP, ""


def _above_headings(judged: Sequence[Line], at: int) -> int:
    """Position of the nearest judged line above position `at`, past up to
    `TABLE_HEADING_LINES` short lines dropped as such (a table's heading)."""
    k = at - 1
    while k > 0 and at - k <= TABLE_HEADING_LINES and judged[k].reason in _HEADING_REASONS:
        k -= 1
    return k


# --- metadata -----------------------------------------------------------------


def _lift_date_prefix(lines: list[Line], meta: Metadata) -> None:
    first = next((line for line in lines if line.text), None)
    if first is None:
        return
    day, rest = dates.split_date_prefix(first.text)
    if day:
        meta.date = meta.date or day
        first.cut += ((first.text[: len(first.text) - len(rest)].strip(), "date-prefix"),)
        first.text = rest
        if not rest:
            first.action, first.reason = META, "date-prefix"


def _apply_metadata_rules(lines: list[Line], rules: TextRules, meta: Metadata) -> None:
    for rule in (*rules.of("title"), *rules.of("byline")):
        for line in lines:
            if line.action is not None:
                continue
            match = rule.search(rule.value, line.text)
            if not match:
                continue
            found = match.groupdict()
            if rule.action == "title" and not meta.title:
                meta.title = found["title"].strip()
            if rule.action == "byline":
                if found.get("author") and not meta.author:
                    meta.author = found["author"].strip()
                if found.get("date") and not meta.date:
                    hit = dates.find_date(found["date"])
                    if hit:
                        meta.date, meta.datetime = hit.date, hit.datetime
            line.action, line.reason = META, rule.id


def _lift_title(lines: list[Line], meta: Metadata) -> None:
    """Every line that is exactly the title leaves the body; with no title known, the
    title is guessed as a heading-like line printed more than once before the prose."""
    if not meta.title:
        meta.title = _guess_title(lines)
    if not meta.title:
        return
    title = meta.title.casefold()
    most = len(title)  # casefold never shortens a text: a longer line is not the title
    for line in lines:
        if line.action is None and len(line.text) <= most and line.text.casefold() == title:
            line.action, line.reason = META, "title"


def _guess_title(lines: Sequence[Line]) -> str | None:
    """The headline among the lines; what the front stage took out (link machinery, a
    layout's menu column) is no line of the page's to read, but a blank."""
    texts = [ln.text if ln.kind != render.DROPPED else "" for ln in lines]
    return titles.find_title(texts, [ln.action is None for ln in lines])


_BYLINE = re.compile(
    r"^(?:by|von|par|por|di|door|av|af)\s+(?P<author>[\w.'’-]+(?:\s+(?:[\w.'’-]+)){0,3}?)"
    r"(?:\s*(?:[,|•·–—-]|\band\b).*)?$",
    re.IGNORECASE,
)


def _lift_bylines(lines: list[Line], meta: Metadata, reference: dt.date | None) -> None:
    """A short `By Name` line before the prose gives the author (and a date, if it holds one)."""
    for line in lines[: _prose_start(lines)]:
        if line.action is not None or len(line.text) > 120:
            continue
        match = _BYLINE.match(line.text)
        if not match or not all(w[:1].isupper() for w in match.group("author").split()):
            continue
        meta.author = meta.author or match.group("author")
        hit = dates.find_date(line.text, reference)
        if hit and not meta.date:
            meta.date, meta.datetime = hit.date, hit.datetime
        line.action, line.reason = META, "byline"
        return


def _drop_author_box(lines: list[Line], meta: Metadata) -> None:
    """The author's name alone on a line, after the byline, is the author box."""
    if not meta.author:
        return
    name = meta.author.casefold()
    most = len(name)  # casefold never shortens a text: a longer line is not the name
    for line in lines:
        if line.action is None and len(line.text) <= most and line.text.casefold() == name:
            line.action, line.reason = DROP, "author-box"


def _lift_dateline(lines: list[Line], meta: Metadata, reference: dt.date | None) -> None:
    """The article's date is picked among every date of the dump (`dates.pick`) against
    the article's first kept paragraph; with no date stated and a reference date given
    (a crawl date), from a relative dateline. Its line leaves the body unless the date is told
    in prose; other lines that are only a date leave the body too."""
    first_kept = next((ln.index for ln in lines if ln.action == KEEP), len(lines))
    texts = [
        "" if ln.kind in WHOLE_KINDS else ln.text[:DATE_SCAN_CHARS].replace("\ufffd", "")
        for ln in lines
    ]
    found = dates.scan_dump(texts, reference)
    chosen = dates.pick(found.candidates, first_kept)
    if chosen is None and reference is not None and not meta.date:  # "2 hours ago"
        chosen = dates.relative_date(texts, first_kept, reference)
    if chosen and not meta.date:
        meta.date, meta.datetime = chosen.hit.date, chosen.hit.datetime
    elif chosen and meta.date == chosen.hit.date and not meta.datetime:
        meta.datetime = chosen.hit.datetime
    for line in lines:
        if line.action not in (KEEP, None) and line.reason not in _DATELINE_REASONS:
            continue
        if line.kind in WHOLE_KINDS:
            continue
        if chosen and line.index == chosen.line and not chosen.prose:
            line.action, line.reason = META, "dateline"
        elif line.action == KEEP and found.dateline(line.index):
            line.action, line.reason = DROP, "dateline"


#: A date is searched in this much of a block: a reflowed list of references may run to
#: tens of thousands of characters, and the date search costs more than linear in a line.
DATE_SCAN_CHARS = 4000
_DATELINE_REASONS = ("short-line", "repeated-line", "few-stopwords")


def _prose_start(lines: Sequence[Line]) -> int:
    """Index of the first line that reads as a paragraph of prose."""
    for line in lines:
        if line.action is None and len(line.text) >= 150 and line.text.count(" ") >= 20:
            return line.index
    return len(lines)


# --- rules --------------------------------------------------------------------


def _apply_position_rules(lines: list[Line], rules: TextRules) -> None:
    """start_after, stop_at and drop_between: spans of lines, found on undecided lines."""
    if not any(rules.of(action) for action in ("start_after", "stop_at", "drop_between")):
        return
    scan = Lines(
        ["" if ln.reason == "blank" or ln.kind in WHOLE_KINDS else ln.text for ln in lines]
    )
    for rule in rules.of("start_after"):
        hit = scan.first(rule, rule.value, 0)
        if hit is not None:
            _drop_span(lines, 0, hit + 1, rule.id)
    for rule in rules.of("stop_at"):
        hit = scan.first(rule, rule.value, 0)
        if hit is not None:
            _drop_span(lines, hit, len(lines), rule.id)
    for rule in rules.of("drop_between"):
        start_re, end_re = rule.value
        pos = 0
        while (start := scan.first(rule, start_re, pos)) is not None:
            end = scan.first(rule, end_re, start)
            if end is None:
                break
            _drop_span(lines, start, end + 1, rule.id)
            pos = end + 1


def _drop_span(lines: list[Line], start: int, stop: int, reason: str) -> None:
    for line in lines[start:stop]:
        if line.action is None:
            line.action, line.reason = DROP, reason


def _apply_line_rules(lines: list[Line], rules: TextRules, cleared: set[str]) -> None:
    """Exact drops, then drop regexes in pack order (the first that matches names the
    drop), then inline strips; bullets are not part of what a rule sees. A line these
    rules left alone before in the same `clean()` call (`cleared`: the pass over the
    output reads the kept lines again; a rule judges each line alone) is not searched
    again, and the lines they leave alone now are added to it."""
    texts = [
        "" if ln.action is not None else _BULLET.sub("", ln.text) if ln.text[0] in _BULLET_CHARS
        else ln.text
        for ln in lines
    ]  # fmt: skip
    texts = ["" if text in cleared else text for text in texts]
    if not any(texts):
        return
    acted: set[int] = set()
    exact_rule = rules.exact_rule
    for i, text in enumerate(texts):
        if text and (rule := exact_rule(text)):
            lines[i].action, lines[i].reason = DROP, rule.id
            acted.add(i)
    scanned = Lines(texts)
    for rule in rules.of("drop_regex"):
        for i in rule.matching_lines(scanned):
            acted.add(i)
            if lines[i].action is None:
                lines[i].action, lines[i].reason = DROP, rule.id
    for rule in rules.of("strip"):
        for i in rule.matching_lines(scanned):
            acted.add(i)
            line = lines[i]
            if line.action is None:
                line.cut += ((line.text, rule.id),)
                line.text = rule.sub(rule.value, line.text).strip()
                if not line.text:
                    line.action, line.reason = DROP, rule.id
    cleared.update(text for i, text in enumerate(texts) if text and i not in acted)


def _mark_bullets(lines: list[Line], canonical: bool) -> None:
    for line in lines:
        if (
            line.kind == render.PARAGRAPH
            and line.action in (None, KEEP)
            and line.text[:1] in _BULLET_CHARS  # cheap test first: most lines are not bullets
            and _BULLET.match(line.text)
        ):
            line.bullet = not canonical or line.text.startswith(_CANON_BULLET)


def _run_classifier(lines: list[Line], rules: TextRules) -> None:
    open_lines = [ln for ln in lines if ln.action is None]
    # U+FFFD marks a byte decoding could not read: damage, not content to judge.
    judged = [fold_widths(ln.text.replace("\ufffd", "")) for ln in open_lines]
    repeated = classify.repeated_lines(
        judged,
        [ln.bullet for ln in open_lines],
        [ln.index for ln in open_lines],
        [ln.index for ln in lines if ln.text and not ln.bullet],
    )
    blocks = [
        classify.Block(
            ln.index,
            _BULLET.sub("", text) if ln.bullet and ln.kind != render.ITEM else text,
            ln.bullet,
            again,
        )
        for ln, text, again in zip(open_lines, judged, repeated, strict=True)
    ]
    classify.classify(
        blocks,
        title_lines=[ln.index for ln in lines if ln.reason == "title"],
        end_lines=[ln.index for ln in lines if ln.reason in rules.ends_article],
        box_lines=[ln.index for ln in lines if ln.reason in rules.heads_box],
        table_lines=[ln.index for ln in lines if ln.kind == render.TABLE],
    )
    for line, block in zip(open_lines, blocks, strict=True):
        if block.label == classify.GOOD:
            line.action = KEEP
        else:
            line.action, line.reason = DROP, block.reason
