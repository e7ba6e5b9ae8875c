"""What the pre-commit hook costs: `cleaner check` on one canonical file, as a fresh process.

    python benchmarks/hook.py [--runs N] [--seed PREFIX]

The hook starts a new process for each commit, so its cost is start-up: imports,
rule packs, whatever data the first document loads. This cleans one seed into a
canonical file, then runs `cleaner check FILE` and, beside it as the yardstick,
`python -c "import yaml"` (the least a Python hook that reads YAML pays), in turn
(A B A B ...), and prints wall and CPU seconds (min, median, max) for each and
their ratio taken pair by pair. Quote the median; a wide spread says the machine
was busy. Compiled bytecode is written by the first (uncounted) run, as an
installed package has it; with PYTHONDONTWRITEBYTECODE set, every run compiles.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner import clean  # noqa: E402


def _canonical_seed(prefix: str, directory: Path) -> Path:
    """One seed cleaned to canonical text: the kind of file a corpus repository holds."""
    (seed,) = (ROOT / "seeds").glob(f"{prefix}_*.txt")
    path = directory / seed.name
    path.write_text(clean(seed.read_bytes()).to_canonical(), encoding="utf-8")
    return path


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the child, exit code) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def _row(name: str, values: list[float]) -> str:
    return f"| {name} | {min(values):.3f} | {statistics.median(values):.3f} | {max(values):.3f} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="counted runs of each command")
    parser.add_argument("--seed", default="003", help="the seed to check, by its prefix")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryDirectory() as tmp:
        target = _canonical_seed(args.seed, Path(tmp))
        hook = [sys.executable, "-m", "cleaner", "check", str(target)]
        yardstick = [sys.executable, "-c", "import yaml"]
        _timed(hook, env), _timed(yardstick, env)  # warm-up: bytecode, file cache
        runs: dict[str, list[tuple[float, float, int]]] = {"hook": [], "yaml": []}
        for _ in range(args.runs):
            runs["hook"].append(_timed(hook, env))
            runs["yaml"].append(_timed(yardstick, env))
    codes = {code for _, _, code in runs["hook"]}
    if codes != {0}:
        print(f"cleaner check exited {sorted(codes)}: the seed is not canonical", file=sys.stderr)
        return 1
    print(f"`cleaner check` on seed {args.seed}'s canonical output, {args.runs} runs each")
    print("| seconds | min | median | max |\n|---|---|---|---|")
    for i, what in ((0, "wall"), (1, "cpu")):
        print(_row(f"cleaner check, {what}", [r[i] for r in runs["hook"]]))
        print(_row(f'python -c "import yaml", {what}', [r[i] for r in runs["yaml"]]))
        ratios = [a[i] / b[i] for a, b in zip(runs["hook"], runs["yaml"], strict=True) if b[i]]
        print(_row(f"ratio, {what}", ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
