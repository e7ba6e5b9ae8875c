"""`clean()`: one raw document in, one `Document` out; the library's entry point."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar
from urllib.parse import urlsplit

from . import badness, classify, dates, dump, lang, render, window
from .decode import decode_input, sniff_kind
from .document import Document, Verdict, split_front_matter
from .errors import DecodeError, FrontMatterError, SettleError
from .normalize import FTFY_CONFIG, fix_text, repair_text
from .rules import RuleSet, default_ruleset

KINDS = ("auto", "text", "html")

_F = TypeVar("_F", bound=Callable[..., object])
_GC_LOCK = threading.Lock()
_GC_HELD = [0, False]  # calls inside, and whether the collector was on when the first came in


def _without_gc(function: _F) -> _F:
    """Run `function` with the cyclic garbage collector paused, then leave it as it was.

    Cleaning makes a few objects per line of the input (its lines, blocks, word lists)
    and keeps them to the end; the collector, triggered every few hundred of them,
    walks all that are alive each time it reaches the oldest generation: a tenth to
    a third of the time of a large dump, for nothing, since cleaning makes almost no
    reference cycles. Nested and concurrent calls share one pause; the collector is
    turned back on only if it was on when the first of them came in.
    """

    @functools.wraps(function)
    def paused(*args: object, **kwargs: object) -> object:
        with _GC_LOCK:
            if _GC_HELD[0] == 0:
                _GC_HELD[1] = gc.isenabled()
                gc.disable()
            _GC_HELD[0] += 1
        try:
            return function(*args, **kwargs)
        finally:
            with _GC_LOCK:
                _GC_HELD[0] -= 1
                if _GC_HELD[0] == 0 and _GC_HELD[1]:
                    gc.enable()

    return paused  # type: ignore[return-value]


def warm_up(rules: RuleSet | None = None) -> None:
    """Load now what the first documents would: rule packs, every stop list, date names.

    About half a second, once per process. A batch calls it before it starts its
    workers, which then share what it loaded (fork); a benchmark, before the clock.
    """
    ruleset = rules or default_ruleset()
    ruleset.prepare()
    ruleset.text_rules(ruleset.select("", None, None))
    classify.stopword_index()
    dates.find_date("1 January 2020")
    dates.prepare()
    badness.prepare()


@_without_gc
def clean(
    raw: str | bytes,
    url: str | None = None,
    source: str | None = None,
    kind: str = "auto",
    *,
    rules: RuleSet | None = None,
    reference: dt.date | None = None,
    render_as: str = "auto",
) -> Document:
    """Clean one scraped page (a text dump or HTML) into its article and metadata.

    `rules` defaults to the bundled packs, compiled once per process; `reference`
    is the latest plausible date (default: today); `render_as` names how a text dump
    was rendered (`render.RENDERINGS`: w3m, lynx, markdown, nodes, canonical) where
    recognising it from the text ("auto") is not wanted. Raises `CleanerError`
    subclasses for input that cannot be decoded and for rules that run too long.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if render_as not in render.RENDERINGS:
        raise ValueError(
            f"render_as must be one of {', '.join(render.RENDERINGS)}, not {render_as!r}"
        )
    read = window.focus(raw, kind)
    decoded = decode_input(read.raw)
    ruleset = rules or default_ruleset()
    cleared: dump.Cleared = {}  # what the rules left alone, for the pass over the output
    first = _clean_once(
        decoded.text, kind, url, source, ruleset, reference, render_as, cleared=cleared
    )
    doc = _settle(first, decoded.text, ruleset, reference, cleared)
    repairs = list(decoded.repairs)
    doc.removed = repairs + doc.removed
    doc.verdicts = repairs + doc.verdicts
    if read.lines_before or read.lines_after:
        _place_window(doc, read, decoded.text.count("\n"))
    return doc


def _place_window(doc: Document, read: window.Window, lines: int) -> None:
    """Verdicts of a window (`window.focus`) numbered as the input's lines, and one
    verdict for each side left unread."""
    shift = read.lines_before
    verdicts = [replace(v, line=v.line + shift) if v.line > 0 else v for v in doc.verdicts]
    if read.lines_before:
        verdicts.append(Verdict(1, f"{shift} lines above the article", "drop", "far-from-article"))
    if read.lines_after:
        below = f"{read.lines_after} lines below it"
        verdicts.append(Verdict(shift + lines + 1, below, "drop", "far-from-article"))
    doc.verdicts = sorted(verdicts, key=lambda v: v.line)
    doc.removed = _removed(doc.verdicts)


#: Passes over its own output that `clean()` allows itself before it gives up on
#: settling. Each pass reads the output back as canonical text, as a later call
#: would; real pages settle in one or two.
MAX_SETTLE_PASSES = 8


def _clean_once(
    text: str,
    kind: str,
    url: str | None,
    source: str | None,
    ruleset: RuleSet,
    reference: dt.date | None,
    render_as: str = "auto",
    *,
    verdicts: bool = True,
    cleared: dump.Cleared | None = None,
) -> Document:
    """One pass; with `verdicts` False, a text's document has none (nor removals): the
    pass over the output needs them only when the output changed, which is rare.
    `cleared` is shared by the passes of one `clean()` call (`dump.clean_blocks`)."""
    if kind == "html" or (kind == "auto" and sniff_kind(text) == "html"):
        return _clean_html(text, url, source, ruleset, reference, cleared)
    return _clean_text(
        text, url, source, ruleset, reference, render_as, verdicts=verdicts, cleared=cleared
    )


def _settle(
    doc: Document,
    text: str,
    ruleset: RuleSet,
    reference: dt.date | None,
    cleared: dump.Cleared | None = None,
) -> Document:
    """Clean the output again, as `clean(doc.to_canonical())` would, until nothing changes.

    This is what makes every output a fixed point: whatever the first pass left that
    canonical reading would still change (a line a rule drops once the lines around
    it are gone, mojibake repaired in a shorter context), a later pass changes now,
    and the document returned is one that cleaning returns unchanged. The verdicts
    of later passes are mapped back to the input's lines.
    """
    canonical = doc.to_canonical()
    if canonical == text:
        return doc  # canonical input, already clean: the common case of `check`
    verdicts = doc.verdicts
    for _ in range(MAX_SETTLE_PASSES):
        try:
            again = _clean_once(
                canonical, "auto", None, None, ruleset, reference, verdicts=False, cleared=cleared
            )
            if _writes_alike(again, doc):  # the same canonical text: it need not be written
                break
            settled = again.to_canonical()
            if settled == canonical:
                break
            again = _clean_once(  # again, with verdicts
                canonical, "auto", None, None, ruleset, reference, cleared=cleared
            )
        except (FrontMatterError, DecodeError) as exc:  # our own output: a bug, named as one
            raise SettleError(f"the output could not be read back: {exc}") from exc
        verdicts = _carry_verdicts(verdicts, again.verdicts, canonical)
        doc, canonical = again, settled
    else:
        raise SettleError(f"the output still changed after {MAX_SETTLE_PASSES} passes over itself")
    doc.verdicts = verdicts
    doc.removed = _removed(verdicts)
    return doc


def _writes_alike(doc: Document, other: Document) -> bool:
    """Whether `to_canonical()` would write the two documents alike: it reads only the
    body and the header, whose fields it takes in one fixed order."""
    return doc.text == other.text and doc.header() == other.header()


def _carry_verdicts(earlier: list[Verdict], later: list[Verdict], canonical: str) -> list[Verdict]:
    """The earlier pass's removals, then the later pass's verdicts on the lines it kept.

    A later pass numbers the lines of the earlier output's body; its non-blank lines are
    the earlier pass's kept lines, in order, so each maps back to an input line.
    """
    kept = [v.line for v in earlier if v.action == "keep"]
    body = split_front_matter(canonical)[1].split("\n")
    origin: dict[int, int] = {}
    numbered = [k + 1 for k, t in enumerate(body) if t]
    if len(numbered) == len(kept):
        origin = dict(zip(numbered, kept, strict=True))
    moved = [
        Verdict(origin.get(v.line, v.line), v.text, v.action, v.reason)
        for v in later
        if v.reason != "rendering"  # a later pass reads canonical text, not the input's rendering
    ]
    out = [v for v in earlier if v.action != "keep"] + moved
    out.sort(key=lambda v: v.line)
    return out


def _clean_text(
    text: str,
    url: str | None,
    source: str | None,
    ruleset: RuleSet,
    reference: dt.date | None,
    render_as: str = "auto",
    *,
    verdicts: bool = True,
    cleared: dump.Cleared | None = None,
) -> Document:
    header, body_text = split_front_matter(text)
    canonical = header is not None
    header = header or {}
    url = url or header.get("url")
    source = source or header.get("source")
    if canonical and render_as == "auto":
        render_as = render.CANONICAL
    rendering, blocks = render.read(repair_text(body_text), render_as)
    canonical = rendering == render.CANONICAL
    lines = [b.text for b in blocks if b.kind != render.DROPPED]
    packs = ruleset.select("\n".join(lines), url, source)
    meta = dump.Metadata(
        title=header.get("title"),
        date=header.get("date"),
        datetime=header.get("datetime"),
        author=header.get("author"),
        source=source,
    )
    decided = dump.clean_blocks(
        blocks,
        ruleset.text_rules(packs),
        meta,
        canonical=canonical,
        reference=reference,
        cleared=cleared,
    )
    if not meta.date and url:  # the text says nothing: the caller's URL may
        meta.date = dates.url_date(url, reference)
    judged = [Verdict(0, rendering, "meta", "rendering"), *_verdicts(decided)] if verdicts else []
    return Document(
        text=dump.body(decided),
        title=meta.title,
        date=meta.date,
        datetime=meta.datetime,
        author=meta.author,
        source=meta.source or _pack_source(packs) or _host(url),
        url=url,
        lang=header.get("lang") or (None if canonical else _kept_language(decided)),
        removed=_removed(judged),
        verdicts=judged,
    )


#: What a page's <title> puts between the headline and the site's name.
_SITE_SEPARATOR = re.compile(r"\s*(?:[|_–—»«·:]|-|::)\s*\S")
#: Kept lines read for the headline a <title> starts with, and its least length.
HEADLINE_LINES = 3
MIN_HEADLINE_CHARS = 4


def _headline_of(title: str | None, lines: Sequence[dump.Line]) -> str | None:
    """The headline the page prints at its top, where the title is that headline and
    the site's name after a separator ("Headline_Site", "Headline - Site"); else the
    title. A page whose metadata names no headline apart from its <title> prints it so."""
    if not title:
        return title
    kept = [line.text for line in lines if line.action == "keep"][:HEADLINE_LINES]
    if title in kept:
        return title
    for text in kept:
        headed = len(text) >= MIN_HEADLINE_CHARS and title.startswith(text)
        if headed and _SITE_SEPARATOR.match(title[len(text) :]):
            return text
    return title


def _clean_html(
    text: str,
    url: str | None,
    source: str | None,
    ruleset: RuleSet,
    reference: dt.date | None,
    cleared: dump.Cleared | None = None,
) -> Document:
    from . import html  # trafilatura, selectolax, lxml: the text path never needs them

    packs = ruleset.select(None, url, source)
    found = html.extract(text, url, ruleset.html_rules(packs))
    blocks = render.read_canonical(repair_text(found.text))
    lines = [b.text for b in blocks if b.kind not in (render.CODE, render.TABLE)]
    when = dates.date_from_html(found.date_page or text, url, reference, lines, found.published)
    meta = dump.Metadata(
        title=_line(found.title),
        date=when.date if when else None,
        datetime=when.datetime if when else None,
        author=_line(found.author),
        source=source,
    )
    decided = dump.clean_blocks(
        blocks,
        ruleset.text_rules(packs),
        meta,
        canonical=True,
        reference=reference,
        cleared=cleared,
    )
    meta.title = _headline_of(meta.title, decided)
    titles = {t.casefold() for t in (meta.title, _line(found.heading)) if t}
    for line in decided:
        if line.action == "keep" and line.text.casefold() in titles:
            line.action, line.reason = "meta", "title"
    # Pruned elements come first, as line 0: they never reached the extracted text.
    verdicts = [Verdict(0, r.excerpt, "drop", r.rule) for r in found.removed]
    verdicts += _verdicts(decided)
    return Document(
        text=dump.body(decided),
        title=meta.title,
        date=meta.date,
        datetime=meta.datetime,
        author=meta.author,
        source=meta.source or _pack_source(packs) or _host(url or found.url),
        url=url or found.url,
        lang=found.lang or _kept_language(decided),
        removed=_removed(verdicts),
        verdicts=verdicts,
    )


def _removed(verdicts: list[Verdict]) -> list[Verdict]:
    """What was dropped, cut or lifted; the rendering's name is a verdict, not a removal."""
    return [v for v in verdicts if v.action != "keep" and v.reason != "rendering"]


def _kept_language(lines: list[dump.Line]) -> str | None:
    """The language of the article's kept lines, where the header or the markup names none."""
    return lang.language([line.text for line in lines if line.action == dump.KEEP])


def _verdicts(lines: list[dump.Line]) -> list[Verdict]:
    out = []
    for line in lines:
        for fragment, reason in line.cut:
            out.append(Verdict(line.line + 1, fragment, "cut", reason))
        if line.reason == "blank":
            continue
        out.append(Verdict(line.line + 1, line.text, line.action or "keep", line.reason))
    return out


def _pack_source(packs) -> str | None:
    return next((p.source for p in reversed(packs) if p.source), None)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _line(value: str | None) -> str | None:
    if not value:
        return None
    fixed = " ".join(fix_text(value, FTFY_CONFIG).split())
    return fixed or None
