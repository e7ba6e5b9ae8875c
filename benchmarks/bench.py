"""cleaner and its peers side by side, in one process run, on ../shared/bench.

    python benchmarks/bench.py [dumps|renderers|html|dates|all] [--set scrapinghub|readability]
                               [--data DIR]

Metric (the ScrapingHub benchmark's own, as its evaluate.py computes it): tokens
are `\\w+` runs; gold and output are cut into 4-token shingles counted as
multisets (a text of fewer tokens is one shorter shingle); precision is averaged
over the documents with some output, recall over those with some gold, and F1 is
computed from the two averages. An empty output so lowers recall, not precision.
Timings exclude reading files; speed is reported as a ratio against a peer
measured in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner import clean, warm_up  # noqa: E402

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """The text's 4-token shingles; a text of fewer tokens is one shorter shingle."""
    tokens = _TOKEN.findall(text)
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def precision_recall(output: str, gold: str) -> tuple[float | None, float | None]:
    """One document's precision and recall, as the benchmark's evaluate.py scores them;
    None where it is undefined (no output, or no gold), which the averages leave out."""
    out, ref = shingles(output), shingles(gold)
    tp = sum((out & ref).values())
    fp = sum((out - ref).values())
    fn = sum((ref - out).values())
    if fp == fn == 0:
        return (1.0 if tp else None), (1.0 if tp else None)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def _mean(values: list[float | None]) -> float:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else 0.0


def _lines_as_html(text: str) -> str:
    paragraphs = "".join(
        f"<p>{html_lib.escape(line)}</p>" for line in text.split("\n") if line.strip()
    )
    return f"<html><body>{paragraphs}</body></html>"


def _peer(name: str) -> Callable[[str], str] | None:
    """A peer extractor, or None when its package is missing (pip install '.[bench]')."""
    try:
        if name == "justext-lines":
            import justext

            stop = justext.get_stoplist("English")
            return lambda t: "\n".join(
                p.text for p in justext.justext(_lines_as_html(t), stop) if not p.is_boilerplate
            )
        if name == "justext":
            import justext

            stop = justext.get_stoplist("English")
            return lambda h: "\n".join(
                p.text for p in justext.justext(h, stop) if not p.is_boilerplate
            )
        if name == "trafilatura-lines":
            import trafilatura

            return lambda t: trafilatura.extract(_lines_as_html(t)) or ""
        if name == "trafilatura":
            import trafilatura

            return lambda h: trafilatura.extract(h) or ""
        if name == "trafilatura-precision":
            import trafilatura

            return lambda h: trafilatura.extract(h, favor_precision=True) or ""
        if name == "readability":
            import lxml.html
            from readability import Document

            return lambda h: lxml.html.fromstring(Document(h).summary()).text_content()
        if name == "resiliparse":
            from resiliparse.extract.html2text import extract_plain_text

            return lambda h: extract_plain_text(h, main_content=True)
    except ImportError:
        return None
    raise ValueError(name)


def _time(fn: Callable[[str], object], inputs: list[str]) -> tuple[list, float]:
    start = time.perf_counter()
    outputs = [fn(x) for x in inputs]
    return outputs, time.perf_counter() - start


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _score(outputs: list[str], golds: list[str]) -> tuple[float, float, float]:
    scores = [precision_recall(o, g) for o, g in zip(outputs, golds, strict=True)]
    p = _mean([s[0] for s in scores])
    r = _mean([s[1] for s in scores])
    return p, r, _f1(p, r)


def body_table(
    title: str, docs: list[tuple[str, str, str]], systems: dict, ratio_to: str | None
) -> dict[str, tuple[float, ...] | None]:
    """One table of P/R/F1, F1 on the tune (even) and check (odd) halves, and speed.

    `docs` are (name, input, gold) triples sorted by name; the halves are the even and
    odd positions of that order, as the issues ask: tune on one, report the other.
    """
    inputs = [d for _, d, _ in docs]
    golds = [g for _, _, g in docs]
    rows: dict[str, tuple[float, ...] | None] = {}
    for name, fn in systems.items():
        if fn is None:
            rows[name] = None
            continue
        outputs, seconds = _time(fn, inputs)
        p, r, f1 = _score(outputs, golds)
        even = _score(outputs[0::2], golds[0::2])[2]
        odd = _score(outputs[1::2], golds[1::2])[2]
        rows[name] = (p, r, f1, even, odd, len(inputs) / seconds if seconds else float("inf"))
    print(f"\n### {title} ({len(docs)} documents)\n")
    print("| system | P | R | F1 | F1 tune (even) | F1 check (odd) | docs/s | ms/doc |")
    print("|---|---|---|---|---|---|---|---|")
    for name, row in rows.items():
        if row is None:
            print(f"| {name} | skipped: pip install '.[bench]' | | | | | | |")
        else:
            p, r, f1, even, odd, rate = row
            print(
                f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} | {even:.3f} | {odd:.3f} | "
                f"{rate:.1f} | {1000 / rate:.2f} |"
            )
    cleaner_row, peer_row = rows.get("cleaner"), rows.get(ratio_to) if ratio_to else None
    if cleaner_row and peer_row:
        print(f"\ncleaner docs/s = {cleaner_row[5] / peer_row[5]:.2f} x {ratio_to}")
    return rows


def _scrapinghub(data: Path, folder: str) -> list[tuple[str, str, str]]:
    """(name, input, gold) for the ScrapingHub pages: `folder` is html or a dump rendering."""
    base = data / "scrapinghub"
    gold = json.loads((base / "ground-truth.json").read_text())
    if folder == "html":
        return [
            (path.name[:-8], _gunzip(path), gold[path.name[:-8]]["articleBody"])
            for path in sorted((base / "html").glob("*.html.gz"))
        ]
    return [
        (path.stem, path.read_text(encoding="utf-8"), gold[path.stem]["articleBody"])
        for path in sorted((base / folder).glob("*.txt"))
    ]


def _readability(data: Path, folder: str) -> list[tuple[str, str, str]]:
    """(name, input, gold) for Mozilla Readability's test pages; gold is its reviewed body."""
    base = data / "readability"
    gold = json.loads((base / "gold.json").read_text())
    if folder == "html":
        return [
            (path.name[:-8], _gunzip(path), gold[path.name[:-8]]["body"])
            for path in sorted((base / "html").glob("*.html.gz"))
        ]
    return [
        (path.stem, path.read_text(encoding="utf-8"), gold[path.stem]["body"])
        for path in sorted((base / folder).glob("*.txt"))
    ]


def _gunzip(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")


SETS = {"scrapinghub": _scrapinghub, "readability": _readability}


def run_dumps(data: Path, sets: list[str]) -> None:
    for name in sets:
        systems = {
            "cleaner": lambda t: clean(t, kind="text").text,
            "keep the whole dump": lambda t: t,
            "justext-lines": _peer("justext-lines"),
            "trafilatura-lines": _peer("trafilatura-lines"),
        }
        body_table(f"{name} text dumps (w3m)", SETS[name](data, "dump"), systems, "justext-lines")


def run_renderers(data: Path, sets: list[str]) -> None:
    """Every rendering of the dumps that the data holds, each beside keeping it whole."""
    for name in sets:
        for folder in ("dump-lynx", "dump-markdown", "dump-nodes"):
            if not (data / name / folder).is_dir():
                continue
            systems = {
                "cleaner": lambda t: clean(t, kind="text").text,
                "keep the whole dump": lambda t: t,
            }
            body_table(f"{name} {folder}", SETS[name](data, folder), systems, None)


def run_html(data: Path, sets: list[str]) -> None:
    for name in sets:
        systems = {
            "cleaner": lambda h: clean(h, kind="html").text,
            "trafilatura": _peer("trafilatura"),
            "trafilatura-precision": _peer("trafilatura-precision"),
            "readability": _peer("readability"),
            "resiliparse": _peer("resiliparse"),
            "justext": _peer("justext"),
        }
        body_table(f"{name} HTML", SETS[name](data, "html"), systems, "trafilatura")
        if name == "readability":
            structure_table(data)


_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
    }
)
MIN_PRE_LINES = 3


def _fold(text: str) -> list[str]:
    """Lines as the structure measure compares them: trailing spaces off, no-break
    spaces as spaces, typographic quotes folded."""
    return [line.replace("\xa0", " ").translate(_QUOTES).rstrip() for line in text.split("\n")]


def pre_kept(pre: str, output: list[str]) -> bool:
    """Whether a `<pre>` block's lines appear in the output as consecutive lines."""
    want = _fold(pre.strip("\n"))
    return any(output[i : i + len(want)] == want for i in range(len(output) - len(want) + 1))


def table_splits(text: str) -> int:
    """How many times blank lines separate two rows of one table. A row followed by a
    `|---|` separator starts a new table: a blank line before it splits nothing."""
    lines = [line.strip() for line in text.split("\n")]
    splits = 0
    for i, line in enumerate(lines):
        if not _is_row(line):
            continue
        j = i + 1
        while j < len(lines) and not lines[j]:
            j += 1
        starts_table = j + 1 < len(lines) and lines[j + 1].startswith("|---")
        splits += j > i + 1 and j < len(lines) and _is_row(lines[j]) and not starts_table
    return splits


def _is_row(line: str) -> bool:
    return len(line) > 1 and line.startswith("|") and line.endswith("|")


def structure_table(data: Path) -> None:
    """The Readability set's `<pre>` blocks of three lines or more kept whole, and table
    rows split by blank lines: in the extractor's text and in `clean()`'s body."""
    from cleaner import html as cleaner_html
    from cleaner.rules import default_ruleset

    ruleset = default_ruleset()
    rules = ruleset.html_rules(ruleset.select(None, None, None))
    base = data / "readability"
    gold = json.loads((base / "gold.json").read_text())
    pres = kept = kept_clean = splits = splits_clean = 0
    for path in sorted((base / "html").glob("*.html.gz")):
        raw = _gunzip(path)
        extracted = cleaner_html.extract(raw, None, rules).text
        body = clean(raw, kind="html").text
        splits += table_splits(extracted)
        splits_clean += table_splits(body)
        for pre in gold[path.name[:-8]].get("pre", []):
            if len(pre.strip("\n").split("\n")) < MIN_PRE_LINES:
                continue
            pres += 1
            kept += pre_kept(pre, _fold(extracted))
            kept_clean += pre_kept(pre, _fold(body))
    print(f"\n### readability structure: <pre> blocks of {MIN_PRE_LINES}+ lines, table rows\n")
    print("| text | <pre> kept whole | of | share | blank lines between table rows |")
    print("|---|---|---|---|---|")
    for name, k, n_splits in (
        ("html.extract", kept, splits),
        ("clean() body", kept_clean, splits_clean),
    ):
        print(f"| {name} | {k} | {pres} | {k / max(pres, 1):.2f} | {n_splits} |")


def run_dates(data: Path, sets: list[str]) -> None:
    base = data / "dates-mediacloud"
    gold = json.loads((base / "gold.json").read_text())
    names = sorted(gold)
    dumps = [(base / "dump" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    pages = [
        gzip.decompress((base / "html" / f"{n}.html.gz").read_bytes()).decode("utf-8", "replace")
        for n in names
    ]
    truth = [gold[n]["date"] for n in names]
    systems: dict[str, tuple[Callable[[str], str | None], list[str]] | None] = {
        "cleaner, dump, no URL": (lambda t: clean(t, kind="text").date, dumps),
        "cleaner, HTML, no URL": (lambda h: clean(h, kind="html").date, pages),
    }
    try:
        import htmldate

        systems["htmldate extensive, HTML"] = (
            lambda h: htmldate.find_date(h, extensive_search=True, original_date=True),
            pages,
        )
        systems["htmldate fast, HTML"] = (
            lambda h: htmldate.find_date(h, extensive_search=False, original_date=True),
            pages,
        )
        systems["htmldate, dump lines as <p>"] = (
            lambda t: htmldate.find_date(_lines_as_html(t), original_date=True),
            dumps,
        )
    except ImportError:
        systems["htmldate"] = None
    print(f"\n### Dates, mediacloud ({len(names)} pages)\n")
    print("| system | accuracy | precision | coverage | ms/page |")
    print("|---|---|---|---|---|")
    for name, entry in systems.items():
        if entry is None:
            print(f"| {name} | skipped: pip install '.[bench]' | | | |")
            continue
        fn, inputs = entry
        found, seconds = _time(fn, inputs)
        right = sum(f == t for f, t in zip(found, truth, strict=True))
        given = sum(1 for f in found if f)
        print(
            f"| {name} | {right / len(truth):.3f} | {right / max(given, 1):.3f} | "
            f"{given / len(truth):.3f} | {1000 * seconds / len(truth):.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "run", choices=["dumps", "renderers", "html", "dates", "all"], nargs="?", default="all"
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument(
        "--set", choices=[*SETS, "all"], default="all", help="which body set (default: all)"
    )
    args = parser.parse_args()
    if not (args.data / "scrapinghub").is_dir():
        parser.error(f"no benchmark data in {args.data}: give its folder with --data DIR")
    sets = list(SETS) if args.set == "all" else [args.set]
    warm_up()  # rule packs, stop lists, date names: once per process, before any clock
    clean("<html><body><p>warm up the HTML path and its date search</p></body></html>")
    runs = (
        ("dumps", run_dumps),
        ("renderers", run_renderers),
        ("html", run_html),
        ("dates", run_dates),
    )
    for name, run in runs:
        if args.run in (name, "all"):
            run(args.data, sets)


if __name__ == "__main__":
    main()
