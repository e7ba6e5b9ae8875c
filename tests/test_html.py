"""The HTML path: pruning by rule with guards, metadata, and pages that would break a parser."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser

from cleaner import CleanerError, RuleSet, clean
from cleaner.cli import main
from cleaner.prune import _Possible, login_boxes, main_block, prune, unwrap_chunks
from cleaner.rules import default_ruleset

PARAGRAPHS = [
    "Schools across the region were closed on Monday as the storm brought heavy snow and high "
    "winds, and the authorities asked people to stay at home until the roads could be cleared.",
    "The weather service said that the worst of the storm would pass by the evening, but warned "
    "that the temperatures would stay well below freezing for the rest of the week.",
    "Parents were told that the schools would open again on Wednesday if the roads were safe, "
    "and that lessons missed would be made up at the end of the term.",
]
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def page(article: str = BODY, extra: str = "", head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>{head}"
        "<title>Storm closes schools | Example News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Storm closes schools</h1>{article}</article>{extra}"
        "<footer>© 2024 Example News</footer></body></html>"
    )


def test_article_kept_boilerplate_pruned_and_explained():
    extra = (
        "<div class='newsletter-box'><p>Sign up for our morning briefing today</p></div>"
        "<div class='related-stories'><a href='/a'>Floods hit the coast again</a></div>"
    )
    doc = clean(page(extra=extra), kind="html")
    assert doc.text.split("\n\n") == PARAGRAPHS
    removed = {v.reason: v.text for v in doc.removed if v.line == 0}
    assert "morning briefing" in removed["generic-html.newsletter"]
    assert "Floods hit" in removed["generic-html.related"]
    assert "Home" in removed["generic-html.navigation"]


def test_metadata_read_from_the_whole_page():
    head = (
        "<meta property='og:title' content='Storm closes schools'>"
        "<meta name='author' content='Ann Lee'>"
        "<meta property='article:published_time' content='2024-03-03T08:00:00Z'>"
    )
    doc = clean(page(head=head), kind="html")
    assert (doc.title, doc.author, doc.lang) == ("Storm closes schools", "Ann Lee", "en")
    assert doc.date == "2024-03-03"
    assert "Storm closes schools" not in doc.text


def test_author_from_json_ld_when_no_meta_tag():
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ann  Lee"},'
        '{"@type": "Organization", "name": "Example News"}]}]}</script>'
    )
    assert clean(page(head=ld), kind="html").author == "Ann Lee"


def test_guessing_rules_never_remove_the_article_itself():
    # Class names that the vocabulary matches, on the article's own wrappers.
    wrapped = f"<div class='share-story-container'><div class='promo-body'>{BODY}</div></div>"
    doc = clean(page(article=wrapped), kind="html")
    assert doc.text.split("\n\n") == PARAGRAPHS


def test_form_wrapping_the_whole_page_is_not_removed():
    html = (
        page()
        .replace("<body>", "<body><form id='aspnetForm'>")
        .replace("</body>", "</form></body>")
    )
    assert clean(html, kind="html").text.split("\n\n") == PARAGRAPHS


def test_article_cut_into_chunks_is_unwrapped_in_order():
    chunk = "<div class='grid'><div class='article-body'><p>{}</p></div></div>"
    chunks = "<h2>Between</h2>".join(chunk.format(p) for p in PARAGRAPHS)
    tree = LexborHTMLParser(page(article=chunks))
    main = unwrap_chunks(tree.body, main_block(tree.body))
    assert tree.css("div.article-body") == []
    assert [p.text() for p in main.css("p")] == PARAGRAPHS
    assert main.css_first("h2") is not None
    assert clean(page(article=chunks), kind="html").text.count("\n\n") >= 2


#: A thread's posts as a forum prints them: one `<article>` each, the text in a div.
POSTS = [
    "Since the heat wave last week the leaves on my tomato plants curl upwards and look "
    "leathery, although the raised beds are watered every single morning. Should I worry?",
    "That sounds like leaf roll to me: the plants lose more water through their leaves than "
    "the roots can take up, which is common after a few hot days, and the fruit is fine.",
    "Thanks, that is reassuring. I will keep the watering regular and mulch the beds, as "
    "you suggest, and see how the plants look once the weather has cooled down again.",
]


def _thread_page(post: Callable[[int, str], str]) -> str:
    """A forum thread's page: a sign-up notice (a <p>), the headline, then each of the
    POSTS as `post` writes it from its number and text."""
    notice = (
        "<div class='login'><p>New here? Registering takes a minute and lets you start "
        "threads of your own, reply to other members and send them private messages.</p></div>"
    )
    posts = "".join(post(n, text) for n, text in enumerate(POSTS))
    return f"<body>{notice}<h1>Tomato leaves curling</h1><div class='thread'>{posts}</div></body>"


def test_a_threads_posts_as_sibling_articles_are_all_kept():
    html = _thread_page(
        lambda n, text: (
            f"<article class='message'><div class='user'>member{n}</div>"
            f"<div class='message-body'>{text}</div></article>"
        )
    )
    doc = clean(html, kind="html")
    assert all(post in doc.text for post in POSTS)


def test_posts_written_without_paragraphs_make_the_main_block():
    html = _thread_page(  # each post's text in a bare <div>, its sentences apart by <br>s
        lambda n, text: (
            f"<div class='post'><div class='who'>member{n}</div>"
            f"<div class='body'>{text.replace('. ', '.<br><br>', 1)}</div></div>"
        )
    )
    tree = LexborHTMLParser(html)
    main = main_block(tree.body)
    assert main is not None and "member1" in main.text() and "Registering" not in main.text()


def test_a_login_box_s_greeting_is_not_the_main_block_and_goes():
    """A guest's greeting over the login form may hold more prose than the first post."""
    greeting = (
        "Guests may read every board of this forum, but only members can start threads, "
        "answer other members, vote in polls and send private messages to each other. "
        "Signing up is free, takes a minute, and members see fewer adverts on every page."
    )
    box = (
        f"<div class='guest'><p>{greeting}</p><form>User <input type='text'> "
        "Password <input type='password'> <button>Log in</button></form></div>"
    )
    post = f"<div class='post'><div class='body'><p>{POSTS[0]}</p></div></div>"
    html = f"<body>{box}<h1>Tomato leaves curling</h1>{post}</body>"
    tree = LexborHTMLParser(html)
    main = main_block(tree.body, login_boxes(tree.body))
    assert main is not None and "leathery" in main.text() and "Guests" not in main.text()
    doc = clean(html, kind="html")
    assert POSTS[0] in doc.text and "Guests may read" not in doc.text
    assert any(r.reason == "login-box" for r in doc.removed)


def test_pack_selectors_remove_and_article_narrows(tmp_path):
    (tmp_path / "site.yaml").write_text(
        textwrap.dedent(
            """\
            pack: site
            description: A test site.
            applies: {hosts: [example.com]}
            rules:
              - id: site.body
                description: The story body.
                article: div.story
              - id: site.box
                description: The fact box.
                remove: div.factbox
            """
        ),
        encoding="utf-8",
    )
    rules = RuleSet.load([tmp_path])
    story = f"<div class='story'>{BODY}<div class='factbox'><p>{'Fact. ' * 150}</p></div></div>"
    html = page(article="<p>Teaser text outside the story body, long enough to count.</p>" + story)
    doc = clean(html, url="https://example.com/a", kind="html", rules=rules)
    assert doc.text.split("\n\n") == PARAGRAPHS
    # A site pack is trusted: its rule removes a block larger than the guards allow.
    assert any(v.reason == "site.box" for v in doc.removed)


MALFORMED = [
    pytest.param("", id="empty"),
    pytest.param("<html></html>", id="empty-html"),
    pytest.param("<html><body><p>Unclosed <b>bold <i>italic <div>" * 50, id="unclosed"),
    pytest.param(page()[: len(page()) // 2], id="truncated"),
    pytest.param("<html><body>" + "<div>" * 10_000 + BODY + "</div>" * 10_000, id="nested-10000"),
    pytest.param("<html><body>" + "<span><div><p>" * 3000 + BODY, id="nested-unclosed"),
    pytest.param(
        "<html><body>" + "<div class='share comment'>word " * 10_000 + "</div>" * 10_000,
        id="nested-boilerplate-10000",
    ),
    pytest.param(
        "<html><body><nav><a href='/'>Home</a></nav><footer>© 2024</footer></body></html>",
        id="only-boilerplate",
    ),
    pytest.param("<html><body><p>\x01\x02 \ufffd \u200b</p><!-- <p>x</body></html>", id="junk"),
    pytest.param("<<<>>><html<body<p>></p><script>while(1){}", id="garbage"),
]


@pytest.mark.parametrize("html", MALFORMED)
def test_broken_html_gives_a_clean_result_or_our_error(html):
    try:
        doc = clean(html, kind="html")
    except CleanerError:
        return
    canonical = doc.to_canonical()
    assert canonical.startswith("---\n") and canonical.endswith("\n")
    assert clean(canonical).to_canonical() == canonical


def test_deep_nesting_keeps_the_text():
    html = "<html><body>" + "<div>" * 10_000 + BODY + "</div>" * 10_000 + "</body></html>"
    assert clean(html, kind="html").text.split("\n\n") == PARAGRAPHS


def test_only_boilerplate_gives_an_empty_body():
    html = "<html><body><nav><a href='/'>Home</a></nav><footer>© 2024</footer></body></html>"
    assert clean(html, kind="html").text == ""


def test_non_utf8_declared_charset():
    html = page(article="<p>Ça coûte 5 € à Noël, dit-il à la presse régionale ce matin.</p>" + BODY)
    raw = html.replace("charset='utf-8'", "charset='windows-1252'").encode("cp1252")
    doc = clean(raw)
    assert doc.text.startswith("Ça coûte 5 € à Noël")


def test_explain_lists_pruned_elements(tmp_path):
    extra = "<div class='newsletter-box'><p>Sign up for our morning briefing today</p></div>"
    (tmp_path / "page.html").write_text(page(extra=extra), encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.output
    assert "generic-html.newsletter" in result.output
    assert "morning briefing" in result.output


def test_sections_of_the_article_are_guarded_from_vocabulary_rules():
    # Documentation generators nest sections with ids made from their headings; a
    # heading about sharing must not lose its section to the share-widget rule.
    sections = "".join(
        f"<div class='section' id='{slug}'><h2>{slug}</h2><p>{text}</p></div>"
        for slug, text in zip(["sharing-the-roads", "closing-schools"], PARAGRAPHS[1:], strict=True)
    )
    article = f"<div class='section' id='storm'><p>{PARAGRAPHS[0]}</p>{sections}</div>"
    tree = LexborHTMLParser(page(article=article))
    ruleset = default_ruleset()
    removed, _ = prune(tree.body, ruleset.html_rules(ruleset.select(None, None, None)).remove)
    assert [p.text() for p in tree.body.css("p")] == PARAGRAPHS
    assert {r.rule for r in removed} >= {"generic-html.navigation"}


def test_share_widget_beside_the_article_is_still_removed():
    extra = "<div class='section' id='share-bar'><a href='/f'>Share on a network</a></div>"
    article = f"<div class='section' id='storm'>{BODY}</div>{extra}"
    doc = clean(page(article=article), kind="html")
    assert "Share on" not in doc.text
    assert any(v.reason == "generic-html.share" for v in doc.removed)


def test_a_node_two_selectors_of_one_rule_match_is_removed_once():
    """Lexbor lists such a node once per selector; removing it twice would touch a freed
    node, so it is removed, and explained, once."""
    from cleaner.prune import _outermost
    from cleaner.rules import Rule

    html = f"<body><article>{BODY}</article><div class='share-row' id='share'>Share</div></body>"
    tree = LexborHTMLParser(html)
    assert len(tree.body.css(".share-row, #share")) == 2
    assert len(_outermost(tree.body.css(".share-row, #share"))) == 1
    rule = Rule("test.share", "", "remove", (".share-row", "#share"), "test:1")
    removed, _ = prune(tree.body, [(rule, False)])
    assert [r.rule for r in removed] == ["test.share"]
    assert "Share" not in tree.body.text()


def test_substring_selectors_no_class_or_id_of_the_page_can_match_are_skipped():
    tree = LexborHTMLParser("<body><div class='SocialBar x'><p id='Promo-1'>t</p></div></body>")
    possible = _Possible(tree.body)
    assert possible.may_match('[class*="social" i]')  # ASCII letters fold under `i`
    assert not possible.may_match('[class*="social"]')  # and only under `i`
    assert possible.may_match('[id*="promo" i]') and not possible.may_match('[class*="promo" i]')
    assert possible.may_match("nav") and possible.may_match('[class~="nav"]')  # other forms
    odd = LexborHTMLParser("<body><div class='\u017focial'>t</div></body>")  # a long s
    assert not _Possible(odd.body).may_match('[class*="social" i]')  # no "s" to CSS either
    assert odd.body.css('[class*="social" i]') == []


def test_a_figure_caption_is_kept_as_a_paragraph():
    """trafilatura drops a figure whole, and a caption by its class; a caption is text a
    reader sees beside the picture. A caption that is a link to another story is not."""
    caption = "The new pier, seen from the harbour office on the morning it opened to ferries."
    body = (
        "<article><h1>Pier opens</h1><p>The harbour office opened the new pier on Monday, "
        "a week ahead of the timetable that the council had agreed in the spring.</p>"
        f"<figure><img src='pier.jpg'><figcaption class='caption'><span class='caption-text'>"
        f"{caption}</span></figcaption></figure>"
        "<figure><img src='old.jpg'><figcaption><a href='/old'>Read: the old pier's last "
        "summer</a></figcaption></figure>"
        "<p>Ferries to the islands will use it from next month, and the old pier will close "
        "for repairs that the office expects to take most of the coming winter.</p></article>"
    )
    text = clean(f"<html><body>{body}</body></html>", kind="html").text
    assert caption in text.split("\n")
    assert "last summer" not in text  # a teaser's linked caption is no caption of this story


def test_a_related_story_date_pruned_with_its_list_is_not_the_page_date():
    """The date search reads the head's metadata and the pruned body: a date in a
    related-stories box is pruned with it, and the page, which states none, gets none."""
    prose = (
        "The harbour office opened the new pier on Monday, a week ahead of the timetable "
        "that the council had agreed in the spring, and ferries will use it from next month."
    )
    related = (
        "<aside class='related'><h3>Related stories</h3><ul><li><a href='/old'>Old pier "
        "closes</a> <time datetime='2019-03-03'>March 3, 2019</time></li></ul></aside>"
    )
    page = (
        "<html><head><title>Pier opens</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Pier opens</h1><p>{prose}</p><p>{prose}</p></article>{related}"
        "<footer>Harbour News</footer></body></html>"
    )
    assert clean(page, kind="html").date is None
    stated = page.replace("</title>", "</title><meta name='date' content='2020-05-04'>")
    assert clean(stated, kind="html").date == "2020-05-04"


def test_the_main_block_is_marked_for_trafilatura_where_the_page_marks_no_article():
    text = (
        "The archive opens its reading room to visitors again from Monday, after a year in "
        "which the shelves were moved to the new wing and every box was counted twice."
    )
    more = (
        "Visitors book a desk a day ahead, bring a pencil rather than a pen, and leave coats "
        "and bags in the lockers by the door, which take a one-euro coin."
    )
    html = (
        "<html><body><div class='menu'><a href='/'>Home</a> <a href='/about'>About</a></div>"
        f"<div class='body'><h1>Reading room reopens</h1><p>{text}</p>"
        f"<h2>How to book a desk</h2><p>{more}</p></div>"
        "<div class='footer'><p>Town archive, Mill Lane 4</p></div></body></html>"
    )
    doc = clean(html, kind="html")
    assert "How to book a desk" in doc.text and text in doc.text and more in doc.text


def test_a_title_of_headline_and_site_name_gives_the_headline_the_page_prints():
    text = (
        "The ferry to the island runs every hour from Saturday, the harbour office said, "
        "after the second boat came back from its repairs at the yard in the spring."
    )
    for title in ("Ferry runs hourly again_Harbour News", "Ferry runs hourly again - Harbour News"):
        html = (
            f"<html><head><title>{title}</title></head><body><div class='left'>"
            f"<div class='headline'>Ferry runs hourly again</div><div class='text'>{text}"
            f"<br><br>{text}</div></div></body></html>"
        )
        doc = clean(html, kind="html")
        assert doc.title == "Ferry runs hourly again", title
        assert "Ferry runs hourly again" not in doc.text


def test_the_main_block_of_a_table_laid_page_is_the_text_s_cell_not_the_row():
    text = (
        "The mill was built in 1732 by the miller of the village, at the lower end of the "
        "valley where the brook leaves the meadows, and it ran on an overshot wheel."
    )
    html = (
        "<body><table><tr><td><a href='/'>Home</a><br><a href='/history'>History</a></td>"
        f"<td><b>The mill</b><br><br>{text}<br><br>{text}</td></tr></table></body>"
    )
    main = main_block(LexborHTMLParser(html).body)
    assert main is not None and main.tag == "td" and "History" not in main.text()
