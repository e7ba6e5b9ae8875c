"""One huge text dump: seconds and peak memory of `clean()` at 3, 10 and 30 MB.

    python benchmarks/big_dump.py [--sizes 3,10,30]

The dump is the ScrapingHub dumps (`../shared/bench/scrapinghub/dump`) run
together, in sorted order, until it reaches the size: what a scraper that
concatenated its pages into one file would hand over. Each size is cleaned in a
fresh process (`clean(raw).to_canonical()` after `warm_up()`, so rule
compilation is not timed); its peak resident memory is sampled from /proc.
The issue's targets for 30 MB: at most 5 s, peak memory at most 10x the dump.
Seconds per MB that stay flat from 3 to 30 MB show that no step is quadratic.
CPU seconds are printed beside the wall clock's: on a shared machine they are
the figure that compares from run to run. The peak is the whole process's; the
last column is what it held before `clean()` (interpreter, libraries, rule
packs, stop lists, the dump's bytes), part of every peak whatever the size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
DUMPS = ROOT.parent / "shared" / "bench" / "scrapinghub" / "dump"


def build_dump(target: Path, megabytes: float) -> Path:
    """The dumps run together (a blank line between two) until `megabytes` MB."""
    wanted = int(megabytes * 1_000_000)
    files = sorted(DUMPS.glob("*.txt"))
    size = 0
    with open(target, "wb") as out:
        while size < wanted:
            for path in files:
                data = path.read_bytes() + b"\n\n"
                out.write(data)
                size += len(data)
                if size >= wanted:
                    break
    return target


def _one(path: str) -> None:
    """In the measured process: load, warm up, then time `clean()` alone."""
    from cleaner import clean
    from cleaner.pipeline import warm_up

    raw = Path(path).read_bytes()
    warm_up()
    loaded = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    started, cpu = time.perf_counter(), time.process_time()
    text = clean(raw).to_canonical()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{seconds:.3f} {cpu:.3f} {loaded} {len(text)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3,10,30", help="Dump sizes in MB, comma-separated.")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(args.one)
        return
    from batch import PeakMemory  # benchmarks/batch.py: the /proc sampler

    print("\n### One huge dump (ScrapingHub dumps run together)\n")
    print(
        "| dump (MB) | clean() seconds | CPU seconds | CPU s/MB | peak memory (MB) "
        "| peak / dump size | loaded process before clean() (MB) |"
    )
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for megabytes in (float(s) for s in args.sizes.split(",")):
            dump = build_dump(Path(work) / f"dump-{megabytes:g}.txt", megabytes)
            size = dump.stat().st_size
            proc = subprocess.Popen(
                [sys.executable, __file__, "--one", str(dump)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            memory = PeakMemory(proc.pid)
            stdout, stderr = proc.communicate()
            peak = memory.stop()
            if proc.returncode != 0:
                raise SystemExit(f"cleaning the {megabytes:g} MB dump failed:\n{stderr}")
            seconds, cpu, loaded = (float(field) for field in stdout.split()[:3])
            print(
                f"| {size / 1e6:.1f} | {seconds:.2f} | {cpu:.2f} | {cpu / (size / 1e6):.3f} | "
                f"{peak / 2**20:.0f} | {peak / size:.1f}x | {loaded / 2**20:.0f} |"
            )


if __name__ == "__main__":
    main()
