"""The command line, through click's runner and once as a real process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from click.testing import CliRunner

from cleaner.cli import main

from .conftest import SEEDS


def _corpus(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for i, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        shutil.copy(path, (src / "sub" if i % 2 else src) / path.name)
    return src


def test_clean_mirrors_the_tree_and_check_passes_on_the_output(tmp_path):
    src, out = _corpus(tmp_path), tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert written == sorted(p.relative_to(src).as_posix() for p in src.rglob("*.txt"))
    assert "5 files, 5 written, 0 skipped, 0 failed" in result.output
    assert CliRunner().invoke(main, ["check", str(out)]).exit_code == 0
    dirty = CliRunner().invoke(main, ["check", str(src)])
    assert (
        dirty.exit_code == 1 and "would change" in dirty.output and "jnews.byline" in dirty.output
    )


def test_a_bad_file_is_reported_and_the_batch_goes_on(tmp_path):
    src, out = _corpus(tmp_path), tmp_path / "out"
    (src / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    (src / "broken2.html.gz").write_bytes(b"not gzip at all")
    result = CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    assert "broken.txt" in result.output and "binary" in result.output
    assert len(list(out.rglob("*.txt"))) == 5
    (report,) = out.glob("cleaner-errors-*.jsonl")  # the run's own report
    errors = [json.loads(line) for line in report.read_text().splitlines()]
    assert sorted(e["path"].rsplit("/", 1)[-1] for e in errors) == ["broken.txt", "broken2.html.gz"]
    assert not list(out.rglob("*.tmp"))


def test_jsonl_output_records(tmp_path):
    src = _corpus(tmp_path)
    target = tmp_path / "docs.jsonl"
    result = CliRunner().invoke(
        main, ["clean", str(src), "-o", str(target), "--format", "jsonl", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(records) == 5 and {"id", "text", "metadata"} <= set(records[0])
    assert any(r["metadata"].get("author") == "Lucas Huang" for r in records)


def test_in_place_rewrites_and_is_then_clean(tmp_path):
    src = _corpus(tmp_path)
    assert CliRunner().invoke(main, ["clean", "--in-place", str(src), "-j", "1"]).exit_code == 0
    assert CliRunner().invoke(main, ["check", str(src)]).exit_code == 0


def test_explain_shows_every_line_with_its_reason():
    (seed,) = SEEDS.glob("000_*.txt")
    result = CliRunner().invoke(main, ["explain", str(seed)])
    assert result.exit_code == 0
    assert "drop generic.advertisement" in " ".join(result.output.split())
    assert "meta jnews.byline" in " ".join(result.output.split())
    assert "header: title=Xi urges respect" in result.output


def test_invalid_rule_pack_exits_2_with_file_and_line(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text(
        "pack: bad\ndescription: d\nrules:\n  - id: x\n    description: d\n    drop_regex: '('\n"
    )
    for args in (
        ["rules", "validate", str(rules)],
        ["clean", str(SEEDS), "-o", str(tmp_path / "o"), "--rules", str(rules)],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "bad.yaml:6" in result.output  # the regex's own line


def test_rules_list_and_show():
    listing = CliRunner().invoke(main, ["rules", "list"]).output
    assert "generic.advertisement" in listing and "jnews.reading-time" in listing
    shown = CliRunner().invoke(main, ["rules", "show", "jnews.reading-time"])
    assert shown.exit_code == 0 and "wordpress-jnews" in shown.output
    assert CliRunner().invoke(main, ["rules", "show", "nope"]).exit_code == 2


def test_stdin_to_stdout_as_a_real_process():
    (seed,) = SEEDS.glob("002_*.txt")
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "-"],
        input=seed.read_bytes(), capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    out = done.stdout.decode()
    assert out.startswith("---\ndate: 2026-02-05\ndatetime: 2026-02-05T11:37:00+04:00\n")
    assert "Read more" not in out


def test_clean_render_option_forces_the_rendering(tmp_path):
    """`clean --render` reaches every document of the run, as `explain --render` does."""
    page = tmp_path / "page.txt"
    page.write_text(
        "# Cycle lanes approved\n\n"
        "The council approved the new cycle lanes on Tuesday after a long debate, and the first "
        "stretch along the river will open in the spring, [the plan](https://example.org/plan) "
        "says.\n\n"
        "Shops on the high street had asked for more parking instead, but the vote was clear "
        "and the works are to start as soon as the contracts are signed by the city.\n"
    )
    outputs = {}
    for render in ("markdown", "w3m"):
        out = tmp_path / render
        result = CliRunner().invoke(main, ["clean", str(page), "-o", str(out), "--render", render])
        assert result.exit_code == 0, result.output
        outputs[render] = (out / "page.txt").read_text()
    assert "](https://" not in outputs["markdown"] and "the plan says" in outputs["markdown"]
    assert "](https://" in outputs["w3m"]  # read as one paragraph a line, links as printed
    bad = CliRunner().invoke(main, ["clean", str(page), "--render", "browser"])
    assert bad.exit_code == 2
