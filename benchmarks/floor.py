"""What one pass of pure Python over a dump costs, against jusText-lines, in one run.

    python benchmarks/floor.py [--data DIR]

Issue 3 asks for 20 times jusText-lines' documents per second on the ScrapingHub
dumps. This prints the budget that leaves per document beside the cost of
passes that any line classifier in Python makes at least once: splitting the
dump into lines, tokenising every line, and the stop-word density of every line
(jusText's own first feature). Each figure is the best of three runs.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import DEFAULT_DATA, _peer, data_dir  # noqa: E402

from cleaner import clean, warm_up  # noqa: E402
from cleaner.classify import stoplist  # noqa: E402

_WORD = re.compile(r"\w+")


def _best_ms(fn: Callable[[str], object], docs: list[str], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for doc in docs:
            fn(doc)
        best = min(best, time.perf_counter() - start)
    return 1000 * best / len(docs)


def _words_per_line(doc: str) -> list[list[str]]:
    return [_WORD.findall(line.lower()) for line in doc.split("\n")]


def _stopword_density(doc: str, stops: frozenset[str] = stoplist("English")) -> list[float]:
    out = []
    for words in _words_per_line(doc):
        out.append(sum(map(stops.__contains__, words)) / len(words) if words else 0.0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    args.data = data_dir(parser, args.data)
    paths = sorted((args.data / "scrapinghub" / "dump").glob("*.txt"))
    docs = [p.read_text(encoding="utf-8") for p in paths]
    justext_lines = _peer("justext-lines")
    if justext_lines is None:
        sys.exit("jusText is missing: pip install '.[bench]'")
    warm_up()
    peer = _best_ms(justext_lines, docs, runs=1)
    rows = [
        ("jusText-lines (the peer)", peer),
        ("budget at 20x the peer", peer / 20),
        ("cleaner, whole pipeline", _best_ms(lambda d: clean(d, kind="text"), docs)),
        ("pass: split into lines", _best_ms(lambda d: d.split("\n"), docs)),
        ("pass: tokenise every line", _best_ms(_words_per_line, docs)),
        ("pass: stop-word density of every line", _best_ms(_stopword_density, docs)),
    ]
    print(f"\n### Pure-Python floor, ScrapingHub dumps ({len(docs)} documents)\n")
    print("| what | ms/doc | share of the 20x budget |")
    print("|---|---|---|")
    for name, ms in rows:
        print(f"| {name} | {ms:.3f} | {ms / (peer / 20):.2f} |")


if __name__ == "__main__":
    main()
