"""`clean()`: one raw document in, one `Document` out; the library's entry point."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from . import classify, dates, dump, html, lang
from .decode import decode, sniff_kind
from .document import Document, Verdict, split_front_matter
from .normalize import FTFY_CONFIG, fix_text, normalize_lines
from .rules import RuleSet, default_ruleset

KINDS = ("auto", "text", "html")


def warm_up(rules: RuleSet | None = None) -> None:
    """Load now what the first documents would: rule packs, every stop list, date names.

    About half a second, once per process. A batch calls it before it starts its
    workers, which then share what it loaded (fork); a benchmark, before the clock.
    """
    ruleset = rules or default_ruleset()
    ruleset.text_rules(ruleset.select("", None, None))
    classify.stopword_index()
    dates.find_date("1 January 2020")


def clean(
    raw: str | bytes,
    url: str | None = None,
    source: str | None = None,
    kind: str = "auto",
    *,
    rules: RuleSet | None = None,
    reference: dt.date | None = None,
) -> Document:
    """Clean one scraped page (a text dump or HTML) into its article and metadata.

    `rules` defaults to the bundled packs, compiled once per process; `reference`
    is the latest plausible date (default: today). Raises `CleanerError` subclasses
    for input that cannot be decoded and for rules that run too long.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    text = decode(raw)
    ruleset = rules or default_ruleset()
    if kind == "html" or (kind == "auto" and sniff_kind(text) == "html"):
        return _clean_html(text, url, source, ruleset, reference)
    return _clean_text(text, url, source, ruleset, reference)


def _clean_text(
    text: str, url: str | None, source: str | None, ruleset: RuleSet, reference: dt.date | None
) -> Document:
    header, body_text = split_front_matter(text)
    canonical = header is not None
    header = header or {}
    url = url or header.get("url")
    source = source or header.get("source")
    lines = normalize_lines(body_text)
    packs = ruleset.select("\n".join(lines), url, source)
    meta = dump.Metadata(
        title=header.get("title"),
        date=header.get("date"),
        datetime=header.get("datetime"),
        author=header.get("author"),
        source=source,
    )
    decided = dump.clean_lines(
        lines, ruleset.text_rules(packs), meta, canonical=canonical, reference=reference
    )
    if not meta.date and url:  # the text says nothing: the caller's URL may
        meta.date = dates.url_date(url, reference)
    verdicts = _verdicts(decided)
    return Document(
        text=dump.body(decided),
        title=meta.title,
        date=meta.date,
        datetime=meta.datetime,
        author=meta.author,
        source=meta.source or _pack_source(packs) or _host(url),
        url=url,
        lang=header.get("lang") or (None if canonical else _kept_language(decided)),
        removed=[v for v in verdicts if v.action != "keep"],
        verdicts=verdicts,
    )


def _clean_html(
    text: str, url: str | None, source: str | None, ruleset: RuleSet, reference: dt.date | None
) -> Document:
    packs = ruleset.select(None, url, source)
    found = html.extract(text, url, ruleset.html_rules(packs))
    lines = normalize_lines(found.text)
    when = dates.date_from_html(text, url, reference, lines, found.published)  # the whole page
    meta = dump.Metadata(
        title=_line(found.title),
        date=when.date if when else None,
        datetime=when.datetime if when else None,
        author=_line(found.author),
        source=source,
    )
    decided = dump.clean_lines(
        lines, ruleset.text_rules(packs), meta, canonical=True, reference=reference
    )
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
        removed=[v for v in verdicts if v.action != "keep"],
        verdicts=verdicts,
    )


def _kept_language(lines: list[dump.Line]) -> str | None:
    """The language of the article's kept lines, where the header or the markup names none."""
    return lang.language([line.text for line in lines if line.action == dump.KEEP])


def _verdicts(lines: list[dump.Line]) -> list[Verdict]:
    out = []
    for line in lines:
        for fragment, reason in line.cut:
            out.append(Verdict(line.index + 1, fragment, "cut", reason))
        if line.reason == "blank":
            continue
        out.append(Verdict(line.index + 1, line.text, line.action or "keep", line.reason))
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
