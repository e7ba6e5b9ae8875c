"""Raw input to text: bytes are decoded by BOM, declared charset, then detection.

Decoding is the only place that looks at bytes; everything after works on str.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from .errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
_HTML_SNIFF = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|article|p|script)\b", re.IGNORECASE
)
_SNIFF_WINDOW = 4096


def decode(raw: str | bytes) -> str:
    """Return the input as text; bytes go through BOM, declared charset, then detection."""
    if isinstance(raw, str):
        if "\x00" in raw[:_SNIFF_WINDOW]:
            raise DecodeError("binary data: NUL characters in the text")
        return raw
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise DecodeError(f"expected str or bytes, got {type(raw).__name__}")
    data = bytes(raw)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, "its byte-order mark")
    if b"\x00" in data[:_SNIFF_WINDOW]:
        raise DecodeError("binary data: NUL bytes and no UTF-16/32 byte-order mark")
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration is common; fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable: no text encoding fits these bytes")
    return str(best)


def sniff_kind(text: str) -> str:
    """Say "html" when the text starts like markup, else "text"."""
    head = text[:_SNIFF_WINDOW].lstrip()
    if head.startswith("<") and _HTML_SNIFF.match(head):
        return "html"
    return "html" if _HTML_SNIFF.search(head) and head.count("<") > 10 else "text"


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:_SNIFF_WINDOW])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages declaring latin-1 are nearly always windows-1252, as browsers assume.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _strict(data: bytes, encoding: str, why: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not valid {encoding} despite {why}: {exc.reason} at byte {exc.start}"
        ) from exc
