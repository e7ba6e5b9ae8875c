"""The headline of a text dump: the prominent short line next to the article's start.

A dump has no markup, so the headline is found by what a reader sees: it stands
above the article's first run of prose, before the byline and the dateline, on a
line of its own; it is a phrase of some words, not a sentence ending in a full
stop; the page prints it again (a breadcrumb, share text, "Discuss: ...", the
page's title line "Headline | Site"); it is not a menu item (a line among a run of
short lines) and not the site's name, which the page repeats from top to footer;
nor the author's name over "By ...", the standfirst under the headline, a section's
label over it, or a picture's text printed twice. Each line near the article's
start gets a score from these signals and the best one wins; none at all when no
line looks like a headline. The article's start is the first heavy run of prose:
long lines, or sentences of many words (an article of short paragraphs), never
markup printed as text, a table or a row of capitalised links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import classify, dates

# Thresholds in characters and lines, tuned on the even positions of the sorted
# Readability and ScrapingHub dumps and checked on the odd ones; none is for one site.
PROSE_CHARS = 150  # a line this long with many words is prose
PROSE_SPACES = 20
SENTENCE_CHARS = 80  # a paragraph this long ending in a full stop is prose as well
SENTENCE_WORDS = 12
PROSE_CAPITALS = 0.7  # a long line with more capitalised words than this is a row of links
CAPITALS_SAMPLE = 300  # characters read for that share: a row of links shows in its start
DENSE_SCALE = 3  # a CJK character carries about as much as three Latin ones
MAX_RUN_GAP = 12  # lines between two prose lines of one run
MAIN_RUN_SHARE = 0.3  # the article is the first run of prose this share of the heaviest
WINDOW = 60  # the headline stands at most this many lines above the article's start
BELOW = 0  # lines below the start allowed: none (a subheading lifted there cuts the article)
BELOW_DATED = 20  # ... unless a byline or dateline follows the line: then this many
DATED_HEAD_LINES = 12  # ... one this close under it, over its dateline, is not held below
MIN_CHARS = 12
MAX_CHARS = 220
MIN_DENSE_CHARS = 5
MENU_RUN = 3  # this many short lines on consecutive lines are a menu
SHORT_LINE = 60
BYLINE_REACH = 8  # a byline or dateline this close under a line marks it as the headline
SITE_REPEATS = 4  # a short text printed this often is the site's name or a menu's
SITE_WORDS = 5  # a site's name is at most this many words; a longer line is not one
FOOTER_SHARE = 0.85  # a text printed again below this share of the dump is the site's

_BULLET = re.compile(r"^\s*(?:[-*•◦▪▫‣⁃●○■□►▸]|\d+\.)\s")
_BYLINE = re.compile(r"^(?:by|von|par|por|door|av|af|written by|posted by)\s+\S", re.IGNORECASE)
_DATE_HINT = re.compile(
    r"(?:19|20)\d\d|\b\d{1,2}[:.]\d\d\b|\b(?:ago|updated|published)\b", re.IGNORECASE
)
_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b|\b(?:updated|posted|published)\b", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\bcopyright\b|all rights reserved", re.IGNORECASE)
_DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORDS = re.compile(r"\w+")
_INITIAL = re.compile(r"\b[^\W\d_]")  # a word's first character, when a letter
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?>")
_SENTENCE_END = re.compile(r"[.:;,…][\"'”’»)\]]*$")
_FULL_STOPS = ".!?。！？"
_CLOSERS = "\"'”’»)]"  # after a full stop: quotes and brackets that close the sentence
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:\w\.){2,}$")  # "U.S.", "N.Y.C.": not a full stop
# "[A Show: Its Tale] Reviews", not a picture's "[image-name]" or a form's "[ ]"
_LABEL = re.compile(r"^\[[^\]\s]*\s[^\]]*\]\s*\w")
_FORM_FIELD = re.compile(r"\[[ _]+\]|_{6,}")  # a text box or a check box, as w3m and lynx print it
_TEX = re.compile(r"\{\\[a-zA-Z]+")  # a formula's TeX source, "{\displaystyle x}": prose's
# a section's heading with its edit link glued on, as a wiki prints it: "History[edit]"
_EDIT_LINK = re.compile(r"\w\[[^\W\d_][^\[\]]{0,40}\]$")
# a field whose value is a number alone: "Item no.: 448120 · ...", "Posts: 1,204"
_NUMBER_FIELD = re.compile(r"[^\W\d_][\w. ]{0,30}:\s*[#№]?\d[\d.,/-]*\s*(?:[|·•–-]|$)")
_PAGE_COUNT = re.compile(r"(?:\w+ )?\d+ (?:of|von|de|di|z|van|sur) \d+\b")  # "Page 1 of 2"
_ROW = re.compile(r"(?:\s(?:[|»›>·•]|::)\s.*){2}")  # fields or links between bars: "A | B | C"


@dataclass(frozen=True)
class _Page:
    """What every candidate's score reads: the lines, case-folded, and the article's start."""

    texts: Sequence[str]
    joined: str  # every line, case-folded, one per line: where repeats are counted
    footer: str  # the same, of the dump's last lines: where the site's name is printed again
    start: int
    shaped: dict[str, bool] = field(default_factory=dict)  # `_headline_shaped`, by text

    def headline_shaped(self, text: str) -> bool:
        """`_headline_shaped(text)`, once per text: a line is asked again as the neighbour
        of the lines above and below it, and a page prints its menus' lines often."""
        found = self.shaped.get(text)
        if found is None:
            found = self.shaped[text] = _headline_shaped(text)
        return found


def find_title(texts: Sequence[str], usable: Sequence[bool] | None = None) -> str | None:
    """The dump's headline among `texts` (lines; `usable` marks those not yet decided)."""
    if not texts:
        return None
    usable = usable if usable is not None else [True] * len(texts)
    texts = [text.replace("\ufffd", "") for text in texts]  # damage, not content
    page = _page(texts, usable)
    start = page.start
    if start == len(texts):
        return None  # no run of prose: no article start to stand above, so no headline
    best, best_score = None, 0.0
    for i in range(max(0, start - WINDOW), min(len(texts), start + BELOW_DATED + 1)):
        if not usable[i] or not page.headline_shaped(texts[i]) or _runs_on(texts, i):
            continue
        if i > start + BELOW and not _next_byline(texts, i) and not _prev_dateline(texts, i):
            continue  # below the start only over its own byline (the start was a caption)
        score = _score(page, i)
        if score > best_score:
            best, best_score = i, score
    return texts[best].strip() if best is not None else None


def _runs_on(texts: Sequence[str], i: int) -> bool:
    """Whether the line goes on into the next, with no blank line between, in lower case:
    the first line of a paragraph printed as it was wrapped, not a headline. A byline or
    a dateline under a headline starts in lower case as well ("by ...", "updated ...")."""
    below = texts[i + 1] if i + 1 < len(texts) else ""
    return below[:1].islower() and not _BYLINE.match(below) and not _DATE_HINT.search(below)


def _page(texts: Sequence[str], usable: Sequence[bool]) -> _Page:
    # Line by line, then joined: the same text (case folding reads no context), without
    # casefold's buffer of three 4-byte characters per character of a whole large dump.
    folded = [text.casefold() for text in texts]
    joined = "\n".join(["", *folded, ""])
    footer = "\n".join(folded[int(FOOTER_SHARE * len(texts)) :])
    return _Page(texts, joined, footer, article_start(texts, usable))


def article_start(texts: Sequence[str], usable: Sequence[bool] | None = None) -> int:
    """The first line of the article's prose: the first run of long lines weighing at
    least `MAIN_RUN_SHARE` of the heaviest run (teasers before it are lighter). Lines
    not `usable` (a rule dropped them: a cookie notice, a sign-up box) are no prose."""
    runs: list[list[int]] = []
    mass: list[int] = []
    last = -MAX_RUN_GAP - 2
    shortest = min(SENTENCE_CHARS, -(-PROSE_CHARS // DENSE_SCALE))  # shorter: never prose
    for i, text in enumerate(texts):
        if len(text) < shortest or (usable is not None and not usable[i]):
            continue  # most lines, answered without a call
        weight = _prose_weight(text) or _sentence_weight(text)
        if not weight:
            continue
        if i - last > MAX_RUN_GAP + 1:
            runs.append([])
            mass.append(0)
        runs[-1].append(i)
        mass[-1] += weight
        last = i
    if not runs:
        return len(texts)
    best = max(mass)
    main = next(i for i, weight in enumerate(mass) if weight >= MAIN_RUN_SHARE * best)
    return runs[main][0]


def _dense_count(text: str) -> int:
    """How many CJK characters the text holds; an ASCII text holds none, which
    `str.isascii` tells without reading it."""
    return 0 if text.isascii() else len(_DENSE.findall(text))


def _prose_weight(text: str) -> int:
    if len(text) * DENSE_SCALE < PROSE_CHARS:
        return 0  # too short even in a dense script: most lines, answered cheaply
    dense = _dense_count(text)
    length = len(text) + (DENSE_SCALE - 1) * dense
    if length < PROSE_CHARS or (text.count(" ") < PROSE_SPACES and dense < PROSE_CHARS // 3):
        return 0
    if "\n" in text or ("<" in text and _MARKUP.search(text)):
        return 0  # a table's rows, or markup printed as text (a noscript block): not prose
    if not _ends_sentence(text) and _capital_share(text) > PROSE_CAPITALS:
        return 0  # a row of links ("World Business Opinion ..."): prose has small words
    return length


def _sentence_weight(text: str) -> int:
    """A shorter paragraph counts as prose too when it is a sentence of many words: an
    article of short paragraphs has no long line."""
    if len(text) < SENTENCE_CHARS or not _ends_sentence(text):
        return 0
    if "\n" in text:
        return 0
    if len(_WORDS.findall(text)) < SENTENCE_WORDS or _capital_share(text) > PROSE_CAPITALS:
        return 0
    return len(text)


def _ends_sentence(text: str) -> bool:
    """Whether the line ends in a full stop, a question or an exclamation mark."""
    last = text.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in _FULL_STOPS


def _capital_share(text: str) -> float:
    """The share of words that start with a capital letter (0 in a script without case)."""
    initials = _INITIAL.findall(text, 0, CAPITALS_SAMPLE)
    return sum(map(str.isupper, initials)) / len(initials) if initials else 0.0


def _doubled(text: str) -> bool:
    """Whether the line is one text printed twice ("Photo of a bikePhoto of a bike"): a
    picture's alternative text next to its caption, not a heading."""
    half = len(text) // 2
    return len(text) % 2 == 0 and text[:half] == text[half:]


def _pager(text: str) -> bool:
    """A pager's links ("« Previous", "Next »", "« Previous | Next »"): an arrow on one
    side, or on both with a bar between; a French quote (« ... ») has no bar."""
    back, on = text.startswith(("« ", "‹ ", "← ")), text.endswith((" »", " ›", " →"))
    return back != on or (back and " | " in text)


def _headline_shaped(text: str) -> bool:
    """A phrase of a few words on its own line: not a list item, a picture, a byline, a
    form's field (a search box), a row of fields or links between bars ("Prep: 15 min |
    Serves: 4 | ...", a breadcrumb "Home » Recipes » Soups"), a pager's link ("Next »")
    or count ("Page 1 of 2 · 14 posts"), a web address, or a sentence ending in a full
    stop."""
    text = text.strip()
    if not MIN_DENSE_CHARS <= len(text) <= MAX_CHARS:
        return False  # too short for a headline in any script, or too long for one
    dense = _dense_count(text)
    if dense >= MIN_DENSE_CHARS:  # the word tests below read Latin script; these read any
        return not text.endswith("。") and not _ROW.search(text) and not _COPYRIGHT.search(text)
    if not MIN_CHARS <= len(text) <= MAX_CHARS or _doubled(text):
        return False
    if not (text[:1].isupper() or text[:1] in "'\"‘“«¿¡[" or text[:1].isdigit()):
        return False  # a headline starts as one: asked first, it spares most lines the rest
    if (
        _BULLET.match(text)
        or (text.startswith("[") and not _LABEL.match(text))
        or _BYLINE.match(text)
        or _COPYRIGHT.search(text)
        or _FORM_FIELD.search(text)
        or _TEX.search(text)
        or _EDIT_LINK.search(text)
        or "://" in text
        or _ROW.search(text)
        or _pager(text)
        or _PAGE_COUNT.match(text)
        or _NUMBER_FIELD.match(text)
    ):
        return False
    if (
        (_SENTENCE_END.search(text) and not _ABBREVIATION_END.search(text))
        or len(_WORDS.findall(text)) < 2
        or _prose_weight(text)
    ):
        return False
    # not a dateline, nor a byline's line with its date
    return not (_CLOCK.search(text) or (_DATE_HINT.search(text) and dates.find_date(text)))


#: Weights of each signal (see `_signals`), tuned by a grid search on the even
#: positions of the sorted Readability and ScrapingHub dumps.
WEIGHTS = {
    "below": -2.0,
    "words": 3.0,
    "repeated": 0.5,
    "over_byline": 2.0,
    "long": -2.0,
    "title_case": 0.5,
    "caption": -2.0,
    "alone": 1.0,
    "capitals": -1.0,
}
_CAPTION = re.compile(
    r"\b(?:photo|photograph|image|picture|getty|credit|reuters|afp|ap|associated press"
    r"|shutterstock|file)\b",
    re.IGNORECASE,
)
LONG_CHARS = 120
CAPITALS_SHARE = 0.5  # a line with more of its words in capitals than this is a label
DEK_HEAD_WORDS = 6  # a phrase above of fewer words is a section label (a kicker), not a headline


def _score(page: _Page, i: int) -> float:
    """How much line `i` looks like the headline: the weighted sum of its signals; zero
    for a menu item or the site's name."""
    signals = _signals(page, i)
    if signals is None:
        return 0.0
    return max(sum(WEIGHTS[name] * value for name, value in signals.items()), 0.0) + 1e-9


def _signals(page: _Page, i: int) -> dict[str, float] | None:
    """Near the article's start, printed again on the page, over a byline or dateline,
    of a headline's length and casing, alone between blank lines, not a caption; None
    for a menu item or the site's name. A line right over its byline or dateline is
    not held below the article's start: what starts above it (a sidebar's greeting, a
    caption) is not the article's."""
    text, key = page.texts[i], page.texts[i].casefold()
    if _in_menu(page.texts, i):
        return None
    repeats = page.joined.count(key) - 1  # printed again, alone or inside another line
    words = _WORDS.findall(text)
    count = _word_count(text)
    if count <= SITE_WORDS and (repeats >= SITE_REPEATS or _in_footer(page, key)):
        return None  # the site's name
    if _names_byline(page.texts, i, key):
        return None  # the author's name over "By ..." (an author box)
    if _under_heading(page, i, count) and not _next_byline(page.texts, i):
        return None  # the standfirst under the headline
    if _over_heading(page, i, count):
        return None  # a section's label over the headline
    if _link_row(words):
        return None  # a row of menu links printed as one line
    capitalised = [w for w in words if len(w) > 3]
    return {
        "below": 1.0 if i >= page.start and not _dated_head(page, i) else 0.0,
        "words": min(count, 12) / 12,
        "repeated": 1.0 if repeats else 0.0,
        "over_byline": 1.0 if _over_byline(page.texts, i) else 0.0,
        "long": 1.0 if len(text) > LONG_CHARS else 0.0,
        "title_case": (
            sum(w[:1].isupper() for w in capitalised) / len(capitalised) if capitalised else 0.0
        ),
        "caption": 1.0 if _CAPTION.search(text) else 0.0,
        "alone": 1.0 if _alone(page.texts, i) else 0.0,
        "capitals": 1.0 if _capitals_share(words) > CAPITALS_SHARE else 0.0,
    }


LINK_ROW_WORDS = 6  # a phrase this long with no stop word of any language is a row of links


def _link_row(words: Sequence[str]) -> bool:
    """Whether a line of many words holds no stop word of any language (jusText's lists):
    a headline that long joins its words with some (a, the, of, mit, de); a row of menu
    links printed as one line is names only ("Shop Tools Garden Offers Account Basket")."""
    if len(words) < LINK_ROW_WORDS:
        return False
    index = classify.stopword_index()
    return not any(w.lower() in index for w in words)


def _capitals_share(words: Sequence[str]) -> float:
    """The share of words of three letters or more written all in capitals: a label or
    a banner ("SECTIONS", "WELCOME TO OUR EDITION") shouts, a headline rarely does."""
    long_words = [w for w in words if len(w) > 2 and w.isalpha()]
    return sum(w.isupper() for w in long_words) / len(long_words) if long_words else 0.0


def _neighbour(texts: Sequence[str], i: int, step: int) -> str:
    """The nearest line above (step -1) or below (+1) across one blank line; "" at none."""
    for j in (i + step, i + 2 * step):
        if 0 <= j < len(texts) and texts[j]:
            return texts[j]
    return ""


def _under_heading(page: _Page, i: int, words: int) -> bool:
    """Whether a shorter headline-shaped phrase of some words stands right above: the line
    is then the standfirst under the headline, not the headline."""
    above = _neighbour(page.texts, i, -1)
    if not above or not page.headline_shaped(above):
        return False
    return DEK_HEAD_WORDS <= _word_count(above) < words


def _over_heading(page: _Page, i: int, words: int) -> bool:
    """Whether the line is a short label (fewer words than a headline's) right over a
    longer headline-shaped phrase: a section's name or kicker over the headline."""
    below = _neighbour(page.texts, i, 1)
    if words >= DEK_HEAD_WORDS or not below or _BYLINE.match(below) or _CLOCK.search(below):
        return False
    return page.headline_shaped(below) and _word_count(below) > words


def _prev_dateline(texts: Sequence[str], i: int) -> bool:
    """Whether the line just above is a byline or a dateline."""
    above = _neighbour(texts, i, -1)
    if not above or len(above) >= SHORT_LINE * 2:
        return False
    if _BYLINE.match(above) or _CLOCK.search(above):
        return True
    return bool(_DATE_HINT.search(above) and dates.find_date(above))


def _word_count(text: str) -> int:
    """Words, a pair of CJK characters counting as one."""
    return len(_WORDS.findall(text)) + _dense_count(text) // 2


def _next_byline(texts: Sequence[str], i: int) -> bool:
    """Whether the very next line is a byline or a dateline."""
    below = _neighbour(texts, i, 1)
    return bool(below) and _byline_or_date(below)


def _names_byline(texts: Sequence[str], i: int, key: str) -> bool:
    """Whether a byline just below names the line's text: the line is the author's name."""
    key = key.strip()
    return any(
        _BYLINE.match(t) and key in t.casefold() for t in texts[i + 1 : i + 1 + BYLINE_REACH] if t
    )


def _alone(texts: Sequence[str], i: int) -> bool:
    """Whether blank lines (or the dump's edges) stand above and below the line."""
    return (i == 0 or not texts[i - 1]) and (i + 1 == len(texts) or not texts[i + 1])


def _in_menu(texts: Sequence[str], i: int) -> bool:
    """Whether the line sits in a run of short lines printed one under the other."""
    run = 1
    j = i - 1
    while j >= 0 and texts[j] and len(texts[j]) < SHORT_LINE:
        run, j = run + 1, j - 1
    j = i + 1
    while (
        j < len(texts) and texts[j] and len(texts[j]) < SHORT_LINE and not _byline_or_date(texts[j])
    ):
        run, j = run + 1, j + 1
    return run >= MENU_RUN


def _in_footer(page: _Page, key: str) -> bool:
    """Whether the text is printed again near the end of the dump: the site's name."""
    return key in page.footer


def _dated_head(page: _Page, i: int) -> bool:
    """Whether the line stands right over its byline or dateline, close under the
    article's start (`DATED_HEAD_LINES`), no prose right above it: a post's headline
    under a sidebar's paragraph and list, not a review's or an event's line further
    down, nor a post's last line (a signature) over the next post's dated name."""
    if i - page.start > DATED_HEAD_LINES or not _next_byline(page.texts, i):
        return False
    above = _neighbour(page.texts, i, -1)
    return not (_prose_weight(above) or _sentence_weight(above))


def _over_byline(texts: Sequence[str], i: int) -> bool:
    """Whether a byline or a dateline follows within a few lines."""
    return any(_byline_or_date(t) for t in texts[i + 1 : i + 1 + BYLINE_REACH] if t)


def _byline_or_date(text: str) -> bool:
    return len(text) < SHORT_LINE * 2 and bool(_BYLINE.match(text) or _DATE_HINT.search(text))
