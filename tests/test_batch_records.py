"""Every input record ends as exactly one output or one error entry (issue 14).

Each test here failed before the readers/writers/scheduler split: names that
collided, records that stopped the run, inputs skipped without a word.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import batch, clean, readers, writers
from cleaner.cli import main

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
ARTICLE = (
    "The harbour board voted on Thursday to rebuild the old pier before the summer, "
    "after divers found that the wooden piles had rotted far faster than expected.\n\n"
    "Work will start in March and the ferry will use the north quay until it is done."
)


def _run(*args: str):
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


def _reports(out: Path) -> list[dict]:
    rows = []
    for report in sorted(out.glob("cleaner-errors-*.jsonl")):
        rows += [json.loads(line) for line in report.read_text().splitlines()]
    return rows


def _texts(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text()
        for p in sorted(out.rglob("*.txt"))
        if not p.name.startswith(".")
    }


# --- names ------------------------------------------------------------------------------


def test_colliding_names_each_get_their_own_output_whatever_j(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "story.txt").write_text(ARTICLE)
    (src / "story.html").write_text(
        f"<html><body><p>{ARTICLE.replace('pier', 'dock')}</p></body></html>"
    )
    third = f"<html><body><p>{ARTICLE.replace('pier', 'jetty')}</p></body></html>"
    (src / "story.html.gz").write_bytes(gzip.compress(third.encode()))
    trees = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = _run("clean", str(src), "-o", str(out), "-j", jobs, "--force")
        assert result.exit_code == 0, result.output
        assert "3 files, 3 written" in result.output
        trees[jobs] = _texts(out)
    assert trees["1"] == trees["2"]
    assert sorted(trees["1"]) == ["story.html.gz.txt", "story.html.txt", "story.txt"]
    assert "jetty" in trees["1"]["story.html.gz.txt"] and "dock" in trees["1"]["story.html.txt"]
    assert "pier" in trees["1"]["story.txt"]
    again = _run("clean", str(src), "-o", str(tmp_path / "out1"), "-j", "1")
    assert "3 files, 0 written, 3 skipped" in again.output  # each output is its own input's


def test_record_ids_never_write_outside_the_output_folder(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    ids = ["../escape", "/etc/passwd", "a\0b", "x" * 300, "..", "sub/../../up", "same", "same"]
    lines = [json.dumps({"id": i, "text": f"{ARTICLE} {n}"}) for n, i in enumerate(ids)]
    (src / "pages.jsonl").write_text("\n".join(lines) + "\n")

    result = _run("clean", str(src), "-o", str(out), "-j", "1")

    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*.txt")]
    assert len(written) == len(ids)
    assert all(p.resolve().is_relative_to(out / "pages") for p in written)
    assert all(len(p.name.encode()) <= 255 and "\0" not in p.name for p in written)
    assert "1 duplicate ids renamed" in result.output and "renamed 'same~2'" in result.output


def test_safe_name_keeps_long_names_apart():
    a, b = writers.safe_name("y" * 400 + "a"), writers.safe_name("y" * 400 + "b")
    assert a != b and len(a.encode()) <= writers.MAX_NAME_BYTES
    assert writers.safe_name("../../x") == "_.._x" and writers.safe_name("") == "_"


def test_jsonl_ids_are_portable_and_canonical_output_honours_o(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    records = [{"id": 7, "text": ARTICLE}, {"text": ARTICLE + " Again."}]
    (src / "sub" / "pages.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")

    jsonl = _run("clean", str(src), "-o", str(tmp_path / "all.jsonl"), "--format", "jsonl")
    tree = _run("clean", str(src), "-o", str(out), "-j", "1")

    assert jsonl.exit_code == 0 and tree.exit_code == 0, jsonl.output + tree.output
    rows = [json.loads(r) for r in (tmp_path / "all.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == [7, "sub/pages.jsonl:2"]  # kept as is; else relative
    assert sorted(_texts(out)) == ["sub/pages/7.txt", "sub/pages/sub_pages.jsonl:2.txt"]
    assert not tree.stdout_bytes.strip(b"\n").startswith(b"---")  # nothing on stdout


# --- records that used to stop the run -------------------------------------------------


def test_badly_typed_jsonl_records_are_errors_not_tracebacks(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    lines = [
        json.dumps({"id": "ok", "text": ARTICLE, "url": "https://harbour.example/pier"}),
        json.dumps({"id": "url", "text": ARTICLE, "url": 5}),
        json.dumps({"id": "text", "text": 5}),
        json.dumps({"id": ["x"], "text": ARTICLE}),
        json.dumps([1, 2]),
        "{not json",
    ]
    (src / "pages.jsonl").write_text("\n".join(lines) + "\n")

    result = _run("clean", str(src), "-o", str(out), "-j", "2")

    assert result.exit_code == 1
    assert "6 files, 1 written, 0 skipped, 5 failed" in result.output
    errors = _reports(out)
    assert [e["id"] for e in errors] == [f"pages.jsonl:{n}" for n in range(2, 7)]
    assert {e["error"] for e in errors} == {"BadRecord"}
    assert "'url' must be a string, not number" in errors[0]["message"]
    assert "url: https://harbour.example/pier" in (out / "pages" / "ok.txt").read_text()


def test_a_jsonl_source_field_is_passed_to_clean(tmp_path):
    src = tmp_path / "pages.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ARTICLE, "source": "Harbour News"}) + "\n")
    result = _run("clean", str(src), "-o", str(tmp_path / "o.jsonl"), "--format", "jsonl")
    (row,) = [json.loads(r) for r in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert result.exit_code == 0 and row["metadata"]["source"] == "Harbour News"


def test_a_worker_that_dies_loses_only_its_own_document(tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(40):
        (src / f"{i:03d}.txt").write_text(f"{ARTICLE}\n\nNumber {i}.\n")
    (src / "017.txt").write_text("KILL-THE-WORKER\n")
    real_clean = batch.clean

    def clean_or_die(raw, *args, **kwargs):
        if b"KILL-THE-WORKER" in raw:
            os._exit(9)  # what the OOM killer does to a worker
        return real_clean(raw, *args, **kwargs)

    monkeypatch.setattr(batch, "clean", clean_or_die)  # forked workers inherit it
    result = _run("clean", str(src), "-o", str(out), "-j", "2")

    assert result.exit_code == 1
    assert "40 files, 39 written, 0 skipped, 1 failed" in result.output
    assert [(e["id"], e["error"]) for e in _reports(out)] == [("017.txt", "WorkerDied")]
    assert len(_texts(out)) == 39


def test_an_unexpected_exception_is_that_documents_error(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE + " More.")

    def broken(raw, *args, **kwargs):
        if b"More" in raw:
            raise TypeError("something no document should cause")
        return clean(raw, *args, **kwargs)

    monkeypatch.setattr(batch, "clean", broken)
    result = _run("clean", str(tmp_path), "-o", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1 and "1 written, 0 skipped, 1 failed" in result.output
    assert _reports(tmp_path / "out")[0]["error"] == "TypeError"


def test_a_full_disk_for_the_report_still_ends_with_a_summary(tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "good.txt").write_text(ARTICLE)
    (src / "bad.txt").write_bytes(b"\0\1\2" * 50)

    real_write = writers.AtomicFile.write

    def full(self, data):
        if self.path.name.startswith("cleaner-errors"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, data)

    monkeypatch.setattr(writers.AtomicFile, "write", full)
    result = _run("clean", str(src), "-o", str(out), "-j", "1")
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert "2 files, 1 written, 0 skipped, 1 failed" in result.output
    assert not list(out.rglob(f"*{writers.TEMP_SUFFIX}"))


# --- nothing skipped without a word -------------------------------------------------------


def test_an_unreadable_folder_is_reported(tmp_path, monkeypatch):
    # As root every folder is readable: make scandir fail for one, as for another user.
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "secret").mkdir(parents=True)
    (src / "secret" / "a.txt").write_text(ARTICLE)
    (src / "open.txt").write_text(ARTICLE)
    real = os.scandir

    def scandir(path):
        if Path(path).name == "secret":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = _run("clean", str(src), "-o", str(out), "-j", "1")
    assert result.exit_code == 1
    assert [(e["id"], e["error"]) for e in _reports(out)] == [("secret", "PermissionError")]


def test_symlinked_folders_are_followed_and_loops_reported(tmp_path):
    src, out, elsewhere = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    src.mkdir()
    elsewhere.mkdir()
    (elsewhere / "far.txt").write_text(ARTICLE)
    (src / "linked").symlink_to(elsewhere)
    (src / "loop").symlink_to(src)  # a folder leading back to its parent
    (src / "self.txt").symlink_to(src / "self.txt")  # a link to itself
    (src / "near.txt").write_text(ARTICLE)

    result = _run("clean", str(src), "-o", str(out), "-j", "1")

    assert result.exit_code == 1, result.output
    assert sorted(_texts(out)) == ["linked/far.txt", "near.txt"]
    errors = {e["id"]: e["message"] for e in _reports(out)}
    assert set(errors) == {"loop", "self.txt"} and "loop" in errors["self.txt"]
    alone = _run("clean", str(src / "self.txt"), "-o", str(tmp_path / "o2"))
    assert "symlink loop" in alone.output and "no such file" not in alone.output


def test_an_output_folder_inside_the_input_is_not_read_again(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    (src / "b.txt").write_bytes(b"\0\1" * 40)
    out = src / "cleaned"
    first = _run("clean", str(src), "-o", str(out), "-j", "1")
    tree = _texts(out)
    second = _run("clean", str(src), "-o", str(out), "-j", "1", "--force")
    assert first.exit_code == second.exit_code == 1
    assert "2 files, 1 written, 0 skipped, 1 failed" in second.output
    assert _texts(out) == tree == {"a.txt": tree["a.txt"]}
    assert all(e["id"] == "b.txt" for e in _reports(out))
    assert _run("check", str(out)).exit_code == 0  # the reports are not inputs


# --- containers and formats ------------------------------------------------------------


def test_format_jsonl_into_a_folder_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "out").mkdir()
    result = _run(
        "clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--format", "jsonl"
    )
    assert result.exit_code == 2 and "is a directory" in result.output
    assert not list(tmp_path.rglob(f"*{writers.TEMP_SUFFIX}"))


def test_in_place_keeps_gzip_gzip_and_rewrites_a_links_target(tmp_path):
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(b"<html><body><p>" + ARTICLE.encode() + b"</p></body></html>"))
    target = tmp_path / "real.txt"
    shutil.copy(SEED_FILES[0], target)
    link = tmp_path / "link.txt"
    link.symlink_to(target)

    result = _run("clean", "--in-place", str(page), str(link), "-j", "1")

    assert result.exit_code == 0, result.output
    text = gzip.decompress(page.read_bytes()).decode()
    assert text.startswith("---\n") and "harbour board" in text
    assert (
        link.is_symlink() and target.read_text() == clean(SEED_FILES[0].read_bytes()).to_canonical()
    )
    assert _run("check", str(page), str(link)).exit_code == 0


def test_in_place_on_a_jsonl_file_is_an_error_not_a_silent_success(tmp_path):
    pages = tmp_path / "pages.jsonl"
    pages.write_text(json.dumps({"text": ARTICLE}) + "\n")
    before = pages.read_bytes()
    result = _run("clean", "--in-place", str(pages), "-j", "1")
    assert result.exit_code == 1 and "0 written" in result.output and "1 failed" in result.output
    assert pages.read_bytes() == before


def test_caps_report_gzip_bombs_long_lines_and_big_records(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    with gzip.open(src / "bomb.txt.gz", "wb") as bomb:  # 3 MB of zeros in a few KB
        for _ in range(48):
            bomb.write(bytes(2**16))
    assert (src / "bomb.txt.gz").stat().st_size < 20_000
    lines = [json.dumps({"id": "long", "text": "word " * 400_000}), json.dumps({"text": ARTICLE})]
    (src / "pages.jsonl").write_text("\n".join(lines) + "\n")
    (src / "small.txt").write_text(ARTICLE)

    result = _run("clean", str(src), "-o", str(out), "-j", "1", "--max-size", "1M")

    assert result.exit_code == 1
    errors = {e["id"]: e["error"] for e in _reports(out)}
    assert errors == {"bomb.txt.gz": "TooLarge", "pages.jsonl:1": "TooLarge"}
    assert sorted(_texts(out)) == ["pages/pages.jsonl:2.txt", "small.txt"]


def test_read_file_stops_at_the_cap(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 1000)
    assert len(readers.read_file(big, 1000)) == 1000
    with pytest.raises(readers.TooLarge):
        readers.read_file(big, 999)
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(gzip.compress(os.urandom(1000))[:100])  # cut inside the data
    with pytest.raises(readers.BadGzip):
        readers.read_file(broken)


# --- concurrent runs ---------------------------------------------------------------------


def test_runs_keep_each_others_reports(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "bad.txt").write_bytes(b"\0\1" * 40)
    other = out / "cleaner-errors-20000101T000000Z-otherhost-1.jsonl"
    out.mkdir()
    other.write_text('{"path": "x", "id": "x", "error": "E", "message": "m"}\n')
    assert _run("clean", str(src), "-o", str(out), "-j", "1").exit_code == 1
    (src / "bad.txt").write_text(ARTICLE)
    assert _run("clean", str(src), "-o", str(out), "-j", "1", "--force").exit_code == 0
    reports = sorted(out.glob("cleaner-errors-*.jsonl"))
    assert len(reports) == 2 and other in reports  # the clean run deleted neither


# --- check and explain ---------------------------------------------------------------


def test_check_names_records_as_file_and_id(tmp_path):
    pages = tmp_path / "pages.jsonl"
    pages.write_text(json.dumps({"id": "pier", "text": ARTICLE}) + "\n")
    result = _run("check", str(pages))
    assert result.exit_code == 1 and f"{pages}:pier: would change" in result.output


def test_explain_reads_gzip_jsonl_records_and_warc_records(tmp_path):
    from .test_warc import _write_warc

    page = tmp_path / "page.txt.gz"
    page.write_bytes(gzip.compress(ARTICLE.encode()))
    pages = tmp_path / "pages.jsonl"
    pages.write_text(
        json.dumps({"id": "a", "text": "Cookie settings\n" + ARTICLE}) + "\n"
        + json.dumps({"text": ARTICLE.replace("harbour", "river")}) + "\n"
    )  # fmt: skip
    archive = tmp_path / "crawl.warc.gz"
    _write_warc(archive)
    from cleaner.warc import Page, read_warc

    budget = next(i for i in read_warc(archive) if isinstance(i, Page))

    assert "harbour board" in _run("explain", str(page)).output
    assert "harbour board" in _run("explain", f"{pages}:a").output
    assert "river board" in _run("explain", f"{pages}:2").output
    shown = _run("explain", f"{archive}:{budget.record_id}")
    assert "city council approved" in shown.output and "url=https://city.example/budget" in (
        shown.output
    )
    missing = _run("explain", f"{pages}:nope")
    assert missing.exit_code == 1 and "no record" in missing.output


def test_the_issue_tree_gives_one_output_or_one_error_per_record_and_reruns_the_same(tmp_path):
    import subprocess
    import sys

    src = tmp_path / "in"
    src.mkdir()
    (src / "story.txt").write_text(ARTICLE)
    (src / "story.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>")
    (src / "story.html.gz").write_bytes(gzip.compress(ARTICLE.replace("pier", "dock").encode()))
    lines = [
        json.dumps({"id": "good", "text": ARTICLE}),
        json.dumps({"id": "typed", "text": 5}),
        json.dumps({"id": "url", "text": ARTICLE, "url": 5}),
        "{unparsable",
    ]
    (src / "pages.jsonl").write_text("\n".join(lines) + "\n")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (src / "empty.txt").write_bytes(b"")
    (src / "loop").symlink_to(src)
    out = src / "out"  # -o inside the input
    records = 3 + 4 + 2 + 1  # files, JSONL lines, binary and empty, the loop

    def run():
        command = ["clean", str(src), "-o", str(out), "-j", "2", "--force"]
        return subprocess.run(
            [sys.executable, "-m", "cleaner", *command], capture_output=True, text=True
        )

    first = run()
    outputs, errors = _texts(out), _reports(out)
    second = run()

    for result in (first, second):
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"{records} files, 5 written (1 empty), 0 skipped, 5 failed" in result.stderr
    assert len(outputs) + len(errors) == records
    assert _texts(out) == outputs
    assert sorted(e["id"] for e in errors) == [
        "binary.txt", "loop", "pages.jsonl:2", "pages.jsonl:3", "pages.jsonl:4"
    ]  # fmt: skip

    gz = src / "story.html.gz"
    fixed = _run("clean", "--in-place", str(gz), "-j", "1")
    assert fixed.exit_code == 0, fixed.output
    assert gzip.decompress(gz.read_bytes()).startswith(b"---\n")
    assert _run("check", str(gz)).exit_code == 0


@pytest.mark.parametrize("fmt", ["canonical", "jsonl"])
def test_an_interrupted_run_counts_what_is_on_disk(tmp_path, monkeypatch, fmt):
    from cleaner import scheduler

    src = tmp_path / "in"
    src.mkdir()
    for i in range(10):
        (src / f"{i:02d}.txt").write_text(f"{ARTICLE}\n\nNumber {i}.\n")
    real_clean, calls = batch.clean, []

    def clean_then_ctrl_c(raw, *args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            scheduler.request_stop()  # what Ctrl-C does: stop after this document
        return real_clean(raw, *args, **kwargs)

    monkeypatch.setattr(batch, "clean", clean_then_ctrl_c)
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
    result = _run("clean", str(src), "-o", str(out), "-j", "1", "--format", fmt)

    assert result.exit_code == 130
    if fmt == "canonical":
        assert len(_texts(out)) == 4 and "interrupted: 4 files, 4 written" in result.output
    else:  # an unfinished JSONL output is not written, and not counted as written
        assert not out.exists() and not list(tmp_path.glob(f".*{writers.TEMP_SUFFIX}"))
        assert "interrupted: 4 files, 0 written" in result.output
        assert "4 cleaned but not kept" in result.output


def test_a_file_named_on_the_command_line_is_cleaned_whatever_its_suffix(tmp_path):
    page = tmp_path / "article.md"
    page.write_text(ARTICLE)
    result = _run("clean", str(page), "-o", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 0, result.output
    assert "harbour board" in (tmp_path / "out" / "article.txt").read_text()


def test_a_jsonl_output_inside_the_input_is_not_read_again(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_bytes(b"\0\1" * 40)
    out = tmp_path / "all.jsonl"
    for _ in range(2):
        result = _run("clean", str(tmp_path), "-o", str(out), "--format", "jsonl", "-j", "1")
        assert "2 files, 1 written, 0 skipped, 1 failed" in result.output
    assert len(out.read_text().splitlines()) == 1


def test_an_output_that_is_an_input_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    before = (tmp_path / "a.txt").read_text()
    result = _run("clean", str(tmp_path), "-o", str(tmp_path), "-j", "1")
    assert result.exit_code == 2 and "--in-place" in result.output
    assert (tmp_path / "a.txt").read_text() == before
