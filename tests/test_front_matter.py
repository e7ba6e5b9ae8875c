"""Front matter read as written, its values checked; canonical input judged, not reflowed."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import CleanerError, FrontMatterError, clean
from cleaner.cli import main
from cleaner.document import (
    _HeaderDumper,
    _HeaderLoader,
    _plain_fields,
    _yaml_scalar,
    split_front_matter,
)

BODY = (
    "The council approved the new budget on Tuesday after a long debate about the cost of "
    "repairing the old bridge, which has been closed to traffic since the spring floods.\n\n"
    "Work on the bridge is expected to start next month and to last about a year.\n"
)


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("date: 2026-13-45", "date '2026-13-45'"),
        ("date: 2026-02-30", "date '2026-02-30'"),
        ("date: soon", "date 'soon'"),
        ("datetime: 2026-02-05T25:61:00", "datetime"),
        ("title: [one, two]", "title holds a list"),
        ("author: {name: x}", "author holds a dict"),
    ],
)
def test_an_invalid_header_value_is_an_error_naming_it(header, named):
    text = f"---\n{header}\n---\n{BODY}"
    with pytest.raises(FrontMatterError, match=named.replace("[", r"\[")) as caught:
        clean(text)
    assert isinstance(caught.value, CleanerError)


def test_check_reports_the_bad_header_and_goes_on(tmp_path):
    good = clean(BODY).to_canonical()
    (tmp_path / "good.txt").write_text(good)
    (tmp_path / "typo.txt").write_text(f"---\ndate: 2026-13-45\n---\n{BODY}")
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "typo.txt" in result.output and "2026-13-45" in result.output
    assert "Traceback" not in result.output


def test_values_are_read_as_written():
    header, _ = split_front_matter("---\ntitle: yes\nauthor: 1:30\ndate: 2026-2-4\n---\nx\n")
    assert header == {"title": "yes", "author": "1:30", "date": "2026-02-04"}
    canonical = clean(f"---\ntitle: yes\nauthor: 1:30\n---\n{BODY}").to_canonical()
    assert yaml.safe_load(canonical.split("---")[1]) == {"title": "yes", "author": "1:30"}
    assert clean(canonical).to_canonical() == canonical


def test_a_block_that_is_not_a_header_is_text():
    assert split_front_matter("---\nweather: fine\n---\nx\n")[0] is None
    assert split_front_matter("---\ntitle: [unclosed\n---\nx\n")[0] is None
    assert split_front_matter("---\ntitle: no end\nx\n")[0] is None


def test_an_impossible_date_prefix_is_not_lifted():
    doc = clean(" date 2026-13-45 " + BODY)
    assert doc.date is None
    canonical = doc.to_canonical()
    assert clean(canonical).to_canonical() == canonical


def test_boilerplate_added_to_a_canonical_file_is_still_flagged():
    canonical = clean(BODY).to_canonical()
    edited = canonical + "\nShare Facebook Twitter Email\n"
    doc = clean(edited)
    assert doc.to_canonical() == canonical
    assert any(v.text == "Share Facebook Twitter Email" for v in doc.removed)


# YAML's indicators, spaces and breaks, a letter with case, digits and what makes a number,
# a boolean or a null of a plain scalar: where a value read or written without YAML could
# go wrong.
_YAML_CHARS = "ab:# -'\"?,[]{}&*!|>%@`.~\\\t\n\r\x85\u2028\ufeffé1y0xneo_"


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=_YAML_CHARS, max_size=10))
def test_a_value_is_written_and_read_as_yaml_writes_and_reads_it(value):
    dumped = yaml.dump(
        value, Dumper=_HeaderDumper, allow_unicode=True, width=1 << 30, default_style=None
    )
    assert _yaml_scalar("title", value) == dumped.removesuffix("\n...\n").rstrip("\n")
    block = f"title: {value}\nlang: en\n"
    read = _plain_fields(block)
    if read is not None:
        assert read == yaml.load(block, Loader=_HeaderLoader)


def test_a_header_of_plain_values_is_read_without_yaml():
    block = "title: A headline, at 10:30, with 'quotes'\nauthor: Jo Doe\ndate: 2026-02-04\n"
    assert _plain_fields(block) == {
        "title": "A headline, at 10:30, with 'quotes'",
        "author": "Jo Doe",
        "date": "2026-02-04",
    }
    assert _plain_fields("title: 'quoted'\n") is None  # YAML reads the quotes
    assert _plain_fields("title: a\n  b\n") is None  # a value on two lines
    assert _plain_fields("title: null\n") is None  # YAML's null
