"""trafilatura's extracted tree as canonical body text, code and tables kept whole.

trafilatura's own text output flattens a `<pre>` into lines that read as
paragraphs (inner blank lines gone) and writes a table's rows without a header
separator. The canonical body wants code as one fenced block holding the lines
as printed, and a table as one block of `| a | b |` rows, header row then a
`|---|` separator.

`<pre>` text comes from the page itself: before extraction each `<pre>` is
read verbatim and marked at both ends (`mark_pre`); wherever both marks come
through trafilatura, whatever it made of the lines between them (code, a
paragraph, a table cell) is replaced by the page's own lines, fenced. Other
block code and each data table in trafilatura's tree are swapped for a
placeholder paragraph, trafilatura writes the rest as it always does (so the
words of every other paragraph stay as before), and the placeholders are then
replaced by the blocks. A placeholder that lands inside a line (code in a list
item) gets the block's text flattened instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml.etree import _Element
from selectolax.lexbor import LexborNode
from trafilatura.xml import xmltotxt

#: The shortest fence; code holding a run of backticks this long gets a longer one.
FENCE = 3
#: A table whose rows hold fewer cells than this is layout, not data.
MIN_TABLE_COLUMNS = 2
#: A cell holding this many blocks (paragraphs, lists...) lays out a page section.
MIN_SECTION_BLOCKS = 2
_PLACEHOLDER = "cleanerblock{}x"
_PLACEHOLDER_RE = re.compile(r"cleanerblock(\d+)x")
_PRE_START, _PRE_END = "cleanerpre{}x", "cleanerpreend{}x"
_PRE_SPAN = re.compile(
    r"^(?P<before>[^\n]*?)cleanerpre(?P<index>\d+)x.*?cleanerpreend(?P=index)x(?P<after>[^\n]*)",
    re.S | re.M,
)
_PRE_MARK = re.compile(r"cleanerpre(?:end)?\d+x")
#: What may be left of a layout row around a `<pre>` once it is lifted out: no text.
_ROW_DEBRIS = " \t|"
#: Where a `code` element sits inside running text: inline code, left to trafilatura.
_BLOCK_TAGS = frozenset({"p", "list", "head", "table", "code", "quote", "div"})
_INLINE_PARENTS = frozenset({"p", "item", "cell", "head", "hi", "ref", "del", "quote"})


def mark_pre(root: LexborNode) -> list[str]:
    """Each outermost `<pre>`'s text as the page prints it, marked at both ends, in order.

    The marks are plain words, so they survive any extractor; `body_text` swaps
    what lies between them for the page's own lines.
    """
    texts = []
    for pre in root.css("pre"):
        if any(parent.tag == "pre" for parent in _ancestors(pre)):
            continue
        for br in pre.css("br"):
            br.insert_before("\n")
            br.decompose()
        texts.append(pre.text(deep=True))
        index = len(texts) - 1
        if pre.child is not None:
            pre.child.insert_before(_PRE_START.format(index) + "\n")
        else:
            pre.insert_child(_PRE_START.format(index) + "\n")
        pre.insert_child("\n" + _PRE_END.format(index))
    return texts


def body_text(body: _Element | None, pres: Sequence[str] = ()) -> str:
    """The extracted tree as text lines, code as fenced blocks and tables as row blocks.

    `pres` are the page's `<pre>` texts that `mark_pre` marked.
    """
    if body is None:
        return ""
    text = _blocks_text(body)
    if pres:
        text = _PRE_SPAN.sub(lambda m: _pre_block(m, pres), text)
    return _PRE_MARK.sub("", text)


def _pre_block(match: re.Match[str], pres: Sequence[str]) -> str:
    """A page's `<pre>` as a fenced block on lines of its own; the text around it on its
    line stays, unless a layout row left only pipes and spaces there."""
    lines = code_lines_of(pres[int(match.group("index"))]) or []
    before, after = (_unless_debris(match.group(key)) for key in ("before", "after"))
    return "\n".join([*([before] if before else []), *lines, *([after] if after else [])])


def _unless_debris(text: str) -> str:
    return text if text.strip(_ROW_DEBRIS) else ""


def _blocks_text(body: _Element) -> str:
    """trafilatura's text of the tree, layout tables undone, code and tables as blocks."""
    for table in list(body.iter("table")):
        if is_layout_table(table):
            _unlayout(table)
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
    """A code element as fenced lines: every line and its indentation, inner blank lines kept."""
    if _PRE_MARK.search(_code_text(element)):
        return None  # a marked `<pre>`: the page's own text replaces it
    return code_lines_of(_code_text(element))


def code_lines_of(text: str) -> list[str] | None:
    """Code text as fenced lines; the fence outgrows any run of backticks in the code."""
    code = text.strip("\n")
    if not code.strip():
        return None
    lines = [line.rstrip() for line in code.split("\n")]
    fence = "`" * max(FENCE, _longest_backtick_run(code) + 1)
    return [fence, *lines, fence]


def is_layout_table(table: _Element) -> bool:
    """A table that only lays the page out: one column (a cell holding the article), or
    a cell holding block code (a listing beside its line numbers)."""
    rows = _own_rows(table)
    if max((len(row.findall("cell")) for row in rows), default=0) < MIN_TABLE_COLUMNS:
        return True
    if any(_holds_page(cell) for row in rows for cell in row.iterchildren("cell")):
        return True
    return any(
        _is_block_code(code) or _PRE_MARK.search(_code_text(code))
        for row in rows
        for code in row.iter("code")
    ) or any(_PRE_MARK.search(" ".join(row.itertext())) for row in rows)


def _holds_page(cell: _Element) -> bool:
    """A cell that holds a page section: headings, a table, or several blocks."""
    blocks = [child for child in cell if child.tag in _BLOCK_TAGS]
    return (
        any(child.tag in ("head", "table") for child in blocks) or len(blocks) >= MIN_SECTION_BLOCKS
    )


def table_lines(element: _Element) -> list[str] | None:
    """A data table as `| a | b |` rows, the first row as header; None for a layout table."""
    rows = [[_cell_text(cell) for cell in row.iterchildren("cell")] for row in _own_rows(element)]
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


def _ancestors(node: LexborNode):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _own_rows(table: _Element) -> list[_Element]:
    """The table's rows, not those of tables nested in it."""
    return [row for row in table.iter("row") if _nearest(row, "table") is table]


def _unlayout(table: _Element) -> None:
    """Turn a layout table into plain blocks: each cell a paragraph, or a division
    when it holds blocks of its own; trafilatura then writes them as any text."""
    for row in _own_rows(table):
        for cell in row.iterchildren("cell"):
            has_blocks = any(child.tag in _BLOCK_TAGS for child in cell)
            cell.tag = "div" if has_blocks else "p"
            cell.attrib.clear()
        row.tag = "div"
    table.tag = "div"
    table.attrib.clear()


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
