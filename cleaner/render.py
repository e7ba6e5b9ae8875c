"""trafilatura's extracted tree as canonical body text, code and tables kept whole.

trafilatura's own text output flattens a `<pre>` into lines that read as
paragraphs (inner blank lines gone) and writes a table's rows without a header
separator. The canonical body wants code as one fenced block holding the lines
as printed, and a table as one block of `| a | b |` rows, header row then a
`|---|` separator. So each block-level code element and each data table is
swapped for a placeholder paragraph, trafilatura writes the rest as it always
does (so the words of every other paragraph stay exactly as before), and the
placeholders are then replaced by the blocks. A placeholder that lands inside a
line (code in a list item) gets the block's text flattened instead.
"""

from __future__ import annotations

import re

from lxml.etree import _Element
from trafilatura.xml import xmltotxt

#: The shortest fence; code holding a run of backticks this long gets a longer one.
FENCE = 3
#: A table whose rows hold fewer cells than this is layout, not data.
MIN_TABLE_COLUMNS = 2
_PLACEHOLDER = "cleanerblock{}x"
_PLACEHOLDER_RE = re.compile(r"cleanerblock(\d+)x")
#: Where a `code` element sits inside running text: inline code, left to trafilatura.
_INLINE_PARENTS = frozenset({"p", "item", "cell", "head", "hi", "ref", "del", "quote"})


def body_text(body: _Element | None) -> str:
    """The extracted tree as text lines, code as fenced blocks and tables as row blocks."""
    if body is None:
        return ""
    blocks: list[list[str]] = []
    for element in _block_elements(body):
        lines = code_lines(element) if element.tag == "code" else table_lines(element)
        if lines is None:
            continue
        _replace_with_placeholder(element, len(blocks))
        blocks.append(lines)
    text = xmltotxt(body, include_formatting=False) or ""
    if not blocks:
        return text
    return "\n".join(_fill(line, blocks) for line in text.split("\n"))


def code_lines(element: _Element) -> list[str] | None:
    """A code block as fenced lines: every line and its indentation, inner blank lines kept."""
    code = _code_text(element).strip("\n")
    if not code.strip():
        return None
    lines = [line.rstrip() for line in code.split("\n")]
    fence = "`" * max(FENCE, _longest_backtick_run(code) + 1)
    return [fence, *lines, fence]


def table_lines(element: _Element) -> list[str] | None:
    """A data table as `| a | b |` rows, the first row as header; None for a layout table."""
    rows = [
        [_cell_text(cell) for cell in row.iterchildren("cell")]
        for row in element.iter("row")
        if _nearest(row, "table") is element
    ]
    rows = [row for row in rows if any(row)]
    if not rows or max(len(row) for row in rows) < MIN_TABLE_COLUMNS:
        return None
    width = max(len(row) for row in rows)
    lines = [_row_line(row + [""] * (width - len(row))) for row in rows]
    return [lines[0], "|" + "---|" * width, *lines[1:]]


def _block_elements(body: _Element) -> list[_Element]:
    """Block code and tables, outermost first: what lies inside one is rendered with it."""
    found = []
    for element in body.iter("code", "table"):
        if any(a.tag in ("code", "table") for a in element.iterancestors()):
            continue
        if element.tag == "code" and not _is_block_code(element):
            continue
        found.append(element)
    return found


def _is_block_code(element: _Element) -> bool:
    """A `<pre>` (trafilatura's block `code`): multi-line, or standing outside running text."""
    parent = element.getparent()
    return "\n" in _code_text(element) or parent is None or parent.tag not in _INLINE_PARENTS


def _code_text(element: _Element) -> str:
    """The text of a code element, a `<br>` (trafilatura's `lb`) as a line break."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _code_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _cell_text(cell: _Element) -> str:
    return " ".join("".join(cell.itertext()).split()).replace("|", "\\|")


def _row_line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _nearest(element: _Element, tag: str) -> _Element | None:
    return next(element.iterancestors(tag), None)


def _replace_with_placeholder(element: _Element, index: int) -> None:
    """Swap the element for a `p` holding only a placeholder; its tail stays in place."""
    placeholder = element.makeelement("p", {})
    placeholder.text = _PLACEHOLDER.format(index)
    placeholder.tail = element.tail
    parent = element.getparent()
    if parent is not None:
        parent.replace(element, placeholder)


def _fill(line: str, blocks: list[list[str]]) -> str:
    """A placeholder line becomes its block; one inside running text, the block flattened."""
    match = _PLACEHOLDER_RE.fullmatch(line.strip())
    if match:
        return "\n".join(blocks[int(match.group(1))])
    return _PLACEHOLDER_RE.sub(lambda m: _flat(blocks[int(m.group(1))]), line)


def _flat(lines: list[str]) -> str:
    words = [line for line in lines if line.strip("`").strip() and set(line) - set("|-")]
    return " ".join(" ".join(words).split())
