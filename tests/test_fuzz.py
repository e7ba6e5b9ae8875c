"""Any input: `clean()` returns a fixed point or raises a CleanerError, nothing else.

The same mutations as benchmarks/fuzz.py (its longer run), on the seeds and on small
documents written here; and every input that run saved (tests/fuzz-corpus) replayed.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz import KINDS, MUTATIONS, check, mutate

from .conftest import ROOT, SEEDS

CORPUS = ROOT / "tests" / "fuzz-corpus"

_PARAGRAPHS = (
    "The harbour authority said on Friday that the new ferry terminal would open in the "
    "autumn, two years later than planned, after a dispute over the cost of dredging.",
    "Residents of the island have waited for the terminal since the old pier was closed, "
    "and many now travel by the mainland route, which adds an hour to every trip.",
    "Kommunen meddelade på fredagen att den nya färjeterminalen öppnar i höst, två år "
    "senare än planerat, efter en tvist om kostnaden för muddringen av hamnen.",
)

SMALL = {
    "dump": (
        "Home | News | Sport\n\nFerry terminal to open in autumn\n\nBy Jo Smith\n"
        "12 March 2024\n\n" + "\n\n".join(_PARAGRAPHS) + "\n\nShare Facebook Twitter\n"
        "© 2024 Island Times\n"
    ),
    "html": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Ferry terminal to open in autumn</title></head><body><nav>Home News</nav>"
        "<article><h1>Ferry terminal to open in autumn</h1>"
        + "".join(f"<p>{p}</p>" for p in _PARAGRAPHS)
        + "<ul><li>One item</li><li>Two items</li></ul></article>"
        "<footer>© 2024 Island Times</footer></body></html>"
    ),
    "canonical": (
        "---\ntitle: Ferry terminal to open in autumn\ndate: 2024-03-12\nauthor: Jo Smith\n---\n"
        + "\n\n".join(_PARAGRAPHS)
        + "\n\n- one item\n- two items\n"
    ),
}

DOCUMENTS = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))] + [
    text.encode("utf-8") for text in SMALL.values()
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    document=st.sampled_from(DOCUMENTS),
    seed=st.integers(0, 2**32 - 1),
    kind=st.sampled_from(KINDS),
)
def test_mutated_documents_give_a_fixed_point_or_our_error(document, seed, kind):
    raw, names = mutate(document, random.Random(seed))
    outcome = check(raw, kind, timed=False)  # times belong to the benchmark, not the suite
    assert outcome.status in ("ok", "error"), (names, outcome)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_mutation_alone_on_a_seed(name):
    rng = random.Random(name)
    for document in (DOCUMENTS[0], *(d.encode("utf-8") for d in SMALL.values())):
        raw = MUTATIONS[name](document, rng)
        for kind in KINDS:
            outcome = check(raw, kind, timed=False)
            assert outcome.status in ("ok", "error"), (name, kind, outcome)


def _corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.bin")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.stem)
def test_every_saved_failure_now_passes(path):
    kind = path.name.split("-")[1]
    outcome = check(path.read_bytes(), kind, timed=False)
    assert outcome.status in ("ok", "error"), outcome
