"""Bounded work per document: the regex budget, and linear steps on pathological input."""

from __future__ import annotations

import json
import random
import time
from types import SimpleNamespace

from click.testing import CliRunner

from cleaner import classify, rules
from cleaner.cli import main

SLOW_PACK = """\
pack: slow
description: A pack whose regex takes a while on every line of a's.
applies:
  always: true
rules:
  - id: slow.lines
    description: Backtracks on a long run of a's with no c after it.
    drop_regex: '^(?:a|aa)+c'
"""


def test_the_regex_budget_is_per_document_not_per_call(tmp_path, monkeypatch):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "slow.yaml").write_text(SLOW_PACK)
    # 100 lines, each search well under the per-call limit (made generous here so that
    # only the budget can stop it): before, they added up to seconds with no error.
    monkeypatch.setattr(rules, "REGEX_TIMEOUT", 30.0)
    page = tmp_path / "slow.txt"
    # Blank lines between them: the front stage would join lines of one width as a
    # wrapped paragraph, and one search would then run instead of a hundred.
    page.write_text("A title\n\n" + "\n\n".join("a" * 22 + " b" for _ in range(100)) + "\n")
    out = tmp_path / "out"

    command = ["clean", str(page), "-o", str(out), "-j", "1", "--rules", str(packs)]
    result = CliRunner().invoke(main, [*command, "--regex-budget", "0.2"])

    assert result.exit_code == 1, result.output
    (report,) = out.glob("cleaner-errors-*.jsonl")
    (error,) = [json.loads(row) for row in report.read_text().splitlines()]
    assert error["error"] == "RegexBudgetSpent" and "slow.lines" in error["message"]


def _quadratic_reference(blocks, end_lines):
    """The algorithm before the fix, to check the linear one against: cuts at the first
    end line with a light tail, again while one is found, within the budget."""
    budget = classify.END_CUT_SHARE * sum(len(b.text) for b in blocks if b.label == classify.GOOD)
    while cut := _quadratic_cut(blocks, end_lines, budget):
        budget -= cut


def _quadratic_cut(blocks, end_lines, budget):
    kept = [b for b in blocks if b.label == classify.GOOD]
    if not kept:
        return 0
    total = sum(len(b.text) for b in kept)
    for end in sorted(end_lines):
        if not kept[0].index < end < kept[-1].index:
            continue
        tail = [b for b in kept if b.index > end]
        weight = sum(len(b.text) for b in tail)
        if weight <= min(classify.END_TAIL_SHARE * total, budget):
            for block in tail:
                block.label, block.reason = classify.BAD, "after-article-end"
            above = [b for b in kept if b.index < end][-1]  # the last kept line above it
            if classify.box_heading(above, end):
                above.label, above.reason = classify.BAD, "box-heading"
            return max(1, weight)
    return 0


def _blocks(rng: random.Random, count: int) -> list[SimpleNamespace]:
    labels = [classify.GOOD, classify.GOOD, classify.BAD, classify.SHORT]
    return [
        SimpleNamespace(
            index=i * 2,
            text="x" * rng.randint(1, 200),
            label=rng.choice(labels),
            reason=None,
            first=rng.choice([classify.SHORT, classify.GOOD]),
        )
        for i in range(count)
    ]


def test_stop_at_article_end_gives_what_the_quadratic_version_gave():
    rng = random.Random(14)
    for _ in range(300):
        count = rng.randint(0, 30)
        blocks = _blocks(rng, count)
        ends = rng.sample(range(2 * count + 2), rng.randint(0, count))
        twin = [SimpleNamespace(**vars(b)) for b in blocks]
        classify._stop_at_article_end(blocks, ends)
        _quadratic_reference(twin, ends)
        assert [(b.label, b.reason) for b in blocks] == [(b.label, b.reason) for b in twin]


def test_stop_at_article_end_is_linear_in_share_rows():
    # 20,000 kept lines with an end-of-article line between each two, the tail always
    # heavy: the quadratic version looked at every kept line for each end line.
    blocks = [
        SimpleNamespace(index=2 * i, text="x" * 80, label=classify.GOOD, reason=None, first=None)
        for i in range(20_000)
    ]
    ends = [2 * i + 1 for i in range(20_000)]
    started = time.perf_counter()
    classify._stop_at_article_end(blocks, ends)
    assert time.perf_counter() - started < 2.0  # the quadratic version takes minutes
    assert sum(b.reason == "after-article-end" for b in blocks) <= 0.51 * len(blocks)
