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

from collections import Counter
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
MIN_SCRIPT_SHARE = 0.3  # a script this share of the letters (or more) is the text's
MIN_KANA_SHARE = 0.05  # Japanese writes kana between its Han characters; Chinese never does
_URDU_ONLY = frozenset("ٹڈڑںےۓھ")  # letters Urdu writes and Persian and Arabic do not
_PERSIAN_ONLY = frozenset("پچژگ")  # letters Persian (and Urdu) write and Arabic does not


def _script(char: str) -> str | None:
    """The script of a letter, for the scripts that stop lists do not tell apart."""
    code = ord(char)
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
        return "kana"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return "han"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x0590 <= code <= 0x05FF:
        return "hebrew"
    if 0x0E00 <= code <= 0x0E7F:
        return "thai"
    return None


def script_language(text: str) -> str | None:
    """The language a text's script names, where its letters are mostly CJK, Arabic,
    Hebrew or Thai; None for the scripts that stop lists tell apart (Latin, Cyrillic...)."""
    sample = text[:SCRIPT_SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return None
    scripts = Counter(s for s in map(_script, letters) if s)
    cjk = scripts["kana"] + scripts["hangul"] + scripts["han"]
    if cjk >= MIN_SCRIPT_SHARE * len(letters):
        if scripts["hangul"] >= max(scripts["kana"], scripts["han"]):
            return "ko"
        return "ja" if scripts["kana"] >= MIN_KANA_SHARE * cjk else "zh"
    if scripts["arabic"] >= MIN_SCRIPT_SHARE * len(letters):
        used = set(sample)
        if used & _URDU_ONLY:
            return "ur"
        return "fa" if used & _PERSIAN_ONLY else "ar"
    if scripts["hebrew"] >= MIN_SCRIPT_SHARE * len(letters):
        return "he"
    if scripts["thai"] >= MIN_SCRIPT_SHARE * len(letters):
        return "th"
    return None


def language(lines: Sequence[str]) -> str | None:
    """The language of the text's lines (an article's kept lines) as an ISO 639 code, or
    None when neither its script nor any stop list names it with some confidence."""
    texts = [line for line in lines if line]
    if not texts:
        return None
    by_script = script_language("\n".join(sorted(texts, key=len, reverse=True)))
    if by_script:
        return by_script
    words = [_WORD.findall(text.lower()) for text in texts]
    sample = _sample_words(texts, words)
    if not sample:
        return None
    name = _language_of(sample)
    stops = stoplist(name)
    if sum(map(stops.__contains__, sample)) < MIN_STOPLIST_COVERAGE * len(sample):
        return None  # no stop list fits: a language jusText does not know, or no prose
    return STOPLIST_CODES.get(name)
