"""Raw input to text, as a browser would read it.

The order: a byte-order mark; then a declared charset that fits the bytes; then
UTF-8, with U+FFFD for the few stray bytes of an otherwise valid UTF-8 text; then
detection (charset-normalizer). Stray NUL and control characters are dropped.
Every repair is reported as a `Verdict` naming its step (`decode.nul`,
`decode.control`, `decode.stray-bytes`, `decode.surrogates`), so it reaches
`Document.removed`. Only input that is mostly not text is binary.

Decoding is the only place that reads bytes as text (`window` only cuts a huge
dump at its line breaks first); everything after works on str.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

import charset_normalizer

from .document import Verdict
from .errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECLARATION = re.compile(rb"""\A<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
_HTML_SNIFF = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|article|p|script)\b", re.IGNORECASE
)
_SNIFF_WINDOW = 4096

#: Labels browsers read as another encoding (the WHATWG Encoding Standard's table,
#: for the labels Python knows by another name than the one browsers use).
_BROWSER_ENCODING = {
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "utf-16": "utf-8",  # a page that can declare anything in ASCII is not UTF-16:
    "utf-16-le": "utf-8",  # the HTML standard reads such a declaration as UTF-8
    "utf-16-be": "utf-8",
    "utf-32": "utf-8",
    "utf-32-le": "utf-8",
    "utf-32-be": "utf-8",
}

#: At most one stray byte in this many keeps a text UTF-8 (with U+FFFD in their place).
STRAY_BYTES_PER = 1000
#: When detection finds no encoding: UTF-8 still, if at most one byte in this many is stray.
LAST_RESORT_STRAY_BYTES_PER = 100
#: From this share of NUL and control bytes on, the input is binary, not text.
BINARY_SHARE = 0.01

#: Fewer non-ASCII bytes than this say too little for detection: a page of ASCII with a
#: stray byte or two is read in the browsers' default legacy encoding instead.
DETECTION_EVIDENCE = 16
_NON_ASCII = bytes(range(0x80, 0x100))
_CP1252_UNASSIGNED = re.compile(rb"([\x81\x8d\x8f\x90\x9d]+)")

# NUL and C0 controls that no text needs. Tab, LF, CR, VT and FF are text; ESC, SO and
# SI switch ISO-2022 encodings, so they count for binary only once decoded.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_BINARY_BYTES = bytes(b for b in _CONTROL_BYTES if b not in (0x0E, 0x0F, 0x1B))
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]+")
_SURROGATES = re.compile(r"[\ud800-\udfff]+")
_ESCAPED = re.compile(r"[\udc80-\udcff]+")  # bytes that were not UTF-8, as surrogateescape
_UTF8_MULTIBYTE = re.compile(r"[^\x00-\x7f\udc80-\udcff]")


@dataclass(frozen=True)
class Decoded:
    """The text, the encoding it was read in, and what decoding repaired."""

    text: str
    encoding: str
    repairs: tuple[Verdict, ...] = ()


def decode(raw: str | bytes) -> str:
    """Return the input as text; see `decode_input` for how."""
    return decode_input(raw).text


def decode_input(raw: str | bytes) -> Decoded:
    """Read `raw` as a browser would, dropping stray NULs and controls, and say what changed.

    Raises `DecodeError` for input that is mostly not text, or that no encoding reads.
    """
    if isinstance(raw, str):
        text, surrogates = raw, list[Verdict]()
        try:
            encoded = raw.encode("utf-8")  # fails on a lone surrogate
        except UnicodeEncodeError:
            text, surrogates = _replace(raw, _SURROGATES, "decode.surrogates", _escape)
            encoded = text.encode("utf-8")
        _refuse_binary(encoded, "characters")
        return _drop_controls(text, "str", surrogates, _has_controls(encoded))
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise DecodeError(f"expected str or bytes, got {type(raw).__name__}")
    data = bytes(raw)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _from_bom(data[len(bom) :], encoding, bom)
    binary = _binary_share(data) >= BINARY_SHARE
    if binary:
        unmarked = _utf16_without_bom(data)
        if unmarked is None:
            raise DecodeError(
                f"binary data: {_binary_share(data):.0%} NUL and control bytes, "
                "and no UTF-16/32 byte-order mark"
            )
        return _drop_controls(unmarked, "utf-16")
    # In the ASCII-compatible encodings read below, a control character is its own byte.
    controls = _has_controls(data)
    declared = _declared_charset(data)
    if declared and declared != "utf-8":
        try:
            return _drop_controls(data.decode(declared), declared, None, controls)
        except UnicodeDecodeError:
            pass  # a wrong declaration is common: the bytes say more
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        text, stray = mostly_utf8
        return _drop_controls(text, "utf-8", stray, controls)
    if _non_ascii_count(data) < DETECTION_EVIDENCE:
        return _drop_controls(_legacy_default(data), "cp1252", None, controls)
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return _drop_controls(str(best), best.encoding)
    damaged = _mostly_utf8(data, stray_per=LAST_RESORT_STRAY_BYTES_PER)
    if damaged is not None:  # what a browser would show: UTF-8 with its damage marked
        return _drop_controls(damaged[0], "utf-8", damaged[1])
    raise DecodeError("undecodable: no text encoding fits these bytes")


def sniff_kind(text: str) -> str:
    """Say "html" when the text starts like markup, else "text"."""
    if text.startswith("---\n"):
        return "text"  # front matter: canonical text, whatever its body quotes
    head = text[:_SNIFF_WINDOW].lstrip()
    if head.startswith("<") and _HTML_SNIFF.match(head):
        return "html"
    return "html" if _HTML_SNIFF.search(head) and head.count("<") > 10 else "text"


# --- steps ----------------------------------------------------------------------


def _from_bom(data: bytes, encoding: str, bom: bytes) -> Decoded:
    """A byte-order mark settles the encoding; a few stray bytes become U+FFFD.

    A UTF-16 or UTF-32 mark before bytes that hold no NUL (every space and line break
    of a UTF-16 text holds one) is a stray mark: two or four stray bytes before a text
    in some other encoding, which is read as if they were not there."""
    if encoding != "utf-8":
        if data and b"\x00" not in data:  # the rest is read as if the mark were not there
            rest = decode_input(data)
            mark = Verdict(1, _escape_bytes(bom.decode("latin-1")), "drop", "decode.stray-bytes")
            return Decoded(rest.text, rest.encoding, (mark, *rest.repairs))
        try:
            return _drop_controls(data.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"not valid {encoding} despite its byte-order mark: "
                f"{exc.reason} at byte {exc.start}"
            ) from exc
    mostly = _mostly_utf8(data, need_evidence=False)
    if mostly is None:
        raise DecodeError("not valid utf-8 despite its byte-order mark: too many stray bytes")
    return _drop_controls(mostly[0], "utf-8", mostly[1])


def _mostly_utf8(
    data: bytes, need_evidence: bool = True, stray_per: int = STRAY_BYTES_PER
) -> tuple[str, list[Verdict]] | None:
    """UTF-8 with U+FFFD for stray bytes, when they are at most one in `stray_per` (one
    at least) and, unless `need_evidence` is false, the text holds valid multibyte
    characters: ASCII with a stray byte is more likely a legacy code page."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "surrogateescape")
    stray = sum(len(m) for m in _ESCAPED.findall(text))
    if stray > max(1, len(data) // stray_per):
        return None
    if need_evidence and not _UTF8_MULTIBYTE.search(text):
        return None
    return _replace(text, _ESCAPED, "decode.stray-bytes", _escape_bytes)


def _non_ascii_count(data: bytes) -> int:
    return len(data) - len(data.translate(None, _NON_ASCII))


def _legacy_default(data: bytes) -> str:
    """Windows-1252, the browsers' default for unlabelled legacy text in most locales;
    its five unassigned bytes read as the C1 controls browsers show (ftfy repairs them)."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(
            chunk.decode("cp1252") if i % 2 == 0 else chunk.decode("latin-1")
            for i, chunk in enumerate(_CP1252_UNASSIGNED.split(data))
        )


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 with no byte-order mark: NULs on one side of nearly every pair."""
    pairs = len(data) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0) / pairs
    odd_nul = data[1::2].count(0) / pairs
    if odd_nul > 0.5 and even_nul < 0.05:
        encoding = "utf-16-le"
    elif even_nul > 0.5 and odd_nul < 0.05:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    # Read so, it must be text itself: NULs beside control bytes are binary, not UTF-16.
    return None if _binary_share(text.encode("utf-8", "replace")) >= BINARY_SHARE else text


def _declared_charset(data: bytes) -> str | None:
    """The charset the page declares, as a browser reads it; None if none or unusable."""
    match = _XML_DECLARATION.match(data) or _META_CHARSET.search(data[:_SNIFF_WINDOW])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    name = _BROWSER_ENCODING.get(name, name)
    return name if _ascii_compatible(name) else None  # EBCDIC and the like: ignored


def _ascii_compatible(encoding: str) -> bool:
    """Whether the encoding reads printable ASCII as ASCII, as any declared one must."""
    printable = bytes(range(0x20, 0x7F))
    try:
        return printable.decode(encoding) == printable.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _binary_share(data: bytes) -> float:
    if not data:
        return 0.0
    return (len(data) - len(data.translate(None, _BINARY_BYTES))) / len(data)


def _refuse_binary(data: bytes, unit: str) -> None:
    share = _binary_share(data)
    if share >= BINARY_SHARE:
        raise DecodeError(f"binary data: {share:.0%} NUL and control {unit} in the text")


def _has_controls(data: bytes) -> bool:
    """Whether the bytes hold a NUL or C0 control: far quicker than a search of the text."""
    return len(data.translate(None, _CONTROL_BYTES)) != len(data)


def _drop_controls(
    text: str, encoding: str, repairs: list[Verdict] | None = None, maybe: bool = True
) -> Decoded:
    """Stray NULs and C0 controls leave the text, each reported on its line; `maybe`
    false says the bytes held none, so the text is not searched."""
    done = list(repairs or ())
    if maybe and _CONTROL_CHARS.search(text):
        text, dropped = _replace(text, _CONTROL_CHARS, None, _escape, "")
        done += dropped
    done.sort(key=lambda v: v.line)
    return Decoded(text, encoding, tuple(done))


def _replace(
    text: str,
    pattern: re.Pattern[str],
    reason: str | None,
    describe: Callable[[str], str],
    by: str = "\ufffd",
) -> tuple[str, list[Verdict]]:
    """Replace each character of every run `pattern` finds by `by`; one verdict per line
    naming what was there. With no `reason`, a run holding a NUL is `decode.nul` and any
    other run `decode.control`."""
    verdicts: list[Verdict] = []
    parts: list[str] = []
    last = 0
    line = 1
    for match in pattern.finditer(text):
        found = match.group()
        line += text.count("\n", last, match.start())
        parts.append(text[last : match.start()])
        parts.append(by * len(found))
        why = reason or ("decode.nul" if "\x00" in found else "decode.control")
        verdicts.append(Verdict(line, describe(found), "drop", why))
        last = match.end()
    parts.append(text[last:])
    return "".join(parts), _merge_lines(verdicts)


def _merge_lines(verdicts: list[Verdict]) -> list[Verdict]:
    """One verdict per line and reason: a page with a NUL after every word stays readable."""
    merged: dict[tuple[int, str], Verdict] = {}
    for v in verdicts:
        key = (v.line, v.reason)
        old = merged.get(key)
        merged[key] = (
            v if old is None else Verdict(v.line, old.text + " " + v.text, "drop", v.reason)
        )
    return list(merged.values())


def _escape(chars: str) -> str:
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in chars)


def _escape_bytes(escaped: str) -> str:
    """Bytes as `\\xNN`, from their surrogateescape (or latin-1) reading."""
    return "".join(f"\\x{ord(c) & 0xFF:02x}" for c in escaped)
