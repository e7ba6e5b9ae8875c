"""The batch CLI's speed and memory, against the library called in a loop, in one run.

    python benchmarks/batch.py [--files 20000] [--small 2000] [--workdir DIR] [--dask]

Builds a corpus by replicating the ScrapingHub dumps (or, with `--input html`, its
gzipped HTML pages) under varied names and
folders (100 files a folder), then times, each as a fresh process over the same
files:

- the library: one process reading each file and calling `clean()` in a loop
  (it writes nothing: the CLI's cost of walking, checking and writing files
  atomically is part of what the comparison measures);
- `cleaner clean CORPUS -o OUT -j 1 --force`, and `-j 2`;
- `-j 2` on the small corpus, for memory;
- with `--dask`: `cleaner clean --scheduler` against a Dask LocalCluster started
  here with one worker process (the per-document cost on one worker), then two
  (against the local `-j 2`). The cluster is started before the clock, as a real
  one would be; the rows' memory column is the client's alone.

Peak memory is the largest sum of resident memory over the process and all its
children, sampled every 20 ms from /proc (Linux). Timings are wall-clock,
including each process's start-up; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRAPINGHUB = ROOT.parent / "shared" / "bench" / "scrapinghub"
#: What to replicate: the text dumps, the HTML pages (gzip, as crawls store them), or
#: the HTML pages as WARC archives of RECORDS_PER_WARC responses each.
INPUTS = {"dumps": ("dump", "*.txt"), "html": ("html", "*.html.gz"), "warc": ("html", "*.warc.gz")}
RECORDS_PER_WARC = 100


def build_corpus(target: Path, count: int, inputs: str) -> Path:
    """`count` documents, in files named and placed like a real crawl's output."""
    folder, pattern = INPUTS[inputs]
    sources = sorted((SCRAPINGHUB / folder).glob("*.txt" if inputs == "dumps" else "*.html.gz"))
    files = -(-count // RECORDS_PER_WARC) if inputs == "warc" else count
    if target.exists() and sum(1 for _ in target.rglob(pattern)) == files:
        return target
    shutil.rmtree(target, ignore_errors=True)
    if inputs == "warc":
        _build_warcs(target, count, sources)
        return target
    for i in range(count):
        source = sources[i % len(sources)]
        stem, _, suffix = source.name.partition(".")
        path = target / f"batch-{i // 100:04d}" / f"{stem}-{i:06d}.{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
    return target


def _build_warcs(target: Path, count: int, sources: list[Path]) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    target.mkdir(parents=True)
    for first in range(0, count, RECORDS_PER_WARC):
        with open(target / f"crawl-{first // RECORDS_PER_WARC:05d}.warc.gz", "wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for i in range(first, min(count, first + RECORDS_PER_WARC)):
                page = gzip.decompress(sources[i % len(sources)].read_bytes())
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
                )
                writer.write_record(writer.create_warc_record(
                    f"https://example.org/{i}", "response", payload=BytesIO(page),
                    http_headers=headers, warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"},
                ))  # fmt: skip


def documents(corpus: Path, inputs: str) -> Iterator[tuple[bytes, str | None, object]]:
    """(page, url, reference date) for every document of a corpus, in the CLI's order."""
    from cleaner.warc import Page, read_warc

    for path in sorted(corpus.rglob(INPUTS[inputs][1])):
        if inputs == "warc":
            for item in read_warc(path):
                if isinstance(item, Page):
                    yield item.content, item.url, item.date
        else:
            raw = path.read_bytes()
            yield (gzip.decompress(raw) if path.suffix == ".gz" else raw), None, None


def library_loop(corpus: Path, inputs: str, system: str) -> None:
    """One process cleaning every document in a loop: cleaner, or trafilatura (HTML)."""
    if system == "cleaner":
        from cleaner import clean

        for raw, url, reference in documents(corpus, inputs):
            clean(raw, url=url, reference=reference).to_canonical()
    else:
        import trafilatura

        for raw, url, _ in documents(corpus, inputs):
            trafilatura.extract(raw.decode("utf-8", "replace"), url=url)


class PeakMemory:
    """The largest resident memory of a process tree, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))
            time.sleep(0.02)


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(command: list[str]) -> tuple[float, int]:
    """Wall-clock seconds and peak tree memory (bytes) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(proc.pid)
    _, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return seconds, peak


def _dask_run(corpus: Path, out: Path, workers: int, cli: list[str]) -> tuple[float, int]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        return measure([*cli, str(corpus), "-o", str(out), "--scheduler", address])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--workdir", type=Path, help="Keep the corpora here between runs.")
    parser.add_argument("--dask", action="store_true", help="Add the Dask LocalCluster runs.")
    parser.add_argument("--input", choices=sorted(INPUTS), default="dumps")
    parser.add_argument("--loop", choices=["cleaner", "trafilatura"], help=argparse.SUPPRESS)
    parser.add_argument("corpus", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.loop:  # one timed run, started by the main one
        library_loop(args.corpus, args.input, args.loop)
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cleaner-batch-"))
    big = build_corpus(work / f"{args.input}-{args.files}", args.files, args.input)
    small = build_corpus(work / f"{args.input}-{args.small}", args.small, args.input)
    cli = [sys.executable, "-m", "cleaner", "clean", "--force"]

    loop = [sys.executable, __file__, "--input", args.input, "--loop"]
    runs = [
        ("library loop, 1 process", big, [*loop, "cleaner", str(big)]),
        ("cleaner clean -j 1", big, [*cli, str(big), "-o", str(work / "o1"), "-j", "1"]),
        ("cleaner clean -j 2", big, [*cli, str(big), "-o", str(work / "o2"), "-j", "2"]),
        ("cleaner clean -j 2, small", small, [*cli, str(small), "-o", str(work / "os"), "-j", "2"]),
    ]
    results = {}
    print(f"\n### Batch: {args.files:,} and {args.small:,} documents (ScrapingHub {args.input})\n")
    print("| run | documents | seconds | docs/s | ms/doc | peak memory (MB) |")
    print("|---|---|---|---|---|---|")
    for name, corpus, command in runs:
        files = args.files if corpus is big else args.small
        seconds, peak = measure(command)
        results[name] = (files / seconds, peak)
        print(
            f"| {name} | {files:,} | {seconds:.1f} | {files / seconds:.1f} | "
            f"{1000 * seconds / files:.2f} | {peak / 2**20:.0f} |"
        )
    if args.input != "dumps":
        seconds, peak = measure([*loop, "trafilatura", str(big)])
        results["trafilatura loop"] = (args.files / seconds, peak)
        print(
            f"| trafilatura loop, 1 process | {args.files:,} | {seconds:.1f} | "
            f"{args.files / seconds:.1f} | {1000 * seconds / args.files:.2f} | {peak / 2**20:.0f} |"
        )
    if args.dask:
        for workers in (1, 2):
            name = f"dask LocalCluster, {workers} worker{'s' * (workers > 1)}"
            seconds, peak = _dask_run(big, work / f"od{workers}", workers, cli)
            results[name] = (args.files / seconds, peak)
            print(
                f"| {name} | {args.files:,} | {seconds:.1f} | {args.files / seconds:.1f} | "
                f"{1000 * seconds / args.files:.2f} | {peak / 2**20:.0f} (client) |"
            )
    library, one, two = (results[n][0] for n in [r[0] for r in runs[:3]])
    big_peak, small_peak = results["cleaner clean -j 2"][1], results["cleaner clean -j 2, small"][1]
    print(
        f"\n-j 2 / -j 1 throughput: {two / one:.2f}x; "
        f"-j 1 cost per document / library loop's: {library / one:.2f}x; "
        f"peak memory {args.files:,} / {args.small:,} files (-j 2): {big_peak / small_peak:.2f}x"
    )
    if args.dask:
        cluster_two = results["dask LocalCluster, 2 workers"][0]
        ratio = two / cluster_two
        print(f"LocalCluster (2 workers) cost per document / local -j 2's: {ratio:.2f}x")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
