"""Writers: where a cleaned document goes, one class per output format.

- `TreeWriter` mirrors the input tree under `-o DIR`, one canonical file per
  document; it owns the output names (sanitised, never colliding).
- `InPlaceWriter` writes each canonical file over its input (`--in-place`),
  gzip kept gzip, a symlink's target rewritten rather than the link replaced.
- `JsonlWriter` writes one JSON record per document to one file, or stdout.
- `ErrorReport` is the run's own report of failed documents.

Names are decided in the parent process, in input order, so they do not depend
on `-j`; the files themselves are written by the worker that cleaned the
document (`write_output`), atomically: a temporary file renamed into place.

Output names. A document's output is its input's name with the container and
format suffixes (`.gz`, then `.txt`, `.html`...) replaced by `.txt`; the records
of a JSONL or WARC file go to a folder named like the file without its suffixes
(`pages.jsonl` -> `pages/`), one `<record id>.txt` each. When several inputs of
one folder want the same name, each one whose own name is not that name takes
its full name plus `.txt` instead (`story.txt` stays `story.txt`; `story.html`
-> `story.html.txt`, `story.html.gz` -> `story.html.gz.txt`; two containers
`pages.jsonl` and `pages.warc.gz` -> folders `pages.jsonl/` and `pages.warc.gz/`).
A name still taken after that (by a subfolder, an earlier input in sorted
order, or an earlier record of the same container) gets `~2`, `~3`... before
its `.txt`. The rule depends only on the folder's listing, never on `-j`.
Record ids from the input are sanitised first (`safe_name`).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import socket
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

#: Temporary files are named `.NAME.HOST.PID.RANDOM` + this suffix, so a later run can
#: tell the leftovers of a killed process from the files of a live one, and leaves
#: alone those of other hosts (shared storage: NFS, a Dask cluster's volume).
TEMP_SUFFIX = ".cleaner-tmp"
#: The longest file name written, in UTF-8 bytes (most file systems allow 255).
MAX_NAME_BYTES = 200
#: Every run's report of failed documents is named `cleaner-errors-RUN.jsonl`.
REPORT_PREFIX = "cleaner-errors"


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Read once, at import: setting and restoring the umask later would race with threads.
_UMASK = _read_umask()
_HOST = "".join(c if c.isalnum() or c == "-" else "_" for c in socket.gethostname()) or "host"


# --- names ----------------------------------------------------------------------------


_UNSAFE = re.compile(r"[/\\\x00-\x1f\x7f]")


def safe_name(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """A file name made from untrusted text (a JSONL or WARC record id) that stays in its
    folder: no separators, NUL or control characters, no leading dot, not too long.

    A shortened name ends with a hash of the whole, so two long ids stay apart.
    """
    cleaned = _UNSAFE.sub("_", name).strip().lstrip(".") or "_"
    encoded = cleaned.encode("utf-8", "surrogatepass")
    if len(encoded) <= limit:
        return cleaned.encode("utf-8", "replace").decode("utf-8", "replace")
    digest = hashlib.sha1(encoded).hexdigest()[:12]
    head = encoded[: limit - 13].decode("utf-8", "ignore")
    return f"{head}-{digest}"


def strip_suffixes(name: str) -> str:
    """`story.html.gz` -> `story`; `pages.jsonl` -> `pages`; a name with no suffix stays."""
    if name.lower().endswith(".gz"):
        name = name[:-3]
    if name.lower().endswith(".warc"):
        name = name[:-5]
    stem, dot, _suffix = name.rpartition(".")
    return stem if dot and stem else name


class FolderNames:
    """The names taken in one output folder, handed out deterministically in call order."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = {n.casefold() for n in taken}  # case-insensitive file systems too

    def claim(self, *candidates: str, suffix: str = "") -> str:
        """The first free candidate + suffix, else the last one with `~N` before its `.txt`."""
        for candidate in candidates:
            if self._free(candidate + suffix):
                return self._take(candidate + suffix)
        last = candidates[-1] + suffix
        stem, ext = (last[:-4], ".txt") if last.endswith(".txt") else (last, "")
        n = 2
        while not self._free(f"{stem}~{n}{ext}"):
            n += 1
        return self._take(f"{stem}~{n}{ext}")

    def _free(self, name: str) -> bool:
        return name.casefold() not in self.taken and len(name.encode()) <= 255

    def _take(self, name: str) -> str:
        self.taken.add(name.casefold())
        return name


# --- atomic files --------------------------------------------------------------------


class AtomicFile:
    """A file written under a temporary name and renamed into place by `commit`.

    Until then nobody sees it; `discard` (or a crash) leaves no file behind at
    `path`. The file gets the mode a plain `open` would give it, or keeps the
    mode of the file it replaces, not the private mode of a temporary file.
    """

    def __init__(self, path: str | Path, binary: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = self.path.stat().st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~_UMASK
        fd, self.tmp = tempfile.mkstemp(
            prefix=f".{self.path.name[:100]}.{_HOST}.{os.getpid()}.",
            suffix=TEMP_SUFFIX,
            dir=self.path.parent,
        )
        try:
            os.fchmod(fd, mode)
            self.handle = (
                os.fdopen(fd, "wb")
                if binary
                else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
            )
        except BaseException:
            os.close(fd)
            Path(self.tmp).unlink(missing_ok=True)
            raise

    def write(self, data) -> None:
        self.handle.write(data)

    def commit(self) -> None:
        """Rename into place.

        No fsync: it tripled the cost of a small file here, and a killed process
        loses nothing without it. What a power cut can leave (an empty file
        under the new name, on some file systems) is never taken for a finished
        output: see `batch.fresh`.
        """
        try:
            self.handle.close()
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        Path(self.tmp).unlink(missing_ok=True)


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write a whole file atomically: readers see the old file or the new one, never a part."""
    target = AtomicFile(path, binary=isinstance(data, bytes))
    try:
        target.write(data)
    except BaseException:
        target.discard()
        raise
    target.commit()


def write_output(target: str, canonical: str) -> None:
    """A canonical output, in a worker: gzip when the target is a `.gz` file (in place)."""
    if target.lower().endswith(".gz"):
        write_atomic(target, gzip.compress(canonical.encode("utf-8"), mtime=0))
    else:
        write_atomic(target, canonical)


def remove_stale_temps(root: str | Path) -> int:
    """Delete temporary files under `root` left by this host's processes that no longer run.

    A run killed with SIGKILL cannot clean up after itself; the next run over
    the same output does it. Files of a process still alive are left alone, and
    so are other hosts' (their process ids mean nothing here).
    """
    removed = 0
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX) and _stale(name):
                Path(dirpath, name).unlink(missing_ok=True)
                removed += 1
    return removed


def _stale(temp_name: str) -> bool:
    parts = temp_name.rsplit(".", 4)  # [".NAME", "HOST", "PID", "RANDOM", "cleaner-tmp"]
    if len(parts) != 5 or parts[1] != _HOST:
        return False
    try:
        pid = int(parts[2])
        os.kill(pid, 0)
    except ValueError:
        return False
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, but another user's
        return False
    return _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process nobody has reaped yet still answers signals; /proc tells (Linux)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat_line.rsplit(")", 1)[-1].split()[0] in ("Z", "X")


# --- the run's outputs ------------------------------------------------------------------


class TreeWriter:
    """Canonical files mirroring the input tree under one output directory.

    Each output folder's names are handed out by one `FolderNames`; the inputs
    of a folder are named knowing all their siblings, so a name depends neither
    on `-j` nor on timing, and the names of several roots into one `-o` never
    collide either.
    """

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self._folders: dict[str, FolderNames] = {}
        self._current = ""
        self._shared: set[str] = set()  # output names more than one input of the folder wants

    def folder(self, relative_dir: str, subdirs: Iterable[str] = (), files: Iterable[str] = ()):
        """Start naming the outputs of one input folder: its subfolders keep their names;
        inputs that want the same name give way to their full names (see the module)."""
        self._current = relative_dir
        names = self._folders.setdefault(relative_dir, FolderNames())
        names.taken.update(d.casefold() for d in subdirs)
        wanted: dict[str, int] = {}
        for name in files:
            key = self._wanted(name).casefold()
            wanted[key] = wanted.get(key, 0) + 1
        self._shared = {key for key, n in wanted.items() if n > 1}

    @staticmethod
    def _wanted(name: str) -> str:
        stem = safe_name(strip_suffixes(name))
        return stem + ".txt" if readers_file(name) else stem

    def file_target(self, name: str) -> str:
        """The output of a whole input file named `name`, in the current folder."""
        wanted = self._wanted(name)
        full = safe_name(name) + ".txt"
        first = full if wanted.casefold() in self._shared and name != wanted else wanted
        return str(self.out / self._current / self._names().claim(first, full))

    def container_folder(self, name: str) -> str:
        """The folder for the records of a JSONL or WARC file named `name`."""
        wanted = self._wanted(name)
        full = safe_name(name)
        first = full if wanted.casefold() in self._shared else wanted
        return str(self.out / self._current / self._names().claim(first, full))

    def _names(self) -> FolderNames:
        return self._folders.setdefault(self._current, FolderNames())


def readers_file(name: str) -> bool:
    """Whether an input is one document (its output a file), not a container (a folder)."""
    from .readers import FileReader, reader_for

    reader = reader_for(name)
    return reader is None or isinstance(reader, FileReader)


def record_target(folder: str, names: FolderNames, record_id: str) -> str:
    """The output of one record of a container, in the container's folder."""
    return str(Path(folder) / names.claim(safe_name(record_id), suffix=".txt"))


class JsonlWriter:
    """One JSON record per document, in one file renamed into place at the end, or stdout."""

    def __init__(self, out: str | None, stdout) -> None:
        self.file = AtomicFile(out) if out and out != "-" else None
        self.stdout = stdout
        self.records = 0

    def write(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        (self.file or self.stdout).write(line)
        self.records += 1

    def close(self, complete: bool) -> None:
        """Rename into place if the run got to the end; an interrupted run leaves no file."""
        if self.file is None:
            return
        if complete:
            self.file.commit()
        else:
            self.file.discard()


def run_name() -> str:
    """A name for this run, unique across hosts and processes: UTC time, host, process id."""
    return f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{_HOST}-{os.getpid()}"


def is_report(name: str) -> bool:
    """An error report of ours: never read as input (it sits in output folders)."""
    return (name.startswith(REPORT_PREFIX) and name.endswith(".jsonl")) or name.endswith(
        ".errors.jsonl"
    )


class ErrorReport:
    """This run's failed documents as JSONL: path, id, error class, message.

    The report is this run's own file (`cleaner-errors-RUN.jsonl` in the output
    directory, or `OUT.errors.jsonl` beside a JSONL output, which belongs to that
    output): concurrent runs into one directory keep each other's reports, and
    no run deletes a report it did not write. Rows go to disk as they come (a
    run with a million failures holds none in memory). If the report cannot be
    written (disk full), the run says so once and goes on: the summary still
    counts every failure.
    """

    def __init__(self, where: Path | None, always: bool = False) -> None:
        self.where = where
        self.always = always  # written even when empty (it pairs with a JSONL output)
        self.file: AtomicFile | None = None
        self.problem: str | None = None

    @classmethod
    def for_output(cls, out: str | None, fmt: str) -> ErrorReport:
        if not out or out == "-":
            return cls(None)
        if fmt == "jsonl":
            return cls(Path(out + ".errors.jsonl"), always=True)
        return cls(Path(out) / f"{REPORT_PREFIX}-{run_name()}.jsonl")

    def add(self, path: str, record_id: str, error: str, message: str) -> None:
        if self.where is None or self.problem:
            return
        row = {"path": path, "id": record_id, "error": error, "message": message}
        try:
            if self.file is None:
                self.file = AtomicFile(self.where)
            self.file.write(json.dumps(row, ensure_ascii=False) + "\n")
            self.file.handle.flush()
        except OSError as exc:
            self._fail(exc)

    def close(self) -> None:
        """Rename into place, interrupted or not: what failed so far is worth keeping."""
        if self.where is None or self.problem:
            return
        try:
            if self.file is None:
                if not self.always:
                    return
                self.file = AtomicFile(self.where)
            self.file.commit()
        except OSError as exc:
            self._fail(exc)

    def _fail(self, exc: OSError) -> None:
        self.problem = f"cannot write the error report {self.where}: {exc.strerror or exc}"
        if self.file is not None:
            self.file.discard()
            self.file = None
