"""A page's metadata from its markup: title, author, language, URL and stated time.

Read once from the whole parsed page, before pruning: meta tags (Open Graph,
Dublin Core, article:*), JSON-LD (schema.org Article and kin, in graphs), then
author markup in the page. Every value is taken from the page as written; the
author is narrowed to person names (`person_names`), the rest only trimmed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import dates

_TITLE_META = ("og:title", "twitter:title")
_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
_AUTHOR_MARKUP = (
    '[itemprop~="author"] [itemprop="name"]',
    '[itemprop~="author"]',
    '[rel="author"]',
    '[class*="byline" i] [class*="author" i]',
    '[class*="author-name" i]',
    '[class*="authorname" i]',
    '[class*="byline" i]',
    '[class*="author" i]:not([class*="comment" i])',
)
_TIME_META = ("article:published_time", "datePublished", "dc.date.issued", "date")
_URL_META = ("og:url",)
_LANG_META = ("og:locale", "language", "content-language")
_MAX_NAME = 100  # longer "author" text is a bio or a byline sentence, not a name
_LD_DEPTH = 4
_LD_ARTICLE = re.compile(r"Article|Posting|Report|WebPage|CreativeWork", re.IGNORECASE)
_CDATA = re.compile(r"<!\[CDATA\[|\]\]>|<!--|-->")


@dataclass
class PageMeta:
    """What the page's markup says about the article."""

    title: str | None = None
    author: str | None = None
    lang: str | None = None
    heading: str | None = None  # the page's <h1>, dropped from the body like the title
    url: str | None = None  # the canonical link, else og:url
    published: list[str] = field(default_factory=list)  # stated times, most trusted first


def read_metadata(tree: LexborHTMLParser) -> PageMeta:
    """Title, author, language, URL and stated publication times, before pruning."""
    heading = _text(tree.css_first("h1"))
    ld = list(_ld_objects(tree))
    tags = MetaTags(tree)
    return PageMeta(
        title=_title(tree, tags, ld, heading),
        author=_author(tree, tags, ld),
        lang=_lang(tree, tags),
        heading=heading,
        url=_url(tree, tags),
        published=_published(tree, tags, ld),
    )


#: The attributes that name a meta tag, in the order a name is looked up in.
_META_KEYS = ("property", "name", "itemprop")


class MetaTags:
    """A page's meta tags that have content, read once: a page asks for a dozen names,
    and a CSS query per name walks the whole tree each time."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.tags: list[tuple[tuple[str, ...], str]] = []  # (lowercased names, content)
        for node in tree.css("meta"):
            attributes = node.attributes
            content = (attributes.get("content") or "").strip()
            if content:
                keys = tuple(_ascii_lower(attributes.get(key)) for key in _META_KEYS)
                self.tags.append((keys, content))

    def contents(self, names: tuple[str, ...]) -> Iterator[str]:
        """The contents named as given, name by name, in page order: what the selector
        `meta[property="name" i], meta[name="name" i], meta[itemprop="name" i]` finds,
        a tag once for each of its attributes that holds the name."""
        for name in names:
            wanted = name.lower()
            for keys, content in self.tags:
                for _ in range(keys.count(wanted)):
                    yield content


def _ascii_lower(value: str | None) -> str:
    """The value as a CSS `i` flag compares it, ASCII letters only folded; a value with
    other characters never equals an ASCII name, so it is left out ("")."""
    return value.lower() if value and value.isascii() else ""


def meta(tags: MetaTags, names: tuple[str, ...]) -> str | None:
    """The first non-empty content of a meta tag named (name= or property=) as given."""
    return next(tags.contents(names), None)


# --- title --------------------------------------------------------------------

HEADING_WORDS = 5  # an <h1> this long is a headline, not a section's name
SUPPORT_SHARE = 0.4  # a title inside another source's text, as this share of it, agrees with it


def _title(
    tree: LexborHTMLParser, tags: MetaTags, ld: list[dict], heading: str | None
) -> str | None:
    """The article's title: among og:title, the JSON-LD headline, twitter:title, the <h1>
    and the <title>, the one the other sources agree with most (a section name in the <h1>
    or the site's name in og:title agrees with none); ties go in that order. Where no two
    sources agree, the page's metadata, then its <title>, then its <h1> (which may name
    a section)."""
    headline = next(
        (
            obj["headline"]
            for obj in ld
            if isinstance(obj.get("headline"), str)
            and _LD_ARTICLE.search(str(obj.get("@type", "")))
        ),
        None,
    )
    site = (meta(tags, ("og:site_name", "application-name")) or "").casefold()
    title_tag = _text(tree.css_first("title"))
    named = [meta(tags, _TITLE_META[:1]), headline, meta(tags, _TITLE_META[1:])]
    ordered = _clean_titles([*named, heading, title_tag], site)
    if not ordered:
        return None
    folded = [c.casefold() for c in ordered]
    support = [_support(c, folded) for c in folded]
    if any(support):
        return ordered[support.index(max(support))]
    if heading and len(heading.split()) >= HEADING_WORDS and not heading[:1].islower():
        return " ".join(heading.split())  # the headline as the page prints it
    fallback = _clean_titles([*named, title_tag, heading], site)
    return fallback[0]


def _clean_titles(values: list[str | None], site: str) -> list[str]:
    found = [" ".join(v.split()) for v in values if v and v.strip()]
    return [v for v in found if v.casefold() != site] or found


def _support(title: str, others: list[str]) -> int:
    """How many other sources agree with the title: one starts with the other ("Headline |
    Site"), or holds it as a good part of its text."""
    count = 0
    for other in dict.fromkeys(others):
        if other == title:
            continue
        short, long = sorted((title, other), key=len)
        if long.startswith(short) or (short in long and len(short) >= SUPPORT_SHARE * len(long)):
            count += 1
    return count


# --- author -------------------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BY = re.compile(
    r"^\s*(?:(?:written|posted|published|reported|text|story|words|photos?)\s+)?"
    r"(?:by|von|par|por|door|av|af|pel[oa]|(?-i:di|de))\s*[:\-]?\s+",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:[,;|/•·]|\s&\s|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", re.IGNORECASE)
_PARENS = re.compile(r"\s*\(([^()]*)\)")
_CUT = re.compile(r"\s+[-–—]\s*|\s*\d|\s+(?-i:on|am|le|el|il|updated|posted)\s", re.I)
#: Words of a job title, a desk or an agency: a byline's part holding one is not a name.
_ROLE_WORDS = _wordset(
    "writer writers editor editors reporter reporters correspondent correspondents "
    "columnist contributor contributors contributing staff producer analyst technologist "
    "project director manager news press agency service wire desk team editorial senior "
    "chief associated reuters afp ap dpa upi bureau health correspondence photographer "
    "author authors redaktion rédaction redacción redazione reporter"
)
#: Accounts a CMS prints when nobody signed the article.
_PLACEHOLDERS = _wordset(
    "admin administrator webmaster editor staff guest user anonymous unknown root author "
    "redaktion rédaction redacción redazione"
)


def person_names(raw: str | None) -> str | None:
    """Person names in a byline, joined with ", ": no "By", roles, agencies or dates, not a
    placeholder account ("admin") or a user handle; all-capitals names are re-cased.

    "By JANE ROE and John Doe, Staff Writer" gives "Jane Roe, John Doe"."""
    if not raw or "://" in raw or "@" in raw:
        return None
    text = " ".join(raw.split())
    text = _cut_date(_BY.sub("", _PARENS.sub(_keep_name, text)))
    cut = _CUT.search(text)
    if cut and cut.start() > 0:
        text = text[: cut.start()]
    names = [_recase(part) for part in _SPLIT.split(text) if _is_name(part)]
    return ", ".join(dict.fromkeys(names)) or None


def _keep_name(match: re.Match) -> str:
    """A bracketed middle name stays; a bracketed agency, role or co-author note goes."""
    return match.group(0) if _is_name(match.group(1)) else ""


def _cut_date(text: str) -> str:
    """The byline up to a date written with a month's name ("Jane Roe March 25")."""
    for i, word in enumerate(words := text.split()):
        following = words[i + 1 : i + 2]
        if i and following and following[0][:1].isdigit() and _is_month(word):
            return " ".join(words[:i])
    return text


def _is_month(word: str) -> bool:
    return word.casefold().rstrip(".,") in dates.month_names()


def _is_name(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 5 or len(part) > 60:
        return False
    folded = [w.casefold().strip(".") for w in words]
    if any(w in _ROLE_WORDS for w in folded):
        return False
    if len(words) == 1 and (
        folded[0] in _PLACEHOLDERS or (words[0].isascii() and words[0].isupper())
    ):
        return False  # "admin", a degree (MA) or an agency's initials (AP, ACLU)
    letters = [w for w in words if w[:1].isalpha()]
    # a user handle ("jdoe") or words of a sentence are not capitalised; other scripts have no case
    return bool(letters) and all(
        w[:1].isupper() or not w[:1].isascii() or w in _PARTICLES for w in letters
    )


_PARTICLES = frozenset(
    [
        "de",
        "da",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "la",
        "le",
        "du",
        "di",
        "dos",
        "das",
        "bin",
        "al",
        "el",
        "y",
        "e",
    ]
)


def _recase(part: str) -> str:
    """Title case for a name written all in capitals; any other casing is the author's."""
    if part.upper() != part or not any(c.isalpha() for c in part):
        return part
    return " ".join(
        w.capitalize() if w.casefold() not in _PARTICLES else w.lower() for w in part.split()
    )


def _author(tree: LexborHTMLParser, tags: MetaTags, ld: list[dict]) -> str | None:
    """The author's names: meta tags, then JSON-LD, then author markup in the page; the
    first source that holds a person's name wins (a profile URL or "admin" does not)."""
    metas = [person_names(v) for v in tags.contents(_AUTHOR_META)]
    from_meta = ", ".join(dict.fromkeys(n for n in metas if n))
    if from_meta:
        return from_meta
    from_ld = _ld_author(ld)
    if from_ld:
        return from_ld
    for selector in _AUTHOR_MARKUP:
        for node in tree.css(selector)[:3]:
            text = _text(node)
            name = person_names(text) if text and len(text) <= _MAX_NAME else None
            if name:
                return name
    return None


def _ld_author(ld: list[dict]) -> str | None:
    """The author names of the page's JSON-LD article, joined; organisations do not count."""
    names: list[str] = []
    for obj in ld:
        if "author" not in obj:
            continue
        authors = obj["author"] if isinstance(obj["author"], list) else [obj["author"]]
        for author in authors:
            if isinstance(author, dict) and author.get("@type") == "Organization":
                continue  # the publisher named as author: not a byline
            name = author.get("name") if isinstance(author, dict) else author
            found = person_names(name) if isinstance(name, str) else None
            if found:
                names.append(found)
        if names:
            break
    return ", ".join(dict.fromkeys(names)) or None


def _ld_objects(tree: LexborHTMLParser) -> Iterator[dict]:
    """Every JSON-LD object of the page, graphs and main entities flattened, in order."""
    for script in tree.css('script[type="application/ld+json" i]'):
        text = _CDATA.sub("", script.text())
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        yield from _flatten(data, 0)


def _flatten(data: object, depth: int) -> Iterator[dict]:
    if depth > _LD_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (dict, list)):
                yield from _flatten(data[key], depth + 1)


# --- time, URL, language -------------------------------------------------------


def _published(tree: LexborHTMLParser, tags: MetaTags, ld: list[dict]) -> list[str]:
    """The publication times the page states, most trusted first: meta tags, JSON-LD
    `datePublished` of an article, then the first `<time datetime>` holding a time."""
    found = list(tags.contents(_TIME_META))
    for obj in ld:
        value = obj.get("datePublished")
        if isinstance(value, str) and _LD_ARTICLE.search(str(obj.get("@type", ""))):
            found.append(value.strip())
    for node in tree.css("time[datetime]"):
        value = (node.attributes.get("datetime") or "").strip()
        if "T" in value or ":" in value:
            found.append(value)
            break
    return list(dict.fromkeys(found))


def _url(tree: LexborHTMLParser, tags: MetaTags) -> str | None:
    """The page's own address: its canonical link, else og:url; absolute http(s) only."""
    candidates = [
        (node.attributes.get("href") or "").strip()
        for node in tree.css('link[rel~="canonical" i][href]')
    ]
    candidates += list(tags.contents(_URL_META))
    for value in candidates:
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") and parts.hostname and " " not in value:
            return value
    return None


def _lang(tree: LexborHTMLParser, tags: MetaTags) -> str | None:
    """The page's language as an ISO 639-1 code: the html lang attribute, else meta tags."""
    html = tree.css_first("html")
    raw = (html.attributes.get("lang") if html is not None else None) or meta(tags, _LANG_META)
    if not raw:
        return None
    code = raw.strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[,.;:!?)\]])")
_BREAKS = "br, p, div, li, td, span, time"  # tags whose pieces text(separator="") would glue


def _text(node: LexborNode | None) -> str | None:
    """The node's text on one line. Its own spacing is kept (a French title spaces its
    colon); only where tags inside it break it up (`<br>`, blocks) are its pieces
    joined by a space, which then does not space punctuation."""
    if node is None:
        return None
    if node.css_first(_BREAKS) is None:
        return " ".join(node.text(separator="").split()) or None
    text = _SPACE_BEFORE_PUNCT.sub("", " ".join(node.text(separator=" ").split()))
    return text or None
