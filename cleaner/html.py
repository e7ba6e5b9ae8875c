"""HTML pages: the article extracted by trafilatura, metadata read from the page."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

from .errors import CleanerError


@dataclass
class Extracted:
    """What the HTML path hands on: the article's text and the page's metadata."""

    text: str
    title: str | None
    author: str | None
    date: str | None
    lang: str | None
    sitename: str | None


def extract(html: str, url: str | None = None) -> Extracted:
    """The article of one page, as text lines, with title, author, date and language."""
    try:
        found = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_precision=True
        )
    except (ValueError, TypeError, RecursionError) as exc:
        raise CleanerError(f"HTML could not be parsed: {exc}") from exc
    if found is None:
        return Extracted("", None, None, None, None, None)
    return Extracted(
        text=found.text or "",
        title=found.title,
        author=found.author,
        date=found.date,
        lang=found.language,
        sitename=found.sitename,
    )
