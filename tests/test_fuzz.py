"""Any input: `clean()` returns a fixed point or raises a CleanerError, nothing else.

The same mutations as benchmarks/fuzz.py (its longer run), on the seeds and on small
documents written here; and every input that run saved (tests/fuzz-corpus) replayed.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz import KINDS, MUTATIONS, check, first_pass_unsettled, mutate
from cleaner import clean, dates

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
    max_examples=100,
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


def _best_time(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("kind", ["text", "auto"])
def test_one_span_repeated_costs_time_linear_in_its_size(kind):
    """A line holding one dated span many times: 8 times the size may cost at most
    about 8 times the time (a ratio, measured in one run; quadratic would be 64)."""
    span = "Posted 12 March 2024 by the desk, updated 13 March 2024 at noon. "
    head = SMALL["dump"]

    def page(times: int) -> str:
        return head + span * times + "\n" + head

    clean(page(10), kind=kind)  # warm
    small = _best_time(lambda: clean(page(150), kind=kind))
    large = _best_time(lambda: clean(page(1200), kind=kind))
    assert large / small < 24, (small, large)


_DATELINE_WORDS = [
    "Published", "posted", "on", "Monday", "Mis à jour", "mis", "à", "jour", "le", "Uhr",
    "12:30", "the", "desk", "first published", "Montag", "lundi.", "—", "_a", "a_b", "é",
    "الأحد", "3rd", "hrs.", "am", "amid", "Dienstag,", "last updated", "ONs", ",", ".",
]  # fmt: skip


@given(st.lists(st.sampled_from(_DATELINE_WORDS), max_size=14), st.sampled_from([" ", "", ", "]))
def test_counting_words_from_word_starts_equals_the_substitution(words, sep):
    """dates._count_words is the count the whole-line substitution gave, only faster."""
    text = sep.join(words)
    filler = dates._label_words()[2]
    expected = len(dates._LETTERS.findall(filler.sub(" ", text)))
    assert dates._count_words(text, 100) == expected
    assert dates._count_words(text, 3) == min(expected, 3)


def test_a_text_cleaned_as_html_settles_on_the_pack_its_text_names():
    """Found by the fuzzer: the HTML path picks packs by URL and source only, the text
    path by signature lines too, so an article line naming a site, cleaned as HTML,
    gained a `source` on its second cleaning. The settle pass gives it the first time."""
    raw = (
        b"The transport ministry said on Monday that the new coastal road would open in "
        b"May after two years of delays, Azernews reports, citing the ministry."
    )
    assert first_pass_unsettled(raw, "html")  # the case needs the settle pass
    doc = clean(raw, kind="html")
    canonical = doc.to_canonical()
    assert doc.source == "azernews.az"
    assert clean(canonical).to_canonical() == canonical
    assert [v.line for v in doc.verdicts] == [1]  # mapped back to the input's line
