"""The five seed documents, one per source: snapshots plus what a reader checks."""

from __future__ import annotations

import re

import pytest
import yaml

from cleaner import clean

from .conftest import SEEDS

# source -> (seed file prefix, expected header, first words of the first and last paragraph)
CASES = {
    "digitalphablet": (
        "000",
        {"title": "Xi urges respect with Trump, praises Russia ties", "date": "2026-02-04",
         "author": "Lucas Huang", "source": "digitalphablet.com", "lang": "en"},
        ("Chinese President Xi Jinping has called", "The conversations coincide with"),
        6,
    ),
    "afp-wire": (
        "001",
        {"date": "2026-02-04", "lang": "en"},
        ("China's President Xi Jinping held back-to-back", "Beijing has also sought to position"),
        29,
    ),
    "azernews": (
        "002",
        {"date": "2026-02-05", "datetime": "2026-02-05T11:37:00+04:00", "author": "Nazrin Abdul",
         "source": "azernews.az", "lang": "en"},
        ("In a phone call with US President", "Just hours before speaking with Trump"),
        8,
    ),
    "aljazeera": (
        "003",
        {"date": "2026-02-04", "source": "aljazeera.com", "lang": "en"},
        ("President Trump emphasized his", "He added that China has committed"),
        13,
    ),
    "irishtimes": (
        "004",
        {"date": "2026-02-04", "source": "irishtimes.com", "lang": "en"},
        ("China's president Xi Jinping has told", "\"Vladimir Putin emphasised that"),
        17,
    ),
}  # fmt: skip

BOILERPLATE = re.compile(
    r"ADVERTISEMENT|Select Language|ChatGPT|Tags:|Related Posts|Recommended stories|end of list|"
    r"Next Post|©|Photograph:|Opens in new window|Read more|Reading Time|No Result|^A A$|"
    r"^\s*[-•] |Lucas Huang|Singaporean tech writer|Google Banner|^Published|^date \d",
    re.MULTILINE,
)


def _seed(prefix: str) -> bytes:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_bytes()


@pytest.mark.parametrize("source", sorted(CASES))
def test_seed_snapshot(source, text_snapshot):
    prefix, _, _, _ = CASES[source]
    assert clean(_seed(prefix)).to_canonical() == text_snapshot


@pytest.mark.parametrize("source", sorted(CASES))
def test_seed_is_the_article_and_only_the_article(source):
    prefix, header, (first, last), paragraphs = CASES[source]
    doc = clean(_seed(prefix))
    assert doc.header() == header
    body = doc.text.split("\n\n")
    assert body[0].startswith(first)
    assert body[-1].startswith(last)
    assert len(body) == paragraphs
    assert not BOILERPLATE.search(doc.text), BOILERPLATE.search(doc.text)


@pytest.mark.parametrize("source", sorted(CASES))
def test_seed_paragraphs_keep_their_order(source):
    prefix = CASES[source][0]
    raw = _seed(prefix).decode("utf-8").replace("’", "'").replace("“", '"').replace("”", '"')
    position = 0
    for paragraph in clean(_seed(prefix)).text.split("\n\n"):
        found = raw.find(paragraph[:60], position)
        assert found >= 0, f"out of order or missing: {paragraph[:60]!r}"
        position = found + 1


@pytest.mark.parametrize("source", sorted(CASES))
def test_seed_output_is_canonical(source):
    canonical = clean(_seed(CASES[source][0])).to_canonical()
    assert clean(canonical).to_canonical() == canonical
    head = canonical.split("---\n")[1]
    assert isinstance(yaml.safe_load(head), dict)
    assert canonical.endswith("\n") and not canonical.endswith("\n\n")
    assert "\n\n\n" not in canonical
    assert not re.search(r"[ \t]$", canonical, re.MULTILINE)
