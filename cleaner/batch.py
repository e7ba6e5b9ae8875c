"""Batch runs: every input record ends as exactly one output or one error entry.

The parts, each in its own module:

- `readers`: the input files found (`walk`) and each container read into records;
- `writers`: output names, atomic files, JSONL output and the error report;
- `scheduler` (or `distributed`, on Dask): moves jobs to workers, results back.

This module joins them: `find_jobs` turns records into jobs with their output
target (in the parent, in input order, so names never depend on `-j`), and
`run_job` cleans one job in a worker, writes its output and returns a small
`Result`. Nothing a document holds can stop the run: whatever goes wrong with
it is its `Result`'s error (class and message).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import readers
from .config import find_config
from .pipeline import clean, warm_up
from .readers import MAX_SIZE, Folder, Found, Problem, Skipped
from .rules import RuleSet, regex_budget
from .scheduler import CHUNK_SIZE, CHUNKS_IN_FLIGHT, chunks, run, stop_requested
from .writers import (
    TEMP_SUFFIX,
    AtomicFile,
    FolderNames,
    TreeWriter,
    record_target,
    remove_stale_temps,
    write_atomic,
    write_output,
)

__all__ = [
    "CHUNKS_IN_FLIGHT",
    "CHUNK_SIZE",
    "TEMP_SUFFIX",
    "AtomicFile",
    "Job",
    "Options",
    "Result",
    "Summary",
    "chunks",
    "find_jobs",
    "remove_stale_temps",
    "run",
    "run_chunk",
    "write_atomic",
]


@dataclass(frozen=True)
class Job:
    """One document to clean, and where its output goes."""

    id: str | int  # the record's stable id (see `readers`)
    path: str | None  # the input file (the document itself, unless `raw` is given)
    raw: bytes | str | None = None  # the document, when it came inside a container
    url: str | None = None
    source: str | None = None  # named by the document itself (a JSONL record's field)
    out: str | None = None  # output file for canonical format
    # From the corpus's configuration file (cleaner.toml / [tool.cleaner]), if any:
    config_source: str | None = None
    rule_dirs: tuple[str, ...] = ()
    kind: str | None = None
    reference: dt.date | None = None  # latest plausible date (a WARC record's crawl date)
    note: str | None = None  # said about the record: a duplicate id renamed
    archive: bool = False  # a whole WARC file, opened by the worker; `out` is its folder
    record: bool = False  # one record of a container (named FILE:ID), not a whole file

    @property
    def name(self) -> str:
        """How messages name it: the file, or FILE:ID for a record of a container."""
        return f"{self.path}:{self.id}" if self.record else str(self.path or self.id)


@dataclass(frozen=True)
class Result:
    """What became of one job: status is written, unchanged, shown, record, skipped or failed."""

    job: Job
    status: str
    canonical: str | None = None  # shown: the text, for stdout
    record: dict | None = None  # record: the JSONL record
    changed: bool = False
    reasons: tuple[str, ...] = ()
    empty: bool = False  # an empty article: written all the same
    error: str | None = None  # failed: the message
    error_class: str | None = None
    skip_reason: str | None = None  # skipped: why, unless its output is fresh


@dataclass
class Options:
    """What every worker needs to clean a document."""

    rule_dirs: tuple[str, ...] = ()
    source: str | None = None
    kind: str | None = None  # None: the configuration's, else auto
    fmt: str = "canonical"
    in_place: bool = False  # outputs overwrite inputs: write only what changed
    force: bool = True  # clean even where the output is newer (for archives opened by workers)
    max_size: int = MAX_SIZE
    regex_budget: float = 0.0  # seconds per MB (at least one MB) for all pack regexes; 0: none
    render_as: str = "auto"  # how text dumps were rendered; auto: recognised from each text


#: Default of `Options.regex_budget`: every pack regex run on a document together, in
#: seconds per megabyte of the document (a small one gets as much as a megabyte).
REGEX_BUDGET = 5.0


def document_budget(raw: bytes | str, seconds_per_mb: float) -> float | None:
    """The regex budget of one document, growing with its size; None: no budget."""
    if seconds_per_mb <= 0:
        return None
    return seconds_per_mb * max(1.0, len(raw) / 1_000_000)


#: Empty articles listed by name in the summary, at most.
EMPTY_LISTED = 20


@dataclass
class Summary:
    """The counts of a run: every record is exactly one of written, unchanged,
    shown (stdout), skipped or failed; empty articles are among the written."""

    seen: int = 0
    written: int = 0
    skipped: int = 0
    unchanged: int = 0  # --in-place, already canonical
    failed: int = 0
    empty: int = 0
    renamed: int = 0  # duplicate ids made unique
    discarded: int = 0  # records of an interrupted run's JSONL output, not kept
    skip_reasons: Counter = field(default_factory=Counter)  # archive records not cleaned
    empties: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    def add(self, result: Result) -> None:
        self.seen += 1
        if result.job.note:
            self.renamed += 1
        if result.status == "failed":
            self.failed += 1
        elif result.status == "skipped":
            self.skipped += 1
            if result.skip_reason:
                self.skip_reasons[result.skip_reason] += 1
        elif result.status == "unchanged":
            self.unchanged += 1
        else:
            self.written += 1
            if result.empty:
                self.empty += 1
                if len(self.empties) < EMPTY_LISTED:
                    self.empties.append(result.job.name)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def line(self) -> str:
        rate = (self.seen - self.skipped) / self.seconds if self.seconds > 0 else 0.0
        empty = f" ({self.empty} empty)" if self.empty else ""
        unchanged = f"{self.unchanged} unchanged, " if self.unchanged else ""
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(self.skip_reasons.items()))
        skipped = f"{self.skipped} skipped" + (f" ({reasons})" if reasons else "")
        renamed = f", {self.renamed} duplicate ids renamed" if self.renamed else ""
        discarded = (
            f", {self.discarded} cleaned but not kept (an unfinished JSONL output is not written)"
            if self.discarded
            else ""
        )
        return (
            f"{self.seen} files, {self.written} written{empty}, {unchanged}{skipped}, "
            f"{self.failed} failed{renamed}{discarded}, {rate:.1f} docs/s"
        )

    def empty_lines(self) -> list[str]:
        """The empty articles, by name (the first few), for the end of the run."""
        if not self.empty:
            return []
        more = self.empty - len(self.empties)
        return [f"empty: {n}" for n in self.empties] + ([f"empty: ... {more} more"] if more else [])


# --- planning: records in, jobs out -------------------------------------------------------


def find_jobs(
    paths: list[str],
    out: str | None,
    fmt: str,
    force: bool = True,
    in_place: bool = False,
    open_archives: bool = True,
    max_size: int = MAX_SIZE,
) -> Iterator[Job | Result]:
    """A job for every document under `paths`, with its output target; a ready-made
    Result for what cannot be read (failed) or needs no work (skipped).

    With `out` a directory and canonical output, each input's tree is mirrored
    under it (names: see `writers`); with `force` false, an output newer than
    its input is skipped. WARC archives are read here, a job per record, unless
    `open_archives` is false: then each archive is one job that a worker opens
    (on a cluster, so that the client does not read every archive itself).
    Each file takes the settings of the configuration file nearest to it; files
    that configuration excludes are left out. Raises `ConfigError` or `RuleError`
    at the first file whose configuration (or the rule packs it names) is invalid.
    """
    tree = TreeWriter(out) if out and out != "-" and fmt == "canonical" and not in_place else None
    exclude = (Path(out),) if out and out != "-" else ()
    for item in readers.walk(paths, exclude):
        if isinstance(item, Folder):
            if tree:
                tree.folder(item.relative, item.subdirs, item.files)
        elif isinstance(item, Problem):
            yield failed(Job(item.id, item.path), item.error, item.message)
        elif isinstance(item, Found):
            yield from _file_jobs(item, tree, fmt, force, in_place, open_archives, max_size)


def _file_jobs(
    found: Found,
    tree: TreeWriter | None,
    fmt: str,
    force: bool,
    in_place: bool,
    open_archives: bool,
    max_size: int,
) -> Iterator[Job | Result]:
    settings = _settings(found.path)
    if settings is None:
        return
    path, name = str(found.path), found.path.name
    reader = readers.reader_for(name) or readers.FileReader()  # a file named on its own
    if isinstance(reader, readers.FileReader):
        target = os.path.realpath(path) if in_place else tree.file_target(name) if tree else None
        job = Job(found.relative, path, out=target, **settings)
        if target and not force and fresh(path, target):
            yield Result(job, "skipped")
        else:
            yield job
        return
    if in_place:
        reason = "a JSONL or WARC file cannot be cleaned in place: give -o OUT"
        yield failed(Job(found.relative, path), "UsageError", reason)
        return
    folder = tree.container_folder(name) if tree else None
    if isinstance(reader, readers.WarcReader) and not open_archives:
        yield Job(found.relative, path, out=folder, archive=True, **settings)
        return
    yield from container_jobs(reader, found, folder, force, max_size, settings)


def container_jobs(
    reader, found: Found, folder: str | None, force: bool, max_size: int, settings: dict
) -> Iterator[Job | Result]:
    """The jobs of one JSONL or WARC file; canonical outputs go to `folder`/<id>.txt."""
    names = FolderNames()
    path = str(found.path)
    for item in reader.records(found, max_size):
        if isinstance(item, Problem):
            yield failed(Job(item.id, item.path, record=True), item.error, item.message)
        elif isinstance(item, Skipped):
            yield Result(Job(item.id, item.path, record=True), "skipped", skip_reason=item.reason)
        else:
            target = record_target(folder, names, str(item.id)) if folder else None
            job = Job(
                item.id, path, item.raw, item.url, item.source, target,
                reference=item.reference, note=item.note, record=True, **settings,
            )  # fmt: skip
            if target and not force and fresh(path, target):
                yield Result(replace(job, raw=None), "skipped")
            else:
                yield job


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


def fresh(source: str | Path, target: str | Path) -> bool:
    """An output newer than its input, and not empty (a canonical file never is)."""
    try:
        done = os.stat(target)
        return done.st_size > 0 and done.st_mtime >= os.stat(source).st_mtime
    except OSError:
        return False


def failed(job: Job, error_class: str, message: str) -> Result:
    return Result(replace(job, raw=None), "failed", error=message, error_class=error_class)


def worker_died(job: Job) -> Result:
    """A job whose worker process died twice while cleaning it (killed, out of memory)."""
    return failed(job, "WorkerDied", "the worker process died while cleaning it")


# --- cleaning, in a worker --------------------------------------------------------

_options: Options | None = None


def current_options() -> Options | None:
    """The options this process's worker was started with, if any."""
    return _options


def set_options(options: Options) -> None:
    """The options this process cleans with; nothing is loaded before a document needs it
    (a one-file run, such as the pre-commit hook, loads only what its file uses)."""
    global _options
    _options = options


def init_worker(options: Options) -> None:
    """Load the rule packs and the rest of what cleaning needs, once per process."""
    set_options(options)
    warm_up(ruleset_for(options.rule_dirs))


@functools.lru_cache(maxsize=64)
def ruleset_for(rule_dirs: tuple[str, ...]) -> RuleSet:
    """The bundled packs plus these directories', compiled once per process."""
    return RuleSet.load(rule_dirs)


def run_chunk(chunk: list[Job | Result]) -> list[Result]:
    """Clean a chunk of jobs in a worker: one task per chunk keeps the pool's overhead low.
    Asked to stop, it returns what it has done (the parent counts exactly that)."""
    results: list[Result] = []
    for item in chunk:
        if stop_requested():
            break
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
    found = Found(Path(str(job.path)), str(job.id))
    for item in container_jobs(
        readers.WarcReader(), found, job.out, _options.force, _options.max_size, settings
    ):
        if stop_requested():
            return
        yield item if isinstance(item, Result) else run_job(item)


def run_job(job: Job) -> Result:
    """Clean one document and write its output file, if it has one; never raises for bad input.

    The worker writes the file itself so that only a small result travels back
    to the parent process; the text itself comes back only when the parent
    prints it (stdout) or collects it (JSONL).
    """
    assert _options is not None
    raw, job = job.raw, replace(job, raw=None)  # the document does not travel back
    try:
        return _clean_job(job, raw, _options)
    except (RecursionError, MemoryError) as exc:  # pathological input: report, go on
        return failed(job, type(exc).__name__, f"{type(exc).__name__} while cleaning")
    except OSError as exc:
        return failed(job, type(exc).__name__, exc.strerror or str(exc))
    except Exception as exc:  # CleanerError, or a bug: this document's error, not the run's
        return failed(job, type(exc).__name__, str(exc) or type(exc).__name__)


def _clean_job(job: Job, raw: bytes | str | None, options: Options) -> Result:
    if raw is None:
        raw = readers.read_file(str(job.path), options.max_size)
    with regex_budget(document_budget(raw, options.regex_budget)):
        doc = clean(
            raw,
            url=job.url,
            source=job.source or options.source or job.config_source,
            kind=options.kind or job.kind or "auto",
            rules=ruleset_for(job.rule_dirs + options.rule_dirs),
            reference=job.reference,
            render_as=options.render_as,
        )
    empty = not doc.text
    if options.fmt == "jsonl":
        record = {"id": job.id, "text": doc.text, "metadata": doc.header()}
        return Result(job, "record", record=record, empty=empty)
    canonical = doc.to_canonical()
    changed = _as_text(raw) != canonical
    reasons = tuple(sorted({v.reason for v in doc.removed if v.reason})) or ("normalised",)
    reasons = reasons if changed else ()
    if not job.out:
        return Result(job, "shown", canonical, changed=changed, reasons=reasons, empty=empty)
    if options.in_place and not changed:
        return Result(job, "unchanged")  # already canonical: left untouched, mtime and all
    write_output(job.out, canonical)
    return Result(job, "written", changed=changed, reasons=reasons, empty=empty)


def _as_text(raw: bytes | str) -> str | None:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
