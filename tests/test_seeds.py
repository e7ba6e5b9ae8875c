"""The five seed documents, one per source: snapshots plus what a reader checks.

Each seed is cleaned as a corpus repository holds it: in its source's directory,
under a `cleaner.toml` whose `[sources]` names the source of the directories whose
pages do not name their site (seeds 001, 003, 004 print no copyright or masthead).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from cleaner import clean
from cleaner.config import find_config

from .conftest import SEEDS

#: The corpus's configuration: the directories whose pages do not name their site.
CORPUS_TOML = """\
[sources]
"aljazeera" = "aljazeera.com"
"irishtimes" = "irishtimes.com"
"""

#: The seeds whose text names no site: their source can only come from the caller.
NAME_NO_SITE = {"afp-wire", "aljazeera", "irishtimes"}

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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds laid out as a corpus repository: one directory per source."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "cleaner.toml").write_text(CORPUS_TOML, encoding="utf-8")
    for source, (prefix, *_rest) in CASES.items():
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        (root / source).mkdir()
        shutil.copy(path, root / source / path.name)
    return root


def _clean_in_corpus(corpus: Path, source: str):
    """Clean a seed as `cleaner clean` does inside the corpus: its source from the config."""
    (path,) = (corpus / source).glob("*.txt")
    config = find_config(path)
    assert config is not None
    return clean(path.read_bytes(), source=config.source_for(path))


@pytest.mark.parametrize("source", sorted(CASES))
def test_seed_snapshot(source, text_snapshot, corpus):
    assert _clean_in_corpus(corpus, source).to_canonical() == text_snapshot


@pytest.mark.parametrize("source", sorted(CASES))
def test_seed_body_is_the_same_without_the_configured_source(source, corpus):
    """A seed's body owes nothing to its site pack; only the source comes from the caller."""
    alone = clean(_seed(CASES[source][0]))
    configured = _clean_in_corpus(corpus, source)
    assert alone.text == configured.text
    expected = configured.header()
    if source in NAME_NO_SITE:
        expected.pop("source", None)
    assert alone.header() == expected


@pytest.mark.parametrize("source", sorted(CASES))
def test_seed_is_the_article_and_only_the_article(source, corpus):
    _prefix, header, (first, last), paragraphs = CASES[source]
    doc = _clean_in_corpus(corpus, source)
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
