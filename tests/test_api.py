"""The library call: decoding, kinds, canonical text and its properties."""

from __future__ import annotations

import codecs
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import CleanerError, DecodeError, Document, clean
from cleaner.decode import decode, sniff_kind

from .conftest import SEEDS

ARTICLE = (
    "Home\nNews\nSport\n\n"
    "Storm closes schools across the region\n\n"
    "By Ann Lee\nMarch 3, 2024\n\n"
    "Schools across the region were closed on Monday as the storm brought heavy snow and high "
    "winds, and the authorities asked people to stay at home until the roads could be cleared.\n\n"
    "The weather service said that the worst of the storm would pass by the evening, but warned "
    "that the temperatures would stay well below freezing for the rest of the week.\n\n"
    "Share Facebook Twitter Email\n© 2024 Example News\n"
)


def test_text_dump_gives_article_and_header():
    doc = clean(ARTICLE)
    assert doc.text.startswith("Schools across the region")
    assert doc.text.endswith("rest of the week.")
    assert (doc.author, doc.date) == ("Ann Lee", "2024-03-03")
    assert {v.reason for v in doc.removed} >= {"generic.share-row", "generic.copyright"}


def test_bytes_decoded_by_bom_declared_charset_and_detection():
    text = "Ça coûte 5 € — “quoted”"
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text
    declared = f'<html><head><meta charset="windows-1252"></head><body>{text}</body></html>'
    assert text in decode(declared.encode("cp1252"))
    french = (
        "Le gouvernement a présenté mercredi un projet de loi très attendu sur l'énergie. "
        "Les élus de l'opposition ont dénoncé un texte « déséquilibré », tandis que le ministre "
        "a défendu une réforme nécessaire pour réduire les coûts payés par les ménages français."
    )
    assert decode(french.encode("cp1252")) == french


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa bad", "not valid utf-8"),
        (12345, "expected str or bytes"),
    ],
)
def test_bad_input_raises_our_error(raw, message):
    with pytest.raises(DecodeError, match=message):
        clean(raw)


def test_errors_share_one_base():
    assert issubclass(DecodeError, CleanerError)


def test_kind_sniffing():
    assert sniff_kind("<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff_kind("  <html lang='en'><p>x") == "html"
    assert sniff_kind("Plain text with a < sign and a <b> word.") == "text"
    with pytest.raises(ValueError):
        clean("x", kind="pdf")


def test_html_goes_through_the_html_path():
    html = (
        "<html><head><title>Storm closes schools</title></head><body>"
        "<nav><a href='/'>Home</a></nav>"
        "<article><h1>Storm closes schools</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[3:5])
        + "</article><footer>© 2024 Example News</footer></body></html>"
    )
    doc = clean(html)
    assert "Schools across the region" in doc.text
    assert "© 2024" not in doc.text and "Home" not in doc.text.split("\n")


def test_canonical_round_trip_and_dict():
    doc = clean(ARTICLE, url="https://www.example.com/news/storm")
    text = doc.to_canonical()
    again = Document.from_canonical(text)
    assert again.to_canonical() == text
    assert again.url == "https://www.example.com/news/storm"
    assert doc.source == "example.com"
    data = json.loads(json.dumps(doc.to_dict()))
    assert data["text"] == doc.text and data["date"] == "2024-03-03"
    front = yaml.safe_load(text.split("---\n")[1])
    assert list(front) == ["title", "date", "author", "source", "url", "lang"]


def test_empty_input_gives_empty_canonical_text():
    assert clean("").to_canonical() == "---\n---\n"
    assert clean("   \n\n").text == ""


_words = st.sampled_from(
    ["the", "storm", "closed", "schools", "Home", "News", "ADVERTISEMENT", "Tags:", "©", "2024",
     "March", "3,", "By", "Ann", "said", "and", "of", "a", "•", "-", "Share", "“x”", "&amp;", "é"]
)  # fmt: skip
_lines = st.lists(_words, min_size=0, max_size=40).map(" ".join)
_docs = st.lists(_lines, min_size=0, max_size=25).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_docs)
def test_cleaning_is_idempotent(text):
    once = clean(text).to_canonical()
    assert clean(once).to_canonical() == once


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_docs)
def test_body_invents_no_word(text):
    words_in = set(re.findall(r"\w+", clean(text.replace("&amp;", "&")).text))
    source_words = set(re.findall(r"\w+", text.replace("&amp;", "&")))
    assert words_in <= source_words


def test_seeds_idempotent_and_invent_nothing():
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        doc = clean(raw)
        canonical = doc.to_canonical()
        assert clean(canonical).to_canonical() == canonical
        plain = raw.replace("’", "'").replace("“", '"').replace("”", '"')
        assert set(re.findall(r"\w+", doc.text)) <= set(re.findall(r"\w+", plain))


def test_eight_threads_give_byte_identical_results_to_a_serial_run():
    docs = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
    docs += [  # and through the HTML path
        (
            "<html><head><title>T</title></head><body><nav>Home | News</nav><article>"
            + "".join(f"<p>{line}</p>" for line in d.decode("utf-8").splitlines() if line)
            + "</article><footer>© 2026</footer></body></html>"
        ).encode()
        for d in docs[:2]
    ]
    serial = [clean(d).to_canonical() for d in docs]
    work = docs * 8
    with ThreadPoolExecutor(8) as pool:
        threaded = list(pool.map(lambda d: clean(d).to_canonical(), work))
    assert threaded == serial * 8


def test_warm_up_loads_the_stop_lists_ahead_of_the_first_document():
    from cleaner import classify, warm_up

    classify.stopword_index.cache_clear()
    warm_up()
    assert classify.stopword_index.cache_info().currsize == 1
    assert "und" in classify.stopword_index()


def test_the_collector_is_paused_while_cleaning_and_left_as_it_was():
    import gc

    from cleaner import pipeline

    seen = []
    inner = pipeline._clean_once

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return inner(*args, **kwargs)

    was = gc.isenabled()
    try:
        pipeline._clean_once = spy
        gc.enable()
        clean(ARTICLE)
        assert gc.isenabled()
        gc.disable()
        clean(ARTICLE)
        assert not gc.isenabled()
        with ThreadPoolExecutor(4) as pool:  # calls that overlap share one pause
            gc.enable()
            list(pool.map(clean, [ARTICLE] * 16))
        assert gc.isenabled()
    finally:
        pipeline._clean_once = inner
        (gc.enable if was else gc.disable)()
    assert seen and not any(seen)
