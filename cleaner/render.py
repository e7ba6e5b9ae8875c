"""The front stage for text: recognise how a page was rendered to text, and read it into blocks.

Corpora hold pages rendered by many tools: w3m and browsers' "save as text" print
one paragraph per line; lynx hard-wraps at 80 columns and glues `[12]` link
markers to link texts, with a References list at the end; html2text and pandoc
write Markdown, wrapped, with `[text](url)` links and `![alt](src)` pictures;
a text-node dump prints every text node on its own line, so a sentence with a
link in it comes out in three pieces. The classifier after this stage reads
paragraphs, so each rendering is read back into the same blocks first:

- the rendering is recognised from the text itself (`detect`), never a file name;
- hard-wrapped lines are joined into paragraphs when the dump is wrapped at all,
  judged by its own line lengths: a line is continued only when the next line's
  first word would not have fitted on it, so verse and addresses stay apart;
- link machinery goes (lynx's markers and References, Markdown's link targets,
  picture syntax, emphasis markers), the text of the links stays;
- headings, list items, tables and code are typed blocks; code and tables are
  kept verbatim and judged whole;
- canonical text (the body of a file with front matter, or an HTML extract written
  in the same syntax) is read as written (`read_canonical`).

Every function here is pure. `read` costs about 0.6 ms on an average w3m or text-node
dump and 1 to 1.4 ms on a lynx or Markdown one (`benchmarks/bench.py renderers` prints
it): patterns are tried only on lines that hold what they need, since most lines are prose.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .normalize import clean_line, clean_verbatim, single_spaced

PARAGRAPH, HEADING, ITEM, TABLE, CODE, DROPPED = (
    "paragraph",
    "heading",
    "item",
    "table",
    "code",
    "dropped",
)
W3M, LYNX, MARKDOWN, NODES, CANONICAL = "w3m", "lynx", "markdown", "nodes", "canonical"
#: Renderings the front stage reads; "auto" recognises one from the text.
RENDERINGS = ("auto", W3M, LYNX, MARKDOWN, NODES, CANONICAL)


@dataclass(slots=True)  # one per paragraph of a dump, alive to its end
class Block:
    """One block of the page: its kind, its text, and the input lines it came from.

    A table's text is its rows, `| a | b |`, one a line; a code block's text is its
    lines as printed (without the fences). A `dropped` block is link machinery the
    front stage removed, kept here so that `explain` can show it, with its `reason`.
    """

    kind: str
    text: str
    start: int  # first input line, 0-based
    end: int  # one past the last input line
    reason: str = ""


# --- recognising the rendering -----------------------------------------------

_LYNX_MARKER = re.compile(r"\[(\d+)\]")
_LYNX_REFERENCES = re.compile(  # after a line break: see `_LYNX_TRAILER`
    r"\n(?:References\n+ {0,3}(?:Visible links:?|1\. \S+)\n| {0,3}Visible links:?\n+ +1\. \S)"
)
_MD_HEADING = re.compile(r"\n#{1,6} ")  # after a line break: searched for its "\n#", fast

DETECT_SAMPLE = 200_000  # characters read to recognise the rendering
MIN_MARKDOWN_SHARE = 0.02  # link targets and `#` headings per non-blank line
MIN_LYNX_MARKERS = 3  # glued `[n]` markers in a dump with no References list
MAX_NODES_BLANK_SHARE = 0.01  # a text-node dump has (almost) no blank lines
MIN_NODES_LINES = 10
SHORT_NODE_CHARS = 40  # a menu item, a link's text: most lines of a text-node dump
MIN_NODES_SHORT_SHARE = 0.25  # fewer short lines: paragraphs printed one a line, unspaced


def detect(text: str) -> str:
    """The rendering of a dump, read from its text: lynx, markdown, nodes or w3m.

    "w3m" stands for every dump printed one paragraph per line (w3m, browsers'
    "save as text"); hard wrapping is recognised apart (see `wrap_width`). A
    text-node dump has no blank lines and many short lines (menus, links' texts);
    a short wire text printed one paragraph a line without blank lines is no such dump.
    """
    sample = text[:DETECT_SAMPLE]
    if _has_lynx_references(sample):
        return LYNX
    markdown = sample.count("](") + sample.count("![") + _md_headings(sample)
    if markdown >= 3 and markdown >= MIN_MARKDOWN_SHARE * (sample.count("\n") + 1):
        return MARKDOWN  # enough for as many non-blank lines as there are lines: no need to count
    lines = sample.strip("\n").split("\n")
    filled = [line for line in lines if line and not line.isspace()]
    if not filled:
        return W3M
    if markdown >= 3 and markdown >= MIN_MARKDOWN_SHARE * len(filled):
        return MARKDOWN
    if _lynx_markers(sample) >= MIN_LYNX_MARKERS:
        return LYNX
    blank = len(lines) - len(filled)
    if len(filled) < MIN_NODES_LINES or blank > MAX_NODES_BLANK_SHARE * len(lines):
        return W3M  # most dumps: blank lines between paragraphs, its short lines uncounted
    short = sum(1 for line in filled if len(line) < SHORT_NODE_CHARS)
    return NODES if short >= MIN_NODES_SHORT_SHARE * len(filled) else W3M


def _has_lynx_references(text: str) -> bool:
    """Whether lynx's References list is there. Its words are looked for first: the
    pattern is tried at every line start, which costs more than a plain search."""
    if "References" not in text and "Visible links" not in text:
        return False
    return _LYNX_REFERENCES.search("\n" + text) is not None  # the first line follows one too


def _md_headings(text: str) -> int:
    """How many lines are Markdown headings, `#` to `######` and a space."""
    first = re.match(r"#{1,6} ", text) is not None
    return first + len(_MD_HEADING.findall(text))


def _lynx_markers(text: str) -> int:
    """How many `[n]` markers glued to a word follow lynx's numbering (1, 2, 3, ...)."""
    count = last = 0
    for m in re.finditer(r"\[(\d+)\](?=[^\s(\[\]])", text):
        n = int(m.group(1))
        if n == last + 1:
            count += 1
            last = n
    return count


# --- reading ------------------------------------------------------------------


def read(text: str, rendering: str = "auto") -> tuple[str, list[Block]]:
    """The blocks of a dump (its body, without front matter) and the rendering read."""
    if rendering == "auto":
        rendering = detect(text)
    if rendering == CANONICAL:
        return rendering, read_canonical(text)
    printed = text.split("\n")  # as the renderer laid it out: what its wrapping measured
    dropped: list[Block] = []
    lines = printed
    if rendering == MARKDOWN:
        if _MD_CLOSING_LINE.search(text):  # rare: a line that starts with `)`
            text = _close_broken_targets(text)
            lines = text.split("\n")
        blocks = _markdown_blocks(lines, printed, _md_targets(text))
    else:
        width = wrap_width(printed, wrapped=rendering == LYNX)
        if rendering == LYNX:
            lines, dropped = _strip_lynx(text)
        elif rendering == W3M and width is None and "   " in text:
            lines, dropped = split_layout_column(lines)
        blocks = _plain_blocks(
            lines, printed, width, lynx=rendering == LYNX, nodes=rendering == NODES
        )
    if rendering == NODES:
        blocks = join_fragments(blocks)
    return rendering, sorted(blocks + dropped, key=lambda b: b.start)


# --- wrapping -----------------------------------------------------------------

MAX_WRAP_WIDTH = 160  # a dump wrapped wider than this is printed one paragraph per line
MIN_FULL_SHARE = 0.2  # share of multi-word lines that end within a word of the width
FULL_SLACK = 12  # a line this close to the width is full (the next word did not fit)
MAX_FINISHED_SHARE = 0.5  # share of full lines that may end a sentence in a wrapped dump
_LONG_WORD = re.compile(r"\S{30}")  # a link target: a wrapper lets it stick out past the width


def wrap_width(lines: Sequence[str], *, wrapped: bool = False) -> int | None:
    """The column a dump is hard-wrapped at, from its own line lengths; None if not wrapped.

    A wrapped dump has many lines ending just short of one width: the width is
    near the longest of its multi-word lines, leaving out lines with a word too
    long to wrap (a link target) and the few longest; and most of those full lines
    stop mid-sentence (paragraphs printed one a line end theirs). A renderer known
    to wrap (`wrapped`: lynx always does) needs no such evidence.
    """
    if (
        not wrapped
        and sum(1 for line in lines if len(line) > 2 * MAX_WRAP_WIDTH) > len(lines) // 50
    ):
        return None  # one paragraph a line: w3m's long lines, cheaply told
    multi = [body for line in lines if (body := line.rstrip()).lstrip().count(" ") >= 2]
    lengths = sorted([len(body) for body in multi if not _LONG_WORD.search(body)])
    if len(lengths) < 5:
        return None
    width = lengths[-max(3, len(lengths) // 50)]
    if width > MAX_WRAP_WIDTH:
        return None
    if wrapped:
        return width
    full = [body for body in multi if width - FULL_SLACK <= len(body) <= width]
    if len(full) < MIN_FULL_SHARE * len(lengths):
        return None
    finished = sum(1 for line in full if line.endswith((".", "!", "?", '"', "”")))
    return width if finished <= MAX_FINISHED_SHARE * len(full) else None


def _continues(previous: str, line: str, width: int | None) -> bool:
    """True when `line` goes on with `previous`: its first word did not fit on it."""
    if width is None or previous.endswith("  "):  # Markdown's hard line break
        return False
    words = line.split(maxsplit=1)
    return len(previous.rstrip()) + 1 + (len(words[0]) if words else 0) > width


# --- w3m's layout tables ------------------------------------------------------

LAYOUT_LEFT_CHARS = 30  # a menu column's cells are this short at most
LAYOUT_MIN_ROWS = 3  # lines that print a menu cell beside the text, for a layout to be read
LAYOUT_PROSE_CHARS = 100  # ... one of them beside a paragraph at least this long
_BESIDE = re.compile(r"(\S(?:[^ ]| (?! ))*)( {3,})(?=\S)")  # a cell, then three spaces or more


def _menu_cell(line: str) -> bool:
    """A short cell alone at the left edge of a line: a menu's, in a layout column."""
    return bool(line) and line[:1] not in " \t" and len(line.strip()) <= LAYOUT_LEFT_CHARS


def split_layout_column(lines: list[str]) -> tuple[list[str], list[Block]]:
    """A page laid out as a table, a menu in a narrow column left of the text, is printed
    by w3m side by side: each line of the text after a menu cell ("Photos    The mill
    was built in 1732 ..."). The menu's cells come off the lines they share with the
    text, and the menu's cells on lines of their own between, as dropped blocks
    (`layout-column`); the text keeps its lines. Only where one column recurs on
    `LAYOUT_MIN_ROWS` lines, with short cells left of it and a paragraph right of it,
    and some of the cells on lines of their own between: the menu goes on where the
    text has a blank line. A table's rows print each key beside its own text, and a
    data table's cells are short on both sides (`aligned_table`)."""
    beside: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if "   " in line and line[:1] not in " \t":
            match = _BESIDE.match(line)
            if match and len(match.group(1)) <= LAYOUT_LEFT_CHARS:
                beside.setdefault(match.end(), []).append(i)
    column = max(beside, key=lambda c: len(beside[c]), default=None)
    if column is None or len(beside[column]) < LAYOUT_MIN_ROWS:
        return lines, []
    rows = set(beside[column])
    if max(len(lines[i]) - column for i in rows) < LAYOUT_PROSE_CHARS:
        return lines, []
    first, last = min(rows), max(rows)
    if not any(_menu_cell(lines[i]) and i not in rows for i in range(first, last)):
        return lines, []  # a table's rows, each cell beside its own text: the article's
    out, dropped = list(lines), []
    for i in range(first, last + 1):
        line = lines[i]
        if i in rows or _menu_cell(line):
            cell = line[:column].strip() if i in rows else line.strip()
            if cell:
                dropped.append(Block(DROPPED, cell, i, i + 1, "layout-column"))
            out[i] = " " * column + line[column:] if i in rows else ""
    return out, dropped


# --- plain dumps: w3m, lynx, text nodes ----------------------------------------

_BULLET = re.compile(r"^(\s*)([*+•◦▪‣⁃●○■□►▸-])\s+(?=\S)")
_ORDERED = re.compile(r"^\s{0,3}\d{1,4}[.)]\s+(?=\S)")  # a numbered item, printed as numbered
_NUMBERED = re.compile(r"\s*\d{1,4}[.)]\s+(?=\S)")  # a numbered item's number, at any depth
_LINK_START = re.compile(r"\s*(?:[*+o#@-]\s+)?\[\d+\]\S")  # a line that starts with a link
_BULLET_LEADS = frozenset("*+•◦▪‣⁃●○■□►▸-")  # what `_BULLET` can start with
_LYNX_BULLET_LEADS = frozenset("*+o#@-")
_LYNX_BULLET = re.compile(r"^(\s+)([*+o#@-])\s+(?=\S)")  # lynx marks nested levels * + o # @
_PICTURE = re.compile(r"\s*\[[^\[\]\d][^\[\]]*\]\s*$")  # a picture alone: [alt or file name]


def _plain_blocks(
    lines: Sequence[str],
    printed: Sequence[str],
    width: int | None,
    *,
    lynx: bool,
    nodes: bool = False,
) -> list[Block]:
    """Blocks of a dump printed as lines: w3m's paragraphs, or lynx's wrapped ones.
    `printed` are the lines as laid out (lynx's markers in), for the wrapping test.
    Lynx prints a row of links (teasers in table cells) without blank lines: a line
    that starts with a link does not go on a block that started with one. A text-node
    dump wraps only what the page printed wrapped (preformatted text): a node longer
    than the width is no wrapped line, and nothing goes on it (`nodes`)."""
    blocks: list[Block] = []
    plain = width is None and not lynx
    for start, group in _groups(lines):
        if plain and len(group) == 1 < MIN_CODE_LINES:  # a paragraph alone: most groups
            blocks.append(Block(PARAGRAPH, single_spaced(group[0]), start, start + 1))
            continue
        layout = printed[start : start + len(group)]
        blocks += _group_blocks(group, layout, start, width, lynx=lynx, nodes=nodes)
    return blocks


def _groups(lines: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """Runs of non-blank lines, with the index of their first line."""
    start = None
    for i, line in enumerate(lines):
        if line and not line.isspace():
            if start is None:
                start = i
        elif start is not None:
            yield start, list(lines[start:i])
            start = None
    if start is not None:
        yield start, list(lines[start:])


def _group_blocks(
    group: list[str],
    layout: Sequence[str],
    start: int,
    width: int | None,
    *,
    lynx: bool,
    nodes: bool = False,
) -> list[Block]:
    """The blocks of one run of non-blank lines: code, a table, or paragraphs and items
    with their wrapped lines joined. A wrapped paragraph's next lines start at its own
    margin or left of it (its first line may be indented), a numbered item's at its
    text: a line set deeper is another block, as when a renderer prints a row of
    teasers' links with no blank line under a headline that ends where the line ran out."""
    if len(group) >= MIN_CODE_LINES:
        lead = _prose_lead(group)
        if 0 < lead <= len(group) - MIN_CODE_LINES and looks_like_code(group[lead:]):
            code = Block(CODE, _verbatim(group[lead:]), start + lead, start + len(group))
            prose = group[:lead]
            return [*_group_blocks(prose, layout, start, width, lynx=lynx, nodes=nodes), code]
        if looks_like_code(group):
            return [Block(CODE, _verbatim(group), start, start + len(group))]
        table = aligned_table(group)
        if table is not None:
            return [Block(TABLE, table, start, start + len(group))]
    if width is None and not lynx:  # one paragraph a line: the common case, kept cheap
        return [
            Block(PARAGRAPH, single_spaced(line), start + i, start + i + 1)
            for i, line in enumerate(group)
        ]
    out: list[Block] = []
    parts: list[str] = []  # the lines of the block being read, as printed
    kind, first, indent = "", 0, 0
    hang = 0  # a paragraph's next lines start here or left of it; a numbered one's at its text
    previous, picture = "", False
    bullets, leads = (_LYNX_BULLET, _LYNX_BULLET_LEADS) if lynx else (_BULLET, _BULLET_LEADS)
    for i, line in enumerate(group):
        body = line.lstrip()
        content_indent = len(line) - len(body)
        bullet = bullets.match(line) if (lynx or width) and body[:1] in leads else None
        if bullet and body[:1] == "o" and kind == PARAGRAPH and content_indent == indent:
            bullet = None  # lynx's "o" marker sits deeper: at a paragraph's own indent, a word
        after_picture, picture = picture, "[" in line and _PICTURE.match(line) is not None
        if (
            parts
            and not bullet
            and not picture  # a picture's placeholder ends the paragraph above it ...
            and not after_picture  # ... and does not run on into its caption
            and _continues(previous, layout[i], width)
            and not (nodes and width is not None and len(previous.rstrip()) > width)
            and (content_indent >= indent if kind == ITEM else content_indent <= hang)
            and not (lynx and _LINK_START.match(layout[i]) and _LINK_START.match(layout[first]))
        ):
            parts.append(line)
            previous = layout[i]
            continue
        if parts:
            out.append(_block(kind, parts, start + first, start + i))
        first, previous = i, layout[i]
        if bullet:
            kind, indent = ITEM, bullet.end()
            parts = [line[bullet.end() :]]
        else:
            kind, indent = PARAGRAPH, content_indent
            parts = [line]
            number = _NUMBERED.match(line) if body[:1].isdigit() else None
            hang = number.end() if number else indent
    if parts:
        out.append(_block(kind, parts, start + first, start + len(group)))
    return out


def _block(kind: str, parts: Sequence[str], start: int, end: int) -> Block:
    """A block of lines as printed, as one paragraph (the text is repaired already)."""
    if len(parts) == 1:
        return Block(kind, single_spaced(parts[0]), start, end)
    return Block(kind, " ".join(_unwrap([part.strip() for part in parts]).split()), start, end)


_DENSE_EDGE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _unwrap(parts: Sequence[str]) -> str:
    """Wrapped lines back into one paragraph: a space where the renderer broke the line,
    none between two characters of a script written without spaces (Chinese, Japanese),
    which a renderer wraps anywhere."""
    text = " ".join(parts)
    if text.isascii() or not _DENSE_EDGE.search(text):
        return text  # the common case: no such script, a space at every break
    text = parts[0] if parts else ""
    for part in parts[1:]:
        dense = _DENSE_EDGE.match(text[-1:]) and _DENSE_EDGE.match(part[:1])
        text += part if dense else " " + part
    return text


# --- lynx -----------------------------------------------------------------------

# lynx's machinery is found after the line break before it: a pattern that starts with
# "\n" is searched fast, where `^` in MULTILINE is tried at every character
_LYNX_TRAILER = re.compile(r"\n(?:References\s*$| {0,3}Visible links:?\s*$)", re.MULTILINE)
_FORM_FIELD = re.compile(r"___+")  # spelled out, not _{3,}: a literal start is searched fast
_LYNX_MACHINERY = re.compile(r"\n[^\S\n]*(?:IFRAME:|#\S)")  # a frame, a document link
_REFERENCE_NUMBER = re.compile(r"\n *(\d+)\. ")  # `   12. https://...` in the References


def _strip_lynx(text: str) -> tuple[list[str], list[Block]]:
    """Lynx's link machinery out: the References list, markers, frames, document links.
    The lines that are left, and the machinery as dropped blocks.

    The References list names how many links there are; a `[n]` is lynx's when it
    follows the numbering (each marker's number above the one before, at most
    that many), so a citation `[3]` printed after link 40 stays.
    """
    dropped: list[Block] = []
    trailer = _lynx_trailer(text)
    if trailer is not None:
        start_line = text.count("\n", 0, trailer)
        rest = text[trailer:]
        dropped.append(
            Block(DROPPED, "References", start_line, start_line + rest.count("\n") + 1,
                  "lynx-references")
        )  # fmt: skip
        highest = max((int(n) for n in _REFERENCE_NUMBER.findall("\n" + rest)), default=0)
        text = text[:trailer]
    else:
        highest = 0
    text = _drop_markers(text, highest)
    machinery = list(_machinery_lines(text))
    if "___" in text:
        text = _FORM_FIELD.sub(" ", text)
    lines = text.split("\n")
    for i, line in machinery:
        dropped.append(Block(DROPPED, line.strip(), i, i + 1, "lynx-machinery"))
        lines[i] = ""
    return lines, dropped


def _machinery_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines that `_LYNX_MACHINERY` finds, with their numbers, in order."""
    text = "\n" + text  # the first line is found after a line break too
    number, done = -1, 0
    for m in _LYNX_MACHINERY.finditer(text):
        number += text.count("\n", done, m.start() + 1)
        done = m.start() + 1
        end = text.find("\n", done)
        yield number, text[done : end if end >= 0 else len(text)]


def _lynx_trailer(text: str) -> int | None:
    """Where the References list starts (the last one: a page may print the word too)."""
    text = "\n" + text  # so that the first line follows a break too; then a match's start
    found = None  # (the break before its line) is where that line starts in the text given
    for m in _LYNX_TRAILER.finditer(text):
        after = text[m.end() : m.end() + 200]
        if re.match(r"\s*(?:Visible links:?\s*)?\n\s*1\. \S", after) or re.match(
            r"\s*\n\s*(?:Visible|Hidden) links", after
        ):
            found = m.start()
    return found


MARKER_JUMP = 400  # hidden links are numbered too: markers may skip this many


def _drop_markers(text: str, highest: int) -> str:
    pieces = _LYNX_MARKER.split(text)  # text, number, text, number, ..., text
    last = 0
    limit = highest or None
    for k in range(1, len(pieces), 2):
        n = int(pieces[k])
        if last < n <= (limit or last + MARKER_JUMP):
            last = n
            pieces[k] = ""
        else:
            pieces[k] = f"[{pieces[k]}]"
    return "".join(pieces)


# --- Markdown -------------------------------------------------------------------

_MD_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_MD_HEADING_LINE = re.compile(r"^\s{0,3}(#{1,6})\s+")
_MD_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# A link's text and target, each written as an unrolled loop, `plain* (special plain*)*`:
# a run of plain characters is taken in one step, not one character at a time through an
# alternation (5x faster on link-heavy dumps), and there is one way to match, so no backtracking.
_MD_PLAIN = r"[^()\\]*(?:\\.[^()\\]*)*"  # no parenthesis but an escaped one
_MD_TARGET = r"\(" + _MD_PLAIN + r"(?:\(" + _MD_PLAIN + r"\)" + _MD_PLAIN + r")*\)"  # one () inside
_MD_TEXT = r"\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]"  # one level of [] inside
_MD_IMAGE = re.compile(r"!" + _MD_TEXT + r"\s*" + _MD_TARGET)
_MD_LINK_RE = re.compile(_MD_TEXT + r"\s*" + _MD_TARGET)
_MD_REF_LINK = re.compile(_MD_TEXT + r"\[[^\]]*\]")
_MD_ORPHAN = re.compile(r"!?\]\s*" + _MD_TARGET + r"|!?\[(?=\s*!?\[)|!\[(?=[^\]]*$)")
_MD_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_MD_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=[^\s*_])(.+?)(?<=[^\s*_\\])\1(?![\w*])")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_TARGETS = re.compile(r"\]\(\s*<?([^)\s>]+)")


#: what a Markdown line other than a plain one starts with (and a digit: a numbered item)
_MD_MARK_LEADS = _BULLET_LEADS | frozenset("#>_[")
_MD_CLOSING_LINE = re.compile(r"\n[ \t]*\)")
_MD_BROKEN_TARGET = re.compile(r"(\]\((?:\\.|[^()\\\s])*)[ \t]*((?:\n[ \t]*)+)\)")


def _close_broken_targets(text: str) -> str:
    """A link whose address held a line break (`href="x\n  "`) is printed with its
    closing parenthesis lines below, past a blank line, so neither half reads as a
    link: the parenthesis goes back up to close it, the line count kept."""
    return _MD_BROKEN_TARGET.sub(lambda m: m.group(1) + ")" + "\n" * m.group(2).count("\n"), text)


def _md_targets(text: str) -> frozenset[str]:
    """The addresses the page links; only `<url>` autolinks ask, so none is read without one."""
    return frozenset(_MD_TARGETS.findall(text)) if "<" in text else frozenset()


def _markdown_blocks(
    lines: Sequence[str], printed: Sequence[str], targets: frozenset[str]
) -> list[Block]:
    """Blocks of a Markdown dump, by Markdown's own rules: the lines of a paragraph are
    one paragraph however they are wrapped, unless a line ends in a hard break.

    Only a run of indented lines asks how the dump is wrapped (`printed`: its lines as
    laid out), so the wrap width is measured when the first one does, once."""
    width = functools.cache(lambda: wrap_width(printed))
    joined = "\n".join(lines)
    fences = "```" in joined or "~~~" in joined  # most dumps have none: no line is tried
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line or line.isspace():
            i += 1
            continue
        fence = _fence(line) if fences else None
        if fence:
            end = _fence_end(lines, i, fence.group(1))
            blocks.append(Block(CODE, _verbatim(lines[i + 1 : end]), i, min(end + 1, len(lines))))
            i = end + 1
            continue
        if line.startswith("    ") and not _ends_in_item(blocks, i):
            end = _indented_end(lines, i)
            run = lines[i:end]
            if not any("](" in x for x in run) and (
                looks_like_code(run) or (len(run) > 1 and not _prose_wrapped(run, width()))
            ):
                blocks.append(Block(CODE, _verbatim(run), i, end))
                i = end
                continue
        j = i + 1
        while j < len(lines) and lines[j] and not lines[j].isspace():
            if fences and _fence(lines[j]):
                break
            j += 1
        blocks += _md_group(lines[i:j], i, targets)
        i = j
    return blocks


def _fence(line: str) -> re.Match[str] | None:
    """A code fence opening on this line; the pattern is tried only where it can match."""
    return _MD_FENCE.match(line) if "```" in line or "~~~" in line else None


def _indented_end(lines: Sequence[str], start: int) -> int:
    """Where a run of lines indented four spaces ends (blank lines inside it belong to it)."""
    end = j = start
    while j < len(lines) and (lines[j].startswith("    ") or not lines[j].strip()):
        if lines[j].strip():
            end = j + 1
        j += 1
    return end


def _ends_in_item(blocks: Sequence[Block], start: int) -> bool:
    return bool(blocks) and blocks[-1].kind == ITEM and start - blocks[-1].end <= 1


def _fence_end(lines: Sequence[str], start: int, fence: str) -> int:
    for j in range(start + 1, len(lines)):
        if lines[j].strip().startswith(fence[0] * len(fence)) and not lines[j].strip().strip(
            fence[0]
        ):
            return j
    return len(lines)


def _md_group(group: Sequence[str], start: int, targets: frozenset[str]) -> list[Block]:
    if len(group) >= 2 and any("---" in x and _MD_TABLE_SEP.match(x) for x in group[1:3]):
        table = _md_table(group, targets)
        end = start + len(group)
        if not table:  # separator rows alone: a table with no cells
            return [Block(DROPPED, "\n".join(group), start, end, "markdown-rule")]
        return [Block(TABLE, table, start, end)]
    out: list[Block] = []
    parts: list[str] = []
    kind, first = "", 0
    hard_break = False
    for i, raw in enumerate(group):
        line = raw
        lead = line.lstrip()[:1]  # each pattern below needs its own first character
        if lead and lead not in _MD_MARK_LEADS and not lead.isdigit():  # the common line
            if parts and not hard_break:
                parts.append(line.strip())
            else:
                if parts:
                    out.append(_md_block(kind, parts, start + first, start + i, targets))
                first, kind, parts = i, PARAGRAPH, [line.strip()]
            hard_break = line.endswith("  ")
            continue
        if lead == ">" and (quote := _MD_QUOTE.match(line)):
            line = line[quote.end() :]
            lead = line.lstrip()[:1]
        heading = _MD_HEADING_LINE.match(line) if lead == "#" else None
        bullet = _BULLET.match(line) if lead in _BULLET_LEADS else None
        ordered = _ORDERED.match(line) if lead.isdigit() else None
        if (
            not lead
            or (lead in "*-_" and _MD_RULE.match(line))
            or (lead == "[" and "]:" in line and _MD_DEFINITION.match(line))
        ):
            if parts:
                out.append(_md_block(kind, parts, start + first, start + i, targets))
            parts, kind = [], ""
            if line.strip():
                out.append(Block(DROPPED, raw.strip(), start + i, start + i + 1, "markdown-rule"))
            continue
        if parts and not heading and not bullet and not ordered and not hard_break:
            parts.append(line.strip())
            hard_break = line.endswith("  ")
            continue
        if parts:
            out.append(_md_block(kind, parts, start + first, start + i, targets))
        first, hard_break = i, line.endswith("  ")
        if heading:
            kind, parts = HEADING, [line[heading.end() :].strip().rstrip("#").strip()]
        elif bullet:
            kind, parts = ITEM, [line[bullet.end() :].strip()]
        else:
            kind, parts = PARAGRAPH, [line.strip()]
    if parts:
        out.append(_md_block(kind, parts, start + first, start + len(group), targets))
    return out


def _md_block(
    kind: str, parts: Sequence[str], start: int, end: int, targets: frozenset[str]
) -> Block:
    """A block's lines as text; a block that was only link machinery is dropped."""
    text = md_inline(" ".join(parts), targets)
    if text:
        return Block(kind, text, start, end)
    return Block(DROPPED, " ".join(parts), start, end, "markdown-link")


def _prose_wrapped(group: Sequence[str], width: int | None) -> bool:
    return width is not None and any(_continues(a, b, width) for a, b in itertools.pairwise(group))


def md_inline(text: str, targets: frozenset[str] = frozenset()) -> str:
    """Markdown's inline machinery out, its text kept: `[text](url)` -> text,
    `![alt](src)` -> nothing, emphasis markers and backslash escapes dropped; an
    `<url>` autolink goes where the page links that address elsewhere too."""
    previous = None
    while previous != text and "](" in text:  # pictures inside links: [![alt](src)](href)
        previous = text
        if "![" in text:
            text = _MD_IMAGE.sub("", text)
        text = "".join(_MD_LINK_RE.split(text))  # split keeps the link's text, its one group
    if "][" in text:
        text = "".join(_MD_REF_LINK.split(text))
    if "<" in text:
        text = _MD_AUTOLINK.sub(lambda m: "" if m.group(1) in targets else m.group(1), text)
    if "*" in text or "_" in text:
        text = _MD_EMPHASIS.sub(lambda m: m.group(2), text)
        text = _MD_EMPHASIS.sub(lambda m: m.group(2), text)  # nested: ***x***, **_x_**
    if "](" in text or "![" in text:  # a link cut by a blank line: its pieces go too
        text = _MD_ORPHAN.sub("", text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    return clean_line(text)


def _md_table(group: Sequence[str], targets: frozenset[str]) -> str:
    rows = []
    for line in group:
        if _MD_TABLE_SEP.match(line):
            continue
        cells = line.strip().strip("|").split("|")
        rows.append([md_inline(c, targets) for c in cells])
    return table_text(rows)


# --- tables and code --------------------------------------------------------------


def table_text(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as canonical table lines: header row, `|---|` separator, the rest;
    "" for no rows."""
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    lines = []
    for n, row in enumerate(rows):
        cells = [*row, *[""] * (width - len(row))]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        if n == 0:
            lines.append("|" + "---|" * width)
    return "\n".join(lines)


_COLUMN_GAP = re.compile(r"\S(?: ?\S)*")
MIN_TABLE_ROWS = 2
MAX_CELL_CHARS = 60
MIN_ALIGNED_SHARE = 0.8  # share of a row's cells that start on a column of the table


def aligned_table(group: Sequence[str]) -> str | None:
    """A run of lines printed as aligned columns (w3m's tables), as canonical rows; or None.

    Every row has two cells or more, set apart by two spaces or more, short ones,
    and (nearly) every cell starts at a column that other rows use too.
    """
    if len(group) < MIN_TABLE_ROWS or "  " not in group[0].strip():  # the first row decides
        return None  # most calls: the test on every row below is the slower one
    if not all("  " in line.strip() for line in group):
        return None
    spans = [[(m.start(), m.group()) for m in _COLUMN_GAP.finditer(line)] for line in group]
    if any(len(s) < 2 or any(len(c) > MAX_CELL_CHARS for _, c in s) for s in spans):
        return None
    starts: dict[int, int] = {}
    for s in spans:
        for col, _ in s:
            starts[col] = starts.get(col, 0) + 1
    columns = sorted(col for col, n in starts.items() if n >= 2)
    if len(columns) < 2:
        return None
    total = sum(len(s) for s in spans)
    aligned = sum(1 for s in spans for col, _ in s if col in columns)
    if aligned < MIN_ALIGNED_SHARE * total:
        return None
    rows = []
    for s in spans:
        cells = [""] * len(columns)
        for col, text in s:
            slot = max(k for k, c in enumerate(columns) if c <= col) if col >= columns[0] else 0
            cells[slot] = (cells[slot] + " " + text).strip()
        rows.append([clean_line(c) for c in cells])
    return table_text(rows)


MIN_CODE_LINES = 2
CODE_LINE_SHARE = 0.6  # share of a run's lines that read as code
MAX_CODE_LINE_CHARS = 160
#: The words a line of code may start with (each begins with two plain characters).
_CODE_WORDS = (
    "def", "class", "import", r"from\s+\S+\s+import", "return", "elif", "else", "try",
    "except", "finally", "fn", "func", "function", "var", "let", "const", "public",
    "private", "static", "void", "int", "char", "struct", "#include", "#define", "package",
    "using", "namespace", "echo", "export", "sudo", "cd", "git", "pip", "npm",
    "apt(?:-get)?", "curl", "wget", "SELECT", "INSERT", "UPDATE", "CREATE",
)  # fmt: skip
_CODE_START = re.compile(r"^\s*(?:" + "|".join(_CODE_WORDS) + r")\b")
_CODE_MARK = re.compile(  # how a line of code starts: a prompt, a comment, a diff line
    r"^\s*(?:\$ |>>> |# |// |/\*|\*/|@@ |\+\+\+ |--- a/|diff --git"
    r"|[+-](?=[ \t]*\S)(?!\s+[A-Z][a-z])"
    r"|\"[\w.$@-]+\":\s*(?:[\"'\d\[{]|[\w$.]+[.(|]).*,\s*$)"  # an object's "key": value,
)
#: how a line that `_CODE_START` matches starts after its indentation: the first two
#: characters of one of its words; and the first character that `_CODE_MARK` can match
_CODE_START_LEADS = frozenset(word[:2] for word in _CODE_WORDS)
_CODE_MARK_LEADS = frozenset('$>#/*@+-d"')
# a brace, a statement's end (French puts a space before a list item's ";"), a call
_CODE_END = re.compile(r"[{}]\s*$|(?<!\s);\s*$|\)\s*:\s*$|\w\([^()]*\)\s*[;:{]?\s*$")
_CODE_END_CHARS = ("{", "}", ";", ":", ")")  # what a line that `_CODE_END` finds ends with
_CODE_OPERATOR = re.compile(r"\w\s*(?:[+\-*/|&]?=|==|!=|->|=>|::)\s*\S")  # anywhere in it
_CODE_COMMENTED = re.compile(r"[;{})]\s*//")  # a statement, then a comment after it
_CLOSERS_ONLY = re.compile(r"\s*[)\]}][)\]};,]*\s*$")  # "});", "}," : brackets closing
_PROMPT = re.compile(r"\s*(?:\$|>>>) [a-z./~]")  # a shell's or Python's prompt, then a command


def looks_like_code(lines: Sequence[str]) -> bool:
    """A run of lines that reads as code or a terminal session, not prose: most lines
    carry code punctuation or keywords, none is a long line of prose. A run that opens
    on a prompt and a command is a terminal session, whatever its output lines say."""
    filled = list(filter(str.strip, lines))
    if len(filled) < MIN_CODE_LINES or max(map(len, filled)) > MAX_CODE_LINE_CHARS:
        return False
    allowed = (1 - CODE_LINE_SHARE) * len(filled)  # lines that may read as no code
    if _PROMPT.match(filled[0]):
        allowed = len(filled)  # the session's output: anything a program prints
    misses = 0
    for x in filled:
        if not _code_line(x):
            misses += 1
            if misses > allowed:
                return False
    sentences = sum(1 for x in filled if x.rstrip().endswith((".", "?", "!")) and x.count(" ") >= 6)
    return sentences <= 0.25 * len(filled)


MAX_LEAD_LINES = 6  # a paragraph that leads into code this long at most, as printed


def _prose_lead(group: Sequence[str]) -> int:
    """How many lines at a group's head are the sentence that leads into the code under
    it with no blank line between (as lynx prints a `<pre>` under its paragraph): lines
    that read as no code, up to the last of them that ends on a colon or a full stop.
    0 where no line of code follows within `MAX_LEAD_LINES`: a paragraph, most often."""
    # a lead leaves `MIN_CODE_LINES` under it: a paragraph's last line ends no lead
    head = group[: min(MAX_LEAD_LINES + 1, len(group) - MIN_CODE_LINES + 1)]
    ends = [line.rstrip().endswith((":", ".")) for line in head]
    if not any(ends):
        return 0  # no sentence ends there: a wrapped paragraph, read without a code test
    lead = 0
    for k, line in enumerate(head):
        if _code_line(line):
            return lead
        if ends[k]:
            lead = k + 1
    return 0


def _code_line(line: str) -> bool:
    """A line that reads as code. Each pattern is tried only on a line that holds what it
    needs (a first character, an `=`, a closing brace): most lines are prose, and the
    patterns are slow to fail on them."""
    lead = line.lstrip()[:2]
    if lead in _CODE_START_LEADS and _CODE_START.match(line):
        return True
    if lead[:1] in _CODE_MARK_LEADS and _CODE_MARK.match(line):
        return True
    if line.rstrip().endswith(_CODE_END_CHARS) and _CODE_END.search(line):
        return True
    if lead[:1] in ")]}" and _CLOSERS_ONLY.match(line):
        return True
    if "//" in line and _CODE_COMMENTED.search(line):
        return True
    return ("=" in line or "->" in line or "::" in line) and _CODE_OPERATOR.search(line) is not None


def _verbatim(lines: Sequence[str]) -> str:
    """Code lines as printed: common indentation and blank edges off, nothing reflowed."""
    kept = [clean_verbatim(line) for line in lines]
    while kept and not kept[0]:
        kept.pop(0)
    while kept and not kept[-1]:
        kept.pop()
    margin = min((len(x) - len(x.lstrip()) for x in kept if x), default=0)
    return "\n".join(x[margin:] for x in kept)


# --- text nodes -------------------------------------------------------------------

_CONTINUATION = re.compile(r"^[a-z,.;:!?)\]’”%…]|^[-–—]\s")
_OPEN_TEXT = (
    # function words a sentence does not end on (English, then a few other languages)
    "a an the of in on at by to for and or nor but with from as into onto about after before "
    "between over under through during including like via per than that which who whose whom "
    "is are was were be been being has have had its their his her our my your this these those "
    "said says told called titled named such while when where if not also both either so "
    "because although though whether only "
    "de la le les des du un une et au aux el los las en y del con por para um uma os und der "
    "die das den dem ein eine von zu mit für di il lo gli e per con da het een van"
)
_OPEN_WORDS = frozenset(_OPEN_TEXT.split())
_OPEN_CHARS = ",([“‘:—–-"


def _ends_open(text: str) -> bool:
    """Whether a piece stops where a sentence cannot: on a comma, an opening bracket or
    quote, or a function word (read from its last word only: lines may be long)."""
    if text[-1:] in _OPEN_CHARS:
        return True
    tail = text[-12:].rsplit(None, 1)[-1] if text else ""
    return tail.lower() in _OPEN_WORDS


MAX_FRAGMENT_JOIN = 12  # pieces of one sentence at most
FRAGMENT_WORDS = 6  # a link's text cut out of a sentence is shorter than this


def join_fragments(blocks: list[Block]) -> list[Block]:
    """Text nodes cut at inline tags back into one paragraph, when they are one sentence:
    a piece that starts in lower case or with closing punctuation goes on the piece
    before, and so does a short piece (a link's text) after one that ends open (a
    comma, an article, a preposition). A short piece that a continuation goes on
    joins the unfinished piece before it too: `said in` / `Link Text` / `, adding`.
    A one-word label ending in a colon goes on what it leads into (`_lead_in`)."""
    out: list[Block] = []
    pieces = 0
    for k, block in enumerate(blocks):
        prev = out[-1] if out else None
        after = blocks[k + 1] if k + 1 < len(blocks) else None
        if prev is not None and _joins(prev, block, after) and pieces < MAX_FRAGMENT_JOIN:
            if (
                pieces == 0
                and len(out) > 1
                and _CONTINUATION.match(block.text)
                and prev.text.count(" ") < FRAGMENT_WORDS
                and _joins(out[-2], prev, block, continuation=True)
            ):
                out.pop()
                _glue(out[-1], prev)
                pieces += 1
            _glue(out[-1], block)
            pieces += 1
            continue
        pieces = 0
        out.append(block)
    return out


def _joins(prev: Block, block: Block, after: Block | None, *, continuation: bool = False) -> bool:
    """Whether `block` goes on the unfinished sentence of `prev` (with `continuation`:
    whatever it starts with, since the piece after it goes on it); `after` is the
    piece after `block`."""
    if prev.kind != PARAGRAPH or block.kind != PARAGRAPH or block.start > prev.end:
        return False
    if prev.text.endswith(":"):
        return _lead_in(prev.text, block.text, after)
    if _ends_sentence(prev.text):
        return False
    if continuation or _CONTINUATION.match(block.text):
        return True
    return _ends_open(prev.text) and block.text.count(" ") < FRAGMENT_WORDS


def _lead_in(label: str, text: str, after: Block | None) -> bool:
    """Whether a one-word label ending in a colon ("Related:", "Update:") is printed in
    line with the piece after it, as a bold lead-in is: that piece is a whole sentence,
    or one thing followed by prose, not the first item of a list of short lines (a
    label over a list, "Ingredients:", stays a line of its own)."""
    if " " in label or len(label) < 2 or text.endswith(":"):
        return False
    return _ends_sentence(text) or after is None or after.text.count(" ") >= FRAGMENT_WORDS


def _glue(prev: Block, block: Block) -> None:
    glue = "" if block.text[:1] in ",.;:!?)]’”%…" else " "
    prev.text = prev.text + glue + block.text
    prev.end = block.end


def _ends_sentence(text: str) -> bool:
    return text.rstrip("\"'”’»)").endswith((".", "!", "?", "…"))


# --- canonical ---------------------------------------------------------------------

_CANON_FENCE = re.compile(r"^(`{3,})[^`]*$")
_CANON_ITEM = "- "


def read_canonical(text: str) -> list[Block]:
    """Canonical body syntax, read as written: one paragraph a line, `- ` items, `| a |`
    table rows (one table while they are consecutive), ``` fenced code verbatim.

    The HTML extractor writes its article in this syntax too, so both paths share it.
    """
    lines = text.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:  # a blank line between blocks: every other line of canonical text
            i += 1
            continue
        fence = _CANON_FENCE.match(line.strip()) if line.lstrip().startswith("```") else None
        if fence:
            end = _canon_fence_end(lines, i, fence.group(1))
            inner = [clean_verbatim(x) for x in lines[i + 1 : end]]
            blocks.append(Block(CODE, "\n".join(inner), i, min(end + 1, len(lines))))
            i = end + 1
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            j = i
            while j < len(lines) and _is_row(lines[j]):
                j += 1
            blocks.append(Block(TABLE, _canon_table(lines[i:j]), i, j))
            i = j
            continue
        text_line = clean_line(line)
        if text_line:
            if text_line.startswith(_CANON_ITEM):
                blocks.append(Block(ITEM, text_line[2:], i, i + 1))
            else:
                blocks.append(Block(PARAGRAPH, text_line, i, i + 1))
        i += 1
    return blocks


def _is_row(line: str) -> bool:
    s = line.strip()
    return len(s) > 1 and s.startswith("|") and s.endswith("|")


def _canon_fence_end(lines: Sequence[str], start: int, fence: str) -> int:
    for j in range(start + 1, len(lines)):
        if lines[j].strip() == fence:
            return j
    return len(lines)


def _canon_table(rows: Sequence[str]) -> str:
    cells = [
        [clean_line(c) for c in row.strip()[1:-1].split("|")]
        for row in rows
        if not _MD_TABLE_SEP.match(row)
    ]
    return table_text(cells) if cells else ""


# --- writing ---------------------------------------------------------------------


def fence_for(code: str) -> str:
    """A fence longer than any run of backticks in the code (SPEC: a longer fence if
    the code holds ```), so the code cannot close it."""
    longest = max((len(m) for m in re.findall(r"`{3,}", code)), default=2)
    return "`" * max(3, longest + 1)


def write(blocks: Sequence[Block]) -> str:
    """Blocks as a canonical body: paragraphs blank-separated, consecutive items one list,
    a table's rows together, code between fences as printed."""
    out: list[str] = []
    list_open = False
    for block in blocks:
        if block.kind == ITEM:
            item = _CANON_ITEM + block.text
            if list_open:
                out[-1] += "\n" + item
            else:
                out.append(item)
            list_open = True
            continue
        list_open = False
        if block.kind == CODE:
            fence = fence_for(block.text)
            out.append(f"{fence}\n{block.text}\n{fence}" if block.text else f"{fence}\n{fence}")
        elif block.text:
            out.append(block.text)
    return "\n\n".join(out)
