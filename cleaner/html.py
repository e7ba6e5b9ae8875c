"""HTML pages: parsed once with selectolax, pruned by rule, the article extracted by trafilatura.

The order is fixed: parse (Lexbor, which survives any markup), read the metadata
from the whole page, narrow to a pack's article selector, prune what the packs
name (`prune.py`), undo an article cut into chunks, then hand the pruned page
to trafilatura. Trafilatura runs in its fast mode favouring precision; when the
page's own evidence says that missed text, its full extraction runs too and the
better of the two is kept (`choose.py`). The text keeps code and tables as blocks
(`htmlblocks.py`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import trafilatura
from lxml.etree import LxmlError
from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from . import choose, htmlblocks
from .errors import CleanerError
from .prune import Removal, prune, unwrap_chunks
from .rules import HtmlRules, Rule

_TITLE_META = ("og:title", "twitter:title")
_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
_AUTHOR_MARKUP = (
    '[itemprop="author"] [itemprop="name"]',
    '[itemprop="author"]',
    '[rel="author"]',
    '[class*="byline" i] [class*="author" i]',
    '[class*="author-name" i]',
)
_MAX_NAME = 100  # longer "author" text is a bio or a byline sentence, not a name
_LD_DEPTH = 4
_LANG_META = ("og:locale", "language", "content-language")


class HtmlError(CleanerError):
    """The HTML could not be parsed or extracted."""


@dataclass
class Extracted:
    """What the HTML path hands on: the article's text and the page's metadata."""

    text: str
    title: str | None
    author: str | None
    lang: str | None
    heading: str | None = None  # the page's <h1>, dropped from the body like the title
    removed: list[Removal] = field(default_factory=list)


def extract(html: str, url: str | None = None, rules: HtmlRules | None = None) -> Extracted:
    """The article of one page, as text lines, with its metadata and what pruning removed."""
    try:
        tree = LexborHTMLParser(html)
    except (SelectolaxError, ValueError) as exc:
        raise HtmlError(f"HTML could not be parsed: {exc}") from exc
    found = read_metadata(tree)
    root = _article_root(tree, rules.article if rules else ())
    if root is None:
        return found
    found.removed, main = prune(root, rules.remove if rules else ())
    main = unwrap_chunks(root, main)
    evidence = choose.gather(root, main)
    pres = htmlblocks.mark_pre(root)
    # The head's scripts and styles are only more to parse: the metadata is read.
    body = root.html if root.tag == "body" else f"<body>{root.html}</body>"
    page = f"<html>{body}</html>"
    found.text = _extract_text(page, url, evidence, pres)
    if not found.text.strip() and main is not None:
        # trafilatura found nothing (e.g. a tree too deep for lxml): the main block's paragraphs
        found.text = "\n".join(p.text(strip=True) for p in main.css("p"))
    return found


def read_metadata(tree: LexborHTMLParser) -> Extracted:
    """Title, author and language from the page's meta tags, before pruning."""
    heading = _text(tree.css_first("h1"))
    title_tag = _text(tree.css_first("title"))
    return Extracted(
        text="",
        title=_meta(tree, _TITLE_META) or heading or title_tag,
        author=_author(tree),
        lang=_lang(tree),
        heading=heading,
    )


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
        found = trafilatura.bare_extraction(
            page, url=url, fast=precise, favor_precision=precise, include_comments=False
        )
    except (ValueError, TypeError, RecursionError, LxmlError):
        return ""  # trafilatura gives up on some broken trees; the caller falls back
    if not found:
        return ""
    body = found.get("body") if isinstance(found, dict) else getattr(found, "body", None)
    return htmlblocks.body_text(body, pres)


def _meta(tree: LexborHTMLParser, names: tuple[str, ...]) -> str | None:
    for name in names:
        for node in tree.css(f'meta[property="{name}" i], meta[name="{name}" i]'):
            content = (node.attributes.get("content") or "").strip()
            if content:
                return content
    return None


def _author(tree: LexborHTMLParser) -> str | None:
    """The author's name: meta tags, then JSON-LD, then author markup in the page.

    Profile URLs (some sites put one in article:author) do not count as names.
    """
    found = _meta(tree, _AUTHOR_META)
    if found and "://" not in found:
        return found
    found = _json_ld_author(tree)
    if found:
        return found
    for selector in _AUTHOR_MARKUP:
        found = _text(tree.css_first(selector))
        if found and len(found) <= _MAX_NAME:
            return found
    return None


def _json_ld_author(tree: LexborHTMLParser) -> str | None:
    """The first author name in the page's JSON-LD (schema.org Article and kin)."""
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text())
        except (ValueError, RecursionError):
            continue
        names = list(_ld_names(data, depth=0))
        if names:
            return "; ".join(dict.fromkeys(names))
    return None


def _ld_names(data: object, depth: int) -> Iterator[str]:
    """Author names in a JSON-LD value: `author` persons or strings, nested in graphs."""
    if depth > _LD_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_names(item, depth + 1)
    elif isinstance(data, dict):
        if "author" in data:
            authors = data["author"] if isinstance(data["author"], list) else [data["author"]]
            for author in authors:
                if isinstance(author, dict) and author.get("@type") == "Organization":
                    continue  # the publisher named as author: not a byline
                name = author.get("name") if isinstance(author, dict) else author
                if isinstance(name, str) and name.strip() and "://" not in name:
                    yield " ".join(name.split())
            return
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in data:
                yield from _ld_names(data[key], depth + 1)


def _lang(tree: LexborHTMLParser) -> str | None:
    """The page's language as an ISO 639-1 code: the html lang attribute, else meta tags."""
    html = tree.css_first("html")
    raw = (html.attributes.get("lang") if html is not None else None) or _meta(tree, _LANG_META)
    if not raw:
        return None
    code = raw.strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _text(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    text = " ".join(node.text(separator=" ").split())
    return text or None
