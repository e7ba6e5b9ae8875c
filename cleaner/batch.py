"""Batch runs: find the documents, clean them in worker processes, write atomically.

Documents are streamed: inputs are listed lazily, handed to a process pool in
chunks and written as results come back, so memory does not grow with the
corpus. Every output goes to a temporary file that is renamed into place, so an
interrupted run never leaves a half-written file. A failed document is reported
(path and reason) and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import os
import signal
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import warc
from .config import find_config
from .errors import CleanerError
from .pipeline import clean, warm_up
from .rules import RuleSet

TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class Job:
    """One document to clean, and where its output goes."""

    id: str  # the input's path (plus line number for JSONL records)
    path: str | None  # the file to read, when the document is a whole file
    raw: bytes | str | None = None  # the document itself, when it came inside a JSONL file
    url: str | None = None
    source: str | None = None  # named by the document itself (a JSONL record's field)
    out: str | None = None  # output file for canonical format
    skip: bool = False  # its output is newer than it: nothing to do
    # From the corpus's configuration file (cleaner.toml / [tool.cleaner]), if any:
    config_source: str | None = None
    rule_dirs: tuple[str, ...] = ()
    kind: str | None = None
    reference: dt.date | None = None  # latest plausible date (a WARC record's crawl date)
    note: str | None = None  # why a skipped job is skipped, when it is not a fresh output
    archive: bool = False  # a whole WARC file, opened by the worker; `out` is its folder


@dataclass(frozen=True)
class Result:
    job: Job
    canonical: str | None = None
    record: dict | None = None
    changed: bool = False
    reasons: tuple[str, ...] = ()
    error: str | None = None
    written: bool = False  # the worker wrote `job.out`


@dataclass
class Options:
    """What every worker needs to clean a document."""

    rule_dirs: tuple[str, ...] = ()
    source: str | None = None
    kind: str | None = None  # None: the configuration's, else auto
    fmt: str = "canonical"
    in_place: bool = False  # outputs overwrite inputs: write only what changed
    force: bool = True  # clean even where the output is newer (for archives opened by workers)


@dataclass
class Summary:
    seen: int = 0
    written: int = 0
    skipped: int = 0
    unchanged: int = 0  # --in-place, already canonical
    failed: int = 0
    skip_reasons: Counter = field(default_factory=Counter)  # archive records not cleaned
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def line(self) -> str:
        rate = (self.seen - self.skipped) / self.seconds if self.seconds > 0 else 0.0
        unchanged = f"{self.unchanged} unchanged, " if self.unchanged else ""
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(self.skip_reasons.items()))
        skipped = f"{self.skipped} skipped" + (f" ({reasons})" if reasons else "")
        return (
            f"{self.seen} files, {self.written} written, {unchanged}{skipped}, "
            f"{self.failed} failed, {rate:.1f} docs/s"
        )


# --- finding inputs -------------------------------------------------------------


def find_jobs(
    paths: list[str],
    out: str | None,
    fmt: str,
    force: bool = True,
    in_place: bool = False,
    open_archives: bool = True,
) -> Iterator[Job | tuple[str, str]]:
    """Jobs for every document under `paths`; a (path, reason) pair for unreadable ones.

    With `out` a directory and canonical output, each input's tree is mirrored
    under it; with `force` false, an output newer than its input is marked skipped.
    WARC archives are read here, a job per record, unless `open_archives` is false:
    then each archive is one job that a worker opens (on a cluster, so that the
    client does not read every archive itself).
    Each file takes the settings of the configuration file nearest to it; files
    that configuration excludes are left out. Raises `ConfigError` or `RuleError`
    at the first file whose configuration (or the rule packs it names) is invalid.
    """
    for given in paths:
        root = Path(given)
        if not root.exists():
            yield (given, "no such file or directory")
            continue
        files = _walk(root) if root.is_dir() else [root]
        for path in files:
            settings = _settings(path)
            if settings is None:
                continue
            if _base_suffix(path) in JSONL_SUFFIXES:
                yield from _jsonl_jobs(path, settings)
                continue
            if warc.is_warc(path):
                folder = _archive_folder(root, path, out, fmt)
                if in_place:
                    yield (str(path), "an archive cannot be cleaned in place: give -o OUT")
                elif open_archives:
                    yield from _warc_jobs(path, folder, fmt, force, settings)
                else:
                    yield Job(str(path), str(path), out=folder, archive=True, **settings)
                continue
            target = _target(root, path, out, fmt, in_place)
            if target and not force and _fresh(path, Path(target)):
                yield Job(str(path), str(path), out=target, skip=True)
                continue
            yield Job(str(path), str(path), out=target, **settings)


def _settings(path: Path) -> dict | None:
    """A file's Job fields from its configuration; None when the configuration excludes it."""
    config = find_config(path)
    if config is None:
        return {}
    if config.excludes(path):
        return None
    ruleset_for(config.rule_dirs)  # invalid packs fail here, in the parent, once
    return {
        "config_source": config.source_for(path),
        "rule_dirs": config.rule_dirs,
        "kind": config.kind,
    }


def _walk(root: Path) -> Iterator[Path]:
    """Input files under `root`, lazily, in a stable order (sorted within each directory)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if _base_suffix(path) in TEXT_SUFFIXES + JSONL_SUFFIXES or warc.is_warc(path):
                yield path


def _base_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _target(root: Path, path: Path, out: str | None, fmt: str, in_place: bool) -> str | None:
    if in_place:
        return str(path)
    if not out or out == "-" or fmt != "canonical":
        return None
    relative = path.relative_to(root) if root.is_dir() else Path(path.name)
    name = relative.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return str(Path(out) / relative.parent / f"{stem}.txt")


def _archive_folder(root: Path, path: Path, out: str | None, fmt: str) -> str | None:
    """Where an archive's canonical outputs go: OUT/<archive name>/, mirrored like a file."""
    target = _target(root, path, out, fmt, in_place=False)
    return target[: -len(".txt")] if target else None


def _warc_jobs(
    path: Path, folder: str | None, fmt: str, force: bool, settings: dict
) -> Iterator[Job | tuple[str, str]]:
    """One job per HTML page of an archive; its other records as skipped jobs, with why.
    Canonical outputs are `folder`/<record id>.txt."""
    try:
        for item in warc.read_warc(path):
            where = f"{path}#{item.record_id}"
            if isinstance(item, warc.Skipped):
                yield Job(where, None, skip=True, note=item.reason)
                continue
            target = str(Path(folder) / f"{item.record_id}.txt") if folder else None
            if target and not force and _fresh(path, Path(target)):
                yield Job(where, None, out=target, skip=True)
                continue
            yield Job(
                item.record_id if fmt == "jsonl" else where,
                None,
                raw=item.content,
                url=item.url,
                out=target,
                reference=item.date,
                **settings,
            )
    except warc.WarcError as exc:
        yield (str(path), str(exc))


def _fresh(source: Path, target: Path) -> bool:
    """An output newer than its input, and not empty (a canonical file never is)."""
    try:
        done = target.stat()
        return done.st_size > 0 and done.st_mtime >= source.stat().st_mtime
    except OSError:
        return False


def _jsonl_jobs(path: Path, settings: dict) -> Iterator[Job | tuple[str, str]]:
    try:
        with _open(path) as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield (where, f"not JSON: {exc.msg}")
                    continue
                raw = record.get("html") or record.get("text") if isinstance(record, dict) else None
                if not isinstance(raw, str):
                    yield (where, "record has no 'text' or 'html' string field")
                    continue
                yield Job(
                    str(record.get("id") or where),
                    None,
                    raw=raw,
                    url=record.get("url"),
                    source=record.get("source"),
                    **settings,
                )
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        yield (str(path), f"cannot read: {exc}")


def _open(path: Path):
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


# --- cleaning, in a worker --------------------------------------------------------

_options: Options | None = None


def current_options() -> Options | None:
    """The options this process's worker was started with, if any."""
    return _options


def init_worker(options: Options) -> None:
    """Load the rule packs and the rest of what cleaning needs, once per process."""
    global _options
    _options = options
    warm_up(ruleset_for(options.rule_dirs))


def _init_pool_worker(options: Options) -> None:
    """A local worker process: SIGTERM (sent to the whole process group) unwinds like
    Ctrl-C, so a temporary file being written is removed, not left behind."""
    signal.signal(signal.SIGTERM, raise_interrupt)
    init_worker(options)


def raise_interrupt(signum: int, frame: object) -> None:
    """A signal handler: unwind like Ctrl-C, so `finally` blocks and temp-file cleanup run."""
    raise KeyboardInterrupt


@functools.lru_cache(maxsize=64)
def ruleset_for(rule_dirs: tuple[str, ...]) -> RuleSet:
    """The bundled packs plus these directories', compiled once per process."""
    return RuleSet.load(rule_dirs)


def run_chunk(chunk: list[Job | Result]) -> list[Result]:
    """Clean a chunk of jobs in a worker: one task per chunk keeps the pool's overhead low."""
    results: list[Result] = []
    for item in chunk:
        if isinstance(item, Result):
            results.append(item)
        elif item.archive:
            results.extend(_run_archive(item))
        else:
            results.append(run_job(item))
    return results


def _run_archive(job: Job) -> Iterator[Result]:
    """Every record of a WARC file the worker opens itself, cleaned in order."""
    assert _options is not None and job.path is not None
    settings = {"config_source": job.config_source, "rule_dirs": job.rule_dirs, "kind": job.kind}
    for item in _warc_jobs(Path(job.path), job.out, _options.fmt, _options.force, settings):
        if isinstance(item, tuple):
            yield Result(Job(item[0], None), error=item[1])
        else:
            yield run_job(item)


def run_job(job: Job) -> Result:
    """Clean one document and write its output file, if it has one; never raises for bad input.

    The worker writes the file itself so that only a small result travels back
    to the parent process; the text itself comes back only when the parent
    prints it (stdout) or collects it (JSONL).
    """
    assert _options is not None
    if job.skip:
        return Result(job)
    raw, job = job.raw, replace(job, raw=None)  # the document does not travel back
    try:
        if raw is None:
            assert job.path is not None, "a job holds its document or names its file"
            raw = _read(Path(job.path))
        doc = clean(
            raw,
            url=job.url,
            source=job.source or _options.source or job.config_source,
            kind=_options.kind or job.kind or "auto",
            rules=ruleset_for(job.rule_dirs + _options.rule_dirs),
            reference=job.reference,
        )
    except CleanerError as exc:
        return Result(job, error=str(exc))
    except OSError as exc:
        return Result(job, error=f"cannot read: {exc.strerror or exc}")
    except (RecursionError, MemoryError) as exc:  # pathological input: report, go on
        return Result(job, error=f"{type(exc).__name__} while cleaning")
    if _options.fmt == "jsonl":
        return Result(job, record={"id": job.id, "text": doc.text, "metadata": doc.header()})
    canonical = doc.to_canonical()
    changed = _as_text(raw) != canonical
    reasons = tuple(sorted({v.reason for v in doc.removed if v.reason})) or ("normalised",)
    result = Result(job, changed=changed, reasons=reasons if changed else ())
    if not job.out:
        return replace(result, canonical=canonical)
    if _options.in_place and not changed:
        return result  # already canonical: left untouched, mtime and all
    try:
        write_atomic(job.out, canonical)
    except OSError as exc:
        return Result(job, error=f"cannot write {job.out}: {exc.strerror or exc}")
    return replace(result, written=True)


def _as_text(raw: bytes | str) -> str | None:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise CleanerError(f"bad gzip data: {exc}") from exc
    return data


# --- writing ------------------------------------------------------------------------

#: Temporary files are named `.NAME.PID.RANDOM` + this suffix, so a later run can
#: tell the leftovers of a killed process from the files of a live one.
TEMP_SUFFIX = ".cleaner-tmp"


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Read once, at import: setting and restoring the umask later would race with threads.
_UMASK = _read_umask()


class AtomicFile:
    """A text file written under a temporary name and renamed into place by `commit`.

    Until then nobody sees it; `discard` (or a crash) leaves no file behind at
    `path`. The file gets the mode a plain `open` would give it, or keeps the
    mode of the file it replaces, not the private mode of a temporary file.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = self.path.stat().st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~_UMASK
        fd, self.tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=self.path.parent
        )
        try:
            os.fchmod(fd, mode)
            self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        except BaseException:
            os.close(fd)
            Path(self.tmp).unlink(missing_ok=True)
            raise

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        """Rename into place.

        No fsync: it tripled the cost of a small file here, and a killed process
        loses nothing without it. What a power cut can leave (an empty file
        under the new name, on some file systems) is never taken for a finished
        output: see `_fresh`.
        """
        try:
            self.handle.close()
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        self.handle.close()
        Path(self.tmp).unlink(missing_ok=True)


def write_atomic(path: str | Path, text: str) -> None:
    """Write a whole file atomically: readers see the old file or the new one, never a part."""
    target = AtomicFile(path)
    try:
        target.write(text)
    except BaseException:
        target.discard()
        raise
    target.commit()


def remove_stale_temps(root: str | Path) -> int:
    """Delete temporary files under `root` left by processes that no longer run.

    A run killed with SIGKILL cannot clean up after itself; the next run over
    the same output does it. Files of a process still alive are left alone.
    """
    removed = 0
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX) and not _owner_alive(name):
                Path(dirpath, name).unlink(missing_ok=True)
                removed += 1
    return removed


def _owner_alive(temp_name: str) -> bool:
    parts = temp_name.rsplit(".", 3)  # [".NAME", "PID", "RANDOM", "cleaner-tmp"]
    try:
        pid = int(parts[1])
        os.kill(pid, 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:  # alive, but another user's
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process nobody has reaped yet still answers signals; /proc tells (Linux)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat_line.rsplit(")", 1)[-1].split()[0] in ("Z", "X")


# --- running --------------------------------------------------------------------------

#: Documents per task sent to a worker, and tasks kept in flight per worker: large
#: enough to hide the pool's overhead, small enough that memory stays flat.
CHUNK_SIZE = 32
CHUNKS_IN_FLIGHT = 4


def run(
    jobs: Iterator[Job | tuple[str, str]], options: Options, processes: int
) -> Iterator[Result]:
    """Clean every job in `processes` worker processes (1: in this process), streaming.

    Results come back in input order. At most `processes * CHUNKS_IN_FLIGHT`
    chunks are pending at any time, so a corpus of millions of files needs no
    more memory than one of thousands.
    """
    items = (Result(Job(j[0], None), error=j[1]) if isinstance(j, tuple) else j for j in jobs)
    if processes <= 1:  # in this process: load only what its documents need, when they do
        global _options
        _options = options
        for item in items:
            yield item if isinstance(item, Result) else run_job(item)
        return
    from concurrent.futures import ProcessPoolExecutor  # not loaded by a one-process run

    init_worker(options)  # here first: forked workers start with it all loaded
    with ProcessPoolExecutor(processes, initializer=_init_pool_worker, initargs=(options,)) as pool:
        pending: deque = deque()
        try:
            for chunk in chunks(items, CHUNK_SIZE):
                pending.append(pool.submit(run_chunk, chunk))
                while len(pending) >= processes * CHUNKS_IN_FLIGHT:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def chunks(items: Iterator[Job | Result], size: int) -> Iterator[list]:
    """Jobs in lists of `size`; a ready-made Result travels with its chunk, keeping order."""
    chunk: list = []
    for item in items:
        if isinstance(item, Job) and item.archive:  # a whole archive is a task of its own
            if chunk:
                yield chunk
                chunk = []
            yield [item]
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
