"""A dump far larger than any article is read only around its article (`cleaner.window`)."""

from __future__ import annotations

import codecs

from cleaner import clean, window

HEADLINE = "Ferry service to the islands resumes after the winter storms"
ARTICLE = [
    "The ferry to the outer islands sailed again on Tuesday morning, three weeks after the "
    "storms of January tore part of the harbour wall away and flooded the ticket office.",
    "Engineers from the county worked through the weekend to repair the landing ramp, and the "
    "operator said the first crossing carried more than two hundred passengers and their cars.",
    "Shop owners on the largest island said the break had left their shelves half empty, since "
    "most of their goods arrive on the morning boat together with the post and the newspapers.",
    "The operator expects to run the full timetable again from next month, once the second "
    "vessel returns from its repairs at the yard on the mainland, where it has been since autumn.",
]


def _menu(count: int, start: int) -> list[str]:
    """Short lines as a page's menus and footers print them: no prose among them."""
    return [f"Section {n}" if n % 3 else "" for n in range(start, start + count)]


def _huge_dump() -> tuple[str, int]:
    """A dump of about 3 MB: menus, the article, menus again; and the article's first line."""
    above = _menu(160_000, 0)
    article = [HEADLINE, "", "By a staff reporter", ""]
    for paragraph in ARTICLE:
        article += [paragraph, ""]
    below = _menu(160_000, 200_000)
    lines = [*above, *article, *below]
    return "\n".join(lines) + "\n", len(above) + 5  # 1-based: the first paragraph's line


def test_far_from_article_reads_only_the_region_of_a_huge_dump():
    """Megabytes of menus around one article: the article and its headline come out,
    each verdict names the input's own line, and each unread side is one verdict."""
    text, first_line = _huge_dump()
    assert len(text.encode()) > window.MAX_DUMP_BYTES
    doc = clean(text.encode(), kind="text")
    assert doc.text.split("\n\n") == ARTICLE
    assert doc.title == HEADLINE
    kept = [v for v in doc.verdicts if v.action == "keep"]
    assert kept[0].line == first_line and kept[0].text == ARTICLE[0]
    unread = [v for v in doc.verdicts if v.reason == "far-from-article"]
    assert [v.line for v in unread][:1] == [1] and len(unread) == 2
    lines = text.count("\n")
    assert unread[1].line <= lines
    assert doc.removed[0].reason == "far-from-article"


def test_the_window_is_cut_at_line_breaks_and_counts_the_lines_it_leaves():
    text, _ = _huge_dump()
    read = window.focus(text)
    assert isinstance(read.raw, str)
    assert read.raw.endswith("\n") and ARTICLE[-1] in read.raw
    assert len(read.raw) <= window.WINDOW_BYTES
    assert read.lines_before + read.raw.count("\n") + read.lines_after == text.count("\n")
    assert text.split("\n")[read.lines_before] == read.raw.split("\n")[0]


def test_a_dump_under_the_limit_is_read_whole():
    text = "\n\n".join([HEADLINE, *ARTICLE])
    read = window.focus(text)
    assert read.raw is text and read.lines_before == read.lines_after == 0


def test_html_canonical_text_and_utf16_are_never_cut():
    """Their line breaks are not lines of a dump, or not one byte."""
    filler = "\n".join(_menu(400_000, 0))
    html = "<!DOCTYPE html><html><head><title>x</title></head><body>" + filler
    canonical = "---\ntitle: x\n---\n" + filler
    wide = codecs.BOM_UTF16_LE + filler.encode("utf-16-le")
    for raw in (html, canonical, wide):
        assert len(raw) > window.MAX_DUMP_BYTES
        assert window.focus(raw).raw is raw
    assert window.focus(filler, kind="html").raw is filler


def test_a_line_is_never_cut():
    """One line longer than the window (a dump with no line breaks) is read whole."""
    line = " ".join(ARTICLE) * 3000
    assert len(line) > window.MAX_DUMP_BYTES
    assert window.focus(line).raw is line
    read = window.focus("\n".join(_menu(1000, 0)) + "\n" + line + "\n")
    assert read.raw.endswith(line + "\n") and read.lines_after == 0
