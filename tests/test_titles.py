"""The dump's headline: next to the article's start, not a menu item or the site's name."""

from __future__ import annotations

from cleaner import clean
from cleaner.titles import article_start, find_title

PARA = (
    "The county opened its new library on Saturday, and hundreds of readers queued in the "
    "rain to see the reading rooms, the children's floor and the archive of local papers."
)


def dump(*head: str, tail: tuple[str, ...] = ()) -> list[str]:
    lines: list[str] = []
    for line in head:
        lines += [line, ""]
    for _ in range(5):
        lines += [PARA, ""]
    for line in tail:
        lines += [line, ""]
    return lines


def test_headline_over_the_byline_wins_over_menu_and_section_label():
    lines = dump(
        "Riverside Courier",
        "News\nSport\nWeather\nCulture",
        "Local News",
        "New County Library Draws Crowds Despite the Rain",
        "By Nora Quill",
        "May 4, 2022",
        tail=("Riverside Courier",),
    )
    lines = "\n".join(lines).split("\n")
    assert find_title(lines) == "New County Library Draws Crowds Despite the Rain"


def test_menu_items_and_site_name_are_not_headlines():
    lines = "\n".join(
        dump(
            "The Evening Lantern",
            "Home\nWorld News Today And Tomorrow\nBusiness and Markets Report\nOpinion",
            tail=("The Evening Lantern", "Contact"),
        )
    ).split("\n")
    assert find_title(lines) is None


def test_a_sentence_or_a_dateline_is_not_a_headline():
    lines = dump("The mayor said the opening went well.", "Published March 3, 2021")
    assert find_title(lines) is None


def test_a_search_box_is_not_a_headline():
    boxes = (
        "Search the archive [____________]",
        "Search the archive ____________",
        "User: [ ] Password: [ ] [ ] Keep me signed in [Log in]",  # spaces single-spaced
    )
    for box in boxes:
        head = (box, "Winter opening hours", "By Ada Moss · Updated 3 March 2024")
        assert find_title("\n".join(dump(*head)).split("\n")) == "Winter opening hours"


def test_rows_of_fields_or_links_and_pager_links_are_not_headlines():
    head = (
        "Home » Recipes » Soups",
        "Pumpkin soup with ginger",
        "Prep: 15 min | Cook: 30 min | Serves: 4",
    )
    assert find_title("\n".join(dump(*head)).split("\n")) == "Pumpkin soup with ginger"
    for pager in ("« Older posts", "Newer posts »", "« Previous | Next »"):
        assert find_title("\n".join(dump(pager)).split("\n")) is None


def test_a_pager_under_a_short_headline_is_no_headline_it_would_be_the_kicker_of():
    head = ("Boiler knocks after a service", "Page 1 of 2 · 14 posts")
    assert find_title("\n".join(dump(*head)).split("\n")) == "Boiler knocks after a service"


def test_a_line_a_rule_dropped_does_not_start_the_article():
    notice = (
        "Not a member yet? Join for free to start your own threads, answer the questions of "
        "others and keep a list of the topics you follow, all from one account."
    )
    lines = "\n".join(dump(notice, "Boiler knocks after a service")).split("\n")
    assert find_title(lines) is None  # the notice reads as the article's first prose
    usable = [line != notice for line in lines]
    assert find_title(lines, usable) == "Boiler knocks after a service"


def test_a_headline_quoted_in_guillemets_is_still_a_headline():
    lines = "\n".join(dump("« Nous rouvrirons la bibliothèque au printemps »")).split("\n")
    assert find_title(lines) == "« Nous rouvrirons la bibliothèque au printemps »"


def test_article_start_is_the_first_heavy_run_of_prose():
    lines = dump("A Headline For The Library Story")
    assert article_start(lines) == 2


def test_headline_lifted_from_a_dump_and_not_left_in_the_body():
    text = "\n".join(
        dump(
            "Menu",
            "Library Reopens With A Floor For Children",
            "By Ada Finch",
            tail=("Share: Library Reopens With A Floor For Children",),
        )
    )
    doc = clean(text, kind="text")
    assert doc.title == "Library Reopens With A Floor For Children"
    assert doc.author == "Ada Finch"
    assert "Library Reopens With A Floor For Children" not in doc.text.split("\n\n")
    assert doc.text.startswith("The county opened")


def test_author_name_over_its_byline_is_not_the_headline():
    lines = dump("Ferries Sail North", "Nora Quillhartley", "By Nora Quillhartley", "May 4, 2022")
    assert find_title(lines) == "Ferries Sail North"


def test_standfirst_under_the_headline_is_not_the_headline():
    lines = dump(
        "Harbour Wall Repairs Begin After Winter Storms",
        "Engineers expect the work on the old stone wall to last through most of the summer",
    )
    assert find_title(lines) == "Harbour Wall Repairs Begin After Winter Storms"


def test_picture_text_printed_twice_is_not_a_headline():
    lines = dump(
        "Old Mill Turned Into A Concert Hall",
        "Workers on the roof of the millWorkers on the roof of the mill",
    )
    assert find_title(lines) == "Old Mill Turned Into A Concert Hall"


def test_headline_may_end_in_an_abbreviation():
    lines = dump("Rail Strike Halts Trains Across the U.S.", "By Nora Quill")
    assert find_title(lines) == "Rail Strike Halts Trains Across the U.S."


def test_markup_and_a_row_of_links_are_not_the_article_start():
    markup = '<div class="notice"><p>' + PARA + "</p></div>"
    links = " ".join(["World News", "Business Today", "Sport Results", "Culture Reviews"] * 5)
    lines = [markup, "", links, "", *dump("Library Story")]
    assert article_start(lines) == 6


def test_short_sentence_paragraphs_make_an_article_start():
    short = "The reading rooms open at nine on weekdays and at ten on Saturdays and on Sundays."
    lines = ["Opening Hours Change At The County Library", ""]
    for _ in range(6):
        lines += [short, ""]
    assert article_start(lines) == 2
    assert find_title(lines) == "Opening Hours Change At The County Library"


def test_headline_under_a_long_caption_over_its_own_byline():
    caption = (
        "Readers queue outside the county library on its opening day, holding umbrellas "
        "against the rain while the doors stay closed until nine in the morning on Saturday."
    )
    lines = [caption, "", "New County Library Draws Crowds", "", "May 4, 2022", ""]
    for _ in range(5):
        lines += [PARA, ""]
    assert article_start(lines) == 0
    assert find_title(lines) == "New County Library Draws Crowds"


def test_headline_under_its_dateline_below_a_notice():
    notice = (
        "Quotes on this page are delayed by at least fifteen minutes and are provided for "
        "information only, never as advice to buy or to sell any of the shares we list here."
    )
    lines = [notice, "", "Published May 4, 2022", "", "Harbour Shares Fall After The Storm", ""]
    for _ in range(5):
        lines += [PARA, ""]
    assert article_start(lines) == 0
    assert find_title(lines) == "Harbour Shares Fall After The Storm"


def test_a_banner_in_capitals_is_not_the_headline():
    lines = dump(
        "WELCOME TO THE RIVERSIDE COURIER EDITION",
        "Harbour Wall Repairs Begin After Storms",
        "Nora Quillhartley",
        "May 4, 2022",
    )
    assert find_title(lines) == "Harbour Wall Repairs Begin After Storms"


def test_first_line_of_a_paragraph_printed_wrapped_is_not_a_headline():
    """A text printed as it was wrapped (a `<pre>` story, a plain-text page) starts each
    paragraph on a line that runs on, in lower case, into the next: no headline."""
    wrapped = [
        "Opening: The ferry left the harbour an hour late that morning, and",
        "nobody on board seemed to mind, least of all the captain, who had",
        "seen worse delays and would see worse again before the summer ended.",
    ]
    story = "\n".join(wrapped)
    head = "The Ferry That Left an Hour Late"
    assert find_title("\n".join(dump(head, story)).split("\n")) == head
    assert find_title("\n".join(dump("Contents", story)).split("\n")) != wrapped[0]


def test_a_row_of_menu_links_printed_as_one_line_is_not_the_headline():
    head = ("Shopfront Tools Garden Lighting Offers Account Basket", "Cordless drill BX 18")
    assert find_title("\n".join(dump(*head)).split("\n")) == "Cordless drill BX 18"
    # a headline as long joins its words with small ones
    head = ("Council opens the new library on the river", "Cordless drill BX 18")
    assert find_title("\n".join(dump(*head)).split("\n")) != "Cordless drill BX 18"


def test_a_headline_over_its_dateline_under_a_sidebar_s_paragraph_is_the_headline():
    """A blog prints its sidebar first: a greeting and a paragraph about the writer
    start the prose, and the post's headline, over its dateline, comes below them."""
    bio = (
        "I have kept bees in the garden for twelve years, and I write here about the "
        "hives, the honey and the neighbours who put up with all of it, week by week."
    )
    lines = ["Hive Notes Blog Shop About Contact", "", "Hello and welcome!", "", bio, ""]
    lines += ["Categories", "", "• Hives", "• Honey", "• Swarms", "• Tools", ""]
    lines += ["The spring inspection", "", "April 14, 2024 · 3 comments", ""]
    for _ in range(3):
        lines += [PARA, ""]
    assert find_title(lines) == "The spring inspection"
    # a review's heading over its dated name, far under the start, is no headline
    page = ["Trail Pack 28", "", *[x for _ in range(8) for x in (PARA, "")]]
    page += ["Great for long days", "", "Dana, March 2, 2025", "", PARA, ""]
    assert find_title(page) == "Trail Pack 28"
    # a post's last line (a signature) over the next post's dated name, prose above it
    question = PARA.replace("The county", "My county")
    thread = ["Heat pump keeps stopping", "", "Posted by Ana » Mon 12 Feb 2024, 14:03", ""]
    thread += [question, "", "Ana - two panels, facing south", "", "Posted by Bo » Mon 12 Feb 2024"]
    thread += ["", PARA, ""]
    assert find_title(thread) != "Ana - two panels, facing south"


def test_a_web_address_is_not_a_headline():
    lines = dump("Full paper: https://example.org/papers/2024/bees.pdf")
    assert find_title(lines) is None


def test_a_row_of_links_in_chinese_is_not_the_headline():
    head = ("首页 | 新闻 | 生活 | 旅游 | 登录", "城市图书馆周末延长开放时间")
    assert find_title("\n".join(dump(*head)).split("\n")) == "城市图书馆周末延长开放时间"


def test_a_wiki_section_heading_or_a_formula_is_not_the_headline():
    head = (
        "Early settlers[edit]",
        "Trade routes[Quelltext bearbeiten]",
        "Let x {\\displaystyle x} x be the number of ferries crossing each day, so that",
    )
    for line in head:
        assert find_title("\n".join(dump(line)).split("\n")) is None
    # a footnote's number glued on is not an edit link
    assert find_title("\n".join(dump("Harbour tolls rise again[2]")).split("\n")) == (
        "Harbour tolls rise again[2]"
    )


def test_a_field_with_a_number_under_a_short_headline_is_no_headline():
    """A shop prints the item's number and rating under its name: the name is no kicker
    over them, and they are no headline."""
    for field in ("Item no.: 220417 · 4.5 out of 5 stars (36 reviews)", "Replies: 1,204"):
        head = ("Folding Camp Chair Classic", field)
        assert find_title("\n".join(dump(*head)).split("\n")) == "Folding Camp Chair Classic"
    # a label over a headline that starts with a number is still a headline's kicker
    head = ("Update: 3 ferries cancelled as the storm reaches the coast",)
    assert find_title("\n".join(dump(*head)).split("\n")) == head[0]
