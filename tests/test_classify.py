"""The dump classifier: each heuristic keeps what it should and names what it drops."""

from __future__ import annotations

import gc
import inspect
import re
import time

import pytest
from click.testing import CliRunner

from cleaner import classify as classify_module
from cleaner import clean, heuristics
from cleaner.classify import (
    GOOD,
    Block,
    box_at_end,
    classify,
    field_list,
    quantity_list,
    repeated_lines,
    written_steps,
)
from cleaner.cli import main

EN = [
    "Schools across the region were closed on Monday as the storm brought heavy snow and high "
    "winds, and the authorities asked people to stay at home until the roads were cleared.",
    "The weather service said that the worst of the storm would pass by the evening, but it "
    "warned that the temperatures would stay well below freezing for the rest of the week.",
    "Parents were told that the schools would open again as soon as the buses could run, and "
    "that they would hear about it from the school by text message on the evening before.",
    "The council said it had sent out all of its gritters overnight, and that it was working "
    "with the police to keep the main roads open for the ambulances and the fire engines.",
]


def _blocks(lines: list[str], spacing: int = 2) -> list[Block]:
    """One block per line, a blank line between them, as w3m prints paragraphs."""
    bullets = [text.startswith("• ") for text in lines]
    texts = [text.removeprefix("• ") for text in lines]
    positions = [i * spacing for i in range(len(texts))]
    prose = [at for at, bullet in zip(positions, bullets, strict=True) if not bullet]
    repeated = repeated_lines(texts, bullets, positions, prose)
    return [
        Block(i * spacing, text, bullet, again)
        for i, (text, bullet, again) in enumerate(zip(texts, bullets, repeated, strict=True))
    ]


def _verdicts(lines: list[str], **kwargs) -> dict[str, str]:
    blocks = _blocks(lines, **kwargs)
    classify(blocks)
    return {b.text: (b.label if b.label == GOOD else b.reason) for b in blocks}


def test_repeated_line_and_menu_item_drop_menus_by_name():
    menu = ["• Home", "• News", "• Sport", "• Weather"]
    verdicts = _verdicts([*menu, *EN, *menu])
    assert verdicts["Home"] == "repeated-line"
    assert all(verdicts[p] == GOOD for p in EN)
    lone = _verdicts(["• Politics", "• Business", *EN])
    assert lone["Politics"] == "menu-item"


def _page(rows: list[tuple[int, str]]) -> dict[str, list[str]]:
    """Verdicts of a page given as (position, line) rows; a line may be printed twice."""
    positions = [at for at, _ in rows]
    bullets = [text.startswith("• ") for _, text in rows]
    texts = [text.removeprefix("• ") for _, text in rows]
    prose = [at for at, bullet in zip(positions, bullets, strict=True) if not bullet]
    repeated = repeated_lines(texts, bullets, positions, prose)
    blocks = [
        Block(at, text, bullet, again)
        for at, text, bullet, again in zip(positions, texts, bullets, repeated, strict=True)
    ]
    classify(blocks)
    out: dict[str, list[str]] = {}
    for b in blocks:
        out.setdefault(b.text, []).append(b.label if b.label == GOOD else b.reason)
    return out


def test_contents_list_headings_listed_again_stay_with_their_sections():
    headings = ["Getting the snow off", "Keeping the paths clear", "When to call the council"]
    body = [(0, headings[0]), (2, EN[0]), (4, headings[1]), (6, EN[1]), (8, EN[2])]
    body += [(10, headings[2]), (12, EN[3])]
    contents = [(20, "On this page")] + [(22 + k, f"• {h}") for k, h in enumerate(headings)]
    verdicts = _page(body + contents)
    for heading in headings[1:]:  # between paragraphs: the section's, then the list's
        assert verdicts[heading] == [GOOD, "repeated-line"]
    assert verdicts[headings[0]] == ["short-line", "repeated-line"]  # above the article
    # the same headings printed twice as plain lines are a box's labels: repeated
    twice = _page(body + [(20 + 2 * k, h) for k, h in enumerate(headings)])
    assert twice[headings[1]] == ["repeated-line", "repeated-line"]


def test_contents_list_is_no_share_row_printed_as_a_list_and_as_lines():
    row = ["Facebook", "Twitter", "Email"]
    rows = [(k, f"• {name}") for k, name in enumerate(row)]
    rows += [(10 + 2 * k, p) for k, p in enumerate(EN)]
    rows += [(20 + 2 * k, name) for k, name in enumerate(row)]  # nothing but blanks between
    verdicts = _page(rows)
    assert all(verdicts[name][-1] == "repeated-line" for name in row)


def test_prose_in_other_languages_is_kept():
    german = [
        "Die Schulen in der ganzen Region blieben am Montag geschlossen, weil der Sturm viel "
        "Schnee und starken Wind brachte und die Behörden die Menschen baten, zu Hause zu bleiben.",
        "Der Wetterdienst sagte, dass das Schlimmste am Abend vorbei sein werde, aber er warnte, "
        "dass die Temperaturen für den Rest der Woche weit unter dem Gefrierpunkt bleiben würden.",
    ]
    spanish = [
        "Las escuelas de toda la región cerraron el lunes porque la tormenta trajo mucha nieve y "
        "vientos fuertes, y las autoridades pidieron a la gente que se quedara en casa.",
        "El servicio meteorológico dijo que lo peor de la tormenta pasaría por la tarde, pero "
        "advirtió que las temperaturas seguirían bajo cero durante el resto de la semana.",
    ]
    chinese = [
        "由于暴风雪带来大雪和强风，全区的学校周一停课，当局要求市民留在家中，直到道路清理完毕为止。",
        "气象部门表示，最恶劣的天气将在傍晚过去，但气温在本周余下的时间里仍将远低于冰点，请大家注意安全。",
        "家长们被告知，一旦校车能够恢复运行，学校就会重新开放，学校会在前一天晚上通过短信通知大家。",
    ]
    for prose in (german, spanish, chinese):
        verdicts = _verdicts(["Startseite", "Kontakt", *prose, "Impressum"])
        assert all(verdicts[p] == GOOD for p in prose), verdicts
        assert verdicts["Startseite"] != GOOD


def test_cjk_prose_is_judged_by_its_punctuation_and_written_out_as_printed():
    chinese = [
        "由于暴风雪带来大雪和强风，全区的学校周一停课（据当局通知），市民被要求留在家中！",
        "气象部门表示，最恶劣的天气将在傍晚过去，但气温在本周余下的时间里仍将远低于冰点。",
        "家长们被告知，一旦校车能够恢复运行，学校就会重新开放：学校会提前一天通知大家。",
    ]
    doc = clean("\n\n".join(["首页", "联系我们", *chinese, "版权所有"]), kind="text")
    assert all(p in doc.text for p in chinese)  # full-width "，（）！：" kept as written
    assert "首页" not in doc.text


def test_latin_loanwords_do_not_pick_a_stop_list_for_cjk_prose():
    japanese = [
        "Kindle for PCをインストールすると自動でホットキーが設定され、起動するようになります。",
        "しかもKindle for PCの設定画面からでは、このショートカットキーの設定を変更できません。",
        "ショートカットの欄を空欄にしただけでは、Kindle for PCが起動しなくなるだけです。",
    ]
    verdicts = _verdicts(japanese)
    assert all(verdicts[p] == GOOD for p in japanese), verdicts


def test_near_good_in_article_keeps_a_short_paragraph_held_between_kept_blocks():
    aside = "Call the desk if you can help with the clean-up."
    blocks = _lines_at([(0, EN[0]), (2, aside), (4, EN[1]), (8, aside + " Thanks."), (12, EN[2])])
    for block, label, reason in zip(
        blocks,
        [GOOD, "bad", GOOD, "bad", GOOD],
        ["", "near-good-alone", "", "near-good-alone", ""],
        strict=True,
    ):
        block.label, block.reason = label, reason
    classify_module._keep_near_good_in_article(blocks)
    assert blocks[1].label == GOOD  # kept prose right above and right below
    assert blocks[3].label != GOOD  # four lines from each: not held, and not in its words


def test_near_good_in_article_keeps_the_closing_lines_right_under_the_last_kept_one():
    tip = "Tip: a spoon of honey in the glaze makes it shine."
    remark = "The loaf keeps for three days in a tin."
    teaser = "Ten breads to bake this winter, ranked by our readers."
    pairs = [(0, EN[0]), (2, EN[1]), (4, tip), (6, remark), (12, teaser)]
    blocks = _lines_at(pairs)
    for block, label in zip(blocks, [GOOD, GOOD, "bad", "bad", "bad"], strict=True):
        block.label, block.reason = label, "" if label == GOOD else "near-good-alone"
    classify_module._keep_near_good_in_article(blocks)
    assert blocks[2].label == GOOD and blocks[3].label == GOOD  # paragraph by paragraph
    assert blocks[4].label != GOOD  # after a gap: as often a teaser's


def test_no_words_takes_a_bare_count_but_not_a_year_or_a_citation():
    for count in ("214", "7", "12500"):
        verdicts = _verdicts([EN[0], count, EN[1]])
        assert verdicts[count] == "no-words", verdicts
    verdicts = _verdicts([EN[0], "1987", EN[1]])
    assert verdicts["1987"] == GOOD, verdicts  # a short line between paragraphs
    assert _verdicts([EN[0], "[3]", EN[1]])["[3]"] != "no-words"


def test_near_good_alone_and_short_line_settled_by_their_neighbours():
    heading = "What the council said"
    near_good = "It said the roads would be gritted again tonight, as they were last night."
    verdicts = _verdicts([EN[0], EN[1], heading, near_good, EN[2], EN[3]])
    assert verdicts[heading] == GOOD
    assert verdicts[near_good] == GOOD
    alone = _verdicts(["Cookie settings", near_good, "• Log in", *EN])
    assert alone[near_good] == "near-good-alone"  # a menu item, not prose, is its neighbour
    assert alone["Cookie settings"] == "short-line"


def test_short_line_a_label_goes_and_a_short_sentence_ending_the_article_stays():
    last = "Colombia had lost to Belgium on Monday."
    verdicts = _verdicts([*EN, last, "• Log in", "Most read stories"])
    assert verdicts[last] == GOOD
    assert verdicts["Most read stories"] == "short-line"


def test_short_run_a_long_stretch_of_short_lines_between_prose_is_a_list_of_links():
    related = ["Storm hits coast", "Snow in April", "Flood warnings", "Ice on roads", "Bus news"]
    verdicts = _verdicts([*EN[:2], *related, *EN[2:]])
    assert {verdicts[r] for r in related} == {"short-run"}


def test_short_run_not_for_steps_illustrated_one_picture_each():
    steps = ["[step-1]", "Open the menu", "[step-2]", "Pick Settings", "[step-3]", "Restart"]
    verdicts = _verdicts([*EN[:2], *steps, *EN[2:]])
    assert all(verdicts[line] == GOOD for line in steps[1::2])
    links = ["[logo]", "Open the menu", "[logo]", "Pick Settings", "[logo]", "Restart"]
    verdicts = _verdicts([*EN[:2], *links, *EN[2:]])  # the page's own icon, not a step's
    assert all(verdicts[line] == "short-run" for line in links[1::2])
    at = [0, 2, 4, 5, 6, 8, 10]
    captioned = [Block(i, t) for i, t in zip(at, [*EN[:2], *steps[:4], EN[2]], strict=True)]
    classify(captioned)  # captions right under their pictures: counted as lines
    assert captioned[3].reason == "short-run"


def test_introduced_list_a_colon_line_keeps_the_tight_list_under_it():
    intro = "The schools that will open again on Wednesday are these:"
    items = ["Hill Road Primary", "St Mary's", "Oak Lane Academy", "Riverside High"]
    lines = [*EN[:2], intro, *items, *EN[2:]]
    blocks = _blocks(lines)
    for offset, block in enumerate(blocks[3 : 3 + len(items)], start=1):
        block.index = blocks[2].index + offset  # list items print on consecutive lines
    for block in blocks[3 + len(items) :]:
        block.index += 10
    classify(blocks)
    assert all(b.label == GOOD for b in blocks[2 : 3 + len(items)])


def _lines_at(pairs: list[tuple[int, str]]) -> list[Block]:
    """Blocks at given line numbers, bullets marked, as a dump lays out lists."""
    return [Block(at, t.removeprefix("• "), t.startswith("• ")) for at, t in pairs]


def test_introduced_list_inside_the_prose_stays_and_a_list_of_links_after_it_goes():
    lead = (
        "A glass jar garden keeps a bit of the woods on your table all year, and it takes no "
        "more than an hour to make one with a few small plants and some moss."
    )
    step = (
        "Cut the foam to fit the bottom of the jar, press a hole into it with a spoon, and set "
        "the first plant into the hole so that its roots are covered by the foam."
    )
    needs = ["• A glass jar", "• Floral foam", "• A spoon", "• Moss"]
    pairs = [(0, lead), (2, "• Share"), (3, "• Pin"), (5, "More ideas"), (7, "You will need:")]
    pairs += [(8 + k, item) for k, item in enumerate(needs)] + [(13, "Step 1"), (15, step)]
    blocks = _lines_at(pairs)
    classify(blocks)
    kept = {b.text for b in blocks if b.label == GOOD}
    assert {"You will need:", "A glass jar", "Moss", step} <= kept, kept
    links = ["• Jar gardens for beginners", "• Ten easy house plants", "• Moss care"]
    pairs = [(0, lead), (2, step), (4, "• Print"), (6, "More from our garden desk:")]
    pairs += [(7 + k, item) for k, item in enumerate(links)] + [(11, "Newsletter"), (13, "Log in")]
    blocks = _lines_at(pairs)
    classify(blocks)  # no prose under the list: links after the article
    assert not any(b.label == GOOD for b in blocks[3:]), [(b.text, b.reason) for b in blocks]


def test_list_under_prose_a_paragraph_keeps_the_points_it_goes_on_into():
    lead = (
        "The new kettle boils a litre in under three minutes, and its base turns all the way "
        "round, so it sits on the counter whichever hand you pour with."
    )
    more = (
        "Its lid opens at the press of a button, and a filter behind the spout keeps the "
        "scale of hard water out of the cup, which many older kettles never managed to do."
    )
    points = [
        "• Switches itself off when empty",
        "• Window with a scale in cups",
        "• Cord stored in the base",
    ]
    pairs = [(0, lead), (2, more)] + [(4 + k, p) for k, p in enumerate(points)]
    blocks = _lines_at(pairs)
    classify(blocks)
    kept = {b.text for b in blocks if b.label == GOOD}
    assert {lead, more, "Switches itself off when empty", "Cord stored in the base"} <= kept
    # one- and two-word items are links or tags; a label ending in a colon heads more
    for items in (
        ["• Kitchen", "• Kettles", "• Offers"],
        ["• Ann on May 3 said:", "• Bo on May 4 said:"],
    ):
        blocks = _lines_at([(0, lead), (2, more)] + [(4 + k, t) for k, t in enumerate(items)])
        classify(blocks)
        assert not any(b.label == GOOD for b in blocks[2:]), [(b.text, b.reason) for b in blocks]


def test_headings_around_a_kept_list_stay_with_it():
    lead = (
        "The hut on the ridge opens in June, and the path to it is steep but well marked, so "
        "most walkers reach it in about four hours from the village car park."
    )
    end = (
        "The warden cooks one hot meal each evening, and breakfast is served from seven, so "
        "plan to leave early if you want to reach the summit before the clouds come in."
    )
    pairs = [(0, lead), (2, "What to pack"), (4, "Bring these along:")]
    pairs += [(5, "• Boots"), (6, "• A warm layer"), (7, "• Cash")]
    pairs += [(9, "Meals at the hut"), (11, end)]
    blocks = _lines_at(pairs)
    classify(blocks)
    kept = {b.text for b in blocks if b.label == GOOD}
    assert {"What to pack", "Bring these along:", "Cash", "Meals at the hut", end} <= kept


def test_numbered_steps_inside_the_prose_stay_and_a_numbered_list_after_it_goes():
    lead = (
        "This bread needs no kneading at all, and the dough can wait in the fridge for a few "
        "days, so you can bake a fresh loaf whenever you have an hour to spare."
    )
    tail = (
        "Let the loaf cool for an hour before you cut it, or the inside will be gummy, and keep "
        "what is left in a paper bag on the table for two or three days."
    )
    steps = ["1. Mix the flour and water", "2. Leave it overnight", "3. Bake for an hour"]
    pairs = [(0, lead), (2, "• Print"), (4, "Method"), *[(6 + k, t) for k, t in enumerate(steps)]]
    blocks = _lines_at([*pairs, (10, tail)])  # short lines, no full stop: links, or steps?
    classify(blocks)
    assert all(b.label == GOOD for b in blocks[3:6]), [(b.text, b.reason) for b in blocks]
    most_read = ["1. Council votes on budget", "2. Storm closes roads", "3. New bus timetable"]
    pairs = [(0, lead), (2, tail), (4, "Most read")]
    pairs += [(5 + k, t) for k, t in enumerate(most_read)] + [(9, "Contact us")]
    blocks = _lines_at(pairs)
    classify(blocks)
    assert not any(b.label == GOOD for b in blocks[3:6]), [(b.text, b.reason) for b in blocks]


def test_written_steps_stay_with_no_prose_under_them():
    """A method's steps are whole sentences: they stay though the page goes on with a
    tip, a line of figures and a box of links rather than prose."""
    lead = (
        "This bread needs no kneading at all, and the dough can wait in the fridge for a few "
        "days, so you can bake a fresh loaf whenever you have an hour to spare."
    )
    steps = [
        "1. Stir the flour, the salt and the water together in a bowl until no dry flour is left.",
        "2. Cover the bowl and leave the dough on the table overnight, or for twelve hours.",
        "3. Tip it into a hot pot, put the lid on and bake it for forty minutes at a high heat.",
    ]
    pairs = [(0, lead), (2, "Method"), *[(4 + k, t) for k, t in enumerate(steps)]]
    pairs += [(8, "Per slice: 120 kcal, 1 g fat"), (10, "More bread"), (11, "• Rye loaf")]
    blocks = _lines_at(pairs)
    classify(blocks)
    assert all(b.label == GOOD for b in blocks[2:5]), [(b.text, b.reason) for b in blocks]
    assert written_steps(blocks[2:5])
    headlines = [_lines_at([(k, f"{k + 1}. Council votes on the new budget")])[0] for k in range(3)]
    assert not written_steps(headlines)  # headlines end on no full stop


def test_quantity_list_is_a_recipe_s_ingredients_not_a_menu():
    """Ingredients print as short bullets, as a menu's links do; they open on quantities."""
    items = ["500 g flour", "2 eggs", "300ml milk", "½ tsp salt", "butter for the pan"]
    pairs = [(0, EN[0]), (2, "Ingredients"), *[(4 + k, "• " + t) for k, t in enumerate(items)]]
    blocks = _lines_at([*pairs, (10, EN[1]), (12, EN[2])])
    classify(blocks)
    assert all(b.label == GOOD for b in blocks[2:7]), [(b.text, b.reason) for b in blocks]
    links = ["Pancakes for a crowd", "Ten easy soups", "Bread without kneading"]
    pairs = [
        (0, EN[0]),
        (2, EN[1]),
        (4, "More recipes"),
        *[(6 + k, "• " + t) for k, t in enumerate(links)],
    ]
    blocks = _lines_at(pairs)
    classify(blocks)
    assert not any(b.label == GOOD for b in blocks[3:]), [(b.text, b.reason) for b in blocks]
    weather = _lines_at([(0, "55°F Clear"), (1, "67° 46°"), (2, "12:40 Updated")])
    assert not quantity_list(weather)  # a number, but no thing counted after it


def test_headed_list_of_points_between_paragraphs_stays():
    """A service page's points under their own heading, prose above and below."""
    points = ["Boilers and heat pumps fitted", "Bathrooms planned and built", "Repairs at any hour"]
    pairs = [(0, EN[0]), (2, "What we do"), *[(4 + k, "• " + t) for k, t in enumerate(points)]]
    blocks = _lines_at([*pairs, (8, "Why us"), (10, EN[1]), (12, EN[2])])
    classify(blocks)
    assert all(b.label == GOOD for b in blocks[1:6]), [(b.text, b.reason) for b in blocks]
    # a dateline over a row of the page's controls is no heading
    controls = ["Listen to this story", "Make the text smaller", "Make the text larger"]
    pairs = [(0, EN[0]), (2, "March 3, 2024 at 9:40")]
    pairs += [(4 + k, "• " + t) for k, t in enumerate(controls)]
    blocks = _lines_at([*pairs, (8, EN[1]), (10, EN[2])])
    classify(blocks)
    assert not any(b.label == GOOD for b in blocks[2:5]), [(b.text, b.reason) for b in blocks]
    # no heading between (a rule took it out): the list does not stand under the prose
    pairs = [(0, EN[0]), *[(4 + k, "• " + t) for k, t in enumerate(points)]]
    blocks = _lines_at([*pairs, (8, "Why us"), (10, EN[1]), (12, EN[2])])
    classify(blocks)
    assert not any(b.label == GOOD for b in blocks[1:4]), [(b.text, b.reason) for b in blocks]


def test_headed_list_over_a_table_stays_as_the_article_goes_on_into_its_data():
    """A shop's page: the description, its features under a heading, then the
    specifications as a table (no block of the classifier's; its line is told)."""
    features = ["Folds flat into its own pocket", "Two bottle sleeves at the sides"]
    features.append("A whistle on the chest strap")
    pairs = [(0, EN[0]), (2, EN[1]), (4, "Features")]
    pairs += [(6 + k, "• " + t) for k, t in enumerate(features)]
    blocks = _lines_at([*pairs, (10, "Specifications")])
    classify(blocks, table_lines=[12])
    assert all(b.label == GOOD for b in blocks[2:6]), [(b.text, b.reason) for b in blocks]
    blocks = _lines_at([*pairs, (10, "Specifications")])
    classify(blocks, table_lines=[40])  # a table far under it: a box of links at the end
    assert not any(b.label == GOOD for b in blocks[3:6]), [(b.text, b.reason) for b in blocks]


def test_headed_lists_one_under_another_between_paragraphs_stay():
    """A job offer: its tasks, the profile asked for and what is offered, each a list
    under its own heading, between the introduction and the call to apply."""
    tasks = ["Plan the week's deliveries", "Keep the stock lists up to date", "Train new drivers"]
    wanted = ["A licence for heavy vans", "Three years of work in a depot", "Calm in a rush"]
    pairs = [(0, EN[0]), (2, "Your tasks"), *[(4 + k, "• " + t) for k, t in enumerate(tasks)]]
    pairs += [(8, "Your profile"), *[(10 + k, "• " + t) for k, t in enumerate(wanted)]]
    blocks = _lines_at([*pairs, (14, EN[1]), (16, EN[2])])
    classify(blocks)
    assert all(b.label == GOOD for b in blocks), [(b.text, b.reason) for b in blocks]


def test_field_list_between_the_paragraphs_is_a_product_s_specs_not_a_menu():
    """A spec list reads as a menu's links line by line; its items name a property and
    give its value. Kept between the article's paragraphs, not above them or under."""
    specs = ["Weight: 340 g", "Screen size: 6.1 in", "Battery: 4,000 mAh", "Water resistant"]
    pairs = [(0, EN[0]), (2, "Specifications"), *[(4 + k, "• " + t) for k, t in enumerate(specs)]]
    blocks = _lines_at([*pairs, (9, "Care"), (11, EN[1]), (13, EN[2])])
    classify(blocks)
    assert all(b.label == GOOD for b in blocks[2:6]), [(b.text, b.reason) for b in blocks]
    meta = ["Posted: 3 March", "Category: Local news", "Tags: snow, schools"]
    tail = [(8 + k, "• " + t) for k, t in enumerate(meta)]
    blocks = _lines_at([(0, EN[0]), (2, EN[1]), (4, EN[2]), (6, "About this post"), *tail])
    classify(blocks)
    assert not any(b.label == GOOD for b in blocks[4:]), [(b.text, b.reason) for b in blocks]
    links = ["Phones: all models", "Deals: this week", "Help: contact us"]
    assert field_list(_lines_at([(k, t) for k, t in enumerate(links)]))
    assert not field_list(_lines_at([(k, t) for k, t in enumerate(links[:2])]))  # too few
    menu = ["Phones", "Tablets", "Deals: this week", "Help"]
    assert not field_list(_lines_at([(k, t) for k, t in enumerate(menu)]))  # mostly names


def test_recipe_card_under_the_story_of_the_dish_goes_on_with_it():
    story = [
        "This plum crumble is what we bake every September, when the tree by the shed gives "
        "more fruit than we can eat, and the kitchen smells of cinnamon for days.",
        "Use plums that are ripe but still firm, so they hold their shape in the oven and do "
        "not turn the crumble into soup.",
    ]
    head = ["Print Recipe Pin Recipe", "4.8 from 12 votes", "Prep 20 mins", "Bake 40 mins"]
    items = ["600 g plums", "150 g flour", "100 g butter", "80 g brown sugar"]
    steps = [
        "1. Halve the plums, take out the stones and lay them in a baking dish.",
        "2. Rub the flour and butter together until they look like breadcrumbs.",
        "3. Stir in the sugar, scatter it over the fruit and bake until golden.",
    ]
    pairs = [(0, story[0]), (2, story[1]), (4, "Advertisement"), (10, "Plum crumble")]
    pairs += [(12 + k, t) for k, t in enumerate(head)] + [(18, "Ingredients")]
    pairs += [(20 + k, "• " + t) for k, t in enumerate(items)] + [(25, "Method")]
    pairs += [(27 + k, t) for k, t in enumerate(steps)] + [(40, "Popular recipes")]
    blocks = _lines_at(pairs)
    classify(blocks, title_lines=[10])
    kept = {b.text for b in blocks if b.label == GOOD}
    assert {*story, *items, *steps} <= kept, [(b.text, b.reason) for b in blocks]
    assert not any(t in kept for t in head)


def test_names_sentence_crowded_with_names_and_numbers_is_prose():
    scores = (
        "Argentina got past Chile 3-0 in Group C, with Guido Pella beating Nicolas Jarry 6-4, "
        "6-3 and Diego Schwartzman beating Cristian Garin 6-2, 6-2."
    )
    verdicts = _verdicts([EN[0], scores, EN[1]])
    assert verdicts[scores] == GOOD


def test_outside_article_light_prose_far_from_the_article():
    teaser = (
        "Sign up to our newsletter and we will send you the best of the week's stories, with the "
        "news that matters to you, every Friday morning."
    )
    lines = [*EN, *[f"Link {i}" for i in range(20)], teaser]
    verdicts = _verdicts(lines)
    assert verdicts[teaser] == "outside-article"
    assert all(verdicts[p] == GOOD for p in EN)


def test_heavy_continuation_an_article_cut_by_a_box_goes_on_after_it():
    box = [f"Gallery picture {i}" for i in range(15)]
    second = [p.replace("the", "that") for p in EN]
    verdicts = _verdicts([*EN[:2], *box, *second])
    assert all(verdicts[p] == GOOD for p in [*EN[:2], *second])


def test_dated_posts_comments_after_a_box_do_not_continue_the_article():
    box = [f"Gallery picture {i}" for i in range(15)]
    replies = [" ".join(reversed(p.split())) for p in EN]  # prose, but not the article's
    comments = []
    for n, text in enumerate(replies, start=1):
        comments += [f"{n}. reader{n} says:", f"November {n} at 6:2{n} am", text, f"Like ({n})"]
    verdicts = _verdicts([*EN[:2], *box, *comments])
    assert verdicts[replies[0]] == "outside-article"
    assert all(verdicts[p] == GOOD for p in EN[:2])
    long_posts = []  # each post two paragraphs under one dated line: heavy, and prose-like
    for n, text in enumerate(replies, start=1):
        words = EN[n - 1].split()
        long_posts += [f"March {n}, 2024 at 9:1{n} pm", text, " ".join(words[::2] + words[1::2])]
    verdicts = _verdicts([*EN[:2], *box, *long_posts])
    assert verdicts[replies[0]] == "outside-article", verdicts


def test_dated_posts_prices_in_a_quote_box_are_no_times_of_day():
    rows = [("ABC", "17.45", "-1.32", "-2.10%"), ("XYZ", "9.58", "+0.41", "4.47%")] * 2
    quotes = []  # a share-price box between two parts of the article: symbol, price, change
    for symbol, price, change, share in rows:
        quotes += [symbol, f"{symbol} Holdings Inc.", price, change, share]
    second = [p.replace("the", "that") for p in EN]
    verdicts = _verdicts([*EN[:2], *quotes, *second], spacing=1)
    assert all(verdicts[p] == GOOD for p in [*EN[:2], *second]), verdicts
    for clock in ("at 9:41 am", "21.05", "14h30"):
        assert classify_module._dated(clock)


def test_thread_split_comments_printed_right_under_the_article_go():
    """A text-node dump has no blank lines: the comments join the article's run, and
    the run reads as a thread. It is cut under the article, the heaviest post."""
    replies = [" ".join(reversed(p.split())) for p in EN]
    comments = []
    for n, text in enumerate(replies, start=1):
        comments += [f"reader{n} says:", f"May {n}, 2024 at 6:2{n} am", text]
    verdicts = _verdicts([*EN, "Share this", "4 comments", *comments], spacing=1)
    assert all(verdicts[p] == GOOD for p in EN), verdicts
    assert all(verdicts[r] != GOOD for r in replies), verdicts
    forum = _verdicts(comments, spacing=1)  # no article over the posts: the thread stays
    assert all(forum[r] == GOOD for r in replies), forum


def test_thread_split_a_short_article_over_longer_comments_ends_at_its_comments_heading():
    """Two paragraphs of news, then a rule's comments heading, then posts each longer
    than the article's: by weight no post is the article, but the heading ends it."""
    article = [EN[0], EN[1]]
    replies = [f"{p} {p}" for p in (" ".join(reversed(q.split())) for q in EN)]
    lines = [*article]
    for n, text in enumerate(replies, start=1):
        lines += [f"Reader {n} · May {n}, 2024 at 6:2{n} am", text]
    blocks = _blocks(lines)
    classify(blocks, end_lines=[3])  # the comments heading, between article and posts
    verdicts = {b.text: b.label for b in blocks}
    assert all(verdicts[p] == GOOD for p in article), verdicts
    assert all(verdicts[r] != GOOD for r in replies), verdicts
    blocks = _blocks(lines)
    classify(blocks)  # no heading: a run of dated posts with the article inside, all kept
    assert all(b.label == GOOD for b in blocks if b.text in replies)


def test_a_question_after_the_prose_introduces_the_points_under_it():
    points = ["• The form, filled in and signed", "• Your lease and the last rent receipt"]
    points += ["• Pay slips of everyone in the household"]
    pairs = [(0, EN[0]), (2, EN[1]), (4, "Which papers do I need?")]
    pairs += [(6 + k, p) for k, p in enumerate(points)]
    blocks = _lines_at(pairs)
    classify(blocks)
    assert all(b.label == GOOD for b in blocks), [(b.text, b.reason) for b in blocks]
    links = ["• Contact", "• Opening hours", "• Help"]
    pairs = [(0, EN[0]), (2, EN[1]), (4, "Any questions?")] + [
        (6 + k, t) for k, t in enumerate(links)
    ]
    blocks = _lines_at(pairs)
    classify(blocks)
    assert not any(b.label == GOOD for b in blocks[2:]), [(b.text, b.reason) for b in blocks]


def test_introduced_list_ends_at_the_next_colon_line():
    """A dump without blank lines prints one label's list right under another's: each
    colon line introduces the items up to the next one, so a menu line printed further
    down does not cost the lists above it."""
    home = ["Smith scored twelve points.", "Jones scored eight points."]
    away = ["Brown scored ten points.", "Green scored four points."]
    lines = [EN[0], "Home side:", *home, "Visitors:", *away, "Results", "Share", EN[1], "Share"]
    verdicts = _verdicts(lines, spacing=1)
    assert all(verdicts[item] == GOOD for item in home), verdicts


def test_outside_article_an_article_cut_by_tables_outweighs_a_notice_above_it():
    """A text-node dump prints a table a cell a line: an article with tables in it is
    cut into runs lighter than a notice above it. Its runs in one another's words
    are weighed as one, and the article is chosen, not the notice."""
    notice = [
        "We use cookies and similar tools on this site to remember your choices, to measure "
        "how the site is used and to show you offers.",
        "You can change your choices at any time from the settings page at the foot of "
        "every page of this site.",
    ]
    nav = [f"Section {n}" for n in range(50)]
    pieces = [EN, [p.replace("the", "that") for p in EN], [p.replace(" the ", " our ") for p in EN]]
    table = [cell for row in range(5) for cell in (f"Row {row}", f"{row * 7}", f"{row * 3}")]
    lines = [*notice, *nav]
    for piece in pieces:
        lines += [*piece, *table]
    verdicts = _verdicts(lines, spacing=1)
    assert all(verdicts[p] == GOOD for piece in pieces for p in piece), verdicts
    assert all(verdicts[n] != GOOD for n in notice), verdicts


def test_teasers_a_box_of_stories_cut_short_does_not_go_on_with_the_article():
    """Related stories print a headline over each story's first words, cut short with
    an ellipsis: as heavy as the article and in its words, still not the article."""
    box = [f"Gallery picture {i}" for i in range(12)]
    teasers = []
    for n, text in enumerate(EN + EN[:2], start=1):
        cut = text.replace(" the ", " a ")[:150].rsplit(" ", 1)[0]
        teasers += [f"Story number {n} of the week", cut + "..."]
    verdicts = _verdicts([*EN[:2], *box, *teasers])
    assert all(verdicts[p] == GOOD for p in EN[:2]), verdicts
    assert all(verdicts[t] != GOOD for t in teasers[1::2]), verdicts


DOCS = [
    "To set up the mirror, first copy the settings file from the shared folder into your own "
    "home folder, and then open it in any editor that you like to use for plain text.",
    "The settings file holds one line for each mirror, and each line gives the address of the "
    "mirror, the folder it serves and how often the mirror should be checked for changes.",
    "Once the settings file is saved, start the mirror with the start command and check the "
    "log file: the mirror writes a line there each time it finishes copying a folder.",
]
LATER = [
    "If the mirror stops copying, look at the last line of the log file first: the mirror "
    "writes the folder it was copying and the reason it stopped before it gives up.",
    "A mirror that cannot reach its address waits and then tries again, so check the "
    "address in the settings file before you start the mirror once more from the start.",
]


def test_heavy_continuation_needs_weight_and_prose():
    assert classify_module.heavy_continuation(0.6, 900, 1000)
    assert not classify_module.heavy_continuation(0.6, 500, 1000)  # lighter: teasers
    assert not classify_module.heavy_continuation(0.2, 900, 1000)  # between names: comments


def test_closing_paragraphs_lighter_but_nothing_but_prose():
    two, one = _blocks(EN[:2]), _blocks(EN[:1])
    assert classify_module.closing_paragraphs(1.0, 400, 1000, two)
    assert not classify_module.closing_paragraphs(1.0, 400, 1000, one)  # one paragraph: a bio
    assert not classify_module.closing_paragraphs(1.0, 200, 1000, two)  # far lighter
    assert not classify_module.closing_paragraphs(0.6, 400, 1000, two)  # headlines between
    ads = [f"Great deals on garden sheds, offer number {i}" for i in range(8)]  # short: a gap
    closing = [
        "Parents say the closures hit families with two working parents hardest.",
        "One mother said she had used up all her leave for the year by March.",
        "The council will look at the plans again next month.",
    ]
    verdicts = _verdicts([*EN[:3], *ads, *closing, "Most read", "• Ten walks by the river"])
    assert all(verdicts[p] == GOOD for p in closing), verdicts


def test_same_topic_a_lighter_section_after_a_block_of_code_goes_on_with_the_article():
    code = [f"$ mirror --check folder{i}" for i in range(14)]  # short lines: a gap
    verdicts = _verdicts([*DOCS, *code, *LATER])
    assert all(verdicts[p] == GOOD for p in [*DOCS, *LATER]), verdicts
    other = [
        "Our shop sells warm winter coats and boots for the whole family at low prices, and "
        "you can order them online with free delivery to your door on any day you like.",
    ]
    verdicts = _verdicts([*DOCS, *code, *other])
    assert verdicts[other[0]] == "outside-article"


def test_same_topic_a_lead_above_a_gallery_stays_with_the_article():
    lead = (
        "The mirror copies a shared folder to your own machine and checks it for changes, "
        "so that the settings file and the log file are all you need to look after it."
    )
    gallery = [f"[picture {i}]" for i in range(8)] + [
        f"Picture {i} of the mirror" for i in range(8)
    ]
    verdicts = _verdicts([lead, *gallery, *DOCS, *LATER])
    assert verdicts[lead] == GOOD, verdicts


def test_near_good_in_article_a_short_paragraph_between_boxes_stays_and_an_ad_goes():
    ad_box = "Deals, coupons, prices, bargains, sales, discounts, vouchers, offers and codes"
    inside = "The gritters were out on the main roads overnight."
    ad = "Book your dream holiday today with our travel club."
    lines = [EN[0], EN[1], ad_box, inside, ad_box + " now", ad, ad_box + " here", EN[2], EN[3]]
    verdicts = _verdicts(lines)
    assert verdicts[inside] == GOOD, verdicts
    assert verdicts[ad] == "near-good-alone"


def test_outside_article_a_lone_login_notice_above_the_post_is_not_the_article():
    notice = (
        "You are reading this board as a guest, which lets you read most of what is written "
        "here. If you join our community, which is free and takes a minute, you will be able "
        "to start your own topics, answer other members and send them private messages, and "
        "you will see fewer adverts. If you have trouble signing up, please write to us."
    )
    form = ["Name", "[__________]", "Password", "[__________]", "[ ] Keep me signed in"]
    form += [f"Board {i}" for i in range(9)]
    verdicts = _verdicts([notice, *form, *DOCS[:2]])
    assert verdicts[notice] == "outside-article", verdicts
    assert all(verdicts[p] == GOOD for p in DOCS[:2])


def test_form_between_a_comment_form_ends_the_article():
    form = ["Leave your reply", "Name", "[__________]", "E-mail", "[__________]", "[ ] Notify me"]
    form += ["[Send]"] + [f"Rule {i}" for i in range(8)]
    assert classify_module.form_field("[__________]")
    assert classify_module.form_field("[ ] Notify me")
    assert not classify_module.form_field("[picture of the mirror]")
    verdicts = _verdicts([*DOCS, *form, *LATER])
    assert all(verdicts[p] == "outside-article" for p in LATER), verdicts


def test_duplicate_text_a_copy_of_the_article_is_kept_once():
    copy = " ".join(EN)  # a print version: the same text, wrapped differently
    verdicts = _verdicts([*EN, copy])
    assert verdicts[copy] == "duplicate-text"


def test_caption_twice_dropped_and_a_refrain_is_not():
    caption = (
        "The gritters leave the depot on Sunday night, as the snow starts to fall on the town "
        "centre and the first cars are stuck on the hill."
    )
    verdicts = _verdicts([EN[0], caption, caption + " Photo: J. Smith", EN[1], EN[2]])
    assert verdicts[caption] == "caption-twice"
    refrain = [
        f"Verse {i}: and the snow came down on the town, on the hill, on the road." for i in "1234"
    ]
    verdicts = _verdicts([EN[0], *refrain, EN[1]])
    assert all(verdicts[r] == GOOD for r in refrain)


def test_two_alike_lines_with_their_own_details_are_not_a_caption_pair():
    """Two entries of one list written to one pattern share most of their 4-grams, but
    not as a picture's alt text and caption do, which print one text twice."""
    entries = [
        f"{name}: possession of a stolen bicycle, failing to appear in court, held in jail in "
        f"lieu of a {bond} pound bond."
        for name, bond in (("Anna Berg", 500), ("Tomas Reed", 900))
    ]
    verdicts = _verdicts([EN[0], entries[0], entries[1], EN[1], EN[2]])
    assert all(verdicts[e] == GOOD for e in entries)


def test_image_placeholder_holds_the_article_together_and_then_goes():
    pictures = ["[storm-1]", "[storm-2][storm-3]"]
    verdicts = _verdicts([EN[0], pictures[0], EN[1], pictures[1], EN[2]])
    assert {verdicts[p] for p in pictures} == {"image-placeholder"}
    assert all(verdicts[p] == GOOD for p in EN[:3])


def test_text_twice_a_picture_labelled_twice_in_one_line_goes():
    labels = "Gritters at the depot in the snowGritters at the depot in the snow"
    heading = "What the council said"
    verdicts = _verdicts([EN[0], labels, EN[1], heading, EN[2]])
    assert verdicts[labels] == "text-twice"
    assert verdicts[heading] == GOOD
    assert all(verdicts[p] == GOOD for p in EN[:3])


def test_before_title_the_article_starts_after_its_title():
    teaser = (
        "Read our guide to the best winter coats of the year, with the ones that kept our "
        "testers warm and dry on the coldest days of the season."
    )
    blocks = _blocks([teaser, *EN])
    for block in blocks[1:]:
        block.index += 2  # the title, lifted into the header, printed between them
    classify(blocks, title_lines=[3])
    assert blocks[0].reason == "before-title"
    assert all(b.label == GOOD for b in blocks[1:])


def test_before_title_keeps_prose_that_runs_on_into_the_line():
    """A pull quote taken for the title, printed inside the article: the paragraphs that
    run on into it, ending their sentences, are the article's, not teasers over it."""
    blocks = _blocks([*EN, *LATER])
    for block in blocks[2:]:
        block.index += 2  # the line taken for the title, printed between the paragraphs
    classify(blocks, title_lines=[5])
    assert all(b.label == GOOD for b in blocks), [(b.text[:20], b.reason) for b in blocks]


def test_explain_names_the_heuristic_of_every_dropped_line():
    text = "\n\n".join(["• Home", "• News", *EN, "• Home", "• News", "Related stories", "Bus news"])
    doc = clean(text, kind="text")
    assert doc.removed
    assert all(v.reason for v in doc.removed)


def test_a_row_of_pictures_printed_twice_is_not_taken_for_the_title():
    icons = "[facebook-i] [twitter-ic] [share-icon] [print-icon]"
    title = "Snow closes schools across the region"
    dump = "\n\n".join([icons, title, *EN[:2], icons, title, *EN[2:]])
    doc = clean(dump, kind="text")
    assert doc.title == title
    assert icons not in doc.text


def test_after_article_end_a_related_heading_ends_the_article_before_a_light_tail():
    teaser = (
        "Our reporter spent a week with the crews who keep the motorways open through the "
        "winter, and found out what it takes to clear the roads before the morning rush."
    )
    dump = "\n\n".join([*EN, "Related Stories", teaser])
    doc = clean(dump, kind="text")
    assert teaser not in doc.text
    assert any(v.reason == "after-article-end" for v in doc.removed)
    inline = clean("\n\n".join([EN[0], "Related Stories", *EN[1:]]), kind="text")
    assert all(p in inline.text for p in EN)  # a box mid-article: the bulk follows it


#: Teasers under a box of links: each a headline run into its summary, as w3m prints them.
TEASERS = [
    "Ferry crossings resume after the gales A week of storms kept the island cut off, but the "
    "boats are running again.",
    "The village that grows its own power A small wind farm now covers most of what the houses "
    "there use in a year.",
]


def test_box_at_end_the_items_kept_right_under_a_box_label_go():
    dump = "\n\n".join([*EN, "Related coverage", "[photo]", TEASERS[0], "[photo]", TEASERS[1]])
    doc = clean(dump, kind="text")
    assert all(p in doc.text for p in EN)
    assert not any(t in doc.text for t in TEASERS)
    assert {v.reason for v in doc.removed if v.text in TEASERS} == {"box-at-end"}


def test_box_at_end_a_box_whose_links_were_dropped_leaves_the_article_under_it():
    dump = "\n\n".join([*EN[:3], "Related coverage", "• Storm warnings, explained", EN[3]])
    doc = clean(dump, kind="text")
    assert all(p in doc.text for p in EN)  # the box sat inside the article


def test_box_at_end_reads_what_lies_between_the_label_and_the_first_kept_line():
    assert box_at_end([])
    assert box_at_end(_blocks(["[photo]", "[map of the route]"]))
    assert not box_at_end(_blocks(["[photo]", "Storm warnings, explained"]))


#: A forum thread: each post under its author's name and date, the last reply one line.
THREAD = [
    "Rain barrel smells after the warm weather",
    "riverbank_tom\nMember\nMay 2, 2024",
    "Our allotment's rain barrel has started to smell after the warm week, although the lid "
    "stays on and the water comes only from the shed roof. Has anyone had this, and is the "
    "water still fine for the beans or should I empty and scrub the whole thing?",
    "june_plots\nSenior member\nMay 2, 2024",
    "That is almost always leaves or pollen rotting at the bottom. Empty it, scrub it with a "
    "little vinegar, and put a fine mesh over the inlet so the gutter cannot wash more in.",
    "riverbank_tom\nMember\nMay 3, 2024",
    "Emptied and scrubbed it, and the smell is gone. Thanks!",
]


def test_thread_last_posts_a_one_line_reply_at_a_threads_end_stays():
    doc = clean("\n\n".join(THREAD), kind="text")
    assert doc.title == THREAD[0]
    assert THREAD[-1] in doc.text


def test_thread_last_posts_a_header_of_name_and_date_on_one_line():
    """A renderer prints a post's author and date on one line ("name date"), and its
    buttons under it: a post's header all the same, so the thread's one-line last reply
    stays."""
    posts = [THREAD[0]]
    for header, text in zip(THREAD[1::2], THREAD[2::2], strict=True):
        name, *_, day = header.split("\n")
        posts += [f"{name} {day}", text, "Like Reply Share"]
    doc = clean("\n\n".join(posts), kind="text")
    assert THREAD[-1] in doc.text


def test_dated_a_post_header_is_a_date_with_a_name_not_a_reference():
    assert classify_module._dated("riverbank_tom May 3, 2024")
    assert classify_module._dated("Heike am 15. Januar 2025")
    assert not classify_module._dated("The Evening Courier. Retrieved 4 June 2016.")
    assert not classify_module._dated("Four of the five people named on the list by 3 May 2024")


def test_thread_a_dateline_and_byline_over_an_article_are_no_thread():
    """An article's dated byline lines stand above its first paragraph, as a thread's
    first header does; a thread prints a header inside the run as well."""
    lines = ["June 4, 2024 | By Jane Doe", "June 4, 2024 Jane Doe", *EN]
    blocks = _blocks(lines)
    classify(blocks)
    assert all(b.label == GOOD for b in blocks if b.text in EN)


def test_thread_last_posts_a_short_comment_under_an_article_still_goes():
    comment = "riverbank_tom\nMay 3, 2024\n\nGreat piece, thanks for writing it up!"
    doc = clean("\n\n".join([*EN, comment]), kind="text")
    assert "Great piece" not in doc.text


def test_box_heading_a_short_line_right_above_an_article_end():
    bio = (
        "Jane Doe is a writer based in Leeds, and her work has appeared in a number of "
        "papers and magazines over the years."
    )
    blocks = _blocks([*EN, "Liked this story?", "-", bio])  # "-": where the sign-up box was
    del blocks[5]
    classify(blocks, end_lines=[10])
    reasons = {b.text: b.reason for b in blocks}
    assert reasons["Liked this story?"] == "box-heading"
    assert reasons[bio] == "after-article-end"
    assert all(b.label == GOOD for b in blocks[:4])


def test_after_article_end_weighs_the_tail_again_once_cut():
    """Tags, a bio, a related box: the bio is light only once what follows the related
    box's heading is cut, so the cut is tried again at the ends above."""
    bio = (
        "Jane Doe writes about weather and the roads for the paper, and lives by the coast "
        "with her family."
    )
    teasers = [
        "A new bridge for the river crossing was approved by the council after a long "
        "debate about what it would cost the town over the next few years.",
        "The bus company says that it will add more evening services on the busiest lines "
        "in the spring, once it has hired enough drivers for them.",
    ]
    blocks = _blocks([*EN, "-", bio, "-", *teasers])  # "-": the tags line, the box's heading
    del blocks[6], blocks[4]
    classify(blocks, end_lines=[8, 12])
    reasons = {b.text: b.reason for b in blocks}
    assert all(reasons[t] == "after-article-end" for t in teasers), reasons
    assert reasons[bio] == "after-article-end"
    assert all(b.label == GOOD for b in blocks[:4])


def test_after_article_end_cuts_at_most_half_of_a_live_blog_with_share_rows():
    """A share row under every post: the cuts, tried again and again, stop at the budget."""
    posts = _blocks([*EN, *LATER, *DOCS, *EN])
    for post in posts:
        post.label = GOOD
    shares = [b.index + 1 for b in posts[:-1]]  # a share row right under each post
    classify_module._stop_at_article_end(posts, shares)
    kept = sum(len(b.text) for b in posts if b.label == GOOD)
    assert kept >= 0.5 * sum(len(b.text) for b in posts)
    assert posts[-1].reason == "after-article-end"  # the last posts do go


def test_an_author_bio_heading_ends_the_article():
    bio = (
        "Jane Doe is a writer based in Leeds, and her work has appeared in a number of "
        "papers and magazines over the years."
    )
    doc = clean("\n\n".join([*EN, "About Jane Doe", bio]), kind="text")
    assert bio not in doc.text
    assert all(p in doc.text for p in EN)


def test_data_rows_with_numbers_right_under_the_prose_are_a_table_and_stay():
    rows = ["Results", "Palm Bay 18 22 13 17 - 70", "Rockledge 14 11 6 15 - 44"]
    rows += ["Melbourne 12 10 9 20 - 51", "Cocoa 10 8 16 12 - 46"]
    links = ["Results", "Storm closes schools", "Buses back on the road"]
    links += ["Gritters out overnight", "What the council said"]
    for lines, kept in ((rows, True), (links, False)):
        at = [0, 2, 3, 4, 5, 6, 8, 10, 12]  # a table's rows print on consecutive lines
        blocks = [Block(i, t) for i, t in zip(at, [EN[0], *lines, *EN[1:]], strict=True)]
        classify(blocks)
        assert all((b.label == GOOD) == kept for b in blocks[1:6]), lines
        assert all(b.label == GOOD for b in (blocks[0], *blocks[6:]))


# --- the registry: each heuristic a named unit, with its own test ----------------------------


def test_every_reason_the_classifier_gives_is_a_registered_heuristic():
    source = inspect.getsource(classify_module)
    given = set(re.findall(r'BAD, "([a-z-]+)"', source)) | set(
        re.findall(r'reason = "([a-z-]+)" if', source)
    )
    given |= set(re.findall(r'else "([a-z-]+)"', source))
    ids = {h.id for h in heuristics.registered()}
    assert given, "the pattern no longer finds the reasons"
    assert given <= ids, given - ids


def test_every_heuristic_has_a_description_thresholds_that_exist_and_a_test():
    from . import test_window  # the heuristic that cuts a huge dump is tested there

    names = [*globals(), *vars(test_window)]
    tests = [name for name in names if name.startswith("test_")]
    for h in heuristics.registered():
        assert h.action in ("drop", "keep")
        assert h.description and "\n" not in h.description
        assert all(isinstance(v, (int, float)) for v in h.threshold_values().values())
        assert any(h.id.replace("-", "_") in name for name in tests), h.id


def test_a_heuristic_is_looked_up_as_a_rule_is():
    listing = CliRunner().invoke(main, ["rules", "list"]).output
    assert "short-run" in listing and "outside-article" in listing
    shown = CliRunner().invoke(main, ["rules", "show", "short-run"])
    assert shown.exit_code == 0
    assert "threshold: MAX_SHORT_STRETCH = 3" in shown.output
    assert "cleaner.classify" in shown.output
    assert CliRunner().invoke(main, ["rules", "show", "no-such-heuristic"]).exit_code == 2


def test_registering_a_heuristic_twice_or_with_an_unknown_threshold_fails():
    with pytest.raises(ValueError, match="twice"):
        heuristics.heuristic("short-run", "drop", "again")(lambda: None)
    with pytest.raises(ValueError, match="NO_SUCH"):
        heuristics.heuristic("fresh-id", "drop", "d", "NO_SUCH")(classify_module.is_picture)


def test_no_words_a_line_of_dashes_says_nothing():
    assert classify_module.no_words([], "") and not classify_module.no_words(["snow"], "snow")
    verdicts = _verdicts([EN[0], "* * *", EN[1]])
    assert verdicts["* * *"] == "no-words"


def test_few_stopwords_a_long_line_of_names_is_not_prose():
    assert classify_module.few_stopwords(0.1) and not classify_module.few_stopwords(0.3)
    tags = "Snow, Weather, Schools, Leeds, Hull, York, Roads, Gritters, Council, Police, Buses"
    assert _verdicts([EN[0], tags, EN[1]])[tags] == "few-stopwords"


def test_near_good_a_short_sentence_of_some_words_and_not_a_label():
    short = "The roads were closed all night."
    assert classify_module.short_sentence(short, short.lower().split())
    assert not classify_module.short_sentence("Read more.", ["read", "more"])
    assert classify_module.names_sentence("Leeds beat Hull 3-1 on Friday.", 0.05)
    assert not classify_module.names_sentence("Leeds 3 Hull 1", 0.05)
    # a sentence may end on a bracket, a figure's sign or a quote before its full stop
    for line in (
        "The bridge opened in May (after two years).",
        "Fares on the main lines rose by 5%.",
    ):
        assert classify_module.short_sentence(line, re.findall(r"\w+", line.lower()))


def test_short_article_a_page_with_no_good_line_keeps_its_near_good_lines():
    notes = [
        "The library opens at nine on weekdays and at ten on Saturdays.",
        "It is closed on Sundays and on all public holidays in the year.",
    ]
    verdicts = _verdicts(["Home", *notes, "Contact"])
    assert all(verdicts[n] == GOOD for n in notes), verdicts  # short_article
    assert verdicts["Home"] == "short-line"


# --- every heuristic linear on pathological input --------------------------------------------


def _pathological(n: int) -> dict[str, tuple[list[Block], list[int]]]:
    """Dumps of `n` lines that made some heuristic quadratic: (blocks, end_lines)."""
    article = [Block(2 * i, EN[i % 4]) for i in range(4)]
    shares = [Block(10 + 2 * i, "Share this") for i in range(n)]
    between = [Block(3 * i, EN[i % 4]) for i in range(n)]
    return {
        "share rows after the article": (article + shares, [b.index for b in shares]),
        "share rows between prose": (between, [3 * i + 1 for i in range(n)]),
        "colon lines on consecutive lines": (
            [Block(0, EN[0])] + [Block(i, "Items:", repeated=True) for i in range(2, n + 2)],
            [],
        ),
        "prose and rows on consecutive lines": (
            [Block(i, EN[0]) if i % 2 else Block(i, "Row", bullet=True) for i in range(n)],
            [],
        ),
        "short sentences after one good line": (
            [Block(0, EN[0])]
            + [Block(2 * i, "The roads were closed all night, they said.") for i in range(1, n)],
            [],
        ),
        "runs of prose between boxes": ([Block(14 * i, EN[i % 4]) for i in range(n)], []),
        "one span printed again and again": (
            [Block(2 * i, f"{EN[i % 4]} ({i % 50})") for i in range(n)],
            [],
        ),
    }


def _seconds(n: int, name: str) -> float:
    best = float("inf")
    for _ in range(3):  # the best of three: a shared machine's pauses come and go
        blocks, ends = _pathological(n)[name]
        gc.disable()  # a collection walks the whole suite's heap: not the heuristic's time
        try:
            start = time.perf_counter()
            classify(blocks, language_hint="English", end_lines=ends)
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


@pytest.mark.parametrize("name", list(_pathological(1)))
def test_every_heuristic_is_linear_on_pathological_input(name):
    small, large = _seconds(1000, name), _seconds(4000, name)
    assert large < 0.1 or large < 10 * small, (name, small, large)  # quadratic: 16 times


def test_the_stop_word_index_does_not_depend_on_set_order():
    """jusText lists its languages as a set; the index is built in sorted order, so a tie
    between two languages' stop lists (Malay and Indonesian share most) breaks the same
    way in every process, whatever its hash seed."""
    for languages in classify_module.stopword_index().values():
        assert list(languages) == sorted(languages)


def test_a_rule_line_across_the_page_does_not_hide_the_language():
    """w3m prints a horizontal rule as one line of `━` as wide as the page: it holds no
    words, and must not fill the sample the stop list is chosen from."""
    german = [
        "Die Schulen in der ganzen Region blieben am Montag geschlossen, weil der Sturm viel "
        "Schnee und starken Wind brachte.",
        "Der Wetterdienst sagte, dass das Schlimmste am Abend vorbei sein werde.",
    ]
    blocks = _blocks(["━" * 4000, *german, "━" * 4000])
    assert classify(blocks) == "German"


def test_cjk_prose_on_a_page_of_latin_markup_is_read_as_cjk():
    """Markup a renderer printed as text (long Latin lines) can make a page look Latin;
    its CJK paragraphs are still judged by their own script, not by an English stop list."""
    markup = '<div class="box"><img width=1 height=1 alt="" src="http://ads.example/p?id=7"></div>'
    japanese = [
        "市議会は月曜日、新しい橋が今月末までに開通する予定だと発表し、住民の多くがこれを歓迎した。",
        "これまで住民は通勤のために船を使う必要があり、片道で一時間以上かかることも多かったという。",
    ]
    verdicts = _verdicts([markup * 3, *japanese, markup * 3])
    assert all(verdicts[p] == GOOD for p in japanese), verdicts


def test_page_source_printed_as_text_goes_as_markup():
    """A renderer prints a noscript block or a tracking pixel's tag as text. It goes as
    `markup`; a line that only mentions a tag inside prose stays."""
    pixel = '<div style="display:none"><img width=1 height=1 src="http://track.example/t?a=1&b=2"></div>'
    prose = (
        "The guide explains how to wrap a caption in a <span> element so that screen readers "
        "announce it together with the picture it describes."
    )
    verdicts = _verdicts([prose, pixel, prose.replace("guide", "manual")])
    assert verdicts[pixel] == "markup"
    assert classify_module.markup(pixel) and not classify_module.markup(prose)


def test_page_source_does_not_choose_the_stop_list():
    """Long lines of page source, wrapped into paragraphs by lynx, are the longest lines
    of the page: they must not be what the stop list is chosen from."""
    source = (
        '<div class="alert"><img alt="" width=1 height=1 src="http://pixel.example.org/b?'
        "a=v%2fs%2fz%3d1%2fk%3do%2fi%3da%2fu%3ds&v=2&z=a%2fo%2fs%2fv"
        '"></div> ' * 8
    )
    japanese = [
        "市議会は月曜日、新しい橋が今月末までに開通する予定だと発表し、住民の多くがこれを歓迎した。"
        "これまで住民は通勤のために船を使う必要があり、片道で一時間以上かかることも多かったという。",
        "橋の建設には三年かかり、工事の間は近くの道路が何度も通行止めになったと市は説明している。",
    ]
    blocks = _blocks([source, *japanese, source])
    assert classify(blocks) == ""  # no stop list: CJK prose is judged by its punctuation
    assert all(b.label == GOOD for b in blocks if b.text in japanese)


def test_login_box_over_a_short_thread_is_not_the_article():
    """A forum greets a guest with prose on what members may do, over the form to log in;
    it outweighs a short thread. The form's password field marks it as the box's text."""
    notice = (
        "Guests can read every board here, but only members can start topics, answer "
        "others and send private messages. Signing up takes a minute and costs nothing, "
        "and members see fewer adverts on every page of the site."
    )
    login = "User name: [ ] Password: [ ] [ ] Stay signed in [Log in]"
    crumbs = ["Boards » Garden » Allotments", "Started by riverbank_tom · 3 replies"]
    doc = clean("\n\n".join([notice, login, *crumbs, *THREAD]), kind="text")
    assert notice not in doc.text
    assert THREAD[2] in doc.text and THREAD[-1] in doc.text
    assert classify_module.login_box(_blocks([login]))
    comment_form = "Name: [ ] E-mail: [ ] [Post comment]"  # asks for no password
    assert not classify_module.login_box(_blocks([comment_form]))


#: A public office's page: a lead paragraph, then sections under headings of their own.
SERVICE_PAGE = [
    "You can ask the town hall for a resident's permit to park in the zones near your home, "
    "and the permit runs for a year from the day it is issued to you by the office.",
    "What to bring",
    "• a proof of address from the last three months,",
    "• the registration papers of the car.",
    "Fees",
    "The permit costs forty euros a year.",
    "How long it takes",
    "Most permits are ready within a week. We send you a message when yours is.",
]


def test_article_sections_a_service_page_keeps_its_sections_under_the_lead():
    verdicts = _verdicts([*SERVICE_PAGE, *[f"Footer link {i}" for i in range(6)]])
    assert all(verdicts[t.removeprefix("• ")] == GOOD for t in SERVICE_PAGE), verdicts
    assert verdicts["Footer link 0"] != GOOD


def test_article_sections_a_box_of_links_last_under_its_heading_stays_out():
    """A heading over headlines right under the article, no sentence under them: a box of
    related stories whose heading no rule knows, not a section of the article."""
    box = ["Read on", "• Snow ploughs out early in the valley towns", "• Bus timetable changes"]
    verdicts = _verdicts([*EN, *box])
    assert all(verdicts[p] == GOOD for p in EN)
    assert verdicts["Snow ploughs out early in the valley towns"] != GOOD, verdicts
