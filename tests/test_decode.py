"""Bytes read as a browser would: stray bytes, NULs and controls repaired, not fatal."""

from __future__ import annotations

import codecs
import difflib

import pytest

from cleaner import DecodeError, clean
from cleaner.decode import decode, decode_input, sniff_kind

_FRENCH = [
    "La mairie a présenté jeudi un plan pour rénover les écoles du quartier, après des "
    "années de réclamations des parents d'élèves et des enseignants de la ville.",
    "Les travaux commenceront à l'été et dureront deux ans ; le coût total est estimé à "
    "douze millions d'euros, financés en partie par la région et par l'État.",
    "Selon l'adjointe chargée de l'éducation, la priorité ira aux bâtiments les plus "
    "anciens, dont certains n'ont pas été rénovés depuis leur construction.",
    "Plusieurs associations ont salué une décision « attendue depuis trop longtemps », "
    "tout en regrettant que le calendrier ne soit pas plus précis pour chaque école.",
]
_ARABIC = [
    "قالت البلدية إن أعمال الترميم ستبدأ في الصيف المقبل وتستمر لمدة عامين في جميع "
    "المدارس القديمة في المدينة، مع إعطاء الأولوية للمباني الأكثر حاجة إلى الإصلاح.",
    "وأضاف المسؤولون أن تكلفة المشروع ستتحملها المنطقة والدولة معا، وأن الأهالي سيتم "
    "إبلاغهم بالجدول الزمني لكل مدرسة قبل بداية العام الدراسي الجديد بوقت كاف.",
]


def _dump(paragraphs: int = 48) -> str:
    """A page dump of about 10 KB: a menu, a title, the article, a footer."""
    body = [(_FRENCH + _ARABIC)[i % 6] + f" ({i + 1})" for i in range(paragraphs)]
    return (
        "\n\n".join(
            [
                "Accueil\nActualités\nSports\nCulture",
                "Les écoles du quartier seront rénovées",
                *body,
                "Partager Facebook Twitter E-mail",
                "© 2024 Journal du Quartier. Tous droits réservés.",
            ]
        )
        + "\n"
    )


def _insert(data: bytes, at: int, piece: bytes) -> bytes:
    """`piece` inserted at the first line break at or after `at`: between two characters."""
    at = data.index(b"\n", at)
    return data[:at] + piece + data[at:]


def test_one_nul_byte_gives_the_same_article():
    data = _dump().encode("utf-8")
    assert len(data) > 8000
    plain = clean(data)
    for at in (200, 3000, len(data) // 2):  # in the first 4 KB too
        doc = clean(_insert(data, at, b"\x00"))
        assert doc.to_canonical() == plain.to_canonical()
        assert [v.reason for v in doc.removed if v.reason.startswith("decode.")] == ["decode.nul"]


def test_stray_controls_are_dropped_and_reported_on_their_line():
    tail = "a line of plain words\n" * 20  # the controls stay under 1% of the text
    decoded = decode_input("first line\nsec\x01ond line\x7f\n\x00third\x00 line\n" + tail)
    assert decoded.text == "first line\nsecond line\nthird line\n" + tail
    found = [(v.line, v.reason, v.text) for v in decoded.repairs]
    assert found == [(2, "decode.control", "\\x01 \\x7f"), (3, "decode.nul", "\\x00 \\x00")]


def test_only_mostly_non_text_input_is_binary():
    text = ("word " * 400).encode("ascii")  # 2,000 bytes
    nuls = text[:1000] + b"\x00" * 19 + text[1000:]  # under 1%
    assert decode(nuls) == text.decode("ascii")
    with pytest.raises(DecodeError, match="binary"):
        decode(text[:1000] + b"\x00\x01" * 12 + text[1000:])  # over 1%
    with pytest.raises(DecodeError, match="binary"):
        decode("x\x00" * 50)


def test_one_bad_byte_in_utf8_changes_the_output_only_where_it_was():
    data = _dump().encode("utf-8")
    body = clean(data).text
    for at in (500, len(data) // 3, len(data) * 2 // 3):  # all in the article
        broken = _insert(data, at, b"\xff")
        decoded = decode_input(broken)
        assert decoded.encoding == "utf-8"
        assert decoded.text.count("\ufffd") == 1
        assert [(v.reason, v.text) for v in decoded.repairs] == [("decode.stray-bytes", "\\xff")]
        cleaned = clean(broken).text
        assert cleaned.replace("\ufffd", "") == body  # its line is judged as without it
        assert "é" in cleaned and "المدارس" in decoded.text  # never re-read in a legacy code page
        assert difflib.SequenceMatcher(None, cleaned, body).ratio() >= 0.99


def test_a_short_utf8_text_with_one_bad_byte_stays_utf8():
    text = "Le café du coin a rouvert après les travaux de l'été."
    data = text.encode("utf-8")
    broken = data[:10] + b"\x9d" + data[10:]  # after "Le café d"
    assert decode(broken) == "Le café d\ufffdu coin a rouvert après les travaux de l'été."


def test_many_bad_bytes_are_a_legacy_code_page_not_utf8():
    french = " ".join(_FRENCH)
    assert decode(french.encode("cp1252")) == french  # every accent is a stray UTF-8 byte
    ascii_and_one = b"Plain ASCII text with one byte \xe9 in it."  # no UTF-8 evidence
    assert decode(ascii_and_one) == "Plain ASCII text with one byte é in it."


@pytest.mark.parametrize("label", ["utf-16", "UTF-16LE", "utf-16be", "utf-32"])
def test_a_utf16_declaration_without_bom_reads_as_utf8(label):
    page = (
        f'<html><head><meta charset="{label}"><title>Écoles</title></head><body>'
        + "".join(f"<p>{p}</p>" for p in _FRENCH + _ARABIC)
        + "</body></html>"
    )
    text = decode(page.encode("utf-8"))
    assert text == page
    assert "المدارس" in clean(page.encode("utf-8")).text


def test_an_ebcdic_declaration_is_ignored():
    page = '<?xml version="1.0" encoding="EBCDIC-CP-US"?>\n<html><body><p>Déjà vu</p></body></html>'
    assert decode(page.encode("utf-8")) == page


def test_a_declared_charset_that_fits_is_followed():
    page = '<html><head><meta charset="windows-1251"></head><body>Новости дня</body></html>'
    assert decode(page.encode("cp1251")) == page


def test_utf16_without_bom_is_text_not_binary():
    text = "Une phrase en UTF-16 sans marque d'ordre des octets, assez longue pour juger."
    assert decode(text.encode("utf-16-le")) == text
    assert decode(text.encode("utf-16-be")) == text


def test_a_bom_with_a_stray_byte_reads_with_replacement():
    data = codecs.BOM_UTF8 + ("é" * 600).encode("utf-8")
    decoded = decode_input(data[:503] + b"\xfe" + data[503:])
    assert decoded.text.count("\ufffd") == 1 and decoded.text.count("é") == 600


def test_lone_surrogates_in_str_input_become_replacement_characters():
    decoded = decode_input("before \ud800 after")
    assert decoded.text == "before \ufffd after"
    assert [v.reason for v in decoded.repairs] == ["decode.surrogates"]
    doc = clean("A paragraph of text with a lone \udfff surrogate that must not survive here.")
    doc.to_canonical().encode("utf-8")  # writable


def test_canonical_text_is_never_sniffed_as_html():
    canonical = "---\ntitle: Tags\n---\n" + "<p>a</p> <div>b</div> " * 20 + "\n"
    assert sniff_kind(canonical) == "text"


@pytest.mark.parametrize("mark", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])
def test_a_utf16_or_utf32_mark_before_utf8_text_is_stray(mark):
    text = "Les écoles du quartier seront rénovées.\nUne deuxième ligne, plus courte.\n"
    decoded = decode_input(mark + text.encode("utf-8"))
    assert decoded.text == text
    assert [(v.line, v.reason) for v in decoded.repairs] == [(1, "decode.stray-bytes")]
    assert decode(mark + text.encode(decoded_encoding(mark))) == text  # a real one still counts


def decoded_encoding(mark: bytes) -> str:
    return {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}.get(
        mark, "utf-32-le"
    )


def test_utf8_damaged_past_detection_still_reads_as_utf8():
    data = bytearray(_dump().encode("utf-8"))
    for at in range(100, len(data), 700):  # about one byte in 700 flipped: past 1 in 1000
        data[at] ^= 0xA5
    decoded = decode_input(bytes(data))
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("é") > 50
    reasons = {v.reason for v in decoded.repairs}  # a flipped byte may be a control now
    assert "decode.stray-bytes" in reasons and reasons <= {"decode.stray-bytes", "decode.control"}


def test_a_stray_utf16_mark_before_a_legacy_page_is_dropped_too():
    french = " ".join(_FRENCH)
    decoded = decode_input(codecs.BOM_UTF16_LE + french.encode("cp1252"))
    assert decoded.text == french
    assert [v.reason for v in decoded.repairs] == ["decode.stray-bytes"]


def test_a_stray_byte_does_not_change_how_its_line_is_judged():
    """U+FFFD marks damage, not content: the classifier and the date scan read the line
    without it (a paragraph ending in one read as having no stop words, and was dropped)."""
    paragraphs = [
        "The harbour authority said on Friday that the new ferry terminal would open in the "
        "autumn, two years later than planned.",
        "Who will use the new terminal?",
        "Residents of the island have waited for the terminal since the old pier was closed, "
        "and many now travel by the mainland route.",
        "Kommunen meddelade på fredagen att den nya färjeterminalen öppnar i höst, två år "
        "senare än planerat.",
        "Work on the access road will start in the spring, the authority said, and the old "
        "pier will be turned into a park.",
    ]
    data = "\n\n".join(paragraphs).encode("utf-8")
    body = clean(data).text
    for i in range(len(paragraphs)):
        at = len("\n\n".join(paragraphs[: i + 1]).encode("utf-8"))  # end of paragraph i
        cleaned = clean(data[:at] + b"\xff" + data[at:]).text
        assert cleaned.replace("\ufffd", "") == body, i
