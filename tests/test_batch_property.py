"""Property: over random trees of inputs, outputs plus error entries are the input records.

Trees hold valid pages, binary and empty files, broken and good gzip, JSONL files
with good, badly typed, unparsable and blank lines, colliding names, links to
files, links that loop, and folders that link back up. Each tree is cleaned at
`-j 1` and `-j 2`; every run must end with a summary, never a traceback.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.cli import main

ARTICLE = (
    "The library will stay open late on Fridays from next month, the council said, "
    "after a survey found that most readers wanted more evening hours.\n\n"
    "Staff will be added for the extra shifts and the reading room will be heated."
)
STEMS = ["story", "page", "x"]
SUFFIXES = [".txt", ".html", ".txt.gz", ".html.gz", ".jsonl"]
FOLDERS = ["", "a", "a/b"]
CONTENTS = ["article", "binary", "empty", "broken-gzip"]
LINES = ["good", "typed", "unparsable", "blank", "no-text"]

files = st.lists(
    st.tuples(
        st.sampled_from(FOLDERS),
        st.sampled_from(STEMS),
        st.sampled_from(SUFFIXES),
        st.sampled_from(CONTENTS),
        st.lists(st.sampled_from(LINES), max_size=4),
    ),
    min_size=1,
    max_size=8,
)
links = st.lists(st.sampled_from(["file", "loop", "folder-loop", "dangling"]), max_size=2)


def _body(content: str, html: bool) -> bytes:
    if content == "binary":
        return bytes(range(256)) * 4
    if content == "empty":
        return b""
    text = ARTICLE if not html else f"<html><body><p>{ARTICLE}</p></body></html>"
    return text.encode()


def _line(kind: str, n: int) -> str:
    return {
        "good": json.dumps({"id": f"r{n % 2}", "text": ARTICLE}),  # ids repeat: renamed
        "typed": json.dumps({"text": ARTICLE, "url": n}),
        "unparsable": '{"text": "unfinished',
        "blank": "   ",
        "no-text": json.dumps({"id": "t"}),
    }[kind]


def _build(root: Path, specs, link_kinds) -> int:
    """Write the tree; return how many records it holds."""
    records = 0
    seen = set()
    for folder, stem, suffix, content, lines in specs:
        path = root / folder / f"{stem}{suffix}"
        if path in seen:
            continue
        seen.add(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".jsonl":
            path.write_text("\n".join(_line(k, n) for n, k in enumerate(lines)) + "\n")
            records += sum(k != "blank" for k in lines)
            continue
        data = _body(content, ".html" in suffix)
        if suffix.endswith(".gz"):
            data = data[:20] if content == "broken-gzip" else gzip.compress(data)
        path.write_bytes(data)
        records += 1
    for n, kind in enumerate(link_kinds):
        link = root / f"link{n}.txt" if kind != "folder-loop" else root / "a" / f"up{n}"
        link.parent.mkdir(parents=True, exist_ok=True)
        target = {
            "file": next(iter(seen)),
            "loop": link,
            "folder-loop": root,
            "dangling": root / "nowhere.txt",
        }[kind]
        link.symlink_to(target)
        records += 1  # a linked file is an input; a loop or a dangling link, an error
    return records


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(files, links)
def test_every_record_is_one_output_or_one_error_entry(specs, link_kinds):
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "in"
        root.mkdir()
        records = _build(root, specs, link_kinds)
        for jobs in ("1", "2"):
            out = Path(temp) / f"out{jobs}"
            result = CliRunner().invoke(main, ["clean", str(root), "-o", str(out), "-j", jobs])
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                result.exception
            )
            assert result.exit_code in (0, 1), result.output
            outputs = [p for p in out.rglob("*.txt") if not p.name.startswith(".")]
            errors = [
                json.loads(row)
                for report in out.glob("cleaner-errors-*.jsonl")
                for row in report.read_text().splitlines()
            ]
            assert len(outputs) + len(errors) == records, result.output
            assert f"{records} files, {len(outputs)} written" in result.output
            assert f"{len(errors)} failed" in result.output
            assert all(e["path"] and e["id"] and e["error"] and e["message"] for e in errors)
            assert (result.exit_code == 1) == bool(errors)
            shutil.rmtree(out)
