"""HTML pages: parsed once with selectolax, pruned by rule, the article extracted by trafilatura.

The order is fixed: parse (Lexbor, which survives any markup), read the metadata
from the whole page, narrow to a pack's article selector, prune what the packs
name (`prune.py`), undo an article cut into chunks and a thread cut into posts,
mark the main block as the article where the page marks none and the block holds
most of its prose (trafilatura otherwise looks for the article by class names, and
on a page without them falls back to its paragraphs alone, headings lost), then
hand the pruned page to trafilatura. Trafilatura runs in its fast mode
favouring precision; when the page's own evidence says that missed text, its full
extraction runs too and the better of the two is kept (`choose.py`). The text
keeps code and tables as blocks (`htmlblocks.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import trafilatura
from lxml.etree import LxmlError
from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError
from trafilatura.settings import Extractor

from . import choose, htmlblocks
from .errors import CleanerError
from .htmlmeta import PageMeta, read_metadata
from .prune import Removal, prune, unwrap_chunks, unwrap_posts
from .rules import HtmlRules, Rule


class HtmlError(CleanerError):
    """The HTML could not be parsed or extracted."""


@dataclass
class Extracted(PageMeta):
    """What the HTML path hands on: the article's text and the page's metadata."""

    text: str = ""
    removed: list[Removal] = field(default_factory=list)
    #: The page a date search reads: the head's metadata and the pruned body (`date_page`).
    date_page: str = ""


def extract(html: str, url: str | None = None, rules: HtmlRules | None = None) -> Extracted:
    """The article of one page, as text lines, with its metadata and what pruning removed."""
    try:
        tree = LexborHTMLParser(html)
    except (SelectolaxError, ValueError) as exc:
        raise HtmlError(f"HTML could not be parsed: {exc}") from exc
    found = Extracted(**vars(read_metadata(tree)))
    head = _dated_head(tree)  # before pruning, which drops scripts
    root = _article_root(tree, rules.article if rules else ())
    if root is None:
        return found
    found.removed, main = prune(root, rules.remove if rules else ())
    main = unwrap_chunks(root, main)
    unwrap_posts(root)
    evidence = choose.gather(root, main)
    if (
        main is not None
        and evidence.main_size >= MAIN_MARK_SHARE * evidence.prose_size
        and root.css_first(_MARKED_ARTICLE) is None
    ):
        main.attrs["itemprop"] = "articleBody"  # trafilatura's first guess at the article
    pres = htmlblocks.mark_pre(root)
    _unfigure(root)
    # The head's scripts and styles are only more to parse: the metadata is read.
    body = root.html if root.tag == "body" else f"<body>{root.html}</body>"
    found.date_page = f"<html><head>{head}</head>{body}</html>"
    page = f"<html>{body}</html>"
    found.text = _extract_text(page, url, evidence, pres)
    if not found.text.strip() and main is not None:
        # trafilatura found nothing (e.g. a tree too deep for lxml): the main block's paragraphs
        found.text = "\n".join(p.text(strip=True) for p in main.css("p"))
    return found


#: What a date search reads of a page besides its pruned body.
_DATED_HEAD = "head meta, head link[rel=canonical], head title, script[type='application/ld+json']"


#: The main block marked as the article where it holds this share of the page's prose.
MAIN_MARK_SHARE = 0.6
#: A page that marks its article itself: trafilatura finds it there, not in the main block.
_MARKED_ARTICLE = "article, [itemprop=articleBody], main"


def _dated_head(tree: LexborHTMLParser) -> str:
    """The page's metadata, stated dates among it, for `date_page`.

    A date search (htmldate) then reads this and the pruned body, not the whole page:
    about half the bytes to parse and search, and none of the dates of the menus,
    teasers and related stories that pruning removed."""
    return "".join(node.html or "" for node in tree.css(_DATED_HEAD))


def _unfigure(root: LexborNode) -> None:
    """Each figure's caption as a plain paragraph of its text, the figure unwrapped.

    A caption is text a reader sees beside the picture, part of the article, but
    trafilatura drops a `<figure>` whole, and without images anything whose class
    or id says caption. The picture itself is not kept either way, nor a caption
    that is mostly a link (a teaser's)."""
    for caption in root.css("figcaption"):
        text = " ".join(caption.text(separator=" ").split())
        if not text or choose.link_share(caption) >= choose.MAX_LINK_SHARE:
            caption.decompose()  # a link under a teaser's picture, gone as with its figure
            continue
        paragraph = LexborHTMLParser("<p></p>").css_first("p")
        if paragraph is None:  # never: Lexbor parses a paragraph
            continue
        paragraph.insert_child(text)
        caption.replace_with(paragraph)
    root.unwrap_tags(["figure"])


def _article_root(tree: LexborHTMLParser, article: Sequence[Rule]) -> LexborNode | None:
    """The pack's article element when one matches, else the page's body."""
    for rule in article:
        node = tree.css_first(", ".join(rule.value))
        if node is not None:
            return node
    return tree.body


def _extract_text(
    page: str, url: str | None, evidence: choose.Evidence, pres: Sequence[str]
) -> str:
    """Trafilatura, precise and fast first; its full extraction only when the evidence
    says the precise one missed text, and then whichever of the two covers the page better."""
    precise = _trafilatura(page, url, pres, precise=True)
    if not choose.needs_full(precise, evidence):
        return precise
    full = _trafilatura(page, url, pres, precise=False)
    return full if choose.prefer_full(precise, full, evidence) else precise


def _trafilatura(page: str, url: str | None, pres: Sequence[str], precise: bool) -> str:
    """One trafilatura run as canonical body text: fast and precise, or full with its fallbacks."""
    try:
        found = trafilatura.bare_extraction(page, options=_options(precise, url))
    except (ValueError, TypeError, RecursionError, LxmlError):
        return ""  # trafilatura gives up on some broken trees; the caller falls back
    if not found:
        return ""
    body = found.get("body") if isinstance(found, dict) else getattr(found, "body", None)
    return htmlblocks.body_text(body, pres)


def _options(precise: bool, url: str | None) -> Extractor:
    """trafilatura's settings for one run, built once per mode where no URL is given.

    The output format is text, not "python": the python format renders the body as
    text too, which `htmlblocks.body_text` does again its own way; text leaves the
    body tree alone and renders nothing."""
    if url is None:
        return _PRECISE if precise else _FULL
    return _extractor(precise, url)


def _extractor(precise: bool, url: str | None) -> Extractor:
    return Extractor(output_format="txt", fast=precise, precision=precise, comments=False, url=url)


_PRECISE, _FULL = _extractor(True, None), _extractor(False, None)
