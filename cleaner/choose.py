"""Choosing, page by page, between candidate extractions, on evidence that generalises.

The cheap candidate comes first: trafilatura's fast extraction favouring
precision. Most pages stop there. A second, full trafilatura extraction (its
balanced mode with its own fallbacks) runs only when the evidence says the
precise one missed text: it is short, or it leaves out much of the page's main
text (of the main block, or, when it does not hold the main block whole, of the
page's prose). The evidence is read from the pruned page itself, in two yardsticks:

- the main block's prose (`prune.main_block`: where the page's paragraph
  text is densest), and
- the page's prose: every paragraph that is not mostly link text.

Both count prose only: a main block of link text (a list of user names under a
story) is no evidence that the precise extraction missed any of the article.

Text is compared with all whitespace removed, so the spacing an extractor puts
around inline markup does not matter. The full extraction wins when it covers
clearly more of either yardstick and does not balloon past the main text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

#: Shorter than this (characters, whitespace removed) is no article (trafilatura's own floor).
MIN_ARTICLE = 250
#: A paragraph shorter than this (whitespace removed) is a label or a caption, not evidence.
MIN_PARAGRAPH = 30
#: A paragraph whose links hold this share of its text or more is navigation, not prose.
MAX_LINK_SHARE = 0.5
#: A precise extract covering less than this share of the main block's paragraphs missed text...
MIN_MAIN_COVER = 0.7
#: ...or less than this share of the page's prose, unless it holds this share of the
#: main block: the article is then found, and prose elsewhere belongs to something else.
MIN_PAGE_COVER = 0.5
MAIN_WHOLE = 0.9
#: The full extraction must cover this much more of the main block's paragraphs...
MIN_MAIN_GAIN = 0.15
#: ...or this much more of the page's prose, to be preferred.
MIN_PAGE_GAIN = 0.2
#: ...and be no longer than this many times the larger of the precise text and the main block.
MAX_GROWTH = 2.0


_TEXT_BLOCKS = "p, div, section, blockquote, dd"
_INNER_BLOCKS = frozenset(
    {"p", "div", "section", "li", "table", "ul", "ol", "pre", "blockquote", "h1", "h2", "h3", "h4"}
)


@dataclass(frozen=True)
class Evidence:
    """What a page says about its main text, measured once, before any extraction."""

    main: tuple[str, ...]  # the main block's prose paragraphs, whitespace removed
    prose: tuple[str, ...]  # the page's paragraphs that are not mostly links, whitespace removed

    @property
    def main_size(self) -> int:
        return sum(map(len, self.main))

    @property
    def prose_size(self) -> int:
        return sum(map(len, self.prose))


def gather(root: LexborNode, main: LexborNode | None) -> Evidence:
    """The evidence of a pruned page: its prose, and the part of it in the main block.

    Each block's text is read once: the main block's blocks are the page's blocks
    inside it (whether a node is a block depends on the node alone)."""
    blocks = text_blocks(root)
    texts = {block.mem_id: squash(block.text(separator=" ")) for block in blocks}
    prose = [b.mem_id for b in blocks if _linked_share(b, len(texts[b.mem_id])) < MAX_LINK_SHARE]
    is_prose = set(prose)
    inner = [] if main is None else [b.mem_id for b in main.css(_TEXT_BLOCKS)]
    inner = [block for block in inner if block in is_prose]
    return Evidence(main=_paragraphs(texts, inner), prose=_paragraphs(texts, prose))


def text_blocks(node: LexborNode) -> list[LexborNode]:
    """The paragraphs under a node: `<p>`s, and the leaf blocks some sites write their
    paragraphs in instead (a `<div>` holding text of its own and no blocks inside)."""
    return [
        block
        for block in node.css(_TEXT_BLOCKS)
        if block.tag == "p"
        or (
            len(squash(block.text(deep=False))) >= MIN_PARAGRAPH
            and not any(child.tag in _INNER_BLOCKS for child in block.iter())
        )
    ]


def squash(text: str) -> str:
    """The text with every whitespace character removed: spacing-blind comparison."""
    return "".join(text.split())


def link_share(node: LexborNode) -> float:
    """The share of a node's text that sits inside links."""
    return _linked_share(node, len(squash(node.text(separator=" "))))


def _linked_share(node: LexborNode, total: int) -> float:
    """`link_share`, the node's text length (whitespace removed) known."""
    if not total:
        return 0.0
    linked = sum(len(squash(a.text(separator=" "))) for a in node.css("a"))
    return linked / total


def coverage(text: str, paragraphs: Sequence[str]) -> float:
    """The share of the paragraphs' text (by length) found whole in `text`; 1.0 with none."""
    total = sum(map(len, paragraphs))
    if not total:
        return 1.0
    flat = squash(text)
    return sum(len(p) for p in paragraphs if p in flat) / total


#: A character of a script that writes a word in one or two (CJK) weighs as three.
DENSE_SCALE = 3
_DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def article_size(text: str) -> int:
    """A text's length, whitespace removed, against `MIN_ARTICLE`: a CJK character
    counts as `DENSE_SCALE`, as it carries about as much as three Latin ones."""
    size = len(squash(text))
    if size >= MIN_ARTICLE or text.isascii():
        return size
    return size + (DENSE_SCALE - 1) * len(_DENSE.findall(text))


def needs_full(precise: str, evidence: Evidence) -> bool:
    """Whether the precise extraction may have missed text, so a full one should run."""
    if article_size(precise) < MIN_ARTICLE:
        return True
    if evidence.main_size >= MIN_ARTICLE:
        covered = coverage(precise, evidence.main)
        if covered < MIN_MAIN_COVER:
            return True
        if covered >= MAIN_WHOLE:
            return False  # the rest of the page's prose is other stories, comments, teasers
    return evidence.prose_size >= MIN_ARTICLE and coverage(precise, evidence.prose) < MIN_PAGE_COVER


def prefer_full(precise: str, full: str, evidence: Evidence) -> bool:
    """Whether the full extraction is the better one: clearly more of the main text, not bloated."""
    precise_size, full_size = len(squash(precise)), len(squash(full))
    if article_size(precise) < MIN_ARTICLE:
        return full_size > precise_size
    if full_size > MAX_GROWTH * max(precise_size, evidence.main_size):
        return False
    main_gain = coverage(full, evidence.main) - coverage(precise, evidence.main)
    prose_gain = coverage(full, evidence.prose) - coverage(precise, evidence.prose)
    return main_gain >= MIN_MAIN_GAIN or prose_gain >= MIN_PAGE_GAIN


def _paragraphs(texts: dict[int, str], blocks: list[int]) -> tuple[str, ...]:
    """The blocks' texts long enough to be paragraphs, in order."""
    return tuple(text for text in map(texts.__getitem__, blocks) if len(text) >= MIN_PARAGRAPH)
