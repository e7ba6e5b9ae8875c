"""WARC archives in: each HTML response record becomes one page to clean.

Read with warcio (webrecorder's maintained WARC reader and writer). Only
`response` records with HTTP status 200 and an HTML content type are pages;
everything else is skipped and counted by reason. Each page keeps its target URI
as `url`, its record id, and its WARC-Date, which is the reference date for the
page: a date after the crawl is not plausible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import CleanerError

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class WarcError(CleanerError):
    """The archive cannot be read (truncated, not a WARC, bad gzip)."""


@dataclass(frozen=True)
class Page:
    """One HTML response from an archive."""

    record_id: str  # the WARC-Record-ID without its <urn:uuid:...> wrapping
    url: str
    date: dt.date | None  # from WARC-Date
    content: bytes  # the HTTP body, transfer and content encodings undone


@dataclass(frozen=True)
class Unreadable:
    """A record whose body cannot be read (an unknown content encoding, over the size
    cap): that record's error; the records after it are still read."""

    record_id: str
    error: str  # the error's class name
    message: str


@dataclass(frozen=True)
class Skipped:
    """A record that is not a page to clean, and why."""

    record_id: str
    reason: str  # "not a response", "HTTP 404", "not HTML: image/png", ...


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def read_warc(
    path: str | Path, max_size: int | None = None
) -> Iterator[Page | Skipped | Unreadable]:
    """Every record of the archive, in order, as a Page, Skipped or Unreadable; streams.

    A page's body is read up to `max_size` bytes: a larger one is Unreadable, not cut.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                yield _page_or_skipped(record, max_size)
    except ArchiveLoadFailed as exc:
        raise WarcError(f"{path}: not a readable WARC: {exc}") from exc
    except Exception as exc:  # truncated gzip, bad lengths, headers warcio trips on
        raise WarcError(f"{path}: cannot read: {type(exc).__name__}: {exc}") from exc


def _page_or_skipped(record, max_size: int | None = None) -> Page | Skipped | Unreadable:
    headers = record.rec_headers
    record_id = record_id_of(headers.get_header("WARC-Record-ID") or "")
    if record.rec_type != "response":
        return Skipped(record_id, f"not a response: {record.rec_type}")
    if record.http_headers is None:
        return Skipped(record_id, "not an HTTP response")
    status = record.http_headers.get_statuscode()
    if status != "200":
        return Skipped(record_id, f"HTTP {status}")
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not content_type.startswith(_HTML_TYPES):
        return Skipped(record_id, f"not HTML: {content_type.split(';')[0] or 'no type'}")
    encoding = (record.http_headers.get_header("Content-Encoding") or "").strip().lower()
    if encoding == "br" and not _has_brotli():  # warcio would hand over the raw bytes
        return Unreadable(
            record_id, "UnsupportedEncoding", "cannot decode the body (Content-Encoding br: "
            "pip install brotli)"
        )  # fmt: skip
    try:
        stream = record.content_stream()
        content = stream.read() if max_size is None else stream.read(max_size + 1)
    except Exception as exc:  # an encoding warcio cannot undo (br without its module...)
        encoding = record.http_headers.get_header("Content-Encoding") or "none"
        return Unreadable(
            record_id, type(exc).__name__, f"cannot decode the body (Content-Encoding {encoding})"
        )
    if max_size is not None and len(content) > max_size:
        return Unreadable(
            record_id, "TooLarge", f"record over the size cap of {max_size} bytes (--max-size)"
        )
    return Page(
        record_id=record_id,
        url=headers.get_header("WARC-Target-URI") or "",
        date=_warc_date(headers.get_header("WARC-Date")),
        content=content,
    )


def record_id_of(header: str) -> str:
    """`<urn:uuid:1234-...>` -> `1234-...`: safe as a file name, still unique."""
    value = header.strip().strip("<>")
    for prefix in ("urn:uuid:", "urn:"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
            break
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in value)


def _warc_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _has_brotli() -> bool:
    """Whether warcio can undo `Content-Encoding: br` here (it needs the brotli module)."""
    import importlib.util

    return importlib.util.find_spec("brotli") is not None
