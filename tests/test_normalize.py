"""The gated fixer must give exactly what ftfy gives on the whole text."""

from __future__ import annotations

import ftfy
import pytest
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import badness
from cleaner.badness import CONTEXT, MOJIBAKE_RUN, _lone_bad_chars, mojibake_chars, shape
from cleaner.normalize import (
    _ANY_INVISIBLE,
    _CONTROL,
    _INVISIBLE,
    FTFY_CONFIG,
    _mojibake_offsets,
    clean_line,
    fix_text,
    normalize_lines,
    repair_text,
)

from .conftest import SEEDS

MOJIBAKE = [
    "The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows.",  # UTF-8 read as cp1252, twice
    "cafÃ© crÃ¨me",  # UTF-8 read as latin-1
    "Ã  la carte\nÂ£100",
    "â€œquotedâ€\x9d and dashâ€”here",
    "\x93smart quotes\x94 from C1 controls",
    "Fish &amp; chips &lt;b&gt; &#39;x&#39; &eacute;",
    "ﬁnancial ﬂows, ＦＵＬＬＷＩＤＴＨ",
    "РїСЂРёРІРµС‚ (cp1251 mojibake)",
    "line one\r\nline two\rthree\u2028four",
    "control\x07chars\x1b[31m red\x1b[0m",
    "e\u0301 not NFC",
    "Привет, мир — “обычный” текст",
    "中文 (Chinese)\u3000日本語",
    "plain ascii only",
    "",
    "trailing newline\n",
]


@pytest.mark.parametrize("text", MOJIBAKE)
def test_fix_text_equals_ftfy_on_samples(text):
    assert fix_text(text) == ftfy.fix_text(text, FTFY_CONFIG)


def test_fix_text_equals_ftfy_on_seeds():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert fix_text(text) == ftfy.fix_text(text, FTFY_CONFIG), path.name


_ALPHABET = st.sampled_from(
    list("aZ09 .,-&;#\n\t<>\r")
    + list("’‘“”–—…•·©®°«»éÃÂâ€™šž\x85\x93\xa0\u200bРСВГПрст中文ﬁＡ\u3000\ufffd")
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fix_text_equals_ftfy_on_random_text(text):
    assert fix_text(text) == ftfy.fix_text(text, FTFY_CONFIG)


def test_width_forms_are_kept_and_the_ideographic_space_is_a_space():
    # Chinese and Japanese write their punctuation full width: the text, not damage
    assert repair_text("意义，因为（可微）！") == "意义，因为（可微）！"
    assert repair_text("中文\u3000日本語") == "中文 日本語"


def test_clean_line_removes_invisibles_and_spaces():
    assert clean_line("  a\u00a0b\u200b c\u2007 d\u00ad  ") == "a b c d"
    # joiners stay between letters (Persian ZWNJ), go elsewhere
    assert clean_line("می\u200cخواهم \u200c") == "می\u200cخواهم"


def test_normalize_lines_keeps_line_numbers():
    assert normalize_lines("a\n\n  b  \n") == ["a", "", "b", ""]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("ab1 .\n\u00ad\u200b\u200c\u200d\u200e\ufeffم")), max_size=40))
def test_invisibles_dropped_line_by_line_as_from_the_whole_text(chars):
    from cleaner.normalize import _INVISIBLE, _drop_invisibles

    text = "".join(chars)
    assert _drop_invisibles(text) == _INVISIBLE.sub("", text)


def _lines_bad(text: str) -> bool:
    lines = text.split("\n")
    return any(is_bad(line + "\n") for line in lines[:-1]) or is_bad(lines[-1])


@pytest.mark.parametrize("context", ["a", "Ab ", " ", "x.", "0,", "\n", "b\nc", "aa aa", "?!"])
def test_lone_mojibake_character_among_ascii_judged_as_ftfy_does(context):
    """The shortcut for one bullet or curly quote among ASCII answers as is_bad would."""
    for char in mojibake_chars():
        for text in (char + context, context + char, context + char + context, f"{char} x"):
            assert bool(_mojibake_offsets(text)) == _lines_bad(text), repr(text)


def test_lone_bad_characters_read_from_ftfy_pattern():
    lone = _lone_bad_chars()
    assert lone is not None
    assert {"Â", "Ã", "œ", "\x93"} <= lone
    assert not {"•", "’", "“", "—", "\xa0", "é"} & lone


def _bad_runs(text: str) -> list[int]:
    """The reference: each run of mojibake characters judged by ftfy's pattern on the
    `CONTEXT` characters around it on its line (no match of the pattern reaches further)."""
    found = []
    for m in MOJIBAKE_RUN.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end + 1
        start = max(line_start, m.start() - CONTEXT)
        window = text[start : min(line_end, m.end() + CONTEXT)]
        if is_bad(window if start == line_start else "\x00" + window):
            found.append(m.start())
    return found


@settings(max_examples=1000, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join))
def test_mojibake_offsets_are_the_runs_in_bad_windows(text):
    """Windows cut short, lone characters skipped: the same runs as the plain reading."""
    assert _mojibake_offsets(text) == _bad_runs(text)


_NAMED = st.sampled_from(sorted(mojibake_chars()) + list("aZ0 .,\n\x00"))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_NAMED, max_size=10).map("".join))
def test_shaped_window_is_judged_as_the_window(window):
    """Characters ftfy's pattern cannot tell apart, written as one: the same answer."""
    assert is_bad(window.translate(shape())) == is_bad(window)


def test_shortcuts_left_out_when_ftfy_pattern_cannot_be_read(monkeypatch):
    """A parser that cannot read BADNESS_RE (a newer Python or ftfy) costs speed, not answers."""
    cached = (badness._lone_bad_chars, badness.shape, badness.suspect_runs)
    monkeypatch.setattr(badness, "_parsed_badness", lambda: [])
    for function in cached:
        function.cache_clear()
    try:
        assert badness._lone_bad_chars() is None
        assert badness.shape() is badness.ASCII_SHAPE
        for text in ("• a quote’s run\nÂ here", "cafÃ© crÃ¨me", "œuvre œ.", "x\x93y“z”"):
            assert _mojibake_offsets(text) == _bad_runs(text)
    finally:
        monkeypatch.undo()
        for function in cached:
            function.cache_clear()


def test_printable_text_needs_nothing_from_clean_line_but_its_spaces():
    """`clean_line` answers printable text by its spaces alone: that holds only while
    every character it drops (controls, invisibles) is unprintable. Checked against the
    whole path for every printable code point."""
    whole = normalize_whole_line
    for c in filter(str.isprintable, map(chr, range(0x110000))):
        for text in (f"a{c}b {c}", f" a{c}b  {c} "):
            assert clean_line(text) == whole(text)


def normalize_whole_line(line: str) -> str:
    """`clean_line` without its printable shortcut: invisibles out, controls as spaces."""
    if not line.isascii() and _ANY_INVISIBLE.search(line):
        line = _INVISIBLE.sub("", line)
    return " ".join(_CONTROL.sub(" ", line).split())


def test_uncurl_straightens_the_quote_marks_ftfy_does():
    import sys

    from ftfy.fixes import uncurl_quotes

    from cleaner.normalize import _uncurl

    every = "".join(map(chr, range(sys.maxunicode + 1)))  # each character once
    assert _uncurl(every) == uncurl_quotes(every)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab \n\t\x0c\x0b\r\x1f\x85\u00a0\u200b\u201c&#1;é\u00c3\u00a9", max_size=30)
)
def test_repair_text_replaces_controls_as_one_substitution_would(text):
    from cleaner.normalize import _drop_invisibles, repair_text

    fixed = fix_text(text)
    if _ANY_INVISIBLE.search(fixed):
        fixed = _drop_invisibles(fixed)
    assert repair_text(text) == _CONTROL.sub(" ", fixed)
