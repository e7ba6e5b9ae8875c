"""The batch on a Dask cluster, and cleaning Dask bags and dataframes.

`run()` is the cluster twin of `batch.run()`: the client walks the inputs and
sends them to the workers as tasks of many documents; each worker cleans its
task with the same code as a local worker and writes its outputs atomically
(inputs and outputs must be on storage every worker sees); small results come
back in input order, so the CLI reports progress, the summary and the errors
file exactly as for a local run. A task lost with its worker is retried by Dask
elsewhere, which is safe because every output is renamed into place whole.

Dask is optional: `pip install 'cleaner[dask]'`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path

from . import batch, scheduler
from .batch import Job, Options, Result
from .errors import CleanerError

#: Documents per task: a task costs the scheduler about a millisecond, a
#: document a few; 64 keeps the overhead near one per cent.
TASK_SIZE = 64
#: Tasks in flight per worker thread: enough to keep every worker busy.
TASKS_IN_FLIGHT = 4
INSTALL_HINT = "Dask is not installed: pip install 'cleaner[dask]'"


class DaskMissing(CleanerError):
    """The Dask path was asked for, and Dask is not installed."""


def connect(address: str):
    """A Dask client: ADDRESS is a scheduler address (tcp://...) or a scheduler file (.json)."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise DaskMissing(INSTALL_HINT) from exc
    if address.endswith(".json") and Path(address).is_file():
        return Client(scheduler_file=address)
    return Client(address)


def run(jobs: Iterator[Job | Result], options: Options, client) -> Iterator[Result]:
    """Clean every job on the cluster behind `client`, streaming, results in input order.

    Asked to stop (Ctrl-C), it submits nothing more, waits for the tasks in
    flight (each cleans at most TASK_SIZE documents) and raises `Interrupted`.
    """
    from distributed import KilledWorker

    threads = max(1, sum(client.nthreads().values()))
    pending: deque = deque()

    def finished() -> Iterator[Result]:
        chunk, future = pending.popleft()
        try:
            yield from future.result()
        except KilledWorker as exc:  # Dask gave up retrying: report, go on
            reason = f"worker lost while cleaning ({exc})"
            yield from (
                i if isinstance(i, Result) else batch.failed(i, "WorkerDied", reason) for i in chunk
            )

    try:
        for chunk in scheduler.chunks(jobs, TASK_SIZE):
            if scheduler.stop_requested():
                break
            pending.append((chunk, client.submit(clean_task, options, chunk, pure=False)))
            while len(pending) >= threads * TASKS_IN_FLIGHT:
                yield from finished()
        while pending:
            yield from finished()
        if scheduler.stop_requested():
            raise scheduler.Interrupted
    finally:
        for _chunk, future in pending:
            future.cancel()


def clean_task(options: Options, chunk: list[Job | Result]) -> list[Result]:
    """On a worker: the local batch code, with its rule packs compiled once per process."""
    if batch.current_options() != options:
        batch.init_worker(options)
    return batch.run_chunk(chunk)


# --- for people who already hold a bag or a dataframe of pages --------------------


def clean_bag(bag, *, field: str = "html", url_field: str = "url", kind: str = "auto"):
    """A Dask bag of pages (strings, bytes, or dicts holding `field`) -> a bag of records.

    Each record is `{"text": ..., "metadata": {...}}` plus the input dict's other
    keys, or `{"error": ...}` for a page that cannot be cleaned.
    """
    return bag.map_partitions(_clean_records, field=field, url_field=url_field, kind=kind)


def clean_dataframe(df, *, column: str = "html", url_column: str | None = "url", kind="auto"):
    """A Dask dataframe with a column of pages -> the same rows with the cleaned fields added:
    `text`, `title`, `date`, `datetime`, `author`, `source`, `lang`, `error`."""
    meta = df._meta.assign(**{name: "" for name in _COLUMNS})
    for name in _COLUMNS:
        meta[name] = meta[name].astype(object)
    return df.map_partitions(
        _clean_frame, column=column, url_column=url_column, kind=kind, meta=meta
    )


_COLUMNS = ("text", "title", "date", "datetime", "author", "source", "lang", "error")


def _clean_records(pages, field: str, url_field: str, kind: str) -> list[dict]:
    from .pipeline import clean

    records = []
    for page in pages:
        extra = dict(page) if isinstance(page, dict) else {}
        raw = extra.pop(field, None) if extra else page
        try:
            doc = clean(raw, url=extra.get(url_field), kind=kind)
        except CleanerError as exc:
            records.append({**extra, "error": str(exc)})
            continue
        records.append({**extra, "text": doc.text, "metadata": doc.header()})
    return records


def _clean_frame(frame, column: str, url_column: str | None, kind: str):
    from .pipeline import clean

    rows: dict[str, list] = {name: [] for name in _COLUMNS}
    urls = frame[url_column] if url_column and url_column in frame else [None] * len(frame)
    for raw, url in zip(frame[column], urls, strict=True):
        try:
            doc = clean(raw, url=url if isinstance(url, str) else None, kind=kind)
            fields = {"text": doc.text, **doc.header(), "error": None}
        except CleanerError as exc:
            fields = {"error": str(exc)}
        for name in _COLUMNS:
            rows[name].append(fields.get(name))
    return frame.assign(**rows)
