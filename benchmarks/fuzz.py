"""A mutation fuzzer for `clean()`: any input, any time.

    python benchmarks/fuzz.py [--minutes N] [--seed S] [--data DIR] [--corpus DIR]
    python benchmarks/fuzz.py --replay tests/fuzz-corpus     # re-run saved cases alone

It takes documents (the ScrapingHub dumps and pages under ../shared/bench when they
are there, and seeds/), mutates each in one to three ways (flipped bytes, NULs,
BOMs, a UTF-16 or EBCDIC declaration, markup openers, lone surrogates as
entities, broken or impossible front matter, deleted, repeated and truncated
spans...) and cleans each mutant as `kind` auto, text and html. The property:

- `clean()` returns a `Document` or raises a `CleanerError` naming the problem;
- its canonical output is a fixed point: cleaning it again returns it byte for byte;
- one call takes at most 1 s, or 1 s per 100 KB of input when that is more.

Each failing input is saved to the corpus folder (default tests/fuzz-corpus), named
`<problem>-<kind>-<hash>.bin`, where tests/test_fuzz.py replays it as a regression test
(slow ones under `slow/`, for `--replay`). With `--save-settled`, inputs whose first pass
alone was no fixed point (the settle passes repaired it) are saved too, minimised.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner import CleanerError, clean, pipeline, warm_up  # noqa: E402
from cleaner.decode import decode_input  # noqa: E402
from cleaner.errors import SettleError  # noqa: E402
from cleaner.rules import default_ruleset  # noqa: E402

KINDS = ("auto", "text", "html")
#: The time bound of one call: this many seconds, or per `TIME_PER_BYTES` of input if more.
TIME_BOUND = 1.0
TIME_PER_BYTES = 100_000


# --- mutations ----------------------------------------------------------------------

Mutation = Callable[[bytes, random.Random], bytes]


def _at(data: bytes, rng: random.Random, piece: bytes, start_bias: float = 0.3) -> bytes:
    """`piece` inserted at the start (sometimes) or anywhere."""
    pos = 0 if rng.random() < start_bias else rng.randint(0, len(data))
    return data[:pos] + piece + data[pos:]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            i = rng.randrange(len(out))
            out[i] ^= rng.randint(1, 255)
    return bytes(out)


def insert_nul(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 3)):
        data = _at(data, rng, b"\x00", 0.0)
    return data


def insert_control(data: bytes, rng: random.Random) -> bytes:
    return _at(data, rng, bytes([rng.choice([*range(1, 9), *range(14, 32), 127])]), 0.0)


def insert_stray_byte(data: bytes, rng: random.Random) -> bytes:
    return _at(data, rng, bytes([rng.randint(0x80, 0xFF)]), 0.0)


def insert_bom(data: bytes, rng: random.Random) -> bytes:
    boms = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]
    return _at(data, rng, rng.choice(boms), 0.5)


def declare_utf16(data: bytes, rng: random.Random) -> bytes:
    return _at(data, rng, rng.choice([b'<meta charset="utf-16">', b"<meta charset=utf-16le>"]))


def declare_ebcdic(data: bytes, rng: random.Random) -> bytes:
    return _at(data, rng, b'<?xml version="1.0" encoding="EBCDIC-CP-US"?>\n', 0.8)


def insert_markup(data: bytes, rng: random.Random) -> bytes:
    pieces = [b"<script>", b"<script>var a = '</p>';</script>", b"<!--", b"<![CDATA[", b"]]>"]
    return _at(data, rng, rng.choice(pieces), 0.1)


def surrogate_entity(data: bytes, rng: random.Random) -> bytes:
    return _at(data, rng, rng.choice([b"&#xD800;", b"&#55296;", b"&#xDFFF;", b"&#0;"]), 0.0)


def broken_front_matter(data: bytes, rng: random.Random) -> bytes:
    heads = [
        b"---\ntitle: [unclosed\n---\n",
        b"---\ntitle: no end\n",
        b"---\n---\n",
        b"---\ntitle: a: b: c\n---\n",
        b"---\nweather: fine\n---\n",
        b"---\ntitle:\n  - one\n  - two\n---\n",
        b"---\ndate: 2026-13-45\n---\n",
        b"---\ndatetime: 2026-02-30T25:61:00\n---\n",
    ]
    return rng.choice(heads) + data


def impossible_date_prefix(data: bytes, rng: random.Random) -> bytes:
    return rng.choice([b" date 2026-13-45 ", b" date 2026-02-30 ", b" date 0000-00-00 "]) + data


def delete_span(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, max(1, len(data) // 4)) :]


def repeat_span(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    span = data[i : i + rng.randint(1, 2000)]
    return data[:i] + span * rng.randint(2, 20) + data[i:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data))]


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        flip_bytes,
        insert_nul,
        insert_control,
        insert_stray_byte,
        insert_bom,
        declare_utf16,
        declare_ebcdic,
        insert_markup,
        surrogate_entity,
        broken_front_matter,
        impossible_date_prefix,
        delete_span,
        repeat_span,
        truncate,
    )
}


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three mutations, by name, applied in turn."""
    names = [rng.choice(sorted(MUTATIONS)) for _ in range(rng.randint(1, 3))]
    for name in names:
        data = MUTATIONS[name](data, rng)
    return data, names


# --- the property --------------------------------------------------------------------


@dataclass
class Outcome:
    """What one call did: "ok", "error" (a CleanerError), or the problem found."""

    status: str  # ok | error | crash | unstable | unreadable | slow
    seconds: float  # wall clock, what the bound is about
    detail: str = ""
    cpu: float = 0.0  # this process's CPU time: the wall time it would take alone


def time_bound(size: int) -> float:
    return max(TIME_BOUND, TIME_BOUND * size / TIME_PER_BYTES)


def check(raw: bytes | str, kind: str, timed: bool = True) -> Outcome:
    """Run the property on one input and one kind."""
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        doc = clean(raw, kind=kind)
    except SettleError as exc:  # a CleanerError, but one that says clean() has a bug
        return Outcome("unstable", time.perf_counter() - start, str(exc))
    except CleanerError as exc:
        seconds = time.perf_counter() - start
        if not str(exc):
            return Outcome("crash", seconds, f"{type(exc).__name__} with no message")
        return Outcome("error", seconds, f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # the property under test: nothing else may escape
        return Outcome("crash", time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    canonical = doc.to_canonical()
    try:
        canonical.encode("utf-8")
        again = clean(canonical).to_canonical()
    except Exception as exc:
        return Outcome("unreadable", seconds, f"{type(exc).__name__}: {exc}")
    if again != canonical:
        return Outcome("unstable", seconds, _first_difference(canonical, again))
    size = len(raw.encode("utf-8", "surrogatepass")) if isinstance(raw, str) else len(raw)
    if timed and seconds > time_bound(size):
        return Outcome("slow", seconds, f"{seconds:.2f}s (CPU {cpu:.2f}s) for {size} bytes", cpu)
    return Outcome("ok", seconds, "", cpu)


def _first_difference(a: str, b: str) -> str:
    for i, (x, y) in enumerate(zip(a.split("\n"), b.split("\n"), strict=False)):
        if x != y:
            return f"line {i + 1}: {x[:80]!r} -> {y[:80]!r}"
    return f"{a.count(chr(10))} lines -> {b.count(chr(10))} lines"


# --- the run --------------------------------------------------------------------------


def documents(data_dir: Path) -> Iterator[tuple[str, bytes]]:
    """The benchmark's dumps and pages (when there) and the seeds, as bytes."""
    scrapinghub = data_dir / "scrapinghub"
    for path in sorted((scrapinghub / "dump").glob("*.txt")):
        yield path.name, path.read_bytes()
    for path in sorted((scrapinghub / "html").glob("*.html.gz")):
        yield path.name, gzip.decompress(path.read_bytes())
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        yield path.name, path.read_bytes()


def save(corpus: Path, raw: bytes, kind: str, status: str) -> Path:
    """Save a case; slow ones go to `slow/` beside the others: the suite replays the
    corpus untimed, so only `--replay corpus/slow` measures them (alone, not under load)."""
    if status == "slow":
        corpus = corpus / "slow"
    corpus.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(raw).hexdigest()[:12]
    path = corpus / f"{status}-{kind}-{digest}.bin"
    path.write_bytes(raw)
    return path


def first_pass_unsettled(raw: bytes, kind: str) -> bool:
    """Whether `clean()`'s first pass alone would leave an output that is no fixed point:
    what the settle passes repair. Such inputs are kept as regression tests of them."""
    try:
        text = decode_input(raw).text
        ruleset = default_ruleset()
        first = pipeline._clean_once(text, kind, None, None, ruleset, None).to_canonical()
        if first == text:
            return False
        return (
            pipeline._clean_once(first, "auto", None, None, ruleset, None).to_canonical() != first
        )
    except CleanerError:
        return False


def minimize(raw: bytes, holds: Callable[[bytes], bool], budget: int = 120) -> bytes:
    """A smaller input for which `holds` is still true: lines removed chunk by chunk
    (delta debugging), at most `budget` tries. Saved cases stay small and readable."""
    lines = raw.splitlines(keepends=True)
    chunks = 2
    while budget > 0 and len(lines) > 1:
        size = max(1, len(lines) // chunks)
        removed = False
        for start in range(0, len(lines), size):
            if budget <= 0:
                break
            budget -= 1
            trial = lines[:start] + lines[start + size :]
            if trial and holds(b"".join(trial)):
                lines, removed = trial, True
                break
        if not removed:
            if size == 1:
                break
            chunks = min(len(lines), chunks * 2)
        else:
            chunks = max(2, chunks - 1)
    return b"".join(lines)


class _SettleCounter:
    """Counts the calls whose first pass alone would not have been a fixed point."""

    def __init__(self) -> None:
        self.settled: list[str] = []
        self._settle = pipeline._settle
        pipeline._settle = self  # type: ignore[assignment]

    def __call__(self, doc, text, ruleset, reference):  # type: ignore[no-untyped-def]
        first = doc.to_canonical()
        done = self._settle(doc, text, ruleset, reference)
        if done.to_canonical() != first and text != first:
            self.settled.append(_first_difference(first, done.to_canonical()))
        return done


def run(minutes: float, seed: int, data_dir: Path, corpus: Path, save_settled: bool) -> int:
    docs = list(documents(data_dir))
    rng = random.Random(seed)
    warm_up()
    settle = _SettleCounter()
    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    slowest: list[tuple[float, int, str, str]] = []
    failures: list[str] = []
    deadline = time.monotonic() + minutes * 60
    cases = settled_before = 0
    while time.monotonic() < deadline:
        name, data = rng.choice(docs)
        raw, names = mutate(data, rng)
        cases += 1
        for kind in KINDS:
            outcome = check(raw, kind)
            if outcome.status == "slow":  # once more: a dependency's one-time load is no bound
                counts["slow-once"] += 1
                outcome = check(raw, kind)
            counts[outcome.status] += 1
            if outcome.status == "error":
                errors[
                    outcome.detail.split(":")[0] + ": " + outcome.detail[:60].split(": ")[-1]
                ] += 1
            what = f"{name[:16]} {'+'.join(names)}"
            slowest.append((outcome.seconds, outcome.cpu, len(raw), kind, what))
            if outcome.status not in ("ok", "error"):
                path = save(corpus, raw, kind, outcome.status)
                failures.append(
                    f"{outcome.status:10} {path.name}  {name} {names}: {outcome.detail}"
                )
                print(failures[-1], flush=True)
            if len(settle.settled) > settled_before and save_settled:
                small = minimize(raw, lambda r, k=kind: first_pass_unsettled(r, k))
                if first_pass_unsettled(small, kind):
                    print(f"settled    {save(corpus, small, kind, 'settled').name}", flush=True)
            settled_before = len(settle.settled)
        if cases % 200 == 0:
            print(f"... {cases} cases, {dict(counts)}", flush=True)
        slowest = sorted(slowest, reverse=True)[:10]
    calls = sum(counts.values())
    print(
        f"\nfuzz: {minutes:g} min, seed {seed}, {len(docs)} documents, {cases} cases, {calls} calls"
    )
    for status in ("ok", "error", "crash", "unstable", "unreadable", "slow", "slow-once"):
        print(f"  {status:11} {counts[status]}")
    print(f"calls whose first pass alone was no fixed point (settled): {len(settle.settled)}")
    for difference in settle.settled[:10]:
        print(f"  {difference}")
    print("errors (CleanerError) by message:")
    for message, n in errors.most_common(8):
        print(f"  {n:6}  {message}")
    print(f"slowest calls (wall; CPU, the time alone; bound), of {calls}:")
    for seconds, cpu, size, kind, what in slowest[:8]:
        bound = time_bound(size)
        print(
            f"  {seconds:6.2f}s  CPU {cpu:5.2f}s  bound {bound:5.2f}s  {size:8} B  {kind:5} {what}"
        )
    cpu_over = sum(1 for _, cpu, size, *_ in slowest if cpu > time_bound(size))
    print(f"calls over the bound in CPU time, among the slowest ten: {cpu_over}")
    return 1 if failures else 0


def replay(corpus: Path) -> int:
    """Each saved case alone, every kind, timed: to re-measure without the load of a run."""
    warm_up()
    bad = 0
    for path in sorted(corpus.glob("*.bin")):
        raw = path.read_bytes()
        for kind in KINDS:
            best = min((check(raw, kind) for _ in range(3)), key=lambda o: o.seconds)
            bad += best.status not in ("ok", "error")
            print(
                f"{best.status:10} {best.seconds:6.2f}s CPU {best.cpu:5.2f}s bound "
                f"{time_bound(len(raw)):5.2f}s {kind:5} {len(raw):8} {path.name}"
            )
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "fuzz-corpus")
    parser.add_argument("--replay", type=Path, default=None, help="re-run a corpus folder")
    parser.add_argument(
        "--save-settled",
        action="store_true",
        help="also save (minimised) inputs whose first pass alone was no fixed point",
    )
    args = parser.parse_args()
    if args.replay:
        return replay(args.replay)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    return run(args.minutes, seed, args.data, args.corpus, args.save_settled)


if __name__ == "__main__":
    sys.exit(main())
