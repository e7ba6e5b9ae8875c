"""Choosing between the precise and the full extraction: each signal and threshold."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaner import choose
from cleaner.choose import Evidence

# Three paragraphs of invented prose, each well over MIN_PARAGRAPH.
FIRST = "The ferry to the island runs twice a day in winter and every hour in summer."
SECOND = "Tickets are sold at the harbour office, which opens half an hour before sailing."
THIRD = "Cyclists may take their bicycles on board for a small fee paid at the gangway."


def evidence(main: tuple[str, ...], prose: tuple[str, ...] | None = None) -> Evidence:
    squashed = tuple(choose.squash(p) for p in main)
    return Evidence(main=squashed, prose=squashed if prose is None else prose)


def test_squash_makes_comparison_blind_to_spacing():
    assert choose.squash(" a  b\n\tc ") == "abc"
    assert choose.coverage("The  ferry\nto the island", [choose.squash("The ferry to the")]) == 1.0


def test_coverage_is_the_share_of_paragraph_text_found_whole():
    paragraphs = [choose.squash(FIRST), choose.squash(SECOND)]
    assert choose.coverage(FIRST, paragraphs) == len(paragraphs[0]) / sum(map(len, paragraphs))
    assert choose.coverage(FIRST + "\n" + SECOND, paragraphs) == 1.0
    assert choose.coverage("", paragraphs) == 0.0
    assert choose.coverage("anything", []) == 1.0  # no evidence: nothing missed


def test_link_share_separates_navigation_from_prose():
    tree = LexborHTMLParser(
        "<body><p id=nav><a href=/a>Home page</a> <a href=/b>Archive</a></p>"
        f"<p id=prose>{FIRST} <a href=/c>map</a></p></body>"
    )
    assert choose.link_share(tree.css_first("#nav")) >= choose.MAX_LINK_SHARE
    assert choose.link_share(tree.css_first("#prose")) < choose.MAX_LINK_SHARE


def test_gather_reads_main_paragraphs_and_prose_without_links_or_labels():
    tree = LexborHTMLParser(
        f"<body><div id=main><p>{FIRST}</p><p>{SECOND}</p><p>Short label</p></div>"
        f"<div><p>{THIRD}</p>"
        "<p><a href=/x>Link text only, a long menu entry</a></p></div></body>"
    )
    found = choose.gather(tree.body, tree.css_first("#main"))
    assert found.main == (choose.squash(FIRST), choose.squash(SECOND))
    assert found.prose == (choose.squash(FIRST), choose.squash(SECOND), choose.squash(THIRD))


def test_a_main_block_of_link_text_is_no_evidence_of_missed_text():
    names = " ".join(f"<a href=/u{i}>reader{i}</a>," for i in range(40))
    tree = LexborHTMLParser(
        f"<body><div id=story><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p></div>"
        f"<div id=kudos><p>{names} and 12 more readers left kudos on this work.</p></div></body>"
    )
    found = choose.gather(tree.body, tree.css_first("#kudos"))
    assert found.main == ()
    assert found.prose == tuple(choose.squash(p) for p in (FIRST, SECOND, THIRD))


def test_full_extraction_runs_only_when_the_precise_one_missed_text():
    article = (FIRST, SECOND, THIRD, FIRST + " Again.", SECOND + " Again.")
    whole = "\n".join(article)
    assert not choose.needs_full(whole, evidence(article))
    assert choose.needs_full(FIRST, evidence(article))  # too short to be an article
    most = "\n".join(article[:3])
    assert choose.needs_full(most + "\n" + "Other words. " * 30, evidence(article))


def test_prose_outside_a_main_block_held_whole_calls_for_no_full_extraction():
    """Holding the main block whole, the precise text has found the article: prose elsewhere
    (other stories, comments) is no sign of missed text. Holding most of it, it still is."""
    article = (FIRST, SECOND, THIRD, FIRST + " Again.", SECOND + " Again.")
    others = tuple(choose.squash(f"{p} Elsewhere {n}.") for n in range(4) for p in article)
    prose = tuple(choose.squash(p) for p in article) + others
    whole = "\n".join(article)
    assert not choose.needs_full(whole, evidence(article, prose))
    most = "\n".join(article[:4])
    assert choose.needs_full(most, evidence(article, prose))


def test_full_wins_with_more_of_the_main_text_and_loses_when_bloated():
    article = (FIRST, SECOND, THIRD, FIRST + " Again.", SECOND + " Again.", THIRD + " Again.")
    precise = "\n".join(article[:2]) + "\n" + "Other words. " * 30
    full = "\n".join(article) + "\n" + "Other words. " * 30
    assert choose.prefer_full(precise, full, evidence(article))
    bloated = full + "\n" + "Teaser of another story. " * 400
    assert not choose.prefer_full(precise, bloated, evidence(article))
    # no gain on either yardstick: the precise extraction stays
    assert not choose.prefer_full(full, full + " More.", evidence(article))


def test_an_empty_precise_extraction_gives_way_to_any_text():
    assert choose.prefer_full("", FIRST, evidence(()))
    assert not choose.prefer_full("", "", evidence(()))


def test_text_blocks_count_leaf_divs_that_hold_paragraph_text():
    # Forums and older sites write paragraphs as <div>s with <br>s instead of <p>s.
    tree = LexborHTMLParser(
        f"<body><div id=post>{FIRST}<br>{SECOND}</div>"
        f"<div id=wrapper>short<div id=inner><p>{THIRD}</p></div></div></body>"
    )
    blocks = {node.attributes.get("id") or node.tag for node in choose.text_blocks(tree.body)}
    assert blocks == {"post", "p"}  # the wrapper holds blocks of its own; its text is theirs


def test_a_short_chinese_article_is_long_enough_to_stand_alone():
    chinese = "春节临近，返乡和出游的人数明显增加。" * 6  # 108 characters, about 300 in Latin
    assert choose.article_size(chinese) >= choose.MIN_ARTICLE
    assert choose.article_size("A short note of some forty characters.") < choose.MIN_ARTICLE
    assert not choose.needs_full(chinese, choose.Evidence(main=(), prose=()))
