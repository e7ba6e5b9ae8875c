"""Finding a rule's lines without searching every line gives what a search per line gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import RuleSet
from cleaner.linescan import (
    NEEDLE_LINES,
    Lines,
    _alternatives,
    _folded_needle,
    _line_prefixes,
    _needle,
    line_scans,
)
from cleaner.rules import TEXT_ACTIONS

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
SCANNED = [
    r
    for p in RuleSet.load().packs
    for r in p.rules
    if r.action in TEXT_ACTIONS and r.action not in ("drop", "drop_between")
]


class _Plain:
    """A searcher without a time limit, as the engine's rules have one."""

    def search(self, pattern, text, pos=0):
        return pattern.search(text, pos)


def _line_by_line(pattern, texts):
    return [i for i, text in enumerate(texts) if text and pattern.search(text)]


@pytest.mark.parametrize("rule", SCANNED, ids=lambda r: r.id)
def test_every_bundled_rule_finds_the_lines_a_search_per_line_finds(rule):
    texts = [line for seed in SEEDS for line in seed.read_text().splitlines()]
    texts += [*rule.hits, "", *rule.misses]
    assert rule.matching_lines(Lines(texts)) == _line_by_line(rule.value, texts)
    for hit in rule.hits:
        assert rule.matching_lines(Lines(["", hit])) == [1], hit


@pytest.mark.parametrize(
    ("source", "prefixes"),
    [
        (r"(?i)^(?:share|tags)\s*:", "sha tag"),
        (r"^(?:a|b)?c", "ac bc c"),
        (r"^[x-z0]+ word", "0 x y z"),  # a repeated class: the second character is not followed
        (r"^[x-z0] word", "0 w x w y w z w"),
        (r"(?i)^straße", "str"),
        (r"(?i)^ßa", "ssa"),
        (r"^(?!no)\[x", "[x"),
        (r"(?:^a)(?:b)", "ab"),
        (r"^a\wb", "a"),  # a category: cut there
        (r"^(?:to|t\s)", "t"),  # read as t(?:o|\s): cut after the t
        (r"^\s*tags", None),  # a category first: any character may begin it
        (r"^.{0,80}©", None),
        (r"^[^a]", None),
        (r"tags:", None),  # not anchored
        (r"^(?:a)?", None),  # may match an empty start
        (r"(?:^a)?b", None),
        (r"^a|b", None),
        (r"^[[:alpha:]]", None),  # regex's syntax, which the standard parser reads otherwise
        (r"^\p{Lu}", None),
    ],
)
def test_prefixes_of_an_alternative(source, prefixes):
    found = _line_prefixes(regex.compile(source, regex.V0))
    assert (None if found is None else " ".join(sorted(found))) == prefixes


def test_alternatives_split_at_top_level_bars_only():
    assert _alternatives(r"(?i)^a|b[|]|(c|d)|\|e") == [
        r"(?i)^a",
        r"(?i)b[|]",
        r"(?i)(c|d)",
        r"(?i)\|e",
    ]


def test_a_back_reference_across_alternatives_falls_back_to_the_whole_regex():
    pattern = regex.compile(r"^(a)x|\1y")
    scans = line_scans(pattern)
    assert scans is not None and len(scans) == 1


# Alternatives of the shapes rules use: anchored words, literals anywhere, classes,
# lookarounds, optional parts; lines from a small alphabet so that they match often.
_PIECES = [
    r"^(?:ab|ba)",
    r"(?i)^c[ab]+",
    r"a\.?$",
    r"^(?!ab)b",
    r"(?<!c)ac",
    r"^[^a]c",
    r"^(?:x)?b",
    r"(?i)^Äb",
    r"(?i)^ßa",
    r"^a[bc]a",
    r"^\s*c",
    r"b{2,}",
    r"\s*\(?ab\)?",  # optional tokens first: the scan begins at what must be there
    r"^[^b]*\bca\b[^b]*$",
    r"(?i)^.{0,3}ä",
    r"c{0,2}?ba",
    r"(?:ab|c)\s*\.\s*[^.]{1,3}$",  # a needle (".") after a branch: found by counting
    r"(?i)a(?:x\.b)+",  # a needle inside a repeat that must match once
    r"^\[.{0,3}x\]",  # anchored, with a needle its lines must hold as well
    r"(?i)^a.{0,4}sk",  # ... with letters its ASCII lines must hold lower-cased
    r"(?i)^\[.*is",  # ſ, K (Kelvin) and İ match s, k and i: such lines are checked whole
]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4),
    texts=st.lists(st.text(alphabet="abcxäÄßS .[]ſ\u212aİiks", max_size=8), max_size=12),
    start=st.integers(0, 12),
)
def test_found_lines_equal_a_search_per_line(pieces, texts, start):
    pattern = regex.compile("|".join(pieces))
    expected = [i for i in _line_by_line(pattern, texts) if i >= start]
    assert list(Lines(texts).matching(_Plain(), pattern, start)) == expected


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3),
    texts=st.lists(st.text(alphabet="abcx. ", max_size=8), min_size=1, max_size=6),
    copies=st.integers(1, 2 * NEEDLE_LINES),
    start=st.integers(0, 12),
)
def test_found_lines_equal_a_search_per_line_with_scans_known(pieces, texts, copies, start):
    pattern = regex.compile("|".join(pieces))
    line_scans(pattern)  # known: even a short text is scanned, its needles counted
    texts = texts * copies  # a needle on few lines, then on more than NEEDLE_LINES
    expected = [i for i in _line_by_line(pattern, texts) if i >= start]
    assert list(Lines(texts).matching(_Plain(), pattern, start)) == expected


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        (r"(?:Photo|Credit)\s*:\s*\w+$", ":"),
        (r"REUTERS/[^.]{1,60}$", "REUTERS/"),
        (r"(?i)Opens in new", ""),  # letters under IGNORECASE: no needle
        (r"(?i)\(c\) \d{4}", ") "),  # the c has case: the runs around it
        (r"(?:a|b)x?yz", "yz"),  # optional and alternative parts are not needles
        (r"(?:ab)+c", "ab"),  # the longest run, inside a repeat that must match once
        (r"a b", "a b"),
        (r"(?i)x y", ""),  # a space alone is on every line: no needle
        (r"(?i:Ab)c", "c"),  # a scoped flag: its group is not read
        (r"\p{Lu}:", ""),  # syntax the standard parser does not read
    ],
)
def test_needle_of_an_alternative(source, needle):
    assert _needle(regex.compile(source, regex.V0)) == needle


@pytest.mark.parametrize(
    ("source", "folded"),
    [
        (r"(?i)^\[.{3,250}Opens in new window\s*\]$", "opens in new window"),
        (r"(?i)^Ab(?:c|d)Éfg", "ab"),  # ASCII runs only: what an ASCII line can hold
        (r"^\[.{3,250}Opens in new window$", ""),  # case kept: the needle says it all
        (r"(?fi)^ab", ""),  # full case folding: `ss` matches `ß`
    ],
)
def test_folded_needle_of_an_alternative(source, folded):
    assert _folded_needle(regex.compile(source, regex.V0)) == folded


def test_lines_beginning_as_a_rule_must_hold_its_needles_too():
    pattern = regex.compile(r"(?i)^\[.{0,20}opens in new window\]$")
    texts = [
        "[image]",
        "[Photo: OPENS in new Window]",
        "[x] opens",
        "[x] open\u017f in new window]",
    ]
    line_scans(pattern)
    assert list(Lines(texts * 40).matching(_Plain(), pattern))[:2] == [1, 3]


class _Counting(_Plain):
    """A searcher that counts its calls."""

    def __init__(self):
        self.calls = 0

    def search(self, pattern, text, pos=0):
        self.calls += 1
        return super().search(pattern, text, pos)


def test_a_short_text_uses_the_scans_only_once_they_are_known():
    pattern = regex.compile(r"(?i)^(?:zqshort|zqother)\b")  # a pattern no other test uses
    texts = ["Zqshort line", "plain", "zqother one", "", "nothing"] * 3
    expected = _line_by_line(pattern, texts)
    before = _Counting()
    assert list(Lines(texts).matching(before, pattern)) == expected
    assert before.calls == sum(1 for t in texts if t)  # unknown scans: every line searched
    line_scans(pattern)
    after = _Counting()
    assert list(Lines(texts).matching(after, pattern)) == expected
    assert after.calls == len(expected)  # known scans: only the indexed candidates


@pytest.mark.parametrize("source", [r"^(?:share){e<=1} now", r"(?:share){e<=1} now"])
def test_a_fuzzy_regex_is_searched_line_by_line(source):
    """The standard parser reads `{e<=1}` as text: no prefix or needle is taken from it."""
    pattern = regex.compile(source)
    texts = ["shane now", *["x"] * 70]
    assert line_scans(pattern) is None
    assert list(Lines(texts).matching(_Plain(), pattern)) == [0]
