"""cleaner and its peers side by side, in one process run, on ../shared/bench.

    python benchmarks/bench.py [dumps|renderers|html|dates|metadata|all]
                               [--set scrapinghub|readability] [--data DIR] [--extra DIR]

Metric (the ScrapingHub benchmark's own, as its evaluate.py computes it): tokens
are `\\w+` runs; gold and output are cut into 4-token shingles counted as
multisets (a text of fewer tokens is one shorter shingle); precision is averaged
over the documents with some output, recall over those with some gold, and F1 is
computed from the two averages. An empty output so lowers recall, not precision.
Timings exclude reading files; a system's time is its CPU time for one pass over
a set, each document's least of three passes taken in turn with its peers, and
speed is reported as a ratio against a peer measured in the same run.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import html as html_lib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


#: Timed passes over a set for each system: its time is the least of them.
TIMING_ROUNDS = 3


def _outputs_and_cpu(
    systems: dict[str, Callable[[str], Any]], inputs: list[str], rounds: int = TIMING_ROUNDS
) -> tuple[dict[str, list[Any]], dict[str, float]]:
    """Each system's outputs (of its first pass) and its CPU seconds for one pass over
    `inputs`: each document's least time of `rounds` passes, summed. The passes go
    system by system in turn, each after a garbage collection, so that each system
    reads the set as a batch does, one document after another; a slow spell of a
    shared machine (seconds long, as long as a pass) that lands in one pass is left
    out document by document, where the least of whole passes kept it whenever it
    lasted into every pass of one system and none of another's."""
    outputs: dict[str, list[Any]] = {}
    least = {name: [float("inf")] * len(inputs) for name in systems}
    clock = time.process_time
    for _ in range(rounds):
        for name, fn in systems.items():
            gc.collect()
            times = least[name]
            out = []
            for k, document in enumerate(inputs):
                start = clock()
                out.append(fn(document))
                times[k] = min(times[k], clock() - start)
            outputs.setdefault(name, out)
    return outputs, {name: sum(times) for name, times in least.items()}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _score(outputs: list[str], golds: list[str]) -> tuple[float, float, float]:
    scores = [precision_recall(o, g) for o, g in zip(outputs, golds, strict=True)]
    p = _mean([s[0] for s in scores])
    r = _mean([s[1] for s in scores])
    return p, r, _f1(p, r)


def body_table(
    title: str,
    docs: list[tuple[str, str, str]],
    systems: dict,
    ratio_to: str | None,
    outputs_of: dict[str, list[str]] | None = None,
) -> dict[str, tuple[float, ...] | None]:
    """One table of P/R/F1, F1 on the tune (even) and check (odd) halves, and speed.

    `docs` are (name, input, gold) triples sorted by name; the halves are the even and
    odd positions of that order, as the issues ask: tune on one, report the other.
    Each system's outputs go into `outputs_of`, when given. Speed is CPU time, the
    least of `TIMING_ROUNDS` passes, document by document (`_outputs_and_cpu`).
    """
    inputs = [d for _, d, _ in docs]
    golds = [g for _, _, g in docs]
    live = {name: fn for name, fn in systems.items() if fn is not None}
    every_output, cpu = _outputs_and_cpu(live, inputs)
    rows: dict[str, tuple[float, ...] | None] = {}
    for name in systems:
        if name not in live:
            rows[name] = None
            continue
        outputs, seconds = every_output[name], cpu[name]
        if outputs_of is not None:
            outputs_of[name] = outputs
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


#: Each body set: its folder, its gold file, and the gold's field holding the article.
GOLD = {
    "scrapinghub": ("ground-truth.json", "articleBody"),
    "readability": ("gold.json", "body"),
}


def _pages(
    name: str, data: Path, folder: str, extra: Path | None = None
) -> list[tuple[str, str, str]]:
    """(page, input, gold) for one body set: `folder` is html or a dump rendering, read
    from `extra` (renderings made outside the data, see `--extra`) when given."""
    base = data / name
    gold_file, field = GOLD[name]
    gold = json.loads((base / gold_file).read_text())
    if folder == "html":
        return [
            (path.name[:-8], _gunzip(path), gold[path.name[:-8]][field])
            for path in sorted((base / "html").glob("*.html.gz"))
        ]
    dumps = (extra / name if extra else base) / folder
    return [
        (path.stem, path.read_text(encoding="utf-8"), gold[path.stem][field])
        for path in sorted(dumps.glob("*.txt"))
    ]


def _gunzip(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")


def run_dumps(data: Path, sets: list[str]) -> None:
    for name in sets:
        systems = {
            "cleaner": lambda t: clean(t, kind="text").text,
            "keep the whole dump": lambda t: t,
            "justext-lines": _peer("justext-lines"),
            "trafilatura-lines": _peer("trafilatura-lines"),
        }
        body_table(f"{name} text dumps (w3m)", _pages(name, data, "dump"), systems, "justext-lines")


#: Link machinery no output may keep, as the renderers print it.
MACHINERY = {
    "lynx markers `[n]word`": re.compile(r"\[\d+\](?=\w)"),
    # lynx's list of link targets, not a page's own "References" heading over its citations
    "References lists": re.compile(
        r"^(?:References\n+\s*(?:Visible links:?|1\. \S)|Visible links:?$|Hidden links:?$)",
        re.M,
    ),
    "Markdown link targets `](`": re.compile(r"\]\("),
    "image syntax `![`": re.compile(r"!\["),
}


def machinery_counts(texts: list[str]) -> dict[str, int]:
    """How often each piece of link machinery occurs in `texts`."""
    return {name: sum(len(p.findall(t)) for t in texts) for name, p in MACHINERY.items()}


def front_stage_cost(inputs: list[str]) -> tuple[str, float, float]:
    """The rendering most inputs were recognised as, and the front stage's cost in ms per
    document: recognising the rendering and reading the blocks (after decoding and
    repair, which every path pays), and the same for the whole of `clean()`."""
    from cleaner import render
    from cleaner.normalize import repair_text

    repaired = [repair_text(t) for t in inputs]
    found = [render.read(t) for t in repaired]
    front = _outputs_and_cpu({"front": render.read}, repaired)[1]["front"]
    whole = _outputs_and_cpu({"clean": lambda t: clean(t, kind="text")}, inputs)[1]["clean"]
    names = Counter(r for r, _ in found).most_common(1)
    return names[0][0] if names else "-", 1000 * front / len(inputs), 1000 * whole / len(inputs)


def run_renderers(data: Path, sets: list[str], extra: Path | None = None) -> None:
    """Every rendering of the dumps that the data holds, each beside keeping it whole;
    then what link machinery each system's outputs keep, and the front stage's cost."""
    for name in sets:
        counts: dict[str, dict[str, int]] = {}
        costs: dict[str, tuple[str, float, float]] = {}
        for folder in ("dump", "dump-lynx", "dump-markdown", "dump-nodes"):
            where = None
            if not (data / name / folder).is_dir():
                if not (extra and (extra / name / folder).is_dir()):
                    continue
                where = extra
            systems = {
                "cleaner": lambda t: clean(t, kind="text").text,
                "keep the whole dump": lambda t: t,
            }
            docs = _pages(name, data, folder, where)
            outputs: dict[str, list[str]] = {}
            body_table(f"{name} {folder}", docs, systems, None, outputs)
            counts[f"{folder}, cleaner"] = machinery_counts(outputs["cleaner"])
            counts[f"{folder}, whole dump"] = machinery_counts(outputs["keep the whole dump"])
            costs[folder] = front_stage_cost([d for _, d, _ in docs])
        if not counts:
            continue
        print(f"\n### {name}: link machinery left in the outputs\n")
        print("| output | " + " | ".join(MACHINERY) + " |")
        print("|---|" + "---|" * len(MACHINERY))
        for label, found in counts.items():
            print(f"| {label} | " + " | ".join(str(n) for n in found.values()) + " |")
        print(f"\n### {name}: front stage cost (rendering recognised, blocks read; least of 3)\n")
        print("| rendering | recognised as | front stage CPU ms/doc | clean() CPU ms/doc | share |")
        print("|---|---|---|---|---|")
        for folder, (found_as, front, whole) in costs.items():
            print(f"| {folder} | {found_as} | {front:.2f} | {whole:.2f} | {front / whole:.1%} |")


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
        body_table(f"{name} HTML", _pages(name, data, "html"), systems, "trafilatura")
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
        "\u2032": "'",
    }
)
MIN_PRE_LINES = 3


def _fold_lines(text: str) -> list[str]:
    """Lines as the structure measure compares them: trailing spaces off, no-break
    spaces as spaces, typographic quotes folded."""
    return [line.replace("\xa0", " ").translate(_QUOTES).rstrip() for line in text.split("\n")]


def pre_kept(pre: str, output: list[str]) -> bool:
    """Whether a `<pre>` block's lines appear in the output as consecutive lines."""
    want = _fold_lines(pre.strip("\n"))
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
            kept += pre_kept(pre, _fold_lines(extracted))
            kept_clean += pre_kept(pre, _fold_lines(body))
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


#: Where the benchmark data lies beside a checkout of the project (its shared/bench).
DEFAULT_DATA = ROOT.parent / "shared" / "bench"


def data_dir(parser: argparse.ArgumentParser, data: Path) -> Path:
    """The benchmark data folder, or a usage error (exit 2) saying how to name it."""
    if not (data / "scrapinghub").is_dir():
        parser.error(
            f"no benchmark data in {data} (it needs scrapinghub/ and dates-mediacloud/): "
            "give --data DIR, the project's shared/bench folder"
        )
    return data


# --- metadata -----------------------------------------------------------------


def _fold(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).translate(_QUOTES).casefold().split())


def same_text(found: str | None, gold: str | None) -> bool:
    """The bench README's rule: equal after folding case, whitespace and typographic quotes,
    or one a prefix of the other and at least half its length. Character width is folded
    too (NFKC): canonical text takes ftfy's default, which writes fullwidth ？ as ?."""
    if not found or not gold:
        return False
    a, b = sorted((_fold(found), _fold(gold)), key=len)
    return a == b or (bool(a) and b.startswith(a) and 2 * len(a) >= len(b))


_BY_LABEL = re.compile(r"^\s*(?:written\s+)?(?:by|par|von|por)\b\s*", re.IGNORECASE)


def same_byline(found: str | None, gold: str | None) -> bool:
    """`same_text`, the gold's leading "By" label folded: an author is a name, not a label."""
    return same_text(found, gold) or same_text(found, _BY_LABEL.sub("", gold or ""))


def same_lang(found: str | None, gold: str | None) -> bool:
    """Languages compare by their primary subtag (`en-US` is `en`)."""
    primary = lambda v: (v or "").replace("_", "-").split("-")[0].strip().casefold()  # noqa: E731
    return bool(found) and primary(found) == primary(gold)


def _instant(value: str | None):
    """An ISO 8601 time with an offset as an aware datetime; None for a day or a naive time."""
    import datetime as dt

    if not value or not re.search(r"\d[T ]\d{1,2}:\d{2}", value):
        return None
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value.strip().replace("Z", "+00:00"))
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def same_instant(found: str | None, gold: str | None) -> bool:
    """The same instant to the second (canonical `datetime` is written to the second)."""
    a, b = _instant(found), _instant(gold)
    return a is not None and b is not None and a.replace(microsecond=0) == b.replace(microsecond=0)


def _published_time(page: str) -> str | None:
    """What the page states in `article:published_time`, read apart from cleaner's code."""
    from selectolax.lexbor import LexborHTMLParser

    node = LexborHTMLParser(page).css_first('meta[property="article:published_time"]')
    return (node.attributes.get("content") or "").strip() or None if node else None


def _trafilatura_metadata() -> Callable[[str], dict] | None:
    try:
        from trafilatura.metadata import extract_metadata
    except ImportError:
        return None

    def run(page: str) -> dict:
        found = extract_metadata(page)
        if found is None:
            return {}
        return {"title": found.title, "author": found.author, "date": found.date}

    return run


def _rate(hits: list[bool | None]) -> str:
    """right / counted (share), on all, even and odd positions; None is a page not counted."""
    parts = []
    for half in (hits, hits[0::2], hits[1::2]):
        counted = [h for h in half if h is not None]
        right = sum(counted)
        parts.append(f"{right}/{len(counted)} ({right / len(counted):.2f})" if counted else "-")
    return " | ".join(parts)


def _stated(value: str | None, field: str) -> bool:
    """Whether the gold states this field: a time of day with an offset for publishedTime."""
    return _instant(value) is not None if field == "publishedTime" else bool(value)


def _meta_row(name: str, hits: list[bool | None]) -> None:
    print(f"| {name} | {_rate(hits)} |")


def run_metadata(data: Path, sets: list[str]) -> None:
    """Header fields against the Readability gold, and the dump's title against the HTML's
    on ScrapingHub; trafilatura's `extract_metadata` in the same run."""
    peer = _trafilatura_metadata()
    if "readability" in sets:
        base = data / "readability"
        gold = json.loads((base / "gold.json").read_text())
        names = sorted(gold)
        pages = [_gunzip(base / "html" / f"{n}.html.gz") for n in names]
        dumps = [(base / "dump" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
        html_docs = [clean(p, kind="html") for p in pages]
        dump_docs = [clean(d, kind="text") for d in dumps]
        theirs = [peer(p) for p in pages] if peer else None
        golds = [gold[n] for n in names]
        cleaner_html = [vars(d) for d in html_docs]
        cleaner_dump = [vars(d) for d in dump_docs]
        # (row, found fields per page, their field, the gold's field, how they compare)
        rows = [
            ("title, cleaner HTML", cleaner_html, "title", "title", same_text),
            ("title, trafilatura HTML", theirs, "title", "title", same_text),
            ("title, cleaner dump", cleaner_dump, "title", "title", same_text),
            ("byline, cleaner HTML, gold's By folded", cleaner_html, "author", "byline",
             same_byline),
            ("byline, trafilatura HTML, gold's By folded", theirs, "author", "byline",
             same_byline),
            ("byline, cleaner HTML", cleaner_html, "author", "byline", same_text),
            ("byline, trafilatura HTML", theirs, "author", "byline", same_text),
            ("lang, cleaner HTML", cleaner_html, "lang", "lang", same_lang),
            ("lang, cleaner dump", cleaner_dump, "lang", "lang", same_lang),
            ("datetime, cleaner HTML", cleaner_html, "datetime", "publishedTime", same_instant),
        ]  # fmt: skip
        print(f"\n### Metadata, readability ({len(names)} pages)\n")
        print("| field, system | right (all) | tune (even) | check (odd) |")
        print("|---|---|---|---|")
        for row, found, field, gold_field, same in rows:
            if found is None:
                continue  # trafilatura is not installed
            counted = [
                None
                if not _stated(g[gold_field], gold_field)
                else same(f.get(field), g[gold_field])
                for f, g in zip(found, golds, strict=True)
            ]
            _meta_row(row, counted)
    if "scrapinghub" in sets:
        base = data / "scrapinghub"
        names = sorted(p.name[:-8] for p in (base / "html").glob("*.html.gz"))
        pages = [_gunzip(base / "html" / f"{n}.html.gz") for n in names]
        dumps = [(base / "dump" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
        html_docs = [clean(p, kind="html") for p in pages]
        dump_docs = [clean(d, kind="text") for d in dumps]
        stated = [_published_time(p) for p in pages]
        print(f"\n### Metadata, scrapinghub ({len(names)} pages)\n")
        print("| field, system | right (all) | tune (even) | check (odd) |")
        print("|---|---|---|---|")
        _meta_row(
            "dump title = HTML title, where HTML has one",
            [
                same_text(d.title, h.title) if h.title else None
                for d, h in zip(dump_docs, html_docs, strict=True)
            ],
        )
        _meta_row("dump has a title", [bool(d.title) for d in dump_docs])
        _meta_row(
            "datetime = article:published_time, cleaner HTML",
            [
                same_instant(d.datetime, s) if _instant(s) else None
                for d, s in zip(html_docs, stated, strict=True)
            ],
        )
        _meta_row("url found, cleaner HTML (no URL given)", [bool(d.url) for d in html_docs])
        _meta_row("lang found, cleaner dump", [bool(d.lang) for d in dump_docs])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "run",
        choices=["dumps", "renderers", "html", "dates", "metadata", "all"],
        nargs="?",
        default="all",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--set", choices=[*GOLD, "all"], default="all", help="which body set (default: all)"
    )
    parser.add_argument(
        "--extra",
        type=Path,
        help="renderings made outside the data (SET/dump-lynx/*.txt ...), e.g. of the "
        "Readability pages, which the data holds as HTML and w3m dumps only",
    )
    args = parser.parse_args()
    args.data = data_dir(parser, args.data)
    sets = list(GOLD) if args.set == "all" else [args.set]
    warm_up()  # rule packs, stop lists, date names: once per process, before any clock
    clean("<html><body><p>warm up the HTML path and its date search</p></body></html>")
    runs = (
        ("dumps", run_dumps),
        ("renderers", run_renderers),
        ("html", run_html),
        ("dates", run_dates),
        ("metadata", run_metadata),
    )
    for name, run in runs:
        if args.run in (name, "all"):
            if name == "renderers":
                run_renderers(args.data, sets, args.extra)
            else:
                run(args.data, sets)


if __name__ == "__main__":
    main()
