"""Code and tables in the HTML path's text: kept as blocks, in canonical body syntax."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaner import clean
from cleaner.html import extract
from cleaner.htmlblocks import mark_pre

INTRO = (
    "<p>The loader reads the settings file once at start-up and keeps the values in memory, "
    "so a change on disk takes effect only after the service is restarted by its operator.</p>"
)
OUTRO = (
    "<p>Operators who need a faster cycle can send the service a signal instead, which makes it "
    "read the file again without dropping the connections that are already open at the time.</p>"
)
CODE = "def load(path):\n    with open(path) as handle:\n\n        return parse(handle)\n"


def page(middle: str) -> str:
    article = f"<h1>Reading settings</h1>{INTRO}{middle}{OUTRO}"
    return f"<html><body><article>{article}</article></body></html>"


def lines(html: str) -> list[str]:
    return extract(html).text.split("\n")


def test_pre_is_one_fenced_block_with_indentation_and_inner_blank_lines():
    out = lines(page(f"<pre><code>{CODE}</code></pre>"))
    start = out.index("```")
    assert out[start : start + 6] == ["```", *CODE.rstrip("\n").split("\n"), "```"]


def test_pre_text_comes_from_the_page_even_with_markup_and_breaks_inside():
    pre = "<pre><span class='k'>def</span> load(path):<br>    return parse(path)</pre>"
    out = lines(page(pre))
    start = out.index("```")
    assert out[start : start + 4] == ["```", "def load(path):", "    return parse(path)", "```"]


def test_code_holding_backticks_gets_a_longer_fence():
    out = lines(page("<pre>echo ```quoted```\nexit 0\nend</pre>"))
    assert "````" in out
    assert "```" not in out


def test_inline_code_stays_inline_without_backticks():
    paragraph = (
        "<p>Call <code>load()</code> with the path of the file; the function returns a mapping "
        "from each key to its value, and raises an error when the file cannot be read.</p>"
    )
    out = extract(page(paragraph)).text
    assert "Call load() with the path" in out
    assert "`" not in out


def test_table_is_header_separator_and_contiguous_rows():
    table = (
        "<table><tr><th>Key</th><th>Meaning</th></tr>"
        "<tr><td>port</td><td>where the service listens</td></tr>"
        "<tr><td>workers</td><td>how many requests run at once</td></tr></table>"
    )
    out = lines(page(table))
    start = out.index("| Key | Meaning |")
    assert out[start : start + 4] == [
        "| Key | Meaning |",
        "|---|---|",
        "| port | where the service listens |",
        "| workers | how many requests run at once |",
    ]


def test_table_without_header_cells_takes_its_first_row_as_header():
    table = "<table><tr><td>port</td><td>8080</td></tr><tr><td>workers</td><td>4</td></tr></table>"
    out = lines(page(table))
    start = out.index("| port | 8080 |")
    assert out[start + 1 : start + 3] == ["|---|---|", "| workers | 4 |"]


def test_layout_table_of_one_column_is_not_a_table():
    layout = f"<table><tr><td>{INTRO}{OUTRO}</td></tr></table>"
    html = f"<html><body><h1>Reading settings</h1>{layout}</body></html>"
    assert not any(line.startswith("|") for line in lines(html))


def test_layout_table_whose_cell_holds_a_section_is_not_a_table():
    """A page laid out in a table: a menu cell beside a cell holding the article's
    paragraphs. Its paragraphs stay paragraphs, not one long cell of a row."""
    menu = "<td><a href='/'>Front page</a><br><a href='/news'>News</a></td>"
    layout = f"<table><tr>{menu}<td><h2>Reading settings</h2>{INTRO}{OUTRO}</td></tr></table>"
    out = lines(f"<html><body>{layout}</body></html>")
    assert not any(line.startswith("|") for line in out)
    assert INTRO[3:-4] in out and OUTRO[3:-4] in out


def test_a_data_table_with_a_paragraph_in_a_cell_stays_a_table():
    table = (
        "<table><tr><th>Key</th><th>Meaning</th></tr>"
        "<tr><td>port</td><td><p>where the service listens</p></td></tr></table>"
    )
    assert "| port | where the service listens |" in lines(page(table))


def test_mark_pre_reads_the_page_text_and_marks_both_ends():
    tree = LexborHTMLParser("<body><pre>  one<br>  two\n\n  three</pre><p>after</p></body>")
    assert mark_pre(tree.body) == ["  one\n  two\n\n  three"]
    marked = tree.body.css_first("pre").text()
    assert marked.split("\n")[0] != "  one" and marked.split("\n")[-1] != "  three"


def test_pre_inside_a_table_beside_line_numbers_is_one_block():
    listing = f"<table><tr><td><pre>1\n2\n3</pre></td><td><pre>{CODE}</pre></td></tr></table>"
    out = lines(page(listing))
    start = out.index("def load(path):")
    assert out[start - 1] == "```"
    assert out[start : start + 4] == CODE.rstrip("\n").split("\n")


def test_pre_lines_of_pipes_alone_are_kept():
    graph = "o  5 (bob)\n|\n| @  4 (alice)\n|/\no  3"
    out = lines(page(f"<pre>{graph}</pre>"))
    start = out.index("o  5 (bob)")
    assert out[start : start + 5] == graph.split("\n")


def test_an_html_page_with_a_table_and_code(text_snapshot):
    """End to end through clean(): the table is one block of contiguous rows, the code one
    fenced block with its indentation and inner blank line, the menu and footer gone."""
    page = """<html><head><title>Tide tables for the harbour</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About us</a></nav>
<article><h1>Tide tables for the harbour</h1>
<p>The harbour office publishes the week's tides every Monday, and the skippers who use
the slipway at low water are asked to check the table before they set out.</p>
<table><tr><th>Day</th><th>High water</th><th>Low water</th></tr>
<tr><td>Monday</td><td>06:12</td><td>12:30</td></tr>
<tr><td>Tuesday</td><td>06:58</td><td>13:15</td></tr>
<tr><td>Wednesday</td><td>07:41</td><td>13:59</td></tr></table>
<p>The office also offers the same figures to programs, which can read them with a short
script such as the one below, run once a day by most of the clubs on the estuary.</p>
<pre>def next_high(tides, now):
    for tide in tides:

        if tide.kind == "high" and tide.time > now:
            return tide</pre>
<p>Questions about the tables go to the harbour master, who answers them on weekdays
between nine in the morning and five in the afternoon, except on public holidays.</p>
</article>
<footer><p>Copyright 2026 Harbour Office. All rights reserved.</p></footer>
</body></html>"""
    doc = clean(page, kind="html")
    assert "| Monday | 06:12 | 12:30 |\n| Tuesday" in doc.text
    assert "    for tide in tides:\n\n        if tide.kind" in doc.text
    assert clean(doc.to_canonical()).to_canonical() == doc.to_canonical()
    assert doc.to_canonical() == text_snapshot
