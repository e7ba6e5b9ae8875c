"""The language of a text dump, from what the classifier already reads.

The classifier picks a jusText stop list for the dump by sampling the words of
its longest lines (`classify._sample_words`, `classify._language_of`); the same
sample, taken from the article's kept lines, names the language. Scripts that
stop lists do not cover are told by their letters: kana is Japanese, hangul
Korean, Han alone Chinese; Arabic script is Urdu or Persian by the letters only
they use, else Arabic; Hebrew script is Hebrew; Thai script is Thai. No model
file and nothing beyond the classifier's own stop lists is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .classify import _WORD, MIN_STOPLIST_COVERAGE, _language_of, _sample_words, stoplist

#: jusText stop-list names as ISO 639-1 codes (ISO 639-3 where 639-1 has none).
STOPLIST_CODES = {
    "Afrikaans": "af", "Albanian": "sq", "Arabic": "ar", "Aragonese": "an", "Armenian": "hy",
    "Aromanian": "rup", "Asturian": "ast", "Azerbaijani": "az", "Basque": "eu",
    "Belarusian": "be", "Belarusian_Taraskievica": "be", "Bengali": "bn",
    "Bishnupriya_Manipuri": "bpy", "Bosnian": "bs", "Breton": "br", "Bulgarian": "bg",
    "Catalan": "ca", "Cebuano": "ceb", "Chuvash": "cv", "Croatian": "hr", "Czech": "cs",
    "Danish": "da", "Dutch": "nl", "English": "en", "Esperanto": "eo", "Estonian": "et",
    "Finnish": "fi", "French": "fr", "Galician": "gl", "Georgian": "ka", "German": "de",
    "Greek": "el", "Gujarati": "gu", "Haitian": "ht", "Hebrew": "he", "Hindi": "hi",
    "Hungarian": "hu", "Icelandic": "is", "Ido": "io", "Igbo": "ig", "Indonesian": "id",
    "Irish": "ga", "Italian": "it", "Javanese": "jv", "Kannada": "kn", "Kazakh": "kk",
    "Korean": "ko", "Kurdish": "ku", "Kyrgyz": "ky", "Latin": "la", "Latvian": "lv",
    "Lithuanian": "lt", "Lombard": "lmo", "Low_Saxon": "nds", "Luxembourgish": "lb",
    "Macedonian": "mk", "Malay": "ms", "Malayalam": "ml", "Maltese": "mt", "Marathi": "mr",
    "Neapolitan": "nap", "Nepali": "ne", "Newar": "new", "Norwegian_Bokmal": "nb",
    "Norwegian_Nynorsk": "nn", "Occitan": "oc", "Persian": "fa", "Piedmontese": "pms",
    "Polish": "pl", "Portuguese": "pt", "Quechua": "qu", "Romanian": "ro", "Russian": "ru",
    "Samogitian": "sgs", "Serbian": "sr", "Serbo_Croatian": "sh", "Sicilian": "scn",
    "Simple_English": "en", "Slovak": "sk", "Slovenian": "sl", "Spanish": "es",
    "Sundanese": "su", "Swahili": "sw", "Swedish": "sv", "Tagalog": "tl", "Tamil": "ta",
    "Telugu": "te", "Turkish": "tr", "Turkmen": "tk", "Ukrainian": "uk", "Urdu": "ur",
    "Uzbek": "uz", "Vietnamese": "vi", "Volapuk": "vo", "Walloon": "wa",
    "Waray_Waray": "war", "Welsh": "cy", "West_Frisian": "fy", "Western_Panjabi": "pnb",
    "Yoruba": "yo",
}  # fmt: skip

SCRIPT_SAMPLE_CHARS = 5000  # enough letters to tell a script, read in one pass
SAMPLE_WORDS = 400  # words sampled to name the language (`_sample_words`)
MIN_SCRIPT_SHARE = 0.3  # a script this share of the letters (or more) is the text's
MIN_KANA_SHARE = 0.05  # Japanese writes kana between its Han characters; Chinese never does
_URDU_ONLY = frozenset("ٹڈڑںےۓھ")  # letters Urdu writes and Persian and Arabic do not
_PERSIAN_ONLY = frozenset("پچژگ")  # letters Persian (and Urdu) write and Arabic does not


#: The scripts that stop lists do not tell apart, each as one character class, so that a
#: sample's letters are counted by the regex engine, not one Python call a character.
_SCRIPTS = {
    "kana": re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]"),
    "hangul": re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "han": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
}
_LETTER = re.compile(r"[^\W\d_]")
_ANY_SCRIPT = re.compile("[" + "".join(p.pattern[1:-1] for p in _SCRIPTS.values()) + "]")


def script_language(text: str) -> str | None:
    """The language a text's script names, where its letters are mostly CJK, Arabic,
    Hebrew or Thai; None for the scripts that stop lists tell apart (Latin, Cyrillic...)."""
    sample = text[:SCRIPT_SAMPLE_CHARS]
    if sample.isascii() or not _ANY_SCRIPT.search(sample):
        return None  # the common case, answered by one scan
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    scripts = {name: len(pattern.findall(sample)) for name, pattern in _SCRIPTS.items()}
    cjk = scripts["kana"] + scripts["hangul"] + scripts["han"]
    if cjk >= MIN_SCRIPT_SHARE * letters:
        if scripts["hangul"] >= max(scripts["kana"], scripts["han"]):
            return "ko"
        return "ja" if scripts["kana"] >= MIN_KANA_SHARE * cjk else "zh"
    if scripts["arabic"] >= MIN_SCRIPT_SHARE * letters:
        used = set(sample)
        if used & _URDU_ONLY:
            return "ur"
        return "fa" if used & _PERSIAN_ONLY else "ar"
    if scripts["hebrew"] >= MIN_SCRIPT_SHARE * letters:
        return "he"
    if scripts["thai"] >= MIN_SCRIPT_SHARE * letters:
        return "th"
    return None


def language(lines: Sequence[str]) -> str | None:
    """The language of the text's lines (an article's kept lines) as an ISO 639 code, or
    None when neither its script nor any stop list names it with some confidence."""
    texts = [line for line in lines if line]
    if not texts:
        return None
    longest = sorted(texts, key=len, reverse=True)
    by_script = script_language(_head(longest, SCRIPT_SAMPLE_CHARS))
    if by_script:
        return by_script
    # `_sample_words` reads only the longest lines: the words of those, not of every line
    head: list[str] = []
    words: list[list[str]] = []
    chars = 0
    for text in longest:
        head.append(text)
        words.append(_WORD.findall(text.lower()))
        chars += len(text) if words[-1] else 0
        if chars >= 6 * SAMPLE_WORDS:
            break
    sample = _sample_words(head, words, SAMPLE_WORDS)
    if not sample:
        return None
    name = _language_of(sample)
    stops = stoplist(name)
    if sum(map(stops.__contains__, sample)) < MIN_STOPLIST_COVERAGE * len(sample):
        return None  # no stop list fits: a language jusText does not know, or no prose
    return STOPLIST_CODES.get(name)


def _head(longest: Sequence[str], chars: int) -> str:
    """The lines joined, up to `chars` characters: a large article's script is read
    from its first characters, without a copy of all its text."""
    head: list[str] = []
    total = -1  # the joined length: a newline between two lines
    for text in longest:
        head.append(text)
        total += len(text) + 1
        if total >= chars:
            break
    return "\n".join(head)
