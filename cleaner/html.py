"""HTML pages: parsed once with selectolax, pruned by rule, the article extracted by trafilatura.

The order is fixed: parse (Lexbor, which survives any markup), read the metadata
from the whole page, narrow to a pack's article selector, prune what the packs
name (`prune.py`), undo an article cut into chunks, then hand the pruned page
to trafilatura. Trafilatura runs in its fast mode favouring precision; when that
keeps almost nothing of the page's main text block, its balanced mode runs again
on the same pruned page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import trafilatura
from lxml.etree import LxmlError
from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from .errors import CleanerError
from .htmlmeta import PageMeta, read_metadata
from .prune import MIN_ARTICLE, Removal, paragraph_text_length, prune, unwrap_chunks
from .rules import HtmlRules, Rule

#: A precise extraction keeping less than this share of the main block's paragraphs is a miss.
MIN_MAIN_SHARE = 0.25


class HtmlError(CleanerError):
    """The HTML could not be parsed or extracted."""


@dataclass
class Extracted(PageMeta):
    """What the HTML path hands on: the article's text and the page's metadata."""

    text: str = ""
    removed: list[Removal] = field(default_factory=list)


def extract(html: str, url: str | None = None, rules: HtmlRules | None = None) -> Extracted:
    """The article of one page, as text lines, with its metadata and what pruning removed."""
    try:
        tree = LexborHTMLParser(html)
    except (SelectolaxError, ValueError) as exc:
        raise HtmlError(f"HTML could not be parsed: {exc}") from exc
    found = Extracted(**vars(read_metadata(tree)))
    root = _article_root(tree, rules.article if rules else ())
    if root is None:
        return found
    found.removed, main = prune(root, rules.remove if rules else ())
    main = unwrap_chunks(root, main)
    # The head's scripts and styles are only more to parse: the metadata is read.
    body = root.html if root.tag == "body" else f"<body>{root.html}</body>"
    page = f"<html>{body}</html>"
    found.text = _extract_text(page, url, paragraph_text_length(main))
    if not found.text.strip() and main is not None:
        # trafilatura found nothing (e.g. a tree too deep for lxml): the main block's paragraphs
        found.text = "\n".join(p.text(strip=True) for p in main.css("p"))
    return found


def _article_root(tree: LexborHTMLParser, article: Sequence[Rule]) -> LexborNode | None:
    """The pack's article element when one matches, else the page's body."""
    for rule in article:
        node = tree.css_first(", ".join(rule.value))
        if node is not None:
            return node
    return tree.body


def _extract_text(page: str, url: str | None, main_text: int) -> str:
    """Trafilatura, precise first; balanced when precision kept too little of the main block."""
    text = _trafilatura(page, url, favor_precision=True)
    if len(text) < max(MIN_ARTICLE, MIN_MAIN_SHARE * main_text):
        text = max(text, _trafilatura(page, url, favor_precision=False), key=len)
    return text


def _trafilatura(page: str, url: str | None, favor_precision: bool) -> str:
    try:
        found = trafilatura.bare_extraction(
            page, url=url, fast=True, favor_precision=favor_precision, include_comments=False
        )
    except (ValueError, TypeError, RecursionError, LxmlError):
        return ""  # trafilatura gives up on some broken trees; the caller falls back
    return (found.text or "") if found else ""
