"""The front stage: each rendering recognised from its text and read into typed blocks."""

from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import clean, html, render
from cleaner.normalize import single_spaced
from cleaner.render import CODE, DROPPED, HEADING, ITEM, PARAGRAPH, TABLE

PROSE = [
    "The council voted on Monday evening to keep the old library open for another ten "
    "years, after a long campaign by the readers who use its reading room every week.",
    "Its members said the building would need a new roof and better heating before the "
    "winter, and that the money for both would come from the county's repair fund.",
    "The librarian, who has worked there for almost thirty years, said she was relieved "
    "and that the volunteers would hold a small party in the garden on Saturday.",
    "A local historian pointed out that the library had already survived two floods and "
    "a fire, and that the town had nearly sold it once before, in the nineteen sixties.",
]


def _wrap(text: str, width: int = 76, indent: str = "   ") -> str:
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent)


def _kinds(blocks):
    return [(b.kind, b.text) for b in blocks if b.kind != DROPPED]


def _lynx_dump() -> str:
    """A small page as lynx prints it: wrapped at 80 columns, markers, References."""
    menu = ["     * [1]Home", "     * [2]News", "     * [3]Sport", "     * [4]Weather"]
    first = PROSE[0].replace("reading room", "[5]reading room")
    paragraphs = [_wrap(first), *(_wrap(p) for p in PROSE[1:])]
    refs = ["References", "", "   Visible links:"]
    refs += [f"   {n}. https://example.org/page-{n}" for n in range(1, 6)]
    return "\n\n".join(["\n".join(menu), "Library stays open", *paragraphs, "\n".join(refs)])


# --- recognising the rendering -------------------------------------------------


def test_lynx_dump_is_recognised_by_its_markers_and_references():
    assert render.detect(_lynx_dump()) == render.LYNX


def test_markdown_dump_is_recognised_by_its_links_and_headings():
    text = "# A title\n\nSee [the report](https://example.org/r) and [more](/m).\n\n![pic](a.png)\n"
    assert render.detect(text) == render.MARKDOWN


def test_text_node_dump_is_recognised_by_its_missing_blank_lines():
    text = "\n".join(["Home", "News", *PROSE, "said in a", "statement", ", adding"] * 2) + "\n"
    assert render.detect(text) == render.NODES


def test_paragraph_per_line_dump_is_w3m():
    text = "\n\n".join(["Home News Sport", *PROSE, "Contact us"])
    assert render.detect(text) == render.W3M


def test_rendering_is_named_in_the_verdicts_and_can_be_forced():
    doc = clean(_lynx_dump(), kind="text")
    assert doc.verdicts[0].reason == "rendering" and doc.verdicts[0].text == "lynx"
    assert all(v.reason != "rendering" for v in doc.removed)
    forced = clean(_lynx_dump(), kind="text", render_as="w3m")
    assert forced.verdicts[0].text == "w3m"
    with pytest.raises(ValueError, match="render_as"):
        clean("text", render_as="browser")


# --- reflow ------------------------------------------------------------------------


def test_wrapped_paragraphs_are_joined_by_the_dumps_own_width():
    _, blocks = render.read(_lynx_dump())
    paragraphs = [b.text for b in blocks if b.kind == PARAGRAPH]
    for prose in PROSE:
        assert prose in paragraphs


def test_short_lines_are_not_joined():
    verse = "\n".join(["   The rain came down on Sunday", "   and nobody went out", "   at all"])
    text = "\n\n".join([_wrap(p) for p in PROSE] + [verse])
    _, blocks = render.read(text, render.LYNX)
    texts = [b.text for b in blocks]
    assert "The rain came down on Sunday" in texts and "at all" in texts


def test_a_lynx_dump_with_unwrappable_long_lines_is_still_reflowed():
    """Lynx cannot break a long address or a run of CJK text: a few such lines do not
    make its dump read as one paragraph a line."""
    tracker = '   <img src="https://ads.example.org/p?' + "x%3d1%2f" * 60 + '">'
    text = "\n\n".join([tracker, tracker, *(_wrap(p) for p in PROSE)])
    _, blocks = render.read(text, render.LYNX)
    paragraphs = [b.text for b in blocks if b.kind == PARAGRAPH]
    assert all(prose in paragraphs for prose in PROSE)


def test_wrapped_cjk_is_joined_without_a_space():
    """Lynx breaks a run of CJK text where the line is full, inside a word."""
    sentence = "市議会は月曜日、新しい橋が今月末までに開通する予定だと発表し、住民が歓迎した。"
    paragraph = sentence * 2
    first, second = paragraph[:72], paragraph[72:]
    text = "\n\n".join([*(_wrap(p) for p in PROSE), f"   {first}\n   {second}"])
    _, blocks = render.read(text, render.LYNX)
    assert paragraph in [b.text for b in blocks]


def test_a_picture_line_ends_the_paragraph_and_keeps_apart_its_caption():
    """Lynx prints a picture as `[file name]` on the line under a paragraph and its
    caption on the next, with no blank line between: a long file name would read as
    the paragraph's next word, and paragraph, picture and caption as one block."""
    caption = "   The reading room on a quiet afternoon - Photo: Town Archive"
    picture = "   [reading-room-afternoon-photo-by-the-town-archive_lg.jpg]"
    paragraph = _wrap(PROSE[0])
    text = "\n\n".join([f"{paragraph}\n{picture}\n{caption}", *(_wrap(p) for p in PROSE[1:])])
    _, blocks = render.read(text, render.LYNX)
    texts = [b.text for b in blocks]
    assert PROSE[0] in texts
    assert caption.strip() in texts


def test_wrap_width_is_none_for_one_paragraph_a_line():
    assert render.wrap_width([*PROSE, "Home", "News"]) is None
    assert render.wrap_width(_wrap(" ".join(PROSE)).split("\n")) in range(70, 77)


def test_lynx_list_items_are_items_with_their_continuation_lines():
    text = "\n".join(
        [
            "     * [1]Rye bread sells better than the bakery had expected in the first",
            "       month",
            "     * [2]Baguettes",
        ]
    )
    _, blocks = render.read(text + "\n\n" + "\n\n".join(_wrap(p) for p in PROSE), render.LYNX)
    items = [b.text for b in blocks if b.kind == ITEM]
    assert items == [
        "Rye bread sells better than the bakery had expected in the first month",
        "Baguettes",
    ]


def test_a_line_set_deeper_than_a_wrapped_paragraph_does_not_go_on_with_it():
    """A teaser's headline that fills its line, then the next teaser's link indented
    under it with no blank line between: two blocks, not one headline run into the next."""
    text = "\n".join(
        [
            "The harbour board opens its new ferry terminal to walkers and cyclists on",
            "            [7]Parish council votes to keep the old library open for another year",
        ]
    )
    _, blocks = render.read("\n\n".join([*(_wrap(p) for p in PROSE), text]), render.LYNX)
    texts = [b.text for b in blocks]
    assert "The harbour board opens its new ferry terminal to walkers and cyclists on" in texts
    assert "Parish council votes to keep the old library open for another year" in texts


def test_a_numbered_item_and_an_indented_first_line_keep_their_wrapped_lines():
    """A numbered item's wrapped lines start under its text, deeper than its number; a
    paragraph's first line may be indented deeper than the lines that go on with it."""
    text = "\n".join(
        [
            "    1. The committee met on Thursday and agreed that the new timetable should",
            "       start in the spring, once the drivers have been trained on the route.",
            "",
            "      The bakery on the corner has sold the same rye loaf since nineteen sixty",
            "   and its owners say they have no plans to change the recipe any time soon.",
        ]
    )
    _, blocks = render.read("\n\n".join([*(_wrap(p) for p in PROSE), text]), render.LYNX)
    texts = [b.text for b in blocks]
    assert (
        "1. The committee met on Thursday and agreed that the new timetable should start in "
        "the spring, once the drivers have been trained on the route." in texts
    )
    bakery = [t for t in texts if t.startswith("The bakery on the corner")]
    assert bakery and bakery[0].endswith("any time soon.")


def test_a_wrapped_line_starting_with_the_word_o_is_no_lynx_item():
    """Portuguese "o" (the), Spanish and Italian "o" (or) may start a wrapped line at the
    paragraph's indent; lynx prints its "o" marker deeper, in nested lists."""
    text = "\n".join(
        [
            "   O prefeito disse na manhã desta segunda-feira que a ponte nova será aberta",
            "   o quanto antes, e que a obra deve começar em março, se a verba chegar.",
            "",
            "     * Mercado",
            "          + Feira",
            "               o Bancas de peixe",
        ]
    )
    _, blocks = render.read(text + "\n\n" + "\n\n".join(_wrap(p) for p in PROSE), render.LYNX)
    texts = [(b.kind, b.text) for b in blocks]
    assert texts[0][1].endswith(
        "aberta o quanto antes, e que a obra deve começar em março, se a verba chegar."
    )
    assert (ITEM, "Bancas de peixe") in texts


# --- link machinery ----------------------------------------------------------------------


def test_lynx_markers_and_references_go():
    _, blocks = render.read(_lynx_dump())
    text = "\n".join(b.text for b in blocks if b.kind != DROPPED)
    assert not re.search(r"\[\d+\]", text)
    assert "https://example.org" not in text and "Visible links" not in text
    assert any(b.reason == "lynx-references" for b in blocks)


def test_lynx_frames_and_document_links_go_and_form_fields_blank():
    """A frame or a document link alone on its line goes, the first line too; a form
    field's underscores become a space, after that test (a field before a `#` stays)."""
    head = ["#alternate", "   IFRAME: https://example.org/frame", ""]
    form = ["   Search: ____________ Go", "   ____#hashtag here"]
    text = "\n".join([*head, *form]) + "\n\n" + _lynx_dump()
    _, blocks = render.read(text, render.LYNX)
    machinery = [(b.start, b.text) for b in blocks if b.reason == "lynx-machinery"]
    assert machinery == [(0, "#alternate"), (1, "IFRAME: https://example.org/frame")]
    kept = [b.text for b in blocks if b.kind != DROPPED]
    assert kept[:2] == ["Search: Go", "#hashtag here"]


def test_a_citation_printed_by_the_page_stays():
    lines = [f"     * [{n}]Section {n}" for n in range(1, 8)]
    cited = _wrap("The survey found that most readers came on foot [2] and by bus.")
    _, blocks = render.read("\n".join(lines) + "\n\n" + cited, render.LYNX)
    assert any("on foot [2] and" in b.text for b in blocks)


def test_markdown_links_become_their_text_and_pictures_go():
    text = (
        'The [council](https://example.org/council "Council") met in the\n'
        "[old hall](https://example.org/a-very-long-\naddress) on **Monday** and _voted_.\n\n"
        "![A picture of the hall](https://example.org/hall.jpg)\n\n"
        "[![logo](https://example.org/logo.png)](https://example.org/)\n\n"
        "Write to <https://example.org/contact> or see <https://example.org/council>.\n"
    )
    _, blocks = render.read(text, render.MARKDOWN)
    kept = [b.text for b in blocks if b.kind != DROPPED]
    assert kept[0] == "The council met in the old hall on Monday and voted."
    assert kept[1] == "Write to https://example.org/contact or see ."
    joined = "\n".join(kept)
    assert "](" not in joined and "![" not in joined and "logo" not in joined


def test_markdown_link_targets_with_parentheses_and_escapes():
    """A target may hold escaped parentheses and one pair of plain ones; one that is
    never closed is no link, and reading it stays quick however long it is."""
    cases = {
        "See [the map](https://example.org/a\\(b\\)) here.": "See the map here.",
        "See [the film](https://example.org/Film_(1999)) now.": "See the film now.",
        "A [box] [of tools](/t) and [a [nested] one](/n).": "A [box] of tools and a [nested] one.",
    }
    for markdown, text in cases.items():
        assert render.md_inline(markdown) == text
    unclosed = "An [open](https://example.org/" + "very-long-path\\x" * 2000
    assert render.md_inline(unclosed).startswith("An [open](https://example.org/very")


def test_markdown_link_whose_address_held_a_line_break_becomes_its_text():
    """An address with a line break in it is printed with its closing parenthesis
    below a blank line; neither half may survive as link machinery."""
    text = (
        "The ferry left the [harbour](https://example.org/port\\(north\\);\n\n"
        "        ) before the storm reached the coast.\n\n"
        "It came back [two days](https://example.org/days) later.\n"
    )
    _, blocks = render.read(text, render.MARKDOWN)
    kept = [b.text for b in blocks if b.kind != DROPPED]
    assert kept == [
        "The ferry left the harbour",
        "before the storm reached the coast.",
        "It came back two days later.",
    ]
    assert [b.start for b in blocks] == [0, 2, 4]  # lines as printed


def test_markdown_indented_run_is_code_unless_wrapped_as_the_dump_is():
    """Four spaces start code in Markdown, but a converter also indents wrapped prose
    (a quote, a list's second paragraph): the dump's own wrap width tells them apart."""
    body = "\n\n".join(textwrap.fill(p, 70) for p in PROSE[:3])
    quoted = textwrap.indent(textwrap.fill(PROSE[3], 66), "    ")
    code = "    first = load(name)\n    second = first + 1"
    text = f"# The library\n\n{body}\n\n{quoted}\n\n{code}\n\nSee [more](/more).\n"
    _, blocks = render.read(text, render.MARKDOWN)
    kinds = [(b.kind, b.text[:22]) for b in blocks]
    assert (PARAGRAPH, PROSE[3][:22]) in kinds
    assert (CODE, "first = load(name)\nsec") in kinds


def test_markdown_headings_items_and_escapes():
    text = "## The plan\n\n  * first step\n  * second\n    step\n\n1\\. Not a list\\*\n"
    _, blocks = render.read(text, render.MARKDOWN)
    assert _kinds(blocks) == [
        (HEADING, "The plan"),
        (ITEM, "first step"),
        (ITEM, "second step"),
        (PARAGRAPH, "1. Not a list*"),
    ]


def test_markdown_hard_breaks_keep_lines_apart():
    text = "Ann Smith  \n12 High Street  \nOldtown\n"
    _, blocks = render.read(text, render.MARKDOWN)
    assert [b.text for b in blocks] == ["Ann Smith", "12 High Street", "Oldtown"]


# --- text nodes ------------------------------------------------------------------


def test_text_nodes_cut_at_inline_tags_are_joined_into_one_sentence():
    nodes = [
        "Home",
        "News",
        "The mayor said in an interview with",
        "The Evening Post",
        "that the bridge would reopen",
        "in March",
        ".",
        "Weather",
    ]
    _, blocks = render.read("\n".join(nodes), render.NODES)
    assert [b.text for b in blocks] == [
        "Home",
        "News",
        "The mayor said in an interview with The Evening Post that the bridge would reopen "
        "in March.",
        "Weather",
    ]


def test_a_text_node_longer_than_the_wrap_width_is_not_a_wrapped_line():
    """A text-node dump may hold preformatted text wrapped at some width; a node longer
    than that width was not wrapped there, so the next node does not go on it (a page
    in a script without spaces has no word that could have fitted)."""
    lines = [
        "市議会は月曜日、新しい橋が今月末までに開通する予定だと発表し、住民の多くがこれを歓迎した。"
        "これまで住民は通勤のために船を使う必要があり、片道で一時間以上かかることも多かった。",
        "橋の建設には三年かかったと市は説明している。",
        "The council met on Monday evening in the old hall and",
        "voted to open the bridge.",
    ]
    blocks = render._plain_blocks(lines, lines, 56, lynx=False, nodes=True)
    assert [b.text for b in blocks] == [lines[0], lines[1], " ".join(lines[2:])]
    wrapped = render._plain_blocks(lines, lines, 56, lynx=False)  # a wrapped dump's reading
    assert [b.text for b in wrapped] == [lines[0] + lines[1], " ".join(lines[2:])]


def test_a_one_word_label_goes_on_the_sentence_or_link_it_leads_into():
    """A bold lead-in ("Update:") is its own text node; it goes on what it leads into
    when that is a sentence, or one link followed by prose. A label over a list of
    short lines stays a line of its own, so the list keeps its colon line."""
    nodes = [
        "The survey closed in May.",
        "Update:",
        "The results will be published in the autumn, the council said.",
        "Also:",
        "Ten ways to keep a house warm",
        "The council also asked people to check on their neighbours during the cold spell.",
        "Ingredients:",
        "2 cups flour",
        "1 egg",
    ]
    pieces = [render.Block(render.PARAGRAPH, text, i, i + 1) for i, text in enumerate(nodes)]
    assert [b.text for b in render.join_fragments(pieces)] == [
        "The survey closed in May.",
        "Update: The results will be published in the autumn, the council said.",
        "Also: Ten ways to keep a house warm",
        nodes[5],
        *nodes[6:],
    ]


def test_a_finished_sentence_or_a_colon_line_is_not_joined():
    nodes = ["It rained all week.", "the end", "Tour dates:", "June 9 -- Oldtown"]
    _, blocks = render.read("\n".join(nodes), render.NODES)
    assert [b.text for b in blocks][2:] == ["Tour dates:", "June 9 -- Oldtown"]


# --- code and tables in dumps ---------------------------------------------------------

CODE_SAMPLES = {
    "python": """\
def mean(values):
    if not values:
        return 0.0
    return sum(values) / len(values)
""",
    "c": """\
static int clamp(int x, int lo, int hi) {
    if (x < lo) return lo;
    return x > hi ? hi : x;
}
""",
    "shell": """\
$ mkdir -p build && cd build
$ cmake .. -DCMAKE_BUILD_TYPE=Release
$ make -j4
""",
    "terminal session": """\
$ ./configure --prefix=/opt/tool
checking for a C compiler... found
checking whether the compiler works... yes
creating Makefile
$ make install
installed 3 files into /opt/tool
""",
    "object literal": """\
options = Object.assign({
  "mode": "cors",
  "cache": settings.cache || "default",
  "timeout": 3000,
});
""",
    "object with plain keys": """\
const request = build("/upload", {
  verb: "PUT",
  retries: {
    "max-tries": 3,
  },
  label: "photo upload"
});
""",
    "statements with comments": """\
console.info(queue.size()); // 0
queue.push("first job"); // one waiting
console.info(queue.peek()); // "first job"
""",
    "diff": """\
--- a/greet.py
+++ b/greet.py
@@ -1,2 +1,2 @@
-print("hello")
+print("hello, world")
""",
}


@pytest.mark.parametrize("language", sorted(CODE_SAMPLES))
def test_code_reads_as_code(language):
    assert render.looks_like_code(CODE_SAMPLES[language].splitlines())


def test_prose_and_menus_do_not_read_as_code():
    assert not render.looks_like_code(PROSE)
    assert not render.looks_like_code(["Home", "News", "Sport", "Contact us"])
    assert not render.looks_like_code(["- Bread", "- Butter", "- Milk"])
    quoted = ['"Home": the word she wrote first, then crossed out,', '"Away": the other one,']
    assert not render.looks_like_code(quoted)
    prices = ["$ 40 for the pair, or two pairs for $ 70", "Free returns within a month"]
    assert not render.looks_like_code(prices)  # a price is not a prompt
    told = ["$ make all", "and she said she would never type it again, and meant it, all of it."]
    assert not render.looks_like_code(told)  # a session prints no sentences of prose
    # French sets a space before a list item's semicolon; a statement ends on its last character
    missions = ["  • tenir le registre des adhérents ;", "  • préparer la fête de juin ;"]
    assert not render.looks_like_code(missions)
    assert render.looks_like_code(["total = price * 2;", "print(total);"])


def test_code_line_patterns_are_tried_on_every_line_they_can_match():
    """`_code_line` tries its start patterns only on lines whose first character one of
    their alternatives starts with: those characters must cover every alternative."""
    words = re.fullmatch(r"\^\\s\*\(\?:(.*)\)\\b", render._CODE_START.pattern)
    assert words is not None
    assert {word[:2] for word in words.group(1).split("|")} <= render._CODE_START_LEADS
    for line in ["$ ls", ">>> x", "# note", "// c", "/* c", "*/", "@@ -1 +1 @@", "+++ b/x",
                 "--- a/x", "diff --git a b", "+ added", '"key": "value",']:  # fmt: skip
        assert render._CODE_MARK.match(line) and line[0] in render._CODE_MARK_LEADS


def _dump_with(snippet: str) -> str:
    parts = ["Home\nNews\nSport", *PROSE[:2], snippet.rstrip("\n"), *PROSE[2:], "Contact us"]
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("language", sorted(CODE_SAMPLES))
def test_code_in_a_dump_is_one_fenced_block_kept_whole(language):
    snippet = CODE_SAMPLES[language]
    doc = clean(_dump_with(textwrap.indent(snippet, "    ")), kind="text")
    fenced = "```\n" + snippet.rstrip("\n") + "\n```"
    assert fenced in doc.text  # indentation as printed, the dump's margin off
    assert doc.text.count("```") == 2
    assert PROSE[0] in doc.text and PROSE[3] in doc.text
    assert "Contact us" not in doc.text


def test_the_sentence_printed_right_above_code_stays_prose():
    """lynx prints a `<pre>` under its paragraph with no blank line between: the
    paragraph is read as prose, the code under it as code."""
    lead = (
        "   Before anything is sent, it is worth checking what the queue holds, so the\n"
        "   script asks it for its size and then for the first job waiting in it:"
    )
    snippet = CODE_SAMPLES["statements with comments"]
    doc = clean(_dump_with(lead + "\n" + snippet), kind="text")
    assert "```\n" + snippet.rstrip("\n") + "\n```" in doc.text
    assert "for the first job waiting in it:\n\n```" in doc.text


def test_code_outside_the_article_goes_whole():
    dump = "\n\n".join([*PROSE, "Contact us\nNewsletter", CODE_SAMPLES["shell"], "About"])
    doc = clean(dump, kind="text")
    assert "cmake" not in doc.text
    assert any(v.reason == "outside-article" and "cmake" in v.text for v in doc.removed)


TABLE_DUMP = "\n\n".join(
    [
        "Home\nNews\nSport",
        PROSE[0],
        "Branch        Visitors   Loans\nOldtown       1200       3400\n"
        "Riverside     800        2100\nHill Street   450        900",
        PROSE[1],
        PROSE[2],
        "Contact us",
    ]
)


def test_aligned_columns_are_one_table_block():
    _, blocks = render.read(TABLE_DUMP)
    (table,) = [b for b in blocks if b.kind == TABLE]
    assert table.text.split("\n") == [
        "| Branch | Visitors | Loans |",
        "|---|---|---|",
        "| Oldtown | 1200 | 3400 |",
        "| Riverside | 800 | 2100 |",
        "| Hill Street | 450 | 900 |",
    ]


def test_a_dump_with_a_table(text_snapshot):
    doc = clean(TABLE_DUMP, kind="text")
    assert "| Riverside | 800 | 2100 |" in doc.text
    assert doc.to_canonical() == text_snapshot


def test_a_table_the_article_ends_on_stays_under_its_heading():
    table = "\n".join(
        [
            "Branch        Visitors   Loans",
            "Oldtown       1200       3400",
            "Riverside     800        2100",
        ]
    )
    ends_on = clean("\n\n".join([*PROSE, "Figures for the year", table]), kind="text")
    assert "| Riverside | 800 | 2100 |" in ends_on.text
    assert "Figures for the year" in ends_on.text  # its heading stays with it
    # a heading of two short lines, which the classifier reads as a run of them
    two = clean("\n\n".join([*PROSE, "Opening hours", "Main office", table]), kind="text")
    assert "Opening hours\n\nMain office\n\n| Branch |" in two.text
    # far under the article, past a list of links, a table is the page's, not the article's
    links = "\n".join(f"  • Branch news {n}" for n in range(6))
    far = clean("\n\n".join([*PROSE, links, table, "Contact us"]), kind="text")
    assert "Riverside" not in far.text


def test_prose_lines_are_no_table():
    assert render.aligned_table(PROSE) is None
    assert render.aligned_table(["Home  News", "A sentence that runs on and on."]) is None


# --- canonical text ---------------------------------------------------------------------

CANONICAL_BODY = """\
The report opens with a summary.

- first finding
- second finding

| Year | Loans |
|---|---|
| 2023 | 3,400 |
| 2024 | 3,900 |

````
Some code that prints a fence:
    print("```")

    return
````

It closes with thanks."""


def test_canonical_body_is_read_as_written():
    blocks = render.read_canonical(CANONICAL_BODY)
    assert [b.kind for b in blocks] == [PARAGRAPH, ITEM, ITEM, TABLE, CODE, PARAGRAPH]
    assert blocks[4].text == 'Some code that prints a fence:\n    print("```")\n\n    return'
    assert render.write(blocks) == CANONICAL_BODY


def test_canonical_fences_and_tables_are_a_fixed_point():
    canonical = "---\ntitle: A report\n---\n" + CANONICAL_BODY + "\n"
    assert clean(canonical).to_canonical() == canonical


@pytest.mark.parametrize("dump", [_dump_with(textwrap.indent(CODE_SAMPLES["c"], "  ")), TABLE_DUMP])
def test_outputs_with_code_and_tables_are_fixed_points(dump):
    canonical = clean(dump, kind="text").to_canonical()
    assert "```" in canonical or "|---|" in canonical
    assert clean(canonical).to_canonical() == canonical


def test_fence_grows_past_the_code_it_holds():
    assert render.fence_for("x = 1") == "```"
    assert render.fence_for("print(1)\n```\nmore") == "````"


def test_code_keeps_trailing_spaces_out_and_no_break_spaces_as_spaces():
    blocks = render.read_canonical("```\nif x:\u00a0  \n\u00a0   y()\n```")
    assert blocks[0].text == "if x:\n    y()"


# --- the HTML extract -------------------------------------------------------------------

HTML_EXTRACT = """\
How the library counts its loans

Every loan is written to a log file, and a short script adds them up each night.

```python
for row in rows:
    total += row.loans

print(total)
```

| Branch | Loans |
|---|---|
| Oldtown | 3400 |
| Riverside | 2100 |

- the script runs at midnight
- the log is kept for a year"""


def test_html_extract_keeps_fences_and_tables(monkeypatch):
    def fake_extract(page, url=None, rules=None):
        return html.Extracted(text=HTML_EXTRACT, title="Loans", author=None, lang="en")

    monkeypatch.setattr(html, "extract", fake_extract)
    doc = clean("<html><body><p>a page</p></body></html>", kind="html")
    assert "```\nfor row in rows:\n    total += row.loans\n\nprint(total)\n```" in doc.text
    assert "| Branch | Loans |\n|---|---|\n| Oldtown | 3400 |\n| Riverside | 2100 |" in doc.text
    assert "- the script runs at midnight\n- the log is kept for a year" in doc.text
    assert clean(doc.to_canonical()).to_canonical() == doc.to_canonical()


def test_explain_names_the_rendering_and_can_force_it(tmp_path):
    from click.testing import CliRunner

    from cleaner.cli import main

    path = tmp_path / "page.txt"
    path.write_text(_lynx_dump(), encoding="utf-8")
    found = CliRunner().invoke(main, ["explain", str(path)])
    assert found.exit_code == 0, found.output
    assert re.search(r"^\s*0 meta\s+rendering\s+lynx$", found.output, re.M)
    forced = CliRunner().invoke(main, ["explain", "--render", "w3m", str(path)])
    assert re.search(r"^\s*0 meta\s+rendering\s+w3m$", forced.output, re.M)


def test_a_markdown_table_of_separator_rows_alone_is_dropped_not_a_crash():
    """A table printed with no cells (its rows were pictures, say) leaves only `|---|`
    lines: link-free layout, dropped as a rule line, and the text around it stays."""
    text = "A short note about the weather in the valley this week.\n\n|---|---|\n|---|---|\n"
    _, blocks = render.read(text, render.MARKDOWN)
    assert [b.kind for b in blocks] == [PARAGRAPH, DROPPED]
    assert clean(text, render_as="markdown").text.startswith("A short note")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\u00a0\u2028\u3000\x1cab.’\u00ad", max_size=12))
def test_single_spaced_equals_split_and_join(line):
    assert single_spaced(line) == " ".join(line.split())


def test_a_menu_column_beside_the_text_comes_off_its_lines():
    para = (
        "The mill was built in 1732 by the miller of the village, at the lower end of the "
        "valley where the brook leaves the meadows, and it ran on an overshot wheel."
    )
    more = (
        "Farmers from the village and the hamlets around brought their grain here until the "
        "end of the century, when a storm took the roof and the wheel stood still."
    )
    dump = "\n".join(
        [
            "Home          The mill on the brook",
            "History",
            f"Photos        {para}",
            "Guestbook",
            f"Contact       {more}",
            "",
            f"              {para[:40]}.",
        ]
    )
    blocks = render.read(dump, "w3m")[1]
    dropped = [b.text for b in blocks if b.kind == DROPPED]
    assert dropped == ["Home", "History", "Photos", "Guestbook", "Contact"]
    assert [b.text for b in blocks if b.kind != DROPPED][:3] == [
        "The mill on the brook",
        para,
        more,
    ]
    # a table's rows: each key beside its own text, no key on a line of its own
    rows = "\n".join(f"Setting {n}     {para}" for n in range(4))
    assert not [b for b in render.read(rows, "w3m")[1] if b.kind == DROPPED]
