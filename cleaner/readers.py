"""Readers: the inputs of a batch found, and each container read into records.

`walk()` finds the input files under the paths named on the command line; a
reader per container turns one file into records:

- `FileReader`: a plain or gzip file is one document (read by the worker);
- `JsonlReader`: one document per line (`text` or `html`, with `id`, `url`, `source`);
- `WarcReader`: one document per HTML response record.

Each record has a stable, portable id: a JSONL record's own `id` field, a WARC
record's id, else the file's path relative to the input root named on the
command line (plus `:LINE` for a JSONL line), never an absolute path. What
cannot be read becomes a `Problem` for that record (or that file, or that
folder), never an exception that stops the run: an unreadable folder, a link
that loops or leads nowhere, a record with a field of the wrong type, a
document over the size cap. Adding a container is one reader class here, added
to `READERS`.
"""

from __future__ import annotations

import datetime as dt
import errno
import gzip
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import warc
from .errors import CleanerError
from .writers import is_report

TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Default cap on one document's bytes (a file after decompression, a JSONL line, a
#: WARC record's body): larger ones are reported, never cut short.
MAX_SIZE = 32 * 2**20


class BadRecord(CleanerError):
    """A record that is not a document: wrong field types, no text, not JSON."""


class TooLarge(CleanerError):
    """A document over the size cap (`--max-size`)."""


class BadGzip(CleanerError):
    """A `.gz` file that does not decompress (truncated, not gzip at all)."""


@dataclass(frozen=True)
class Problem:
    """A record (or a whole file or folder) that cannot be read, and why."""

    path: str
    id: str
    error: str  # the error's class name
    message: str

    @classmethod
    def of(cls, path: str | Path, record_id: str, exc: BaseException) -> Problem:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return cls(str(path), record_id, type(exc).__name__, message or type(exc).__name__)


@dataclass(frozen=True)
class Skipped:
    """A record that is not a document to clean (a WARC request, an image), and why."""

    path: str
    id: str
    reason: str


@dataclass(frozen=True)
class Folder:
    """The walk enters a folder (relative to its root): its subfolders keep their names."""

    relative: str
    subdirs: tuple[str, ...]
    files: tuple[str, ...] = ()  # the names of its input files


@dataclass(frozen=True)
class Found:
    """An input file: its path as reached, and its path relative to the root it was named by."""

    path: Path
    relative: str


@dataclass(frozen=True)
class Record:
    """One document found in an input file."""

    id: str | int  # a JSONL record's own id is kept as it is (it may be a number)
    path: str  # the input file
    raw: bytes | str | None = None  # None: the whole file, read by the worker
    url: str | None = None
    source: str | None = None
    reference: dt.date | None = None  # latest plausible date (a WARC record's crawl date)
    note: str | None = None  # said about the record, not an error (a duplicate id renamed)


# --- finding the files ------------------------------------------------------------------


def walk(
    paths: list[str], exclude: tuple[Path, ...] = ()
) -> Iterator[Folder | Found | Problem | Skipped]:
    """Every input file under `paths`, lazily, in a stable order (sorted in each folder).

    Symlinked folders are followed (a loop is reported, not followed); folders
    starting with a dot, the `exclude`d paths (the run's own output) and error
    reports are left out.
    """
    excluded = {_identity(p) for p in exclude} - {None}
    names = {p.name for p in exclude}  # a file is checked only when its name is one of these
    for given in paths:
        root = Path(given)
        try:
            is_dir = root.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            problem = _missing(root, given)
            if problem:
                yield problem
                continue
            yield Folder("", (), (root.name,))
            yield Found(root, root.name)
            continue
        yield from _walk_dir(root, "", (excluded, names), (_identity(root),))


def _walk_dir(
    folder: Path, relative: str, excluded: tuple[set, set[str]], ancestors: tuple
) -> Iterator[Folder | Found | Problem | Skipped]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield Problem.of(folder, relative or ".", exc)
        return
    subdirs: list[tuple[str, Path, tuple[int, int] | None]] = []
    files: list[os.DirEntry] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        kind = _kind(entry)
        if kind == "dir":
            identity = _identity(path)
            if identity in excluded[0]:
                yield Skipped(str(path), _join(relative, entry.name), "the run's own output")
            elif identity in ancestors:
                loop = OSError(errno.ELOOP, "symlink loop: leads back to a folder above it")
                yield Problem.of(path, _join(relative, entry.name), loop)
            else:
                subdirs.append((entry.name, path, identity))
        elif kind == "file":
            if entry.name in excluded[1] and _identity(path) in excluded[0]:
                continue  # the run's own JSONL output
            if reader_for(entry.name) and not is_report(entry.name):
                files.append(entry)
        elif entry.is_symlink() and (reader_for(entry.name) or "." not in entry.name):
            yield _missing(path, _join(relative, entry.name)) or Problem(
                str(path), _join(relative, entry.name), "OSError", "not a file or folder"
            )
    yield Folder(relative, tuple(name for name, _, _ in subdirs), tuple(e.name for e in files))
    for entry in files:
        yield Found(Path(entry.path), _join(relative, entry.name))
    for name, path, identity in subdirs:
        yield from _walk_dir(path, _join(relative, name), excluded, (*ancestors, identity))


def _kind(entry: os.DirEntry) -> str:
    """dir, file, or other (a link that loops or leads nowhere, a socket...)."""
    try:
        if entry.is_dir():
            return "dir"
        return "file" if entry.is_file() else "other"
    except OSError:
        return "other"


def _join(relative: str, name: str) -> str:
    return f"{relative}/{name}" if relative else name


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _missing(path: Path, shown: str) -> Problem | None:
    """Why a path named as input cannot be opened: a symlink loop, a broken link, or absent."""
    try:
        path.stat()
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem.of(path, shown, OSError(errno.ELOOP, "symlink loop"))
        if path.is_symlink():
            return Problem.of(path, shown, OSError(errno.ENOENT, "broken symlink"))
        return Problem.of(path, shown, OSError(errno.ENOENT, "no such file or directory"))


# --- reading documents --------------------------------------------------------------------


def reader_for(name: str) -> Reader | None:
    """The reader for a file name, or None: not an input."""
    lowered = name.lower()
    return next((r for r in READERS if r.accepts(lowered)), None)


def base_suffix(name: str) -> str:
    """`page.HTML.gz` -> `.html`: the suffix under a `.gz`."""
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    dot = lowered.rfind(".")
    return lowered[dot:] if dot >= 0 else ""


def read_file(path: str | Path, max_size: int = MAX_SIZE) -> bytes:
    """A whole file's bytes, gunzipped when it ends `.gz`; `TooLarge` past `max_size`
    (after decompression: a gzip bomb stops at the cap, it is never inflated whole)."""
    path = Path(path)
    if not path.name.lower().endswith(".gz"):
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > max_size:
                raise _too_large(max_size)
            data = handle.read()  # the size is known: no buffer of the cap's size
        if len(data) > max_size:  # it grew meanwhile
            raise _too_large(max_size)
        return data
    parts, total = [], 0
    with gzip.open(path, "rb") as handle:
        try:
            while chunk := handle.read(min(_CHUNK, max_size + 1 - total)):
                parts.append(chunk)
                total += len(chunk)
                if total > max_size:
                    raise _too_large(max_size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise BadGzip(f"bad gzip data: {exc}") from exc
    return b"".join(parts)


_CHUNK = 2**20


def _too_large(max_size: int) -> TooLarge:
    return TooLarge(f"over the size cap of {_size(max_size)} (--max-size)")


def _open_binary(path: Path):
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _size(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n} bytes"


class Reader:
    """A container: which file names it reads, and the records of one file."""

    suffixes: tuple[str, ...] = ()

    def accepts(self, lowered_name: str) -> bool:
        return base_suffix(lowered_name) in self.suffixes

    def records(self, found: Found, max_size: int) -> Iterator[Record | Problem | Skipped]:
        raise NotImplementedError


class FileReader(Reader):
    """A text or HTML file, plain or gzip: one document, read by the worker that cleans it."""

    suffixes = TEXT_SUFFIXES

    def records(self, found: Found, max_size: int) -> Iterator[Record | Problem | Skipped]:
        yield Record(found.relative, str(found.path))


class JsonlReader(Reader):
    """One document per line: an object with a `text` or `html` string, and optionally
    `id` (string or number), `url` and `source` (strings). Lines are read up to the cap;
    a longer line is reported and skipped over, never held whole."""

    suffixes = JSONL_SUFFIXES

    def records(self, found: Found, max_size: int) -> Iterator[Record | Problem | Skipped]:
        ids = _Ids(found)
        number = 0
        try:
            with _open_binary(found.path) as handle:
                while True:
                    line = handle.readline(max_size + 1)
                    if not line:
                        break
                    number += 1
                    where = f"{found.relative}:{number}"
                    if len(line) > max_size and not line.endswith(b"\n"):
                        _skip_line(handle)
                        yield Problem(
                            str(found.path), where, "TooLarge",
                            f"line over the size cap of {_size(max_size)} (--max-size)",
                        )  # fmt: skip
                        continue
                    if not line.strip():
                        continue
                    try:
                        yield ids.record(parse_record(line, where), found)
                    except (BadRecord, UnicodeDecodeError) as exc:
                        yield Problem.of(found.path, where, exc)
        except (OSError, EOFError, zlib.error) as exc:
            where = f"{found.relative}:{number + 1}" if number else found.relative
            yield Problem.of(found.path, where, exc)


def _skip_line(handle) -> None:
    while True:
        rest = handle.readline(2**20)
        if not rest or rest.endswith(b"\n"):
            return


def parse_record(line: bytes | str, default_id: str) -> dict:
    """One JSONL line as {id, raw, url, source}, its types checked; `BadRecord` if not."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadRecord(f"not JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise BadRecord(f"not a JSON object but {type(record).__name__}")
    for name in ("text", "html", "url", "source"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise BadRecord(f"field {name!r} must be a string, not {_json_type(record[name])}")
    own = record.get("id")
    if own is not None and (isinstance(own, bool) or not isinstance(own, (str, int))):
        raise BadRecord(f"field 'id' must be a string or a number, not {_json_type(own)}")
    raw = record.get("html") or record.get("text")
    if raw is None:
        raw = record.get("html", record.get("text"))
    if raw is None:
        raise BadRecord("record has no 'text' or 'html' string field")
    return {
        "id": default_id if own is None or own == "" else own,
        "raw": raw,
        "url": record.get("url") or None,
        "source": record.get("source") or None,
    }


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", int: "number", float: "number", bool: "boolean"}
    return names.get(type(value), type(value).__name__)


class _Ids:
    """The ids of one input file's records, a repeated one renamed `ID~2`, `ID~3`...
    (deterministically, in file order) and noted on the record."""

    def __init__(self, found: Found) -> None:
        self.found = found
        self.seen: set[str] = set()

    def unique(self, record_id: str | int) -> tuple[str | int, str | None]:
        key = str(record_id)
        if key not in self.seen:
            self.seen.add(key)
            return record_id, None
        n = 2
        while f"{key}~{n}" in self.seen:
            n += 1
        renamed = f"{key}~{n}"
        self.seen.add(renamed)
        return renamed, f"duplicate id {key!r} in {self.found.relative}: renamed {renamed!r}"

    def record(self, fields: dict, found: Found) -> Record:
        record_id, note = self.unique(fields["id"])
        return Record(
            record_id, str(found.path), fields["raw"], fields["url"], fields["source"], note=note
        )


class WarcReader(Reader):
    """An archive: each HTML response record is a document; other records are skipped
    with their reason; a record that cannot be read is that record's problem."""

    def accepts(self, lowered_name: str) -> bool:
        return warc.is_warc(lowered_name)

    def records(self, found: Found, max_size: int) -> Iterator[Record | Problem | Skipped]:
        ids = _Ids(found)
        try:
            for item in warc.read_warc(found.path, max_size):
                if isinstance(item, warc.Skipped):
                    yield Skipped(str(found.path), item.record_id, item.reason)
                elif isinstance(item, warc.Unreadable):
                    yield Problem(str(found.path), item.record_id, item.error, item.message)
                else:
                    record_id, note = ids.unique(item.record_id)
                    yield Record(
                        record_id, str(found.path), item.content, item.url,
                        reference=item.date, note=note,
                    )  # fmt: skip
        except warc.WarcError as exc:
            yield Problem.of(found.path, found.relative, exc)


#: The containers, the first that accepts a name reads it (WARC before the text suffixes).
READERS: tuple[Reader, ...] = (WarcReader(), JsonlReader(), FileReader())
