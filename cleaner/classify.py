"""The block classifier for text dumps: article or boilerplate, block by block.

A dump has no markup, so the classifier reads what a dump offers: length, words,
stop-word density in the document's language (jusText's stop lists, about 100
languages, the language picked by which list covers the prose best; CJK text by
its punctuation), terminal punctuation, bullets, lines repeated in the dump, and
position against the densest run of prose. In order:

1. a first pass labels each block good, near-good, short or bad on its own
   (`repeated-line`, `no-words`, `menu-item`, `few-stopwords`);
2. context settles near-good and short blocks from their neighbours, as jusText
   does (`near-good-alone`, `short-line`), except that a long stretch of short
   lines is a list of links (`short-run`); the pictures of steps illustrated one
   picture each do not count in a stretch's length;
3. a colon line after or inside the prose keeps the tight list under it
   (`introduced-list`), and so do numbered steps between prose (`numbered-steps`)
   and tight rows mostly with numbers right under the prose (`data-rows`);
4. a caption printed twice (alt text, then caption) goes (`caption-twice`);
5. the article is one run of good blocks (`outside-article`), with the runs that
   go on with it across a box: as heavy and as prose-like (`heavy-continuation`),
   or in its own words (`same-topic`), before or after it, unless a rule's
   end-of-article line or a form lies between (`form-between`) or the run is a
   thread of dated posts (`dated-posts`), cut off the article where it joins its
   run (`thread-split`), or a box of stories cut short (`teasers`); near-good lines
   inside its span in its words are kept (`near-good-in-article`); blocks above the
   title printed again inside the run go (`before-title`);
6. a line a rule dropped as what follows an article (a related-stories heading,
   a share row, a sign-up box) inside the run, with only a light tail after it,
   ends the article: the tail goes (`after-article-end`), and so does a short
   line right above it, the box's heading (`box-heading`); so does the label of a
   box of links, where the box's own items are what is kept under it (`box-at-end`);
7. text printed twice (a print copy) is kept once (`duplicate-text`);
8. pictures' bracketed alt texts, and lines that print one text twice over
   (a picture's alt text and title run together), kept so far to hold the
   article together, go (`image-placeholder`, `text-twice`).

Each heuristic is a small function registered with its id, a one-line
description and the names of the thresholds beside it (`cleaner.heuristics`);
every drop names the heuristic that made it (`Block.reason`), for `explain`.
Thresholds are in characters, lines and stop-word density: jusText's where it
has one, the rest chosen on the even-numbered half of the dev sets' dumps and
checked on the odd half; none is written for one page or site.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from . import dates
from .heuristics import DROP, KEEP, heuristic

_WORD = re.compile(r"\w+")
# a sentence's end, whatever stands before it: "(in 2019).", "a 5%.", "code`."
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)]?$")
_IMAGE_ONLY = re.compile(r"(?:\[[^\[\]]*\]\s*)+$")  # how a dump prints pictures: [alt text]
_DIGIT = re.compile(r"\d")
_YEAR_OR_CITATION = re.compile(r"(?:1[89]|20)\d\d$|\[")
_TERMINAL_CHARS = frozenset(".!?…:;\"'”’»)]。！？")  # a line ending in one reads as finished

GOOD, NEAR_GOOD, SHORT, BAD = "good", "near-good", "short", "bad"

MIN_STOPLIST_COVERAGE = 0.05  # below this, the stop list does not fit the text's language
DENSE_SCRIPT_SCALE = 3  # a CJK character carries about as much as three Latin ones
DENSE_LINE_SHARE = 0.3  # a line this much in a dense script is read as one, on any page
INTERN_MIN_BLOCKS = 2000  # a dump of more blocks keeps one string per distinct word


@dataclass(slots=True)  # one per undecided line of a dump
class Block:
    """One candidate line of the dump, with the features the classifier reads."""

    index: int  # position in the document's lines
    text: str
    bullet: bool = False
    repeated: bool = False
    label: str = ""
    reason: str = ""  # the heuristic that dropped the block, for `explain`
    first: str = ""  # the first pass's label, before context changed it
    listed: bool = False  # kept as a recipe's ingredients or a guide's numbered steps
    words: list[str] = field(default_factory=list)  # lower-cased, filled by the first pass
    _grams: set[tuple[str, ...]] | None = field(default=None, repr=False)
    _vocab: set[str] | None = field(default=None, repr=False)
    _content: list[str] | None = field(default=None, repr=False)

    @property
    def content(self) -> list[str]:
        """The block's words that carry its topic (`_content_words`), computed once."""
        if self._content is None:
            self._content = _content_words(self.text, self.words) if self.words else []
        return self._content

    @property
    def vocab(self) -> set[str]:
        """The block's distinct words: a cheap first test before its 4-grams."""
        if self._vocab is None:
            self._vocab = set(self.words)
        return self._vocab

    @property
    def grams(self) -> set[tuple[str, ...]]:
        """The block's word 4-grams, computed once."""
        if self._grams is None:
            w = self.words
            self._grams = set(zip(w, w[1:], w[2:], w[3:], strict=False))
        return self._grams


def classify(
    blocks: Sequence[Block],
    language_hint: str | None = None,
    title_lines: Sequence[int] = (),
    end_lines: Sequence[int] = (),
    box_lines: Sequence[int] = (),
    table_lines: Sequence[int] = (),
) -> str:
    """Label every block good or bad in place (with a reason when bad); return the language.

    `title_lines` are where the title is printed; `end_lines` where a rule dropped a
    line that follows an article (a related-stories heading, a share row); `box_lines`
    where a rule dropped the label of a box of links, which may sit inside the article;
    `table_lines` where the dump's tables stand (a list may lead into one).

    Where no stop list fits the text (Chinese, Japanese, Thai, ...), a prose line is
    told by its terminal punctuation instead of its stop words; where the script packs
    a word into one or two characters, the length thresholds shrink to match.
    """
    texts = [b.text for b in blocks]
    # each line's, once; one string per distinct word where a large dump repeats its
    # words (a page's few thousand words are not worth the lookups)
    if len(texts) > INTERN_MIN_BLOCKS:
        words = [list(map(sys.intern, _WORD.findall(text.lower()))) for text in texts]
    else:
        words = [_WORD.findall(text.lower()) for text in texts]
    # page source printed as text says nothing of the page's language or script
    prose = ["" if markup(text) else text for text in texts]
    dense = _dense_script_share(prose) > 0.3
    sample = _sample_words(prose, [w if text else [] for w, text in zip(words, prose, strict=True)])
    language = language_hint or _language_of(sample)
    stops: frozenset[str] | None = stoplist(language)
    if dense or _share_in(sample, stops or frozenset()) < MIN_STOPLIST_COVERAGE:
        stops, language = None, ""  # Latin words in CJK prose (Kindle, for, PC) fit no list
    scale = DENSE_SCRIPT_SCALE if dense else 1
    for block, block_words in zip(blocks, words, strict=True):
        block.label, block.reason = _first_pass(block, block_words, stops, scale)
        block.first = block.label
    if not any(b.label == GOOD for b in blocks):
        _short_article(blocks)
    _settle_near_good(blocks)
    _settle_short(blocks)
    ends = _TightLists(blocks, table_lines)  # where each tight list ends: the lines do not move
    _keep_introduced_lists(blocks, ends)
    _keep_lists_under_prose(blocks, ends)
    _keep_headed_lists(blocks, ends)
    _keep_numbered_steps(blocks, ends)
    _keep_quantity_lists(blocks, ends)
    _keep_field_lists(blocks, ends)
    _keep_data_rows(blocks, ends)
    _resettle_short_lines(blocks)
    _drop_captions_printed_twice(blocks)
    _keep_main_run(blocks, end_lines)
    _keep_near_good_in_article(blocks)
    _keep_sections_under_article(blocks)
    _start_at_title(blocks, title_lines)
    _stop_at_article_end(blocks, end_lines, box_lines)
    _drop_duplicates(blocks)
    _drop_image_placeholders(blocks)
    return language


def _ends_terminal(text: str) -> bool:
    return bool(text) and text[-1] in _TERMINAL_CHARS


def _paragraph_end(block: Block) -> bool:
    """Whether the block is a paragraph that ends its last sentence: no list's item, no
    label ending in a colon, no bracketed count."""
    return not block.bullet and _SENTENCE_END.search(block.text) is not None


# --- 1. the first pass: each line on its own -----------------------------------------------

LENGTH_LOW = 70  # jusText's: shorter lines are short, whatever their words
LENGTH_HIGH = 120  # jusText's: a good line is longer than this
STOPWORDS_LOW = 0.25  # jusText's: a near-good line has this share of stop words
STOPWORDS_HIGH = 0.32  # jusText's: a good line has this share
NAMES_STOPWORDS_LOW = 0.03  # a full sentence this sparse in stop words is still prose
SHORT_SENTENCE_WORDS = 5  # a short line this long that ends a sentence may be prose
REPEATED_MAX_CHARS = 80  # a repeated line shorter than this, unfinished, is a menu's
MENU_ITEM_MAX_CHARS = 100  # a bullet shorter than this, unfinished, is a link


def _first_pass(
    block: Block, words: list[str], stops: frozenset[str] | None, scale: int
) -> tuple[str, str]:
    """The block's label and reason from the block alone, before its neighbours are read.
    A CJK line on a page mostly in other scripts (markup, a Latin menu) is read as the
    dense script it is: by its length scaled and its terminal punctuation."""
    text = block.text
    if scale == 1 and dense_line(text):
        stops, scale = None, DENSE_SCRIPT_SCALE
    length = len(text) * scale
    if markup(text):
        return BAD, "markup"
    if repeated_line(block, length):
        return BAD, "repeated-line"
    block.words = words
    if no_words(words, text):
        return BAD, "no-words"
    if menu_item(block, length):
        return BAD, "menu-item"
    if length < LENGTH_LOW:
        if short_sentence(text, words):
            return NEAR_GOOD, "near-good"  # one good neighbour settles it
        return SHORT, "short-line"
    if stops is None:
        density = 1.0 if _ends_terminal(text) else 0.0
    else:
        density = sum(map(stops.__contains__, words)) / len(words)
    if density >= STOPWORDS_HIGH and length > LENGTH_HIGH:
        return GOOD, ""
    if not few_stopwords(density) or names_sentence(text, density):
        return NEAR_GOOD, "near-good"
    return BAD, "few-stopwords"


MARKUP_SHARE = 0.5  # a line this much HTML tags is page source, not text
_HTML_TAG = re.compile(
    r"</?(?:a|b|br|div|em|i|iframe|img|input|li|link|meta|noscript|p|script|section|span"
    r"|strong|style|table|td|tr|ul)\b[^<>]*>",
    re.IGNORECASE,
)


@heuristic(
    "markup",
    DROP,
    "A line mostly of HTML tags: page source printed as text (a noscript block, a pixel).",
    "MARKUP_SHARE",
)
def markup(text: str) -> bool:
    """A renderer prints what a page hides from it (noscript, a tracking pixel's tag)
    as text. It is neither prose nor a sample of the page's language: a lynx dump
    that wraps a pixel's address into a paragraph had the page read as Czech."""
    if "<" not in text:
        return False  # most lines, answered without a scan
    tags = sum(match.end() - match.start() for match in _HTML_TAG.finditer(text))
    return tags >= MARKUP_SHARE * len(text)


@heuristic(
    "repeated-line",
    DROP,
    "A bullet, or a short unfinished line, printed more than once in the dump: a menu's.",
    "REPEATED_MAX_CHARS",
)
def repeated_line(block: Block, length: int) -> bool:
    """A line printed twice or more in one dump is navigation (a menu, a footer) when
    it is a bullet or a short line that does not end like a sentence."""
    return block.repeated and (
        block.bullet or (length < REPEATED_MAX_CHARS and not _ends_terminal(block.text))
    )


@heuristic("no-words", DROP, "A line with no word in it (rules, arrows), or a bare count (votes).")
def no_words(words: Sequence[str], text: str) -> bool:
    """A line without a single word (a row of dashes, a lone bullet) says nothing; nor
    does a bare count (a post's votes, a share counter). A year alone is a table's or a
    timeline's, and a bracketed number a citation: those stay short lines."""
    if not words:
        return True
    return len(words) == 1 and words[0].isdigit() and not _YEAR_OR_CITATION.match(text)


@heuristic(
    "menu-item",
    DROP,
    "A short bullet that does not end like a sentence: a link in a menu.",
    "MENU_ITEM_MAX_CHARS",
)
def menu_item(block: Block, length: int) -> bool:
    """A dump prints a menu's links as bullets; a list item of the article that is a
    short unfinished bullet goes too, unless a colon line introduces its list."""
    return block.bullet and length < MENU_ITEM_MAX_CHARS and not _ends_terminal(block.text)


@heuristic(
    "near-good",
    KEEP,
    "A short line that is a sentence of some words may be prose: its neighbours decide.",
    "LENGTH_LOW",
    "SHORT_SENTENCE_WORDS",
)
def short_sentence(text: str, words: Sequence[str]) -> bool:
    """A line under `LENGTH_LOW` characters that ends a sentence and has at least
    `SHORT_SENTENCE_WORDS` words is near-good, not short: a good neighbour keeps it."""
    return len(words) >= SHORT_SENTENCE_WORDS and _SENTENCE_END.search(text) is not None


@heuristic(
    "names-sentence",
    KEEP,
    "A full sentence crowded with names and numbers (scores, prices) is still prose.",
    "NAMES_STOPWORDS_LOW",
)
def names_sentence(text: str, density: float) -> bool:
    """A line that ends a sentence is near-good with far fewer stop words than prose
    usually has, when it is full of names and figures."""
    return density >= NAMES_STOPWORDS_LOW and _SENTENCE_END.search(text) is not None


@heuristic(
    "few-stopwords",
    DROP,
    "A long line with too few stop words of the page's language to be prose.",
    "STOPWORDS_LOW",
    "NAMES_STOPWORDS_LOW",
    "DENSE_LINE_SHARE",
)
def few_stopwords(density: float) -> bool:
    """The first pass's last word on a long line: below `STOPWORDS_LOW` of stop words,
    and not a sentence of names and numbers, it is a list of names, tags or links."""
    return density < STOPWORDS_LOW


@heuristic(
    "short-article",
    KEEP,
    "On a page with no good line, the near-good lines are the article's prose.",
)
def _short_article(blocks: Sequence[Block]) -> None:
    """A short article has no line long and dense enough to be good: its best blocks
    (near-good) stand for its prose."""
    for block in blocks:
        if block.label == NEAR_GOOD:
            block.label, block.reason = GOOD, ""


# --- 2. context: near-good and short lines settled by their neighbours ----------------------

MAX_SHORT_STRETCH = 3  # more short blocks in a row are a list of links, not headings


@heuristic(
    "near-good-alone",
    DROP,
    "A near-good line with no good line next to it (short and near-good lines skipped).",
)
def _settle_near_good(blocks: Sequence[Block]) -> None:
    """Near-good blocks become good when a good block is their neighbour on either side."""
    labels = [b.label for b in blocks]
    skip = (SHORT, NEAR_GOOD)
    before = _nearest_before(labels, skip)
    after = _nearest_before(labels[::-1], skip)[::-1]
    for i, block in enumerate(blocks):
        if labels[i] != NEAR_GOOD:
            continue
        if GOOD in (before[i], after[i]):
            block.label, block.reason = GOOD, ""
        else:
            block.label, block.reason = BAD, "near-good-alone"


def _nearest_before(labels: Sequence[str], skip: tuple[str, ...]) -> list[str | None]:
    """For each position, the nearest label before it that is not in `skip`: one pass."""
    out: list[str | None] = []
    last: str | None = None
    for label in labels:
        out.append(last)
        if label not in skip:
            last = label
    return out


@heuristic(
    "short-line",
    DROP,
    "A short line not between two good lines (a label, a link, a date).",
    "LENGTH_LOW",
    "MAX_SHORT_STRETCH",
)
def _settle_short(blocks: Sequence[Block]) -> None:
    """Short blocks between good blocks are kept (headings, short paragraphs); the rest
    dropped. A long stretch of short blocks is a list of links (related stories, a
    menu, a footer), not a heading: it is dropped even between good blocks."""
    labels = [b.label for b in blocks]
    for start, stop in _stretches(labels, SHORT):
        prev = labels[start - 1] if start > 0 else None
        nxt = labels[stop] if stop < len(labels) else None
        long_run = short_run(blocks[start:stop])
        keep = prev == GOOD and nxt == GOOD and not long_run
        for block in blocks[start:stop]:
            if keep:
                block.label, block.reason = GOOD, ""
            else:
                block.label = BAD
                block.reason = "short-run" if long_run else "short-line"


def _resettle_short_lines(blocks: Sequence[Block]) -> None:
    """`short-line` read the neighbours before later steps kept more: a heading between
    a list the article keeps and its prose ("What to bring", then "You will need:"), or
    next to a short paragraph kept later, had none good then. Settled again, with the
    verdicts as they stand."""
    labels = [b.reason if b.label != GOOD else GOOD for b in blocks]
    for start, stop in _stretches(labels, "short-line"):
        if start > 0 and stop < len(blocks) and labels[start - 1] == labels[stop] == GOOD:
            for block in blocks[start:stop]:
                block.label, block.reason = GOOD, ""


@heuristic(
    "short-run",
    DROP,
    "More than a few short lines in a row: a list of links, even between good lines.",
    "MAX_SHORT_STRETCH",
)
def short_run(stretch: Sequence[Block]) -> bool:
    """A stretch of more than `MAX_SHORT_STRETCH` short lines is a list of links
    (related stories, a menu, a footer), not a heading; the pictures of steps
    illustrated one picture each do not count in its length."""
    return _stretch_lines(stretch) > MAX_SHORT_STRETCH


def _stretch_lines(stretch: Sequence[Block]) -> int:
    """How many lines of text a stretch of short blocks holds. Steps illustrated one
    picture each (pictures of the page's own, no caption under them) are not a list
    of links: their pictures, and the page's ads among them, do not count."""
    pictures = [b for b in stretch if is_picture(b.text)]
    if all(b.repeated for b in pictures) or _captioned(stretch):
        return len(stretch)
    return len(stretch) - len(pictures)


def _captioned(stretch: Sequence[Block]) -> bool:
    """Whether a line of text sits right under a picture (no blank line): a caption."""
    return any(
        is_picture(b.text) and not is_picture(nxt.text) and nxt.index == b.index + 1
        for b, nxt in itertools.pairwise(stretch)
    )


def _stretches(labels: Sequence[str], label: str) -> list[tuple[int, int]]:
    """(start, stop) of each maximal stretch of one label."""
    out, start = [], None
    for i, current in enumerate((*labels, None)):
        if current == label and start is None:
            start = i
        elif current != label and start is not None:
            out.append((start, i))
            start = None
    return out


# --- 3. lists and tables under the prose ---------------------------------------------------

MIN_LIST_ITEMS = 2  # a colon line introduces a list of at least this many items
LIST_PROSE_GAP_LINES = 12  # a list inside the prose starts this close under it
MIN_TABLE_ROWS = 4  # fewer short lines with numbers are a dateline and a caption, not a table
TABLE_DIGIT_SHARE = 0.8  # share of a table's rows with a number in them
TABLE_GAP_LINES = 4  # a table starts this close under the prose (a heading and blanks between)


_QUESTION_MARKS = ("?", "？")  # a question over a list of points introduces them


@heuristic(
    "introduced-list",
    KEEP,
    "A colon line after or inside the prose keeps the tight list under it, unless a line repeats.",
    "MIN_LIST_ITEMS",
    "LIST_PROSE_GAP_LINES",
    "TABLE_GAP_LINES",
)
def _keep_introduced_lists(blocks: Sequence[Block], ends: _TightLists) -> None:
    """A line ending in a colon right after the prose, or inside it (`_between_prose`),
    introduces what follows: the tight list under it (items on consecutive lines, as a
    dump prints a list or a table), up to the next colon line (the next label's list: a
    dump without blank lines prints them all as one run), is the article's, however
    short or bullet-like its items. A question right after the prose ("Which papers
    do I need?") introduces its list too, where the items are points (`_list_point`).
    A list with a line printed elsewhere in the dump too stays dropped: a menu."""
    if not any(b.text.endswith((":", *_QUESTION_MARKS)) for b in blocks):
        return
    repeated = _prefix(b.repeated for b in blocks)
    good_before = _nearest_good(blocks)
    after_prose = False
    i = 0
    while i < len(blocks):
        block = blocks[i]
        colon = block.text.endswith(":")
        asks = not colon and block.text.endswith(_QUESTION_MARKS) and after_prose
        opens = asks or (colon and (block.label == GOOD or after_prose))
        if block.reason not in ("short-line", "short-run"):
            after_prose = block.label == GOOD
        i += 1
        if not (colon or asks):
            continue
        tight = ends.end(i)
        stop = next((k for k in range(i, tight) if blocks[k].text.endswith(":")), tight)
        if asks and not all(_list_point(b) for b in blocks[i:stop]):
            continue  # a question over links ("Any questions?") is a box's, not the article's
        if not opens:
            opens = _between_prose(blocks, ends, good_before[i - 1], i - 1, stop)
        if opens and stop - i >= MIN_LIST_ITEMS and repeated[stop] == repeated[i]:
            for b in blocks[i - 1 : stop]:
                b.label, b.reason = GOOD, ""
            i = stop


LIST_ITEM_MIN_WORDS = 3  # a list's item of fewer words is a link or a tag, not a point made


@heuristic(
    "list-under-prose",
    KEEP,
    "A bulleted list right under a paragraph, its items phrases of some words, is the paragraph's.",
    "MIN_LIST_ITEMS",
    "LIST_ITEM_MIN_WORDS",
)
def _keep_lists_under_prose(blocks: Sequence[Block], ends: _TightLists) -> None:
    """A paragraph that goes on into a list with no heading between (a product's
    features, the points of an argument) holds the list: its items are phrases of
    `LIST_ITEM_MIN_WORDS` or more. A box of links under an article comes under its
    own heading, which a rule or the short lines around it mark; one printed elsewhere
    in the dump too is a menu."""
    for k in range(len(blocks) - 1):
        block, first = blocks[k], blocks[k + 1]
        if not first.bullet or block.label != GOOD or block.bullet:
            continue
        if first.index - block.index > 2 or not _ends_terminal(block.text):
            continue
        stop = ends.end(k + 1)
        items = blocks[k + 1 : stop]
        if (
            len(items) >= MIN_LIST_ITEMS
            and all(_list_point(b) for b in items)
            and not any(b.repeated for b in items)
        ):
            for b in items:
                b.label, b.reason = GOOD, ""


HEADING_MAX_CHARS = 60  # a section's heading over a list is this short


@heuristic(
    "headed-list",
    KEEP,
    "A list of points under its own heading, the article's prose right above and below, stays.",
    "MIN_LIST_ITEMS",
    "LIST_ITEM_MIN_WORDS",
    "HEADING_MAX_CHARS",
    "TABLE_GAP_LINES",
)
def _keep_headed_lists(blocks: Sequence[Block], ends: _TightLists) -> None:
    """A service page, a how-to or a job offer sets its points as lists under headings
    of their own ("Our services", "What you need", "Your profile"), one after another
    between two paragraphs: the headings and the lists are the page's. A box of links
    inside an article comes under a heading a rule knows ("Related", "Read more"),
    dropped before the classifier reads the lines, so its list does not stand right
    under the prose; its items are headlines, often printed elsewhere in the dump too."""
    starts = [  # a list's first item under a line that is not one, two lines under prose
        k
        for k in range(2, len(blocks))
        if blocks[k].bullet and not blocks[k - 1].bullet and blocks[k - 2].label == GOOD
    ]
    for k in starts:
        if blocks[k].label == GOOD or blocks[k - 1].index - blocks[k - 2].index > 2:
            continue
        stop = _headed_lists_end(blocks, ends, k)
        if stop is not None and _between_prose(blocks, ends, k - 2, k - 1, stop):
            for b in blocks[k - 1 : stop]:
                b.label, b.reason = GOOD, ""


def _headed_lists_end(blocks: Sequence[Block], ends: _TightLists, k: int) -> int | None:
    """Where the lists under headings from block `k` on (a list's first item, its
    heading right above) end: one list, or several, each under its own heading right
    under the list before; None where the first is no such list of points."""
    stop = None
    while k < len(blocks) and _section_heading(blocks[k - 1], blocks[k]):
        end = ends.end(k)
        items = blocks[k:end]
        if not (
            len(items) >= MIN_LIST_ITEMS
            and all(_list_point(b) for b in items)
            and not any(b.repeated for b in items)
            and not teasers(items)
        ):
            break
        stop = end
        if end + 1 >= len(blocks) or blocks[end].index - blocks[end - 1].index > 2:
            break
        k = end + 1
    return stop


def _section_heading(heading: Block, first: Block) -> bool:
    """Whether a line right above a list's first item is the list's heading: short, no
    sentence, no dateline (one over a row of the page's controls), no item itself."""
    text = heading.text
    return (
        first.bullet
        and not heading.bullet
        and first.index - heading.index <= 2
        and len(text) <= HEADING_MAX_CHARS
        and not _ends_terminal(text.rstrip("?"))
        and not _dated(text)
    )


def _list_point(block: Block) -> bool:
    """An item that makes a point: a phrase of some words (numbers aside: "Page 2" is a
    link), not a label over more (a comment's "Name on May 3 said:")."""
    if not block.bullet or block.text.endswith(":"):
        return False
    return sum(not w.isdigit() for w in block.words) >= LIST_ITEM_MIN_WORDS


def _nearest_good(blocks: Sequence[Block]) -> list[int | None]:
    """For each block, the position of the last good block before it."""
    out: list[int | None] = []
    last = None
    for k, block in enumerate(blocks):
        out.append(last)
        if block.label == GOOD:
            last = k
    return out


def _between_prose(
    blocks: Sequence[Block], ends: _TightLists, before: int | None, colon: int, stop: int
) -> bool:
    """Whether a colon line and its list sit inside the prose: good text at most
    `LIST_PROSE_GAP_LINES` lines above the colon line, and right under the list (a heading
    between), as the things needed stand between a how-to's lead and its steps; or a
    table right under it, as a product's features stand over its specifications. A
    list of links at an article's end has no prose of its own under it."""
    if before is None or blocks[colon].index - blocks[before].index > LIST_PROSE_GAP_LINES:
        return False
    for k in range(stop, min(stop + 2, len(blocks))):
        if blocks[k].index - blocks[stop - 1].index > TABLE_GAP_LINES:
            break
        if blocks[k].label == GOOD:
            return True
    return ends.table_under(blocks[stop - 1].index)


_NUMBERED = re.compile(r"(?:step\s*)?(\d{1,2})\s*[.):]", re.IGNORECASE)


@heuristic(
    "numbered-steps",
    KEEP,
    "Items numbered 1, 2, 3... on consecutive lines between two stretches of prose stay.",
    "MIN_LIST_ITEMS",
    "LIST_PROSE_GAP_LINES",
    "TABLE_GAP_LINES",
)
def _keep_numbered_steps(blocks: Sequence[Block], ends: _TightLists) -> None:
    """A recipe's method or a guide's steps print as numbered lines, one after the
    other, inside the article: prose above them and prose right under them. The most
    read stories are numbered too, but stand after the article, with no prose under."""
    if not any(b.text[:1] in "1Ss" and _number(b.text) == 1 for b in blocks):
        return
    good_before = _nearest_good(blocks)
    i = 0
    while i < len(blocks):
        text = blocks[i].text
        if text[:1] not in "1Ss" or _number(text) != 1 or blocks[i].repeated:
            i += 1
            continue
        stop = ends.end(i + 1)
        count = 1
        while i + count < stop and _number(blocks[i + count].text) == count + 1:
            count += 1
        stop = i + count
        if count >= MIN_LIST_ITEMS and (
            _between_prose(blocks, ends, good_before[i], i, stop) or written_steps(blocks[i:stop])
        ):
            for block in blocks[i:stop]:
                block.label, block.reason, block.listed = GOOD, "", True
        i = stop


STEP_SENTENCE_SHARE = 0.8  # a list of steps this much made of whole sentences is prose


@heuristic(
    "written-steps",
    KEEP,
    "Numbered items that are whole sentences (a method, a guide's steps) are prose, anywhere.",
    "STEP_SENTENCE_SHARE",
    "SHORT_SENTENCE_WORDS",
)
def written_steps(items: Sequence[Block]) -> bool:
    """A recipe's method or a guide's steps are sentences of several words, each ending
    in a full stop; a list of the most read stories is headlines, which do not. Such
    steps are the article's even with no prose right under them (a tip, a picture, the
    end of the page): the article's run is chosen later, as for any prose."""
    sentences = sum(
        1
        for b in items
        if len(b.words) > SHORT_SENTENCE_WORDS and b.text.rstrip().endswith((".", "!", "。"))
    )
    return sentences >= STEP_SENTENCE_SHARE * len(items)


QUANTITY_SHARE = 0.6  # a list this much made of items that open on a quantity is a recipe's
MIN_QUANTITY_ITEMS = 3
QUANTITY_ITEM_CHARS = 60  # ... of items this short on average: headlines are longer
#: a number or a fraction, a range's end, then a letter: "2 eggs", "200g flour", "½ cup"
_QUANTITY = re.compile(r"(?:\d+(?:[.,/]\d+)?(?![\d.,/])|[½¼¾⅓⅔⅛])(?:\s*[-–]\s*\d+)?\s*[^\W\d_]")


@heuristic(
    "quantity-list",
    KEEP,
    "A tight list of short items most opening on a quantity (a recipe's ingredients) stays.",
    "QUANTITY_SHARE",
    "MIN_QUANTITY_ITEMS",
    "QUANTITY_ITEM_CHARS",
)
def _keep_quantity_lists(blocks: Sequence[Block], ends: _TightLists) -> None:
    """Ingredients print as short bullets, "200 g flour", "2 eggs", on consecutive
    lines: they read as a menu's links, but a menu's links do not open on quantities.
    Such a list is kept like prose, and the article's run is chosen later as for any
    prose: a list far from the article stays out with the rest of its run."""
    i = 0
    while i < len(blocks):
        if blocks[i].label == GOOD:
            i += 1
            continue
        stop = ends.end(i + 1) if i + 1 < len(blocks) else i + 1
        if stop - i < MIN_QUANTITY_ITEMS:  # most lines: too few lines under them for a list
            i = stop
            continue
        stop = next((k for k in range(i, stop) if blocks[k].label == GOOD), stop)
        items = blocks[i:stop]
        if len(items) >= MIN_QUANTITY_ITEMS and quantity_list(items):
            for block in items:
                block.label, block.reason, block.listed = GOOD, "", True
        i = max(stop, i + 1)


def quantity_list(items: Sequence[Block]) -> bool:
    """Whether most items open on a quantity and the items are short, none printed
    elsewhere in the dump (a menu)."""
    if any(b.repeated for b in items):
        return False
    if sum(len(b.text) for b in items) > QUANTITY_ITEM_CHARS * len(items):
        return False
    opening = sum(1 for b in items if _QUANTITY.match(b.text) is not None)
    return opening >= QUANTITY_SHARE * len(items)


MIN_FIELD_ITEMS = 3
FIELD_SHARE = 0.75  # share of a list's items that are fields
FIELD_ITEM_CHARS = 80  # a field's line is short: a longer one is a sentence with a colon
# a label of one to three words, a colon, a value: "Weight: 1.2 kg", "Battery life: 9 h"
_FIELD = re.compile(r"[^\W\d_][^\W_]*(?:[ -][^\W_]+){0,2}:\s+\S")


@heuristic(
    "field-list",
    KEEP,
    "A tight list of short 'Label: value' items inside the prose (a product's specs) stays.",
    "MIN_FIELD_ITEMS",
    "FIELD_SHARE",
    "FIELD_ITEM_CHARS",
    "LIST_PROSE_GAP_LINES",
)
def field_list(items: Sequence[Block]) -> bool:
    """Whether most items are fields, a label and its value, all of them short and none
    printed elsewhere in the dump. A menu's links name places; a product's or a
    device's specifications name a property and give it a value (a feature or two
    among them without one), and read as a menu to the first pass."""
    if any(len(b.text) > FIELD_ITEM_CHARS or b.repeated for b in items):
        return False
    fields = sum(1 for b in items if _FIELD.match(b.text))
    return fields >= MIN_FIELD_ITEMS and fields >= FIELD_SHARE * len(items)


def _keep_field_lists(blocks: Sequence[Block], ends: _TightLists) -> None:
    """Keep each list of fields (`field_list`) that stands between the article's
    paragraphs (`_between_prose`, a heading above and below allowed): a post's meta
    fields ("Tags: ...") above or under the article have no prose on both sides."""
    good_before: list[int | None] = []  # made at the first list of fields: most pages have none
    colons = [i for i, b in enumerate(blocks) if ":" in b.text and len(b.text) <= FIELD_ITEM_CHARS]
    done = 0  # blocks before this one belong to a list already read
    for i in colons:
        if i < done or blocks[i].label == GOOD or not _FIELD.match(blocks[i].text):
            continue
        done = stop = ends.end(i + 1) if i + 1 < len(blocks) else i + 1
        items = blocks[i:stop]
        if field_list(items):
            good_before = good_before or _nearest_good(blocks)
            if _between_prose(blocks, ends, good_before[i], i, stop):
                for block in items:
                    block.label, block.reason = GOOD, ""


def _number(text: str) -> int | None:
    """The number a numbered item starts with ("2. Stir", "Step 2: Stir"), if any."""
    match = _NUMBERED.match(text)
    return int(match.group(1)) if match else None


@heuristic(
    "data-rows",
    KEEP,
    "Tight rows, most with a number, right under the prose: a table or dated list, kept.",
    "MIN_TABLE_ROWS",
    "TABLE_DIGIT_SHARE",
    "TABLE_GAP_LINES",
)
def _keep_data_rows(blocks: Sequence[Block], ends: _TightLists) -> None:
    """A table or a dated list set right after the prose (scores, results, tour dates)
    prints as short lines on consecutive lines, most with numbers in them: the
    article's, not a menu. Links to other stories rarely carry numbers on most lines."""
    menu: list[int] = []  # running counts, made at the first list long enough to ask
    numbered: list[int] = []
    last_good = None
    i = 0
    while i < len(blocks):
        if blocks[i].label == GOOD:
            last_good, i = i, i + 1
            continue
        if last_good is not None and i - last_good <= 2 and _follows_prose(blocks, last_good, i):
            stop = ends.end(i + 1)
            rows = stop - i
            if rows >= MIN_TABLE_ROWS and not menu:
                menu = _prefix(b.repeated or b.bullet for b in blocks)
                numbered = _prefix(_DIGIT.search(b.text) is not None for b in blocks)
            if rows >= MIN_TABLE_ROWS and _data_rows(
                rows, menu[stop] - menu[i], numbered[stop] - numbered[i]
            ):
                for block in blocks[i:stop]:
                    block.label, block.reason = GOOD, ""
                last_good, i = stop - 1, stop
                continue
        i += 1


def _follows_prose(blocks: Sequence[Block], prose: int, i: int) -> bool:
    """Whether block `i` comes right after the prose block `prose`, or after one heading."""
    return i - prose <= 2 and blocks[i].index - blocks[prose].index <= TABLE_GAP_LINES


def _data_rows(rows: int, menu_rows: int, numbered: int) -> bool:
    """Enough rows, most with a number, none a menu's (bulleted or printed elsewhere)."""
    return rows >= MIN_TABLE_ROWS and not menu_rows and numbered >= TABLE_DIGIT_SHARE * rows


def _prefix(flags: Iterable[int]) -> list[int]:
    """Running counts of true flags: how many in blocks[i:j] is out[j] - out[i]."""
    return list(itertools.accumulate(flags, initial=0))


class _TightLists:
    """Where each tight list ends: blocks on consecutive lines, found in one pass so
    that asking at every block stays linear (a dump of 8,000 one-line rows); and where
    the dump's tables stand, which are no blocks of the classifier's."""

    def __init__(self, blocks: Sequence[Block], tables: Sequence[int] = ()) -> None:
        self.tables = sorted(tables)
        n = len(blocks)
        self.steps = [0] + [blocks[k].index - blocks[k - 1].index for k in range(1, n)]
        self.chain = [n] * (n + 1)  # chain[k]: first stop >= k where the lines break off
        for k in range(n - 1, 0, -1):
            self.chain[k] = self.chain[k + 1] if self.steps[k] == 1 else k

    def end(self, start: int) -> int:
        """End of the run of blocks from `start` on consecutive lines (the first may
        follow one blank line)."""
        if start >= len(self.steps) or self.steps[start] not in (1, 2):
            return start
        return self.chain[start + 1]

    def table_under(self, line: int) -> bool:
        """Whether a table starts within `TABLE_GAP_LINES` lines under `line` (a
        heading between): the article going on into its data."""
        k = bisect.bisect_right(self.tables, line)
        return k < len(self.tables) and self.tables[k] - line <= TABLE_GAP_LINES


# --- 4. captions printed twice -------------------------------------------------------------

CAPTION_PAIR_LINES = 5  # alt text and caption of one picture sit this close
CAPTION_SHARE = 0.8  # share of the shorter copy's 4-grams found in the other
VOCAB_SHARE = 0.5  # near copies share at least this much of their words: a cheap first test
CAPTION_MIN_GRAMS = 3  # fewer 4-grams (a heading) say nothing
CAPTION_MIN_WORDS = CAPTION_MIN_GRAMS + 3  # the words those take: fewer, no need to count


@heuristic(
    "caption-twice",
    DROP,
    "Two near copies a few lines apart, alone of their kind: a picture's alt text and caption.",
    "CAPTION_PAIR_LINES",
    "CAPTION_SHARE",
    "VOCAB_SHARE",
    "CAPTION_MIN_GRAMS",
)
def _drop_captions_printed_twice(blocks: Sequence[Block]) -> None:
    """A picture's alt text and its caption print the same words twice, a few lines
    apart; paragraphs are not printed twice so close. Both copies of such a pair go.
    Three or more alike lines in a row are a template (a refrain, numbered steps),
    not a picture, and stay."""
    partners: dict[int, set[int]] = {}
    for i, block in enumerate(blocks):
        if block.label != GOOD or len(block.words) < CAPTION_MIN_WORDS:
            continue
        for j in range(i + 1, len(blocks)):
            other = blocks[j]
            if other.index - block.index > CAPTION_PAIR_LINES:
                break
            if (
                other.label == GOOD
                and len(other.words) >= CAPTION_MIN_WORDS
                and _shared(block.vocab, other.vocab) >= VOCAB_SHARE
                and _near_copies(block.grams, other.grams)
            ):
                partners.setdefault(i, set()).add(j)
                partners.setdefault(j, set()).add(i)
        block._vocab = block._grams = None  # read no more: only a window's sets stay alive
    for i, alike in partners.items():
        if len(alike) == 1 and len(partners[next(iter(alike))]) == 1:
            blocks[i].label, blocks[i].reason = BAD, "caption-twice"


def _shared(a: set, b: set) -> float:
    """Share of the smaller set found in the other."""
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0


def _near_copies(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> bool:
    """Two texts of like length made mostly of the same word 4-grams."""
    small, large = sorted((len(a), len(b)))
    return (
        small >= CAPTION_MIN_GRAMS and small >= 0.5 * large and len(a & b) >= CAPTION_SHARE * small
    )


# --- 5. the article's span -----------------------------------------------------------------

MAX_GAP_LINES = 12  # boilerplate lines that may interrupt one article
MAIN_RUN_SHARE = 0.3  # the article is the first run of prose at least this share of the heaviest
MAIN_RUN_MIN_BLOCKS = 2  # ... and of this many good blocks, where one such run is heavy enough
TITLE_RUN_ON_PARAGRAPHS = 2  # finished paragraphs running on into a title put it inside...
TITLE_RUN_ON_LINES = 4  # ... each this close under the one before
TITLE_HEAD_SHARE = 0.4  # at most this much of the article may sit above its title and go


@heuristic(
    "outside-article",
    DROP,
    "Good lines outside the article's run of prose and the runs that go on with it.",
    "MAX_GAP_LINES",
    "MAIN_RUN_SHARE",
    "MAIN_RUN_MIN_BLOCKS",
)
def _keep_main_run(blocks: Sequence[Block], end_lines: Sequence[int] = ()) -> None:
    """Keep one run of good blocks, the article; drop the good blocks outside it.

    Good blocks belong to one run while the lines between them stay under
    `MAX_GAP_LINES`. Teasers before the article are light; comments and related
    stories after it may be heavy, so the article is the first run that weighs at
    least `MAIN_RUN_SHARE` of the heaviest, not the heaviest itself; runs that go on
    one from the next are weighed together first (`_chains`). A long box
    (a gallery, a table, a block of code, an ad) may cut the article in two: the
    runs close to it that go on with it (`heavy_continuation`, `same_topic`) are
    kept with it, after it and before it.
    """
    runs = _runs(blocks)
    if not runs:
        return
    span = _Span(blocks, end_lines, runs)
    threads = [span.thread(run) for run in runs]
    mass = [sum(len(b.text) for b in run) for run in runs]
    boxes = [
        login_box(span.over(run[-1].index + 1, run[-1].index + LOGIN_BOX_LINES)) for run in runs
    ]
    main = _main_run(runs, mass, threads, _chains(runs, mass, span, threads), boxes)
    cut = _split_thread(runs[main], span) if threads[main] else None
    if cut is not None:  # the article, with the thread under it in the same run
        runs[main : main + 1], threads[main : main + 1] = cut, [False, True]
        mass[main : main + 1] = [sum(len(b.text) for b in run) for run in cut]
    if len(runs) < 2:
        if threads[main]:
            _keep_last_posts(blocks, runs[main][-1], span)
        return
    topic = _topic_words(runs[main])
    last_kept = main
    for i in range(main + 1, len(runs)):
        before, run = runs[i - 1], runs[i]
        gap = run[0].index - before[-1].index
        split = gap <= MAX_SPLIT_GAP_LINES
        share = span.prose_share(run) if split else 0.0
        heavy = (
            split
            and heavy_continuation(share, mass[i], mass[i - 1])
            and not threads[i]
            and not teasers(run)
        )
        closing = split and not heavy and closing_paragraphs(share, mass[i], mass[i - 1], run)
        if not heavy and not (
            gap <= TOPIC_GAP_LINES
            and not span.ended(before, run)
            and (same_topic(topic, run) or recipe_card(run) or closing)
            and not threads[i]
            and not teasers(run)
        ):
            break
        topic |= _topic_words(run)
        last_kept = i
    first_kept = main
    for i in range(main - 1, -1, -1):
        run, after = runs[i], runs[i + 1]
        if (
            after[0].index - run[-1].index > TOPIC_GAP_LINES
            or span.ended(run, after)
            or not same_topic(topic, run)
        ):
            break
        first_kept = i
    for i, run in enumerate(runs):
        if not first_kept <= i <= last_kept:
            for block in run:
                block.label, block.reason = BAD, "outside-article"
    if threads[main]:
        _keep_last_posts(blocks, runs[last_kept][-1], span)


def _chains(
    runs: Sequence[Sequence[Block]], mass: Sequence[int], span: _Span, threads: Sequence[bool]
) -> list[int]:
    """For each run, the first run of its chain: runs that go on one from the next (as
    heavy, or in the words of the run before), no thread among them. An article cut
    into pieces by tables or pictures is one chain, weighed whole against a lone
    notice above it."""
    out = [0] * len(runs)
    for i in range(1, len(runs)):
        before, run = runs[i - 1], runs[i]
        gap = run[0].index - before[-1].index
        goes_on = (
            gap <= TOPIC_GAP_LINES
            and not span.ended(before, run)
            and not threads[i]
            and not threads[i - 1]
            and not teasers(run)
            and (
                (gap <= MAX_SPLIT_GAP_LINES and _goes_on(span.prose_share(run), mass, i, run))
                or same_topic(_topic_words(before), run)
                or recipe_card(run)
            )
        )
        out[i] = out[i - 1] if goes_on else i
    return out


def _goes_on(share: float, mass: Sequence[int], i: int, run: Sequence[Block]) -> bool:
    """Whether run `i`, close after the run before and `share` prose over its span, goes
    on with it by weight (`heavy_continuation`, `closing_paragraphs`)."""
    return heavy_continuation(share, mass[i], mass[i - 1]) or closing_paragraphs(
        share, mass[i], mass[i - 1], run
    )


def _main_run(
    runs: Sequence[Sequence[Block]],
    mass: Sequence[int],
    threads: Sequence[bool],
    chains: Sequence[int],
    boxes: Sequence[bool],
) -> int:
    """The first chain of runs (`_chains`) that weighs at least `MAIN_RUN_SHARE` of the
    heaviest, of those with `MAIN_RUN_MIN_BLOCKS` good blocks or more when there is
    one, and in it the first run that does so against the chain's heaviest: a lone
    block before the article (a notice, a teaser, a login box's text) is not the
    article; the article's own lead above a picture joins it back (`same_topic`). A
    thread of dated posts (`dated_posts`) is neither the article nor the weight it is
    measured by, unless the page holds no other run of several blocks (a forum's
    thread, or a short post run together with its comments, is the page's content).
    A run over a login form (`boxes`, `login_box`) is neither, where another run is left."""
    boxed = {i for i, box in enumerate(boxes) if box}
    posts = [i for i in range(len(runs)) if not threads[i] and i not in boxed]
    if not any(len(runs[i]) >= MAIN_RUN_MIN_BLOCKS for i in posts):
        # a lone line beside a thread is no article either; a login box only where all are
        posts = [i for i in range(len(runs)) if i not in boxed] or list(range(len(runs)))
    weight: Counter[int] = Counter()
    size: Counter[int] = Counter()
    for i in posts:
        weight[chains[i]] += mass[i]
        size[chains[i]] += len(runs[i])
    best = max(weight.values())
    heavy = [c for c in sorted(weight) if weight[c] >= MAIN_RUN_SHARE * best]
    several = [c for c in heavy if size[c] >= MAIN_RUN_MIN_BLOCKS]
    chain = (several or heavy)[0]
    members = [i for i in posts if chains[i] == chain]
    top = max(mass[i] for i in members)
    heavy = [i for i in members if mass[i] >= MAIN_RUN_SHARE * top]
    several = [i for i in heavy if len(runs[i]) >= MAIN_RUN_MIN_BLOCKS]
    return (several or heavy)[0]


def _runs(blocks: Sequence[Block]) -> list[list[Block]]:
    """The runs of good blocks: good blocks fewer than `MAX_GAP_LINES` lines apart."""
    runs: list[list[Block]] = []
    last = -MAX_GAP_LINES - 2
    for block in blocks:
        if block.label == GOOD:
            if block.index - last > MAX_GAP_LINES + 1:
                runs.append([])
            runs[-1].append(block)
            last = block.index
    return runs


class _Span:
    """What the continuation tests read about the lines between and over runs, each
    answer in logarithmic time: the share of prose over a run, whether a line that
    ends an article lies between two runs, whether a run is a thread of posts."""

    def __init__(
        self, blocks: Sequence[Block], end_lines: Sequence[int], runs: Sequence[Sequence[Block]]
    ) -> None:
        self.blocks = blocks
        self.positions = [b.index for b in blocks]
        self.prose = _prefix(b.first in (GOOD, NEAR_GOOD) for b in blocks)
        self.ends = sorted(end_lines)
        self.runs = runs

    def ended(self, before: Sequence[Block], after: Sequence[Block]) -> bool:
        """Whether a line a rule marks as ending an article, or a form's field, lies
        between two runs."""
        if self.ends_between(before[-1].index, after[0].index):
            return True
        return any(form_field(b.text) for b in self.over(before[-1].index, after[0].index))

    def ends_inside(self, first: int, last: int) -> list[int]:
        """The lines a rule marks as ending an article between two lines."""
        lo = bisect.bisect_right(self.ends, first)
        return self.ends[lo : bisect.bisect_left(self.ends, last)]

    def ends_between(self, first: int, last: int) -> bool:
        """Whether a line a rule marks as ending an article lies between two lines."""
        return _any_between(self.ends, first, last)

    def thread(self, run: Sequence[Block]) -> bool:
        """Whether the run is a thread of dated posts (`dated_posts`), its first date
        printed just above it, a later one inside it (an article's dateline and byline
        over its first paragraph are no thread)."""
        lo = bisect.bisect_left(self.positions, run[0].index - THREAD_LEAD_LINES)
        first = bisect.bisect_right(self.positions, run[0].index)
        hi = bisect.bisect_right(self.positions, run[-1].index)
        if self.dated[hi] == self.dated[first]:
            return False
        return dated_posts(self.dated[hi] - self.dated[lo], sum(b.first == GOOD for b in run))

    @functools.cached_property
    def dated(self) -> list[int]:
        """Running counts of short dated lines (a post's name and time, a dateline). Only
        the lines over a run or just above it are ever counted (`thread`): the others,
        most of a large page's menus, are not read."""
        dated = bytearray(len(self.blocks))
        for run in self.runs:
            lo = bisect.bisect_left(self.positions, run[0].index - THREAD_LEAD_LINES)
            hi = bisect.bisect_right(self.positions, run[-1].index)
            for k in range(lo, hi):
                text = self.blocks[k].text
                dated[k] = len(text) < LENGTH_LOW and _dated(text)
        return _prefix(dated)

    def over(self, first: int, last: int) -> Sequence[Block]:
        """The blocks on lines `first` to `last`."""
        lo = bisect.bisect_left(self.positions, first)
        return self.blocks[lo : bisect.bisect_right(self.positions, last)]

    def prose_share(self, run: Sequence[Block]) -> float:
        """Share of the blocks over a run's span that the first pass read as prose."""
        return _prose_share(self.positions, self.prose, run)


MAX_SPLIT_GAP_LINES = 40  # a gallery or newsletter box that may cut one article in two
CONTINUATION_SHARE = 0.7  # a later run this heavy against the one before goes on with it
CONTINUATION_PROSE_SHARE = 0.4  # ... if this share of its lines reads as prose (not comments)
PURE_PROSE_SHARE = 0.9  # a run of paragraphs this purely prose goes on with the run before...
PURE_PROSE_MASS = 0.3  # ... at this share of its weight, from two paragraphs on
TOPIC_SHARE = 0.45  # a run whose words are this much the article's is the article's
TOPIC_GAP_LINES = 80  # ... across a box (code, a table, a gallery) at most this long
TOPIC_MIN_CHARS = 4  # shorter words (and, the, of) say nothing of the topic


@heuristic(
    "heavy-continuation",
    KEEP,
    "A run close after a box, as heavy as the run before it and read as prose, goes on with it.",
    "MAX_SPLIT_GAP_LINES",
    "CONTINUATION_SHARE",
    "CONTINUATION_PROSE_SHARE",
)
def heavy_continuation(prose_share: float, mass: int, mass_before: int) -> bool:
    """Related stories come in lighter pieces than the article, and comments between
    short lines (names, times, reply links): a run after a box that weighs as much as
    the run before it, and reads as prose line by line, is the article going on."""
    return mass >= CONTINUATION_SHARE * mass_before and prose_share >= CONTINUATION_PROSE_SHARE


@heuristic(
    "closing-paragraphs",
    KEEP,
    "A lighter run of paragraphs, nothing but prose over its span, close after a box goes on.",
    "MAX_SPLIT_GAP_LINES",
    "PURE_PROSE_SHARE",
    "PURE_PROSE_MASS",
)
def closing_paragraphs(
    prose_share: float, mass: int, mass_before: int, run: Sequence[Block]
) -> bool:
    """An article's short closing paragraphs after an ad box weigh less than the run
    before them, but every line over their span reads as prose: teasers print
    headlines between their summaries, and comments names and dates. Two paragraphs
    at least (one is as often an author's bio), and never past a line that ends the
    article (a comment form, a related box's heading)."""
    return (
        len(run) >= 2 and prose_share >= PURE_PROSE_SHARE and mass >= PURE_PROSE_MASS * mass_before
    )


@heuristic(
    "same-topic",
    KEEP,
    "A run close to the article, no article-ending line between, in the article's own words.",
    "TOPIC_GAP_LINES",
    "TOPIC_SHARE",
    "TOPIC_MIN_CHARS",
)
def same_topic(topic: set[str], run: Sequence[Block]) -> bool:
    """A section after a gallery, a block of code or a table, or a lead paragraph
    above a picture, is written in the article's own words: most of its words (of
    `TOPIC_MIN_CHARS` or more) are words of the article. Teasers and site boxes
    speak of other things; a rule's end-of-article line between the two (a share
    row, a related-stories heading) says the article is over."""
    words = [w for block in run for w in block.content]
    return bool(words) and sum(w in topic for w in words) >= TOPIC_SHARE * len(words)


@heuristic(
    "recipe-card",
    KEEP,
    "A run of a recipe's ingredients or numbered steps close under the article goes on with it.",
    "TOPIC_GAP_LINES",
    "MIN_QUANTITY_ITEMS",
)
def recipe_card(run: Sequence[Block]) -> bool:
    """A recipe's card (its ingredients, its method) sits under the story of the dish,
    after the pictures, a "jump to recipe" row and the card's own title, ratings and
    times: too far for one run, in other words than the story's. Lists kept as
    ingredients or as numbered steps (`quantity-list`, `numbered-steps`) say the run
    is the recipe itself."""
    return sum(b.listed for b in run) >= MIN_QUANTITY_ITEMS


FORM_FIELD = re.compile(r"\[[ _]{2,}\]|^[\[(][ *xX][\])](?:\s|$)")  # w3m: [____], [ ], ( )
THREAD_LEAD_LINES = 6  # a post's name and date sit this close above its text
THREAD_DATED_SHARE = 0.5  # a run with a dated line for every other post is a thread
THREAD_MIN_DATES = 2
POST_HEADER_WORDS = 3  # a post's header: the author's name (and a rank, a number) by the date
#: A clock time, 9:41 or 21.05 or 21h05: not a price or a change (12.99, -1.62, 5.44%)
_TIME_OF_DAY = re.compile(r"(?<![\d.,$€£+-])(?:[01]?\d|2[0-3])[:.h][0-5]\d(?![\d%.,]\d|[\d%])")


@heuristic(
    "form-between",
    DROP,
    "A form's field (a login, a sign-up, a comment box) between two runs ends the article.",
)
def form_field(text: str) -> bool:
    """A dump prints a form's text field as `[____]` and a tick box as `[ ]`: no
    article holds one, and a login, sign-up or comment form stands between an
    article and what is not the article."""
    return FORM_FIELD.search(text) is not None


LOGIN_BOX_LINES = 4  # a login form's fields sit this close under the text over them
_ANY_FIELD = re.compile(r"\[[ _]*\]|___")  # anywhere on the line: "User: [ ] Password: [ ]"
_PASSWORD = re.compile(
    r"\b(?:password|passwort|kennwort|mot de passe|contraseña|senha|hasło|wachtwoord|parola"
    r"|heslo|salasana|lösenord|adgangskode|passord)\b|密码|密碼|パスワード|пароль",
    re.IGNORECASE,
)


@heuristic(
    "login-box",
    DROP,
    "A login form's box: the run right over its password field (dumps), its element (HTML).",
    "LOGIN_BOX_LINES",
)
def login_box(under: Sequence[Block]) -> bool:
    """A forum greets a visitor with a text on what members may do, over the form to log
    in; its prose may outweigh a short thread. A form naming a password, right under
    a run, marks the run as the box's: a comment form asks for a name, never for a
    password."""
    return any(_ANY_FIELD.search(b.text) and _PASSWORD.search(b.text) for b in under)


@heuristic(
    "dated-posts",
    DROP,
    "A run whose posts each sit under a dated line is a thread of comments, not the article.",
    "THREAD_LEAD_LINES",
    "THREAD_DATED_SHARE",
    "THREAD_MIN_DATES",
    "POST_HEADER_WORDS",
)
def dated_posts(dated: int, posts: int) -> bool:
    """Comments and forum replies print a name, a date or a time over each post; an
    article's sections print headings. A run with a dated short line (`dated` of them,
    from just above it) for every other post is a thread, however much it speaks of the
    article."""
    if posts < THREAD_MIN_DATES:
        return False  # one post under its dateline and time: an article
    return dated >= max(THREAD_MIN_DATES, THREAD_DATED_SHARE * posts)


TEASER_SHARE = 0.5  # a run with this share of its blocks cut short with an ellipsis
MIN_TEASERS = 3


@heuristic(
    "teasers",
    DROP,
    "A run whose blocks are mostly cut short with an ellipsis is a box of teasers.",
    "TEASER_SHARE",
    "MIN_TEASERS",
)
def teasers(run: Sequence[Block]) -> bool:
    """Related stories and deals print a headline over the first words of each story,
    cut short with an ellipsis; an article's paragraphs end their sentences. Such a
    run after the article does not go on with it, however heavy or close in words."""
    cut = sum(1 for b in run if b.text.endswith(("...", "…")))
    return cut >= MIN_TEASERS and cut >= TEASER_SHARE * len(run)


THREAD_ARTICLE_SHARE = 2  # the article weighs this many times a post of the thread under it


@heuristic(
    "thread-split",
    DROP,
    "A thread of dated posts right under the article, in the same run, is split off it.",
    "THREAD_ARTICLE_SHARE",
)
def _split_thread(run: list[Block], span: _Span) -> tuple[list[Block], list[Block]] | None:
    """The article and the thread under it, where the run chosen as the article is a
    thread of dated posts that starts with the article; None where it is not.

    A dump without blank lines (a text-node dump) prints comments so close under the
    article that they join its run, and the run reads as a thread. The dated short
    lines cut it into posts; where the heaviest weighs `THREAD_ARTICLE_SHARE` times
    the average of those under it, and those are a thread, it is the article: the
    run is cut under it, and the thread dropped as one (`dated-posts`). A line that
    ends an article (a comments heading) inside the run, with a thread under it, cuts
    it there whatever the weights: a short article has comments longer than itself."""
    lines = [b.index for b in run]
    for end in span.ends_inside(run[0].index, run[-1].index):
        k = bisect.bisect_right(lines, end)
        if span.thread(run[k:]):
            return run[:k], run[k:]
    lo = bisect.bisect_right(span.positions, run[0].index)
    hi = bisect.bisect_left(span.positions, run[-1].index)
    starts = [0]  # where each post starts in the run: its first good block under a dated line
    for at in range(lo, hi):
        if span.dated[at + 1] > span.dated[at]:
            k = bisect.bisect_right(lines, span.positions[at])
            if k > starts[-1]:
                starts.append(k)
    ends = [*starts[1:], len(run)]
    mass = [sum(len(b.text) for b in run[a:b]) for a, b in zip(starts, ends, strict=True)]
    heaviest = max(range(len(mass)), key=mass.__getitem__)
    rest = mass[heaviest + 1 :]
    if not rest or mass[heaviest] < THREAD_ARTICLE_SHARE * sum(rest) / len(rest):
        return None
    before, after = run[: ends[heaviest]], run[ends[heaviest] :]
    return (before, after) if span.thread(after) else None


@heuristic(
    "thread-last-posts",
    KEEP,
    "On a page that is a thread of dated posts, a short post under the last kept one is one too.",
    "THREAD_LEAD_LINES",
    "MAX_GAP_LINES",
)
def _keep_last_posts(blocks: Sequence[Block], last: Block, span: _Span) -> None:
    """A forum's thread is the page's content (`_main_run`), and its last replies are
    often a line each ("Thanks, that fixed it."): near-good with no good neighbour, they
    went as `near-good-alone`. Under the last kept post, each such line printed under
    its own date line (the post's header: name, rank, date) is a post of the thread
    too, up to a gap of `MAX_GAP_LINES` or an article-ending line."""
    reach = last.index
    for k in range(bisect.bisect_right(span.positions, reach), len(blocks)):
        block = blocks[k]
        if block.index - reach > MAX_GAP_LINES or span.ends_between(reach, block.index):
            return
        if block.reason != "near-good-alone":
            continue
        header = span.over(reach + 1, block.index - 1)  # the post's name, rank and date
        if not any(
            block.index - b.index <= THREAD_LEAD_LINES
            and len(b.text) < LENGTH_LOW
            and _dated(b.text)
            for b in header
        ):
            return
        block.label, block.reason = GOOD, ""
        reach = block.index


def _dated(text: str) -> bool:
    """A clock time, or a date with at most `POST_HEADER_WORDS` other words (a dateline,
    a post's header): both hold a digit, which most lines do not."""
    if _DIGIT.search(text) is None:
        return False
    return _TIME_OF_DAY.search(text) is not None or dates.dated_header(text, POST_HEADER_WORDS)


def _topic_words(run: Sequence[Block]) -> set[str]:
    return {w for block in run for w in block.content}


def _content_words(text: str, words: Sequence[str]) -> list[str]:
    """The text's words (`words`, lower-cased) long enough to carry the topic; in a
    script written without spaces (a whole CJK clause is one `\\w+` run), its character
    pairs stand for its words."""
    long = [word for word in words if len(word) >= TOPIC_MIN_CHARS]
    if text.isascii() or not _DENSE.search(text):
        return long  # one test for the whole line: most lines hold no CJK
    out: list[str] = []
    for word in long:
        if _DENSE.match(word):
            out += [word[k : k + 2] for k in range(len(word) - 1)]
        else:
            out.append(word)
    return out


def _prose_share(positions: Sequence[int], prose: Sequence[int], run: Sequence[Block]) -> float:
    """Share of the blocks over a run's span that the first pass read as prose
    (`positions`: the blocks' line numbers; `prose`: running counts of prose blocks)."""
    lo = bisect.bisect_left(positions, run[0].index)
    hi = bisect.bisect_right(positions, run[-1].index)
    return (prose[hi] - prose[lo]) / (hi - lo)


HELD_LINES = 2  # a line with kept prose this close above and below it is held between them


def _held(blocks: Sequence[Block], k: int) -> bool:
    """Whether kept prose stands within `HELD_LINES` above and below the block: a short
    paragraph between two of the article's (an answer's paragraphs around its code)."""
    at = blocks[k].index
    return _kept_within(blocks, k, -1, at - HELD_LINES) and _kept_within(
        blocks, k, 1, at + HELD_LINES
    )


def _kept_within(blocks: Sequence[Block], k: int, step: int, limit: int) -> bool:
    """Whether a kept block comes before line `limit`, walking from block `k` by `step`."""
    j = k + step
    while 0 <= j < len(blocks) and (blocks[j].index - limit) * step <= 0:
        if blocks[j].label == GOOD:
            return True
        j += step
    return False


@heuristic(
    "near-good-in-article",
    KEEP,
    "A near-good line inside the article, in its words or held between its paragraphs, is prose.",
    "TOPIC_SHARE",
    "HELD_LINES",
)
def _keep_near_good_in_article(blocks: Sequence[Block]) -> None:
    """A short paragraph between an ad and a picture has no good neighbour and went as
    `near-good-alone`; once the article's span is known, one inside it that speaks in
    the article's words is the article's (an ad's line speaks of other things), and so
    is one held close between two of its kept paragraphs (`_held`). Past the span's
    end, such lines are as often a teaser's, and stay dropped, but for those that follow
    its last kept line paragraph by paragraph, no gap between (a recipe's tip under its
    steps, a closing remark). Short lines between the paragraphs so kept are settled
    again."""
    kept = [b for b in blocks if b.label == GOOD]
    if not kept:
        return
    topic: set[str] | None = None  # made at the first line to ask: many pages have none
    first, last = kept[0].index, kept[-1].index
    rescued = False
    for k, block in enumerate(blocks):
        if block.reason != "near-good-alone" or not first < block.index < last:
            continue
        if topic is None:
            topic = _topic_words(kept)
        if same_topic(topic, [block]) or _held(blocks, k):
            block.label, block.reason = GOOD, ""
            rescued = True
    k = next(k for k in range(len(blocks) - 1, -1, -1) if blocks[k].label == GOOD)
    while (  # the closing lines right under the last kept one
        k + 1 < len(blocks)
        and blocks[k + 1].reason == "near-good-alone"
        and blocks[k + 1].index - blocks[k].index <= HELD_LINES
    ):
        k += 1
        blocks[k].label, blocks[k].reason = GOOD, ""
        rescued = True
    if rescued:
        _resettle_short_lines(blocks)


SECTION_GAP_LINES = 2  # a section's heading, its lines and the next section sit this close


@heuristic(
    "article-sections",
    KEEP,
    "Sections under the article, each a heading over short paragraphs or points, go on with it.",
    "SECTION_GAP_LINES",
    "HEADING_MAX_CHARS",
    "LIST_ITEM_MIN_WORDS",
)
def _keep_sections_under_article(blocks: Sequence[Block]) -> None:
    """A public office's or a club's page, a how-to or a product's page goes on under its
    lead paragraph in sections, each a heading over a sentence or two or a few points
    ("Fees", "The service is free."): no section is prose enough to be kept alone, and
    they went as `near-good-alone`, `short-line` and `menu-item`. Right under the last
    kept block, each heading (a short line, no sentence, no date) over paragraphs that
    end their sentences, or over points, is the article's, section after section. A box
    under an article has no heading of its own here (a rule knows it and drops it before
    the classifier reads), nor a comment's header (a date by its author's name)."""
    kept = [k for k, b in enumerate(blocks) if b.label == GOOD]
    if not kept:
        return
    k = kept[-1] + 1
    sections: list[Sequence[Block]] = []
    while (end := _section_end(blocks, k)) is not None:
        sections.append(blocks[k:end])
        k = end
    while sections and all(b.bullet for b in sections[-1][1:]):
        sections.pop()  # points last, no sentence under them: as often a box of links
    for block in itertools.chain.from_iterable(sections):
        block.label, block.reason = GOOD, ""


def _section_end(blocks: Sequence[Block], k: int) -> int | None:
    """Where the section from block `k` on (its heading) ends; None where block `k`
    heads no section close under the block before it."""
    if k + 1 >= len(blocks) or k == 0:
        return None
    heading = blocks[k]
    if (
        heading.first != SHORT
        or heading.bullet
        or len(heading.text) > HEADING_MAX_CHARS
        or _ends_terminal(heading.text.rstrip("?"))
        or heading.index - blocks[k - 1].index > SECTION_GAP_LINES
        or _dated(heading.text)
    ):
        return None
    end = k + 1
    while end < len(blocks) and blocks[end].index - blocks[end - 1].index <= SECTION_GAP_LINES:
        line = blocks[end]
        if line.label == GOOD or line.repeated or form_field(line.text):
            break
        point = line.bullet and _list_point(line)
        if not (point or (line.reason == "near-good-alone" and _paragraph_end(line))):
            break
        end += 1
    return end if end > k + 1 else None


@heuristic(
    "before-title",
    DROP,
    "Kept lines above the title printed again inside the article: teasers, section links.",
    "TITLE_HEAD_SHARE",
    "TITLE_RUN_ON_PARAGRAPHS",
    "TITLE_RUN_ON_LINES",
)
def _start_at_title(blocks: Sequence[Block], title_lines: Sequence[int]) -> None:
    """The article starts after its title: kept blocks above the title's last printing
    inside the article's span (teasers, section links) go. A recipe's card printed
    under the story of the dish (`recipe_card`) repeats the title over it: the story
    above stays. So does the text above where paragraphs that end their sentences run
    on into the line, one close under the next (`TITLE_RUN_ON_PARAGRAPHS`): the line is
    inside the article (a pull quote taken for the title, a heading that repeats it),
    not over it. A teaser over the title is one summary under a headline, and a list
    of links ends on no full stop."""
    kept = [b for b in blocks if b.label == GOOD]
    if not kept:
        return
    inside = [t for t in title_lines if kept[0].index < t < kept[-1].index]
    if not inside:
        return
    start = max(inside)
    before = [b for b in kept if b.index < start]
    if recipe_card([b for b in kept if b.index > start]) and not recipe_card(before):
        return
    run_on = before[-TITLE_RUN_ON_PARAGRAPHS:]
    lines = [b.index for b in run_on] + [start]
    if (
        len(run_on) == TITLE_RUN_ON_PARAGRAPHS
        and all(_paragraph_end(b) for b in run_on)
        and all(b - a <= TITLE_RUN_ON_LINES for a, b in itertools.pairwise(lines))
    ):
        return
    if sum(len(b.text) for b in before) <= TITLE_HEAD_SHARE * sum(len(b.text) for b in kept):
        for block in before:
            block.label, block.reason = BAD, "before-title"


# --- 6. the end of the article -------------------------------------------------------------

BOX_HEADING_LINES = 2  # a box's heading sits this close above its first line
END_TAIL_SHARE = 0.3  # after an end-of-article line, at most this share of the kept text is a tail
END_CUT_SHARE = 0.5  # all such tails together, cut one after another, at most this share


@heuristic(
    "after-article-end",
    DROP,
    "After a line a rule marks as ending an article, a light tail (bio, teasers) goes.",
    "END_TAIL_SHARE",
    "END_CUT_SHARE",
)
def _stop_at_article_end(
    blocks: Sequence[Block], end_lines: Sequence[int], box_lines: Sequence[int] = ()
) -> None:
    """A related-stories heading, a share row or a sign-up box follows an article; inside
    the kept span, it ends the article when what is kept after it is light: a bio, a
    site's footer, a list of teasers. An inline box mid-article has the article's bulk
    after it, and stays a gap. The label of a box of links (`box_lines`) ends it only
    where the box's items are what is kept under it (`box_at_end`). Cut at one end, the
    kept text is weighed again at the ends above it: a bio under the tags line is light
    only once the teasers and the comment kept under the bio's own end are gone. All
    the cuts together take at most `END_CUT_SHARE` of the kept text: a live blog with
    a share row under every post loses its last posts, not all but its first."""
    budget = END_CUT_SHARE * sum(len(b.text) for b in blocks if b.label == GOOD)
    while cut := _cut_at_article_end(blocks, end_lines, box_lines, budget):
        budget -= cut


def _cut_at_article_end(
    blocks: Sequence[Block], end_lines: Sequence[int], box_lines: Sequence[int], budget: float
) -> int:
    """Cut the kept text at the first end line with a light tail, of at most `budget`
    characters; how much was cut (0: no such line)."""
    kept = [b for b in blocks if b.label == GOOD]
    if not kept:
        return 0
    positions = [b.index for b in kept]
    mass = list(itertools.accumulate((len(b.text) for b in kept), initial=0))
    total = mass[-1]
    boxes = frozenset(box_lines)
    lines = [b.index for b in blocks] if boxes else []
    for end in sorted({*end_lines, *box_lines}):
        if not kept[0].index < end < kept[-1].index:
            continue
        tail = bisect.bisect_right(positions, end)  # kept[tail:] lie after the end line
        if end in boxes:
            under = bisect.bisect_right(lines, end), bisect.bisect_left(lines, positions[tail])
            if not box_at_end(blocks[under[0] : under[1]]):
                continue
        if total - mass[tail] <= min(END_TAIL_SHARE * total, budget):
            reason = "box-at-end" if end in boxes else "after-article-end"
            for block in kept[tail:]:
                block.label, block.reason = BAD, reason
            above = kept[bisect.bisect_left(positions, end) - 1]
            if box_heading(above, end):
                above.label, above.reason = BAD, "box-heading"
            return max(1, total - mass[tail])
    return 0


@heuristic(
    "box-heading",
    DROP,
    "A short line right above an article-ending line: the heading of the box that follows.",
    "BOX_HEADING_LINES",
)
def box_heading(above: Block, end: int) -> bool:
    """A short line right above the end-of-article line ("Like this story?" over a
    sign-up box) is the box's heading, not the article's last line: it goes with it."""
    return above.first == SHORT and end - above.index <= BOX_HEADING_LINES


@heuristic(
    "box-at-end",
    DROP,
    "Kept lines right under a box of links' label, with only a light tail: the box's items.",
    "END_TAIL_SHARE",
)
def box_at_end(between: Sequence[Block]) -> bool:
    """Sites set a box of links ("Related coverage") inside an article as often as
    under it. Where its items are teasers long enough to be kept, the first kept line
    sits right under the label, nothing but pictures `between`: what is kept after the
    label is the box's items, not the article. Where its items were dropped as links,
    the article goes on under them."""
    return all(is_picture(b.text) for b in between)


# --- 7, 8. copies and pictures -------------------------------------------------------------

DUPLICATE_SHARE = 0.6  # a long block this much made of text already kept is a copy
COPY_MIN_CHARS = 300  # shorter blocks count as copies only when equal
TWICE_MIN_CHARS = 8  # a line this long that is one text printed twice is a picture's labels


@heuristic(
    "duplicate-text",
    DROP,
    "Text kept once already (a print copy, a summary re-wrapped) is not kept again.",
    "DUPLICATE_SHARE",
    "COPY_MIN_CHARS",
)
def _drop_duplicates(blocks: Sequence[Block]) -> None:
    """Text printed twice (a page's print or mobile copy, a summary re-wrapped into long
    lines) is kept once: a good block is dropped when it was kept before, or when it is
    long and most of its word 4-grams were already kept, whatever its line breaks.
    Short lines of one template ("Paragraph 2 is ...") share their 4-grams honestly."""
    kept: list[Block] = []
    seen_words: set[str] = set()
    seen: set[tuple[str, ...]] | None = None  # the kept 4-grams, built when first needed
    texts: set[str] = set()
    for block in blocks:
        if block.label != GOOD:
            continue
        copy = block.text in texts
        if not copy and len(block.text) >= COPY_MIN_CHARS:
            vocab = block.vocab
            if vocab and len(vocab & seen_words) >= DUPLICATE_SHARE * len(vocab):
                if seen is None:
                    seen = set().union(*(b.grams for b in kept))
                copy = len(block.grams & seen) >= DUPLICATE_SHARE * len(block.grams)
        if copy:
            block.label, block.reason = BAD, "duplicate-text"
        kept.append(block)
        seen_words.update(block.words)  # no set of its own: only long blocks are asked
        if seen is not None:
            seen |= block.grams
        texts.add(block.text)


def _drop_image_placeholders(blocks: Sequence[Block]) -> None:
    """A dump prints a picture as its alt text in brackets, or as its alt text and
    title run together (the same words twice, no space between: no writer prints a
    sentence so). Either holds the article together while the article's span is
    found, and is dropped afterwards."""
    for block in blocks:
        if block.label != GOOD:
            continue
        if is_picture(block.text):
            block.label, block.reason = BAD, "image-placeholder"
        elif _printed_twice(block.text):
            block.label, block.reason = BAD, "text-twice"


@heuristic(
    "image-placeholder",
    DROP,
    "A line that is only pictures' bracketed alt texts, once the article's span is found.",
)
def is_picture(text: str) -> bool:
    """Whether the line is only pictures, as a dump prints them: `[alt text]`."""
    return text[:1] == "[" and _IMAGE_ONLY.match(text) is not None


@heuristic(
    "text-twice",
    DROP,
    "A line that is one text printed twice over: a picture's alt text and title run together.",
    "TWICE_MIN_CHARS",
)
def _printed_twice(text: str) -> bool:
    """Whether the line is one text printed twice over ("Red doorRed door")."""
    half, odd = divmod(len(text), 2)
    return not odd and half >= TWICE_MIN_CHARS // 2 and text[:half] == text[half:]


# --- the page's language -------------------------------------------------------------------


def _sample_words(lines: Sequence[str], words: Sequence[list[str]], size: int = 400) -> list[str]:
    """About `size` of the lower-cased `words` of the longest lines, where the prose is.
    A line without words (a rule of `━` across the page) is not sampled."""
    longest = sorted(range(len(lines)), key=lambda i: len(lines[i]), reverse=True)
    taken: list[str] = []
    chars = 0
    for i in longest:  # ~6 characters a word: enough lines for `size` words
        if not words[i]:
            continue
        taken += words[i]
        chars += len(lines[i])
        if chars >= 6 * size:
            break
    return taken


def _language_of(words: Sequence[str]) -> str:
    if not words:
        return "English"
    if _share_in(words, stoplist("English")) >= 0.25:
        return "English"
    # each distinct word votes once, weighted by its count: a sample repeats its stop
    # words, and each is a stop word of dozens of languages; the first language to
    # reach the most votes wins, as Counter.most_common(1) picks it
    votes: dict[str, int] = {}
    index = stopword_index()
    for word, count in Counter(words).items():
        for language in index.get(word, ()):
            votes[language] = votes.get(language, 0) + count
    return max(votes, key=votes.__getitem__) if votes else "English"


def _share_in(words: Sequence[str], stops: frozenset[str]) -> float:
    return sum(map(stops.__contains__, words)) / len(words) if words else 0.0


_DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def dense_line(text: str) -> bool:
    """Whether a line is written mostly in a script that packs a word into one or two
    characters; an ASCII line holds none (every such character is past U+3040), and
    one C-speed search tells most others."""
    return (
        not text.isascii()
        and _DENSE.search(text) is not None
        and (len(_DENSE.findall(text)) > DENSE_LINE_SHARE * len(text))
    )


def _dense_script_share(texts: Sequence[str]) -> float:
    """Share of characters from scripts that write a word in one or two characters (CJK)."""
    head, chars = [], 0
    for text in texts:  # the lines the sample reads, not a copy of a large dump
        if chars >= 5000:
            break
        head.append(text)
        chars += len(text)
    sample = "".join(head)[:5000]
    return len(_DENSE.findall(sample)) / len(sample) if sample else 0.0


@lru_cache(maxsize=128)
def stoplist(language: str) -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist(language))


@lru_cache(maxsize=1)
def stopword_index() -> dict[str, tuple[str, ...]]:
    """Each stop word of jusText's ~100 languages, with the languages that have it."""
    import justext

    index: dict[str, list[str]] = {}
    for language in sorted(justext.get_stoplists()):  # a set: sorted, so ties break alike
        for word in stoplist(language):
            index.setdefault(word, []).append(language)
    return {word: tuple(langs) for word, langs in index.items()}


def repeated_lines(
    lines: Sequence[str], bullets: Sequence[bool], positions: Sequence[int], texts: Sequence[int]
) -> list[bool]:
    """Whether each line is printed more than once in the dump: menus, titles, footers.
    A section's heading that a table of contents lists again (`contents_entries`) counts
    only its copies that are no bullets: it is the article's, not a menu's. `texts` are
    the positions of the dump's blocks that are no bullets, decided or not (tables, code)."""
    every = Counter(lines)
    listed = contents_entries(lines, bullets, positions, texts, every)
    if not listed:  # most pages
        return [bool(line) and every[line] > 1 for line in lines]
    plain = Counter(
        line for line, bullet in zip(lines, bullets, strict=True) if line in listed and not bullet
    )
    return [
        bool(line) and (plain if line in listed and not bullet else every)[line] > 1
        for line, bullet in zip(lines, bullets, strict=True)
    ]


MIN_CONTENTS_ENTRIES = 3
CONTENTS_SHARE = 0.5  # share of a list's items printed again as headings in a table of contents


@heuristic(
    "contents-list",
    KEEP,
    "A list whose items are the page's headings, with text between them, is a table of contents.",
    "MIN_CONTENTS_ENTRIES",
    "CONTENTS_SHARE",
)
def contents_entries(
    lines: Sequence[str],
    bullets: Sequence[bool],
    positions: Sequence[int],
    texts: Sequence[int],
    counts: Counter[str],
) -> set[str]:
    """The entries of the tables of contents: lists (bullets on adjacent lines) with at
    least `MIN_CONTENTS_ENTRIES` items, `CONTENTS_SHARE` of them, printed elsewhere as
    lines of their own with other text than bullets between them (`texts`). A docs
    page's "On this page" box lists its sections' headings, which are no menu's links
    for being printed twice; a share row printed twice, or a wide menu's column
    headings, have nothing or only links between them. `counts` are the lines' counts:
    only bullets printed more than once are asked about."""
    twice = {
        lines[k] for k in itertools.compress(range(len(lines)), bullets) if counts[lines[k]] > 1
    }
    if len(twice) < MIN_CONTENTS_ENTRIES:
        return set()
    headings: dict[str, int] = {}
    for line, bullet, position in zip(lines, bullets, positions, strict=True):
        if not bullet and line in twice:
            headings.setdefault(line, position)
    out: set[str] = set()
    for items in _lists(bullets, positions):
        at = sorted({headings[lines[k]] for k in items if lines[k] in headings})
        if (
            len(at) >= MIN_CONTENTS_ENTRIES
            and len(at) >= CONTENTS_SHARE * len(items)
            and all(_any_between(texts, a, b) for a, b in itertools.pairwise(at))
        ):
            out.update(lines[k] for k in items if lines[k] in headings)
    return out


def _lists(bullets: Sequence[bool], positions: Sequence[int]) -> list[list[int]]:
    """The lists of a dump: the indexes of bullets on adjacent lines."""
    out: list[list[int]] = []
    for k, bullet in enumerate(bullets):
        if not bullet:
            continue
        if out and out[-1][-1] == k - 1 and positions[k] - positions[k - 1] <= 1:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def _any_between(positions: Sequence[int], first: int, last: int) -> bool:
    """Whether one of the sorted `positions` lies strictly between two lines."""
    k = bisect.bisect_right(positions, first)
    return k < len(positions) and positions[k] < last
