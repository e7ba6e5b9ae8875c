"""Rule packs: every bundled rule's own tests, each action on lines, and validation."""

from __future__ import annotations

import json
import textwrap

import pytest

from cleaner import RuleError, RuleSet, RuleTimeout, clean
from cleaner.rules import HTML_ACTIONS, bundled_rules_dir, exact_key, load_pack

BUNDLED = RuleSet.load()
RULES = [r for p in BUNDLED.packs for r in p.rules]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_bundled_rule_has_a_description_and_passes_its_tests(rule):
    """Text rules act on their example lines; HTML rules select in their example snippets."""
    fires = rule.selects if rule.action in HTML_ACTIONS else rule.acts_on
    assert rule.description and "\n" not in rule.description
    assert rule.hits, f"{rule.id} has no tests.hit examples"
    for example in rule.hits:
        assert fires(example), f"{rule.id} should act on {example!r}"
    for example in rule.misses:
        assert not fires(example), f"{rule.id} should leave {example!r}"
    assert list(rule.failing_examples()) == []


def _pack(tmp_path, body: str, name: str = "t") -> RuleSet:
    (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return RuleSet.load([tmp_path], bundled=False)


BODY = "\n".join(
    f"Paragraph {i} is a long sentence of prose that the reader came for, with words in it."
    for i in range(1, 4)
)


def _clean(ruleset, text, source="t"):
    return clean(text, source=source, kind="text", rules=ruleset)


RULE_CASES = {
    "drop": ("drop: [Buy now]", "Buy now\n" + BODY, "Buy now"),
    "drop_regex": ("drop_regex: '^Sale \\d+%$'", BODY + "\nSale 50%", "Sale 50%"),
    "drop_between": (
        "drop_between: {start: '^Promo start$', end: '^Promo end$'}",
        "Paragraph 0 is a long sentence of prose that the reader came for, with words in it.\n"
        "Promo start\nInside the promo block there is a long line of text with words in it.\n"
        "Promo end\n" + BODY,
        "Inside the promo",
    ),
    "start_after": (
        "start_after: '^MENU END$'",
        "Menu item one\nMENU END\n" + BODY,
        "Menu item one",
    ),
    "stop_at": (
        "stop_at: '^Comments$'",
        BODY + "\nComments\nA comment with a long line of prose in it that is not the article.",
        "A comment with",
    ),
    "strip": (
        "strip: '\\s*\\[sponsored\\]'",
        BODY.replace("reader came", "reader [sponsored] came"),
        "[sponsored]",
    ),
}


@pytest.mark.parametrize("action", sorted(RULE_CASES))
def test_each_text_action_removes_and_attributes(tmp_path, action):
    rule, text, gone = RULE_CASES[action]
    ruleset = _pack(
        tmp_path,
        f"""
        pack: t
        description: test pack
        applies: {{sources: [t]}}
        rules:
          - id: t.rule
            description: the rule under test
            {rule}
        """,
    )
    doc = _clean(ruleset, text)
    assert gone not in doc.text
    assert "Paragraph 1 is a long sentence" in doc.text
    assert any(v.reason == "t.rule" for v in doc.removed)


def test_an_exact_drop_ignores_case_and_a_trailing_colon_or_ellipsis(tmp_path):
    ruleset = _pack(
        tmp_path,
        """
        pack: t
        description: test pack
        applies: {sources: [t]}
        rules:
          - id: t.rule
            description: the rule under test
            drop: [You may also like]
        """,
    )
    labels = ["YOU MAY ALSO LIKE", "You may also like...", "You may also like:"]
    labels.append("You may also like…")
    doc = _clean(ruleset, "\n".join([BODY, *labels, "You may also like it here."]))
    assert [v.text for v in doc.removed if v.reason == "t.rule"] == labels
    assert "You may also like it here." in doc.text


def test_byline_and_title_rules_fill_the_header(tmp_path):
    ruleset = _pack(
        tmp_path,
        r"""
        pack: t
        description: test pack
        applies: {sources: [t]}
        rules:
          - id: t.title
            description: title line
            title: '^Headline: (?P<title>.+)$'
          - id: t.byline
            description: byline with date
            byline: '^Written by (?P<author>[\w ]+) on (?P<date>.+)$'
        """,
    )
    doc = _clean(ruleset, "Headline: A test story\nWritten by Ann Lee on March 3, 2024\n" + BODY)
    assert (doc.title, doc.author, doc.date) == ("A test story", "Ann Lee", "2024-03-03")
    assert "Headline" not in doc.text and "Written by" not in doc.text


def test_pack_chosen_by_host_source_or_signature(tmp_path):
    ruleset = _pack(
        tmp_path,
        """
        pack: t
        description: test pack
        applies: {hosts: [example.org], sources: [ex], signatures: ['^Example Footer$']}
        source: example.org
        rules:
          - id: t.drop
            description: drop a line
            drop: [Noise line]
        """,
    )
    text = "Noise line\n" + BODY

    def fired(doc):
        return any(v.reason == "t.drop" for v in doc.removed)

    assert not fired(clean(text, rules=ruleset))
    assert not fired(clean(text, url="https://example.com/a", rules=ruleset))
    assert fired(clean(text, url="https://www.example.org/a", rules=ruleset))
    assert fired(clean(text, source="ex", rules=ruleset))
    signed = clean(text + "\nExample Footer", rules=ruleset)
    assert fired(signed) and signed.source == "example.org"


RULE_HEAD = "pack: t\ndescription: d\nrules:\n  - id: a\n    description: d\n"


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        (
            RULE_HEAD + "    drop_regex: '(unclosed'\n",
            6,  # the regex's own line, not the rule's
            "bad regex",
        ),
        (
            "pack: t\ndescription: d\nrules:\n  - id: a\n    description: d\n",
            4,
            "exactly one action",
        ),
        ("pack: t\ndescription: d\nrules:\n  - id: a\n    drop: [x]\n", 4, "lacks description"),
        (
            RULE_HEAD + "    remove: 'div[[['\n",
            6,
            "bad CSS selector",
        ),
        ("pack: t\ndescription: d\nrules: [\n", 4, "not valid YAML"),
        (RULE_HEAD + "    strip: x\n    ends_article: true\n", 4, "on a drop rule only"),
        (
            RULE_HEAD + "    drop: [x]\n    ends_article: 'yes'\n",
            4,
            "ends_article is true or false",
        ),
        (RULE_HEAD + "    strip: x\n    heads_box: true\n", 4, "heads_box is true or false"),
        (
            RULE_HEAD + "    drop: [x]\n    ends_article: true\n    heads_box: true\n",
            4,
            "ends_article or heads_box, not both",
        ),
        ("pack: t\ndescription: d\nrulez: []\n", 1, "lacks rules"),
    ],
)
def test_invalid_pack_names_file_line_and_reason(tmp_path, body, line, reason):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_pack(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert reason in str(info.value)
    assert f"bad.yaml:{line}" in str(info.value)


def test_duplicate_rule_ids_are_an_error(tmp_path):
    rule = "rules:\n  - id: same\n    description: d\n    drop: [x]\n"
    (tmp_path / "a.yaml").write_text("pack: a\ndescription: d\n" + rule, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("pack: b\ndescription: d\n" + rule, encoding="utf-8")
    with pytest.raises(RuleError, match="also defined"):
        RuleSet.load([tmp_path], bundled=False)


def test_runaway_regex_is_stopped_and_reported(tmp_path):
    ruleset = _pack(
        tmp_path,
        """
        pack: t
        description: test pack
        applies: always
        rules:
          - id: t.slow
            description: catastrophic backtracking
            drop_regex: '^(a|aa)+$'
        """,
    )
    with pytest.raises(RuleTimeout, match=r"t\.slow"):
        clean("a" * 60 + "b", kind="text", rules=ruleset)


_END_PACK = """
    pack: t
    description: test pack
    applies: always
    rules:
      - id: t.more
        description: the site's heading over its list of other stories
        drop: 'More from the newsroom'
"""


@pytest.mark.parametrize("marked", [True, False])
def test_a_rule_marked_ends_article_cuts_the_light_tail_after_its_line(tmp_path, marked):
    ruleset = _pack(tmp_path, _END_PACK + ("        ends_article: true\n" if marked else ""))
    article = [
        "The storm closed schools across the region on Monday, and the authorities asked "
        "people to stay at home until the roads were cleared of the snow and the ice.",
        "The weather service said that the worst of it would pass by the evening, but that "
        "the temperatures would stay well below freezing for the rest of the week.",
        "Parents were told that the schools would open again as soon as the buses could run, "
        "and that the school would let them know by text message on the evening before.",
    ]
    teaser = (
        "Our reporter spent a week with the crews who keep the motorways open through the "
        "winter, and found out what it takes to clear the roads before the morning rush."
    )
    doc = clean(
        "\n\n".join([*article, "More from the newsroom", teaser]), kind="text", rules=ruleset
    )
    assert article[-1] in doc.text
    assert (teaser in doc.text) is not marked


# --- nothing invented: a site pack is chosen only on a line naming the site ----------

#: Phrases many sites print; each once chose a site pack (and so wrote its source).
GENERIC_PHRASES = [
    "Jane Doe Read more",
    "list of 2 items",
    "list of 3 itemsend of list",
    "[ Why the harbour flooded again Opens in new window ]",
    "No Result\nView All Result",
    "Follow us on Twitter",
    "Listen | 4:32",
]


@pytest.mark.parametrize("phrase", GENERIC_PHRASES)
def test_a_phrase_other_sites_print_chooses_no_site_pack(phrase):
    text = f"{phrase}\n{BODY}"
    chosen = BUNDLED.select(text)
    assert [p.name for p in chosen if p.source] == []
    doc = clean(text, kind="text")
    assert doc.source is None
    assert doc.author is None


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("© 2026 Digital Phablet", "digitalphablet.com"),
        ("Officials spoke to the press, Azernews reports.", "azernews.az"),
        ("© 2025 Al Jazeera Media Network", "aljazeera.com"),
        ("© 2026 The Irish Times DAC", "irishtimes.com"),
    ],
)
def test_a_line_naming_the_site_gives_its_host_as_source(line, source):
    assert clean(f"{BODY}\n{line}", kind="text").source == source


def test_a_source_given_by_the_caller_is_used_as_given():
    text = f"{BODY}\nOfficials spoke to the press, Azernews reports."
    assert clean(text, source="azernews", kind="text").source == "azernews"
    assert clean(text, kind="text").source == "azernews.az"
    assert clean(text, url="https://www.azernews.az/x", kind="text").source == "azernews.az"


def test_a_site_pack_signature_must_name_the_site(tmp_path):
    body = """
        pack: shop
        description: a shop
        applies: {hosts: [shop.example], signatures: ['^Read more$']}
        source: shop.example
        rules: []
        """
    with pytest.raises(RuleError, match="does not name the site") as info:
        _pack(tmp_path, body)
    assert info.value.line == 4
    # A family pack writes no source: a phrase its theme prints may choose it.
    _pack(tmp_path, body.replace("source: shop.example", ""))
    named = body.replace("'^Read more$'", "'^© \\d{4} Shop Example Ltd$'")
    assert _pack(tmp_path, named).packs[0].signatures


# --- packs a user can test --------------------------------------------------------


def test_a_drop_between_example_is_the_span_not_either_marker(tmp_path):
    def rule(hit: str, miss: str = "Nothing here"):
        pack = f"""
            pack: t
            description: test pack
            rules:
              - id: t.promo
                description: a promo block
                drop_between: {{start: '^Promo start$', end: '^Promo end$'}}
                tests: {{hit: [{json.dumps(hit)}], miss: [{json.dumps(miss)}]}}
            """
        return _pack(tmp_path, pack).packs[0].rules[0]

    assert list(rule("Promo start\nInside\nPromo end").failing_examples()) == []
    for marker_alone in ("Promo start", "Promo end", "Promo start\nInside"):
        assert [f.expected for f in rule(marker_alone).failing_examples()] == ["hit"]
    # A miss holding a whole span fails; a miss holding one marker passes.
    spanned = rule("Promo start\nPromo end", miss="Promo start\nx\nPromo end")
    assert [f.expected for f in spanned.failing_examples()] == ["miss"]


def test_a_failing_example_names_its_own_line(tmp_path):
    ruleset = _pack(
        tmp_path,
        """
        pack: t
        description: test pack
        rules:
          - id: t.sale
            description: a sale banner
            drop_regex: '^Sale \\d+%$'
            tests:
              hit:
                - 'Sale 20%'
                - 'Sale!'
              miss: ['Sale 50%']
        """,
    )
    failures = ruleset.failing_examples()
    assert [(f.line, f.expected, f.example) for f in failures] == [
        (11, "hit", "Sale!"),
        (12, "miss", "Sale 50%"),
    ]
    assert str(failures[0]).startswith(f"{tmp_path / 't.yaml'}:11: t.sale")


REGEX_HEAD = "pack: t\ndescription: d\nrules:\n  - id: t.x\n    description: d\n"


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("    drop_regex: '(unclosed'\n", 6),
        ("    drop_between:\n      start: '^ok$'\n      end: '(unclosed'\n", 8),
        ("    byline: |-\n      ^(?P<who>.+) wrote$\n", 6),
        ("    tests: {hit: [x]}\n    strip:\n      '(unclosed'\n", 8),
    ],
)
def test_a_regex_error_points_at_the_regex_line(tmp_path, value, line):
    path = tmp_path / "t.yaml"
    path.write_text(REGEX_HEAD + value, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_pack(path)
    assert info.value.line == line, str(info.value)


def test_a_user_pack_shadowing_a_bundled_one_is_an_error_unless_it_replaces_it(tmp_path):
    body = """
        pack: generic
        description: my own generic rules
        applies: always
        {replaces}
        rules:
          - id: mine.buy
            description: a shop's call
            drop: [Buy now]
            tests: {{hit: [Buy now]}}
        """
    path = tmp_path / "generic.yaml"
    path.write_text(textwrap.dedent(body.format(replaces="")), encoding="utf-8")
    with pytest.raises(RuleError, match="already defined") as info:
        RuleSet.load([tmp_path])
    assert info.value.line == 2  # the line naming the pack
    path.write_text(textwrap.dedent(body.format(replaces="replaces: [generic]")), "utf-8")
    ruleset = RuleSet.load([tmp_path])
    generic = ruleset.get("generic")
    assert generic is not None and generic.path == str(path)
    assert ruleset.rule("generic.advertisement") is None


def test_a_directory_named_twice_loads_once(tmp_path):
    (tmp_path / "a.yaml").write_text("pack: a\ndescription: d\nrules: []\n", encoding="utf-8")
    ruleset = RuleSet.load([tmp_path, tmp_path / ".", bundled_rules_dir()])
    assert [p.name for p in ruleset.packs].count("a") == 1
    assert len(ruleset.packs) == len(BUNDLED.packs) + 1


def test_replacing_a_pack_no_one_defined_is_an_error(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "pack: a\ndescription: d\nreplaces: [nosuch]\nrules: []\n", encoding="utf-8"
    )
    with pytest.raises(RuleError, match="nosuch"):
        RuleSet.load([tmp_path])


def test_bundled_packs_are_where_the_install_finds_them():
    assert (bundled_rules_dir() / "generic.yaml").is_file()


def test_lines_the_rules_left_alone_are_remembered_and_decided_alike_again():
    from cleaner import dump

    ruleset = RuleSet.load()
    rules = ruleset.text_rules(ruleset.select("", None, None))
    cleared: set[str] = set()
    texts = ["Advertisement", "A sentence of the article, told in full.", "Photo: Ana Person"]

    def decide() -> list[tuple[str | None, str]]:
        lines = [dump.Line(i, text) for i, text in enumerate(texts)]
        dump._apply_line_rules(lines, rules, cleared)
        return [(line.action, line.reason) for line in lines]

    first = decide()
    assert first[0] == ("drop", "generic.advertisement")
    assert first[2] == ("drop", "generic.photo-credit")
    assert cleared == {texts[1]}  # only the line no rule acted on
    assert decide() == first


@pytest.mark.parametrize(
    "line",
    [
        "ADVERTISEMENT",
        "Advertisement:",
        "Advertisement ...…",
        "advertisement  ",
        "Advertisement and a long sentence after it, which no exact drop names at all.",
        "WERBUNG",
        "ẞ",
        "",
        "Sponsored content" + " :" * 40,
    ],
)
def test_exact_rule_finds_what_the_exact_key_finds(line):
    rules = BUNDLED.text_rules(BUNDLED.select("", None, None))
    assert rules.exact_rule(line) is rules.exact.get(exact_key(line))
