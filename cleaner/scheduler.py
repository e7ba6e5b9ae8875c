"""The local scheduler: moves jobs to worker processes and results back, in order.

It knows nothing of containers or formats (readers and writers do): it chunks
the jobs, keeps a bounded number of chunks in flight (memory stays flat however
large the corpus), and returns each chunk's results in input order.

Two things never stop a run here:

- A worker that dies (killed, out of memory) breaks the pool. The pool is
  started again and the chunks in flight are run once more, one document per
  task; a document whose worker dies again is reported as failed
  (`WorkerDied`), the rest go on.
- Ctrl-C or SIGTERM: the first asks every process to stop after the document
  it is cleaning; the chunks in flight come back with what was done, so the
  summary counts exactly what is on disk. A second Ctrl-C stops at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

#: Documents per task sent to a worker, and tasks kept in flight per worker: large
#: enough to hide the pool's overhead, small enough that memory stays flat.
CHUNK_SIZE = 32
CHUNKS_IN_FLIGHT = 4
#: How often the parent looks at the stop flag while it waits for a worker.
POLL_SECONDS = 0.2


class Interrupted(KeyboardInterrupt):
    """The run was asked to stop (Ctrl-C, SIGTERM); what was done has been reported."""


_stop_requested = False


def stop_requested() -> bool:
    """Whether this process was asked to stop after its current document."""
    return _stop_requested


def request_stop(signum: int = 0, frame: object = None) -> None:
    """A signal handler: stop after the current document."""
    global _stop_requested
    _stop_requested = True


def _parent_handler(signum: int, frame: object) -> None:
    """The first signal stops the run after the current documents; a second, at once."""
    if _stop_requested:
        raise KeyboardInterrupt
    request_stop()


@contextlib.contextmanager
def stop_on_signals():
    """Ctrl-C and SIGTERM stop the run cleanly while inside (main thread only)."""
    global _stop_requested
    _stop_requested = False
    try:
        previous = {s: signal.signal(s, _parent_handler) for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _stop_requested = False


def init_pool_worker(options) -> None:
    """A local worker process: a signal stops it after its current document."""
    from . import batch

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    batch.init_worker(options)


def chunks(items: Iterator, size: int) -> Iterator[list]:
    """Jobs in lists of `size`; a ready-made Result travels with its chunk, keeping order;
    a whole archive is a chunk of its own."""
    chunk: list = []
    for item in items:
        if getattr(item, "archive", False):
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


def run(items: Iterator, options, processes: int) -> Iterator:
    """Clean every job in `processes` worker processes (1: in this process), streaming.

    Results come back in input order; raises `Interrupted` after the last result
    when the run was asked to stop.
    """
    from . import batch

    if processes <= 1:  # in this process: load only what its documents need, when they do
        batch.set_options(options)
        for item in items:
            if stop_requested():
                raise Interrupted
            yield from batch.run_chunk([item])
        if stop_requested():
            raise Interrupted
        return
    batch.init_worker(options)  # here first: forked workers start with it all loaded
    yield from _Pool(options, processes).run(items)


class _Pool:
    """A process pool that survives its workers' deaths."""

    def __init__(self, options, processes: int) -> None:
        self.options, self.processes = options, processes
        self.pool = self._start()
        self.signalled = False

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.processes, initializer=init_pool_worker, initargs=(self.options,)
        )

    def run(self, items: Iterator) -> Iterator:
        from . import batch

        pending: deque = deque()
        try:
            for chunk in chunks(items, CHUNK_SIZE):
                if stop_requested():
                    break
                pending.append((chunk, self.pool.submit(batch.run_chunk, chunk)))
                while len(pending) >= self.processes * CHUNKS_IN_FLIGHT:
                    yield from self._next(pending)
            while pending:
                yield from self._next(pending)
        finally:
            for _chunk, future in pending:
                future.cancel()
            self.pool.shutdown(wait=True, cancel_futures=True)
        if stop_requested():
            raise Interrupted

    def _next(self, pending: deque) -> list:
        """The first pending chunk's results; all of them again if the pool broke."""
        _chunk, future = pending[0]
        while True:
            if stop_requested():
                self._signal_workers()
            try:
                results = future.result(timeout=POLL_SECONDS)
                break
            except FutureTimeout:
                continue
            except BrokenProcessPool:
                return self._recover(pending)
        pending.popleft()
        return results

    def _signal_workers(self) -> None:
        """Pass a stop on to the workers (a SIGTERM sent to this process alone)."""
        if self.signalled:
            return
        self.signalled = True
        for pid in list(getattr(self.pool, "_processes", None) or ()):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)

    def _recover(self, pending: deque) -> list:
        """A worker died: run every pending job again, one per task in a new pool, so
        that only the document that kills its worker is lost (and reported)."""
        from . import batch

        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._start()
        results: list = []
        while pending:
            chunk, _future = pending.popleft()
            for item in chunk:
                if stop_requested():
                    return results
                try:
                    results.extend(self.pool.submit(batch.run_chunk, [item]).result())
                except BrokenProcessPool:
                    results.append(batch.worker_died(item))
                    self.pool.shutdown(wait=True, cancel_futures=True)
                    self.pool = self._start()
        return results
