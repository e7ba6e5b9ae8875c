"""Pruning a parsed page before extraction: the packs' CSS selectors, run with guards.

Rules name what to remove (rule data, see `rules/generic-html.yaml`); this module
only runs them on a selectolax (Lexbor) tree and reports each removal with its
rule id. Class-name vocabularies guess: a `share` or `promo` class may sit on the
article's own wrapper, and a `<form>` may wrap a whole ASP.NET page. So the rules
of packs that apply to every page are guarded: they never remove the article's
main text block or its heading, or anything holding a large share of the page's
text. Rules of packs chosen for a site or family are trusted as written.

Scripts, styles and templates go first, in code rather than by rule: they hold
no text a reader sees, and the guards must measure the text a reader does see.
A login box (a short greeting over a form with a password field) is never the
main block, and goes before the rules.
Last, an article cut into same-class chunks is unwrapped (`unwrap_chunks`), and
so are a thread's posts printed as sibling `<article>`s (`unwrap_posts`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from selectolax.lexbor import LexborNode

from .rules import Rule

#: Removed before anything is measured: never text a reader sees.
INVISIBLE = "script, style, noscript, template"
#: A guessing rule may not remove a node holding more than this share of the page's text...
MAX_SHARE = 0.3
#: ...unless it is shorter than any article (trafilatura's MIN_EXTRACTED_SIZE).
MIN_ARTICLE = 250
#: Matches of one rule examined per page: more is a pathological page (the guards
#: measure each match's text, which costs O(size) per match on a deeply nested tree).
MAX_MATCHES = 500
#: How far up a paragraph's text counts towards its container (parent full, grandparent half).
_PARAGRAPH_REACH = 2
#: Paragraph text a namesake of the main block needs to count as a chunk of the article.
MIN_CHUNK = 100
_EXCERPT = 100


@dataclass(frozen=True)
class Removal:
    """One element a rule removed, with a short excerpt of its text for `cleaner explain`."""

    rule: str
    excerpt: str


def main_block(root: LexborNode, boxes: Sequence[LexborNode] = ()) -> LexborNode | None:
    """The element holding the page's densest paragraph text: the article body, most likely.

    Each paragraph's text (`_paragraphs`) counts fully for its parent and half for its
    grandparent, as readability scores containers; the best-scoring container wins.
    Paragraphs inside a login box (`boxes`, `login_boxes`) do not count.
    """
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    in_box = {box.mem_id for box in boxes}
    for paragraph, length in _paragraphs(root):
        if in_box and _inside(paragraph, in_box):
            continue  # a login box's greeting, however long, is not the article
        node, weight = paragraph.parent, 1.0
        for _ in range(_PARAGRAPH_REACH):
            if node is None:
                break
            scores[node.mem_id] = scores.get(node.mem_id, 0.0) + length * weight
            nodes[node.mem_id] = node
            node, weight = node.parent, weight / 2
    if not scores:
        return None
    best = nodes[max(scores, key=scores.__getitem__)]
    if best.tag == "tr":  # a layout table's row: the article is its cell, not the menu beside
        cells = [c for c in best.iter() if c.tag == "td"]
        if cells:
            return max(cells, key=lambda c: len(c.text(strip=True)))
    return best


#: How far above a password field its login box may start, and the most text it holds:
#: a greeting and a form's labels, never an article with a form beside it.
LOGIN_BOX_DEPTH = 4
MAX_LOGIN_BOX = 1000


def login_boxes(root: LexborNode) -> list[LexborNode]:
    """The boxes around the page's password fields: each field's nearest ancestor (up
    to `LOGIN_BOX_DEPTH` levels) that holds a paragraph, the greeting over the form. A
    forum may greet a guest with more prose than a short thread holds."""
    boxes = []
    for field in root.css("input[type=password]"):
        node = field.parent
        for _ in range(LOGIN_BOX_DEPTH):
            if node is None or node.tag in ("body", "html"):
                break
            if node.css_first("p") is not None:
                if len(node.text(strip=True)) <= MAX_LOGIN_BOX:
                    boxes.append(node)
                break
            node = node.parent
    return boxes


#: Tags of the leaf blocks a page may write its paragraphs in instead of `<p>`.
_BARE_BLOCKS = "div, td, dd, section"
#: Own text a bare leaf block needs to count as a paragraph.
MIN_BARE_PARAGRAPH = 80
_INNER_BLOCKS = frozenset({"p", "div", "section", "table", "ul", "ol", "pre", "blockquote"})


def _paragraphs(root: LexborNode) -> list[tuple[LexborNode, int]]:
    """The page's paragraphs with their text lengths: its `<p>`s, and, where a page
    holds more text in bare leaf blocks (a forum's posts written as `<div>`s with
    line breaks) than in `<p>`s, those blocks too."""
    found = [(p, len(p.text(strip=True))) for p in root.css("p")]
    bare = [
        (block, length)
        for block in root.css(_BARE_BLOCKS)
        if (length := len(block.text(deep=False, strip=True))) >= MIN_BARE_PARAGRAPH
        and not any(child.tag in _INNER_BLOCKS for child in block.iter())
    ]
    if sum(n for _, n in bare) > sum(n for _, n in found):
        found += bare
    return found


def paragraph_text_length(node: LexborNode | None) -> int:
    """How much paragraph text a block holds; the yardstick for a too-short extraction."""
    if node is None:
        return 0
    return sum(len(p.text(strip=True)) for p in node.css("p"))


def prune(
    root: LexborNode, rules: Sequence[tuple[Rule, bool]]
) -> tuple[list[Removal], LexborNode | None]:
    """Remove what the rules name from `root`, in place; the removals and the main block.

    `rules` are `remove` rules, each with whether it runs guarded (see above).

    The main block, the other parts of the article (`article_parts`) and every
    `<h1>` (a logo may take the first), with all their ancestors, are protected
    from guarded rules: without its heading's container, trafilatura can lose the
    article, and a section whose generated id holds a vocabulary word ("sharing")
    is still the article. The main block is found once invisible elements are gone.
    """
    for node in _outermost(root.css(INVISIBLE)):
        node.decompose()
    boxes = login_boxes(root)
    main = main_block(root, boxes)
    protected = _lineage(main).union(
        *(_lineage(h1) for h1 in root.css("h1")),
        *(_lineage(part) for part in article_parts(root, main)),
    )
    page_text = len(root.text(strip=True)) or 1
    limit = max(MAX_SHARE * page_text, MIN_ARTICLE)
    removed = []
    lengths: dict[int, int] = {}  # text length per node, measured once (before removals)
    for box in _outermost(boxes):
        if box.mem_id not in protected:
            removed.append(_removal("login-box", box))
            box.decompose()
    possible = _Possible(root)
    for rule, guarded in rules:
        selectors = [s for s in rule.value if possible.may_match(s)]
        if not selectors:
            continue
        matches = root.css(", ".join(selectors))[:MAX_MATCHES]
        if guarded:
            matches = [
                node
                for node in matches
                if node.mem_id not in protected and _length(node, lengths) <= limit
            ]
        for node in _outermost(matches):
            removal = _removal(rule.id, node)
            if removal.excerpt:
                removed.append(removal)
            node.decompose()
    return removed, main


def unwrap_chunks(root: LexborNode, main: LexborNode | None) -> LexborNode | None:
    """Undo an article split into chunks; the block that then holds the article.

    Some layouts cut the body into several elements of the same tag and class with
    ads or embeds between them; extractors find the first by its class and miss
    the rest. The chunks are the main block's namesakes (same tag, same class
    attribute) that hold paragraphs and are neither inside it nor around it. Each
    is replaced by its children, in place, so what lies between them (headings,
    pictures) keeps its order; their common ancestor becomes the main block.
    """
    if main is None:
        return main
    chunks = [main, *(p for p in article_parts(root, main) if not _inside(p, {main.mem_id}))]
    if len(chunks) < 2:
        return main
    parent = _common_ancestor(chunks)
    for chunk in _outermost(chunks):
        chunk.unwrap()
    return parent


def unwrap_posts(root: LexborNode) -> None:
    """Unwrap `<article>` elements that share a parent with another: a forum prints
    each post of a thread as one (XenForo's `article.message`), a listing each
    teaser. An extractor that takes the page's first `<article>` for the article
    keeps the thread's first post alone; unwrapped, the posts are read as one text
    and the page's article, where it is an `<article>` of its own, is found as before."""
    siblings: dict[int, list[LexborNode]] = {}
    for node in root.css("article"):
        if node.parent is not None:
            siblings.setdefault(node.parent.mem_id, []).append(node)
    for group in siblings.values():
        if len(group) > 1:
            for node in group:
                node.unwrap()


def article_parts(root: LexborNode, main: LexborNode | None) -> list[LexborNode]:
    """The main block's namesakes (same tag, same class attribute) that hold paragraph
    text and are not around it: chunks of an article cut into pieces beside it, or
    its own sections inside it (documentation generators nest `div.section`s)."""
    if main is None or not main.attributes.get("class"):
        return []
    lineage = _lineage(main)
    return [
        node
        for node in root.css(main.tag or "*")
        if node.attributes.get("class") == main.attributes["class"]
        and node.mem_id not in lineage
        and paragraph_text_length(node) >= MIN_CHUNK
    ]


def _common_ancestor(nodes: Sequence[LexborNode]) -> LexborNode | None:
    shared = _lineage(nodes[0])
    for other in nodes[1:]:
        shared &= _lineage(other)
    node: LexborNode | None = nodes[0]
    while node is not None and node.mem_id not in shared:
        node = node.parent
    return node


def _length(node: LexborNode, cache: dict[int, int]) -> int:
    """The node's text length, measured once per prune: rules often match the same nodes."""
    length = cache.get(node.mem_id)
    if length is None:
        length = cache[node.mem_id] = len(node.text(strip=True))
    return length


def _outermost(nodes: Iterable[LexborNode]) -> list[LexborNode]:
    """The nodes not inside another of them, each once: removing those removes the rest,
    and a removed node, or its descendants, must not be touched again (a query of two
    selectors lists a node that matches both twice)."""
    unique = list({node.mem_id: node for node in nodes}.values())
    chosen = {node.mem_id for node in unique}
    return [node for node in unique if not _inside(node, chosen)]


def _inside(node: LexborNode, ids: set[int]) -> bool:
    """Whether a proper ancestor of `node` is one of `ids`; stops at the first."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _lineage(node: LexborNode | None) -> set[int]:
    """The node and every ancestor, by identity."""
    ids = set()
    while node is not None:
        ids.add(node.mem_id)
        node = node.parent
    return ids


def _removal(rule_id: str, node: LexborNode) -> Removal:
    text = " ".join(node.text(separator=" ").split())
    if len(text) > _EXCERPT:
        text = text[: _EXCERPT - 1] + "…"
    return Removal(rule_id, f"<{node.tag}> {text}" if text else "")


#: A substring test of a class or id (`[class*="share" i]`), most of the rules' selectors.
_CONTAINS = re.compile(
    r"""\[\s*(?P<name>class|id)\s*\*=\s*"(?P<value>[^"\\]+)"\s*(?P<fold>i)?\s*\]"""
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    """The text with ASCII letters lowercased, and only those (as CSS's `i` folds)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


class _Possible:
    """Which substring tests of a class or id some element of the page passes.

    Lexbor tests every selector of a query on every element, and a page's classes
    hold few of the rules' words: a selector whose word no class (or id) of the page
    holds matches nothing there, before or after removals, and is left out of the
    query. Case-blind (`i`) tests fold ASCII letters only, as Lexbor does."""

    def __init__(self, root: LexborNode) -> None:
        classes = {value for node in root.css("[class]") if (value := node.attrs.get("class"))}
        ids = {value for node in root.css("[id]") if (value := node.id)}
        # one text per attribute, its values apart: a word found in it is in one of them
        self.exact = {"class": "\0".join(classes), "id": "\0".join(ids)}
        self.folded = {name: _ascii_lower(text) for name, text in self.exact.items()}

    def may_match(self, selector: str) -> bool:
        test = _substring_test(selector)
        if test is None:
            return True  # another form: left to Lexbor
        name, word, fold = test
        return word in (self.folded if fold else self.exact)[name]


@cache
def _substring_test(selector: str) -> tuple[str, str, bool] | None:
    """A selector's substring test as (attribute, word, case-blind), the word folded
    when the test is; None for another form. Read once per process: the rules are few."""
    test = _CONTAINS.fullmatch(selector.strip())
    if test is None:
        return None
    fold = bool(test["fold"])
    return test["name"], _ascii_lower(test["value"]) if fold else test["value"], fold
