"""Decoded text to canonical lines: ftfy's repairs, then whitespace and invisible characters.

ftfy is thorough and slow (about 1 ms per KB), and most lines of most pages need
nothing from it. `fix_text` sends a line to ftfy only when a cheap test says ftfy
could change it, and does ftfy's one remaining step (uncurling quotes) itself
otherwise. The test suite proves the result equals `ftfy.fix_text` on whole texts.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

import ftfy
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE, LIGATURES, WIDTH_MAP

from .badness import CONTEXT, shape, suspect_runs, window_is_bad

#: ftfy as cleaner runs it: entities are always decoded, since a dump is text, not markup;
#: width forms are left as written, since Chinese and Japanese print their punctuation
#: full width ("，", "（"): that is the text, not damage to repair.
FTFY_CONFIG = ftfy.TextFixerConfig(unescape_html=True, fix_character_width=False, explain=False)


def fix_text(text: str, config: ftfy.TextFixerConfig = FTFY_CONFIG) -> str:
    """Equal to `ftfy.fix_text(text, config)`, at a fraction of the cost on clean lines."""
    return _fix_text(text, config)[0]


def _fix_text(text: str, config: ftfy.TextFixerConfig) -> tuple[str, bool, bool]:
    """`fix_text`, whether ftfy read any of the text (False: only quotes changed), and
    whether the result may hold an invisible character (`_ANY_INVISIBLE`): where ftfy
    read nothing, the search for suspects saw every one there is."""
    if config.unescape_html == "auto":
        # "auto" depends on earlier lines: keep ftfy's own loop
        return ftfy.fix_text(text, config), True, True
    uncurl = _uncurl if config.uncurl_quotes else str
    suspects, invisible = _suspect_lines(text, config.fix_character_width)
    if not suspects:
        return uncurl(text), False, invisible  # quotes are no invisible characters
    segments = text.split("\n")
    uncurled = uncurl(text).split("\n")  # quote by quote: the same as line by line
    last = len(segments) - 1
    parts = []
    for i, line in enumerate(segments):
        end = "\n" if i < last else ""
        if i in suspects:
            parts.append(ftfy.fix_text(line + end, config))  # ftfy too fixes line by line
        else:
            parts.append(uncurled[i] + end)
    return "".join(parts), True, True


#: What `ftfy.fixes.uncurl_quotes` straightens (its DOUBLE_QUOTE_RE and SINGLE_QUOTE_RE).
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f"
SINGLE_QUOTES = "\u02bc\u2018\u2019\u201a\u201b"


def fold_widths(text: str) -> str:
    """The text with its width forms folded as ftfy's width fix does ("，" to ","): what
    the heuristics judge, which read ASCII punctuation; never what is written out."""
    if text.isascii() or not _WIDTH_FORM.search(text):
        return text  # a line with curly quotes or accents, not widths: no copy made
    return text.translate(WIDTH_MAP)


def _uncurl(text: str) -> str:
    """`ftfy.fixes.uncurl_quotes`, a string search per quote mark rather than two regex
    substitutions: a thirtieth of the time on a page, which holds few of the nine."""
    for quote in DOUBLE_QUOTES:
        if quote in text:
            text = text.replace(quote, '"')
    for quote in SINGLE_QUOTES:
        if quote in text:
            text = text.replace(quote, "'")
    return text


def single_spaced(line: str) -> str:
    """`" ".join(line.split())`, without the split for a line that is so already: a
    printable one with no two spaces in a row and none at its ends (" " is the only
    printable space; every other whitespace is unprintable)."""
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    return " ".join(line.split())


def clean_line(line: str) -> str:
    """One line as canonical text: no controls or invisibles, single spaces, trimmed."""
    if line.isprintable():  # most lines: every control and invisible is unprintable
        return single_spaced(line)
    if not line.isascii() and _ANY_INVISIBLE.search(line):
        line = _INVISIBLE.sub("", line)
    return " ".join(_CONTROL.sub(" ", line).split())


def repair_text(text: str, config: ftfy.TextFixerConfig = FTFY_CONFIG) -> str:
    """The text repaired (ftfy, invisible and control characters out), its layout kept:
    the front stage reads indentation and line lengths before lines are trimmed."""
    text, ftfy_read, invisible = _fix_text(text, config)
    if "\u3000" in text:  # the ideographic space is a space: words and columns read it so
        text = text.replace("\u3000", " ")
    if invisible and not text.isascii() and _ANY_INVISIBLE.search(text):
        text = _drop_invisibles(text)  # slow (lookarounds at every position): only when needed
    if not ftfy_read and not any(char in text for char in _UNSUSPECTED_CONTROLS):
        return text  # no line held a control: each would have made its line a suspect
    return _CONTROL.sub(" ", text)


def _drop_invisibles(text: str) -> str:
    """`_INVISIBLE.sub("", text)`, run only on the lines that hold an invisible character.

    The lookarounds read a newline as they read the end of a text (neither is `\\w`),
    so line by line gives the same; a large dump with one soft hyphen no longer pays
    the slow pattern over all of it.
    """
    parts = []
    done = 0  # the text before this is copied (or its line repaired) already
    for match in _ANY_INVISIBLE.finditer(text):
        if match.start() < done:
            continue  # on a line repaired already
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        parts.append(text[done:start])
        parts.append(_INVISIBLE.sub("", text[start:end]))
        done = end
    parts.append(text[done:])
    return "".join(parts)


def normalize_lines(text: str, config: ftfy.TextFixerConfig = FTFY_CONFIG) -> list[str]:
    """Repair the text and return its lines, canonical; blank lines stay as ""."""
    return [" ".join(line.split()) for line in repair_text(text, config).split("\n")]


def clean_verbatim(line: str) -> str:
    """A line of code or preformatted text as canonical: indentation and inner spacing as
    printed, no-break spaces as spaces, no trailing spaces."""
    if not line.isascii():
        line = line.translate(_SPACES)
    return line.rstrip()


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


# Besides mojibake, ftfy changes only lines holding one of these: a control, C1
# control, ligature, line separator, replacement character, lone surrogate, (checked
# apart) an HTML entity, or a width form where the config fixes widths.
def _other_fixables() -> str:
    chars = {chr(c) for c in CONTROL_CHARS} | {chr(c) for c in LIGATURES}
    chars |= {chr(c) for c in range(0x80, 0xA0)}
    return "".join(sorted(chars | set("\ufffd\x1a\x1b\r\u2028\u2029")))


_FIXABLE = re.compile("[" + re.escape(_other_fixables()) + "\ud800-\udfff]")
_WIDTH_FORM = re.compile("[" + re.escape("".join(sorted(chr(c) for c in WIDTH_MAP))) + "]")


def _suspect_lines(text: str, widths: bool = False) -> tuple[set[int], bool]:
    """Indexes of the lines ftfy could change beyond uncurling quotes (`widths`: with
    its width fix on), and whether the text holds an invisible character
    (`_ANY_INVISIBLE`): both are found in one pass."""
    offsets = []
    invisible = False
    for m in _FIXABLE_OR_INVISIBLE.finditer(text):
        if _FIXABLE.match(m.group()):
            offsets.append(m.start())
        else:
            invisible = True
    if widths:
        offsets += [m.start() for m in _WIDTH_FORM.finditer(text)]
    if "&" in text:
        offsets += [m.start() for m in HTML_ENTITY_RE.finditer(text)]
    if not text.isascii():
        offsets += _mojibake_offsets(text)
        if not unicodedata.is_normalized("NFC", text):
            pos = 0
            for line in text.split("\n"):
                if not unicodedata.is_normalized("NFC", line):
                    offsets.append(pos)
                pos += len(line) + 1
    if not offsets:
        return set(), invisible
    newlines = [m.start() for m in re.finditer("\n", text)]
    return {bisect.bisect_left(newlines, offset) for offset in offsets}, invisible


def _mojibake_offsets(text: str) -> list[int]:
    """Where `ftfy.badness.is_bad` fires on the line around that spot.

    ftfy asks is_bad before it tries any re-decoding. The pattern is slow (0.2 us
    a character) and each match holds one of its non-ASCII characters with at most
    `CONTEXT` characters around, so windows around those give ftfy's answer. A page
    prints the same few characters (bullets, quotes, dashes) between the same words
    again and again: each window as printed is judged once (`_SEEN_WINDOWS`), and
    is cut from a few characters around the run, never from its whole line.
    """
    found = []
    seen = _SEEN_WINDOWS
    if len(seen) > _MAX_SEEN_WINDOWS:
        seen.clear()
    for m in suspect_runs().finditer(text):
        start, end = m.span()
        after = text.find("\n", end, end + CONTEXT)
        stop = after + 1 if after >= 0 else end + CONTEXT  # the line's end, newline and all
        if start > CONTEXT:
            before = text.rfind("\n", start - CONTEXT - 1, start)  # one more: just before?
            # "\x00": not at its line's start ("^" alternatives must not match there)
            window = (
                text[before + 1 : stop] if before >= 0 else "\x00" + text[start - CONTEXT : stop]
            )
        else:  # near the text's start, which starts a line
            window = text[text.rfind("\n", 0, start) + 1 : stop]
        bad = seen.get(window)
        if bad is None:
            bad = seen[window] = window_is_bad(window.translate(shape()))
        if bad:
            found.append(start)
    return found


#: Windows judged so far, as printed (see `_mojibake_offsets`): at most
#: `_MAX_SEEN_WINDOWS`, then started afresh.
_SEEN_WINDOWS: dict[str, bool] = {}
_MAX_SEEN_WINDOWS = 65536


# Invisible characters that carry no text: soft hyphen, zero-width space, word
# joiner, BOM, bidi marks and embeddings. Joiners (ZWJ, ZWNJ) are kept between
# letters, where Persian, Indic scripts and emoji need them.
_INVISIBLE = re.compile(
    r"[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
    r"|(?<!\w)[\u200c\u200d]|[\u200c\u200d](?!\w)"
)
_ANY_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_FIXABLE_OR_INVISIBLE = re.compile(_FIXABLE.pattern[:-1] + _ANY_INVISIBLE.pattern[1:])
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: The controls `_CONTROL` replaces that do not make a line suspect (`_FIXABLE`): a form feed.
_UNSUSPECTED_CONTROLS = "".join(
    c for c in map(chr, range(0xA0)) if _CONTROL.match(c) and not _FIXABLE.match(c)
)
