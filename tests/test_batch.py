"""Batch runs: streaming, atomic outputs, interrupted runs, awkward inputs."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import batch, clean
from cleaner.cli import main

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _replicated_corpus(root: Path, copies: int) -> dict[str, str]:
    """`copies` copies of each seed under varied names and folders; their expected outputs."""
    expected_by_seed = {p.name: clean(p.read_bytes()).to_canonical() for p in SEED_FILES}
    expected = {}
    for i in range(copies):
        for seed in SEED_FILES:
            relative = Path(f"part{i % 7}") / f"{i:04d}-{seed.name}"
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(seed, root / relative)
            expected[relative.as_posix()] = expected_by_seed[seed.name]
    return expected


def _outputs(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in out.rglob("*.txt")
        if not p.name.startswith(".")
    }


def _temps(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(batch.TEMP_SUFFIX)]


def _cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cleaner", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill reaches the workers too
    )


def _wait_for_outputs(out: Path, proc: subprocess.Popen, count: int) -> None:
    deadline = time.monotonic() + 60
    while len(list(out.rglob("*.txt"))) < count:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "no outputs appeared"
        time.sleep(0.01)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_run_leaves_only_whole_outputs_and_a_rerun_finishes(tmp_path, sig):
    src, out = tmp_path / "in", tmp_path / "out"
    expected = _replicated_corpus(src, copies=120)

    proc = _cli("clean", str(src), "-o", str(out), "-j", "2")
    _wait_for_outputs(out, proc, 40)
    os.killpg(proc.pid, sig)
    proc.wait(timeout=30)

    done = _outputs(out)
    assert 0 < len(done) < len(expected)
    assert all(done[name] == expected[name] for name in done), "a partial output was left"
    if sig == signal.SIGTERM:  # given the chance, a run cleans up after itself
        assert proc.returncode == 130 and not _temps(tmp_path)
        summary = proc.stderr.read().decode()
        assert "Traceback" not in summary
        # The summary counts exactly what is on disk: in-flight chunks report what they did.
        assert "written, 0 skipped" in summary
        written = int(summary.split("interrupted: ", 1)[1].split(" written")[0].split(", ")[-1])
        assert written == len(done)

    rerun = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(out), "-j", "2"],
        capture_output=True,
        text=True,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert _outputs(out) == expected
    assert f"{len(done)} skipped" in rerun.stderr
    assert not _temps(tmp_path), "temporary files of the killed run remain"


def test_two_workers_write_exactly_what_one_writes(tmp_path):
    src = tmp_path / "in"
    expected = _replicated_corpus(src, copies=8)
    for jobs in ("1", "2"):
        command = ["clean", str(src), "-o", str(tmp_path / jobs), "-j", jobs]
        result = subprocess.run(
            [sys.executable, "-m", "cleaner", *command],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert f"{len(expected)} files, {len(expected)} written" in result.stderr
    assert _outputs(tmp_path / "1") == _outputs(tmp_path / "2") == expected


def test_a_rerun_skips_fresh_outputs_unless_forced(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    expected = _replicated_corpus(src, copies=1)
    runner = CliRunner()
    assert runner.invoke(main, ["clean", str(src), "-o", str(out), "-j", "1"]).exit_code == 0
    again = runner.invoke(main, ["clean", str(src), "-o", str(out), "-j", "1"])
    assert f"0 written, {len(expected)} skipped" in again.output
    stale = out / next(iter(expected))
    os.utime(stale, (time.time() - 60, time.time() - 60))  # its input was edited after it
    again = runner.invoke(main, ["clean", str(src), "-o", str(out), "-j", "1"])
    assert f"1 written, {len(expected) - 1} skipped" in again.output
    emptied = next(out.rglob("*.txt"))  # what a power cut can leave under the final name
    emptied.write_text("")
    again = runner.invoke(main, ["clean", str(src), "-o", str(out), "-j", "1"])
    assert f"1 written, {len(expected) - 1} skipped" in again.output and emptied.read_text()
    forced = runner.invoke(main, ["clean", str(src), "-o", str(out), "-j", "1", "--force"])
    assert f"{len(expected)} written, 0 skipped" in forced.output


def test_empty_binary_and_huge_single_line_files(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 64)
    words = (b"the committee said on Tuesday that the plan would go ahead as agreed. ") * 10
    with open(src / "huge.txt", "wb") as handle:  # one 40 MB line: over the default cap
        for _ in range(40 * 1024 * 1024 // len(words)):
            handle.write(words)
    shutil.copy(SEED_FILES[0], src / "good.txt")

    result = CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "-j", "1"])

    assert result.exit_code == 1  # two documents failed
    assert "4 files, 2 written (1 empty), 0 skipped, 2 failed" in result.output
    assert f"empty: {src / 'empty.txt'}" in result.output  # an empty article is listed
    (report,) = out.glob("cleaner-errors-*.jsonl")
    errors = [json.loads(row) for row in report.read_text().splitlines()]
    assert [(e["id"], e["error"]) for e in errors] == [
        ("binary.txt", "DecodeError"),
        ("huge.txt", "TooLarge"),
    ]
    assert "binary" in errors[0]["message"] and "32 MB" in errors[1]["message"]
    assert not (out / "huge.txt").exists()  # reported, never cut short
    assert (out / "empty.txt").read_text() == "---\n---\n"
    assert (out / "good.txt").read_text() == clean(SEED_FILES[0].read_bytes()).to_canonical()

    raised = CliRunner().invoke(
        main, ["clean", str(src / "huge.txt"), "-o", str(out), "-j", "1", "--max-size", "64M"]
    )
    assert raised.exit_code == 0, raised.output
    huge = (out / "huge.txt").read_text()
    assert len(huge) > 40_000_000 and huge.count("\n") < 10


def test_gzip_and_jsonl_inputs(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    seed = SEED_FILES[0]
    (src / "page.txt.gz").write_bytes(gzip.compress(seed.read_bytes()))
    records = [
        {"id": "a", "text": seed.read_text(encoding="utf-8"), "url": "https://example.org/a"},
        {"id": "b", "html": "<html><body><p>No article here.</p></body></html>"},
        {"id": "c"},
    ]
    (src / "pages.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\nnot json\n")

    result = CliRunner().invoke(
        main, ["clean", str(src), "-o", str(out / "all.jsonl"), "--format", "jsonl", "-j", "1"]
    )

    assert result.exit_code == 1
    written = [json.loads(row) for row in (out / "all.jsonl").read_text().splitlines()]
    assert [r["id"] for r in written] == ["page.txt.gz", "a", "b"]  # sorted by file, relative
    assert written[0]["text"] == written[1]["text"] == clean(seed.read_bytes()).text
    errors = [json.loads(row) for row in (out / "all.jsonl.errors.jsonl").read_text().splitlines()]
    assert [e["id"] for e in errors] == ["pages.jsonl:3", "pages.jsonl:4"]
    assert [e["error"] for e in errors] == ["BadRecord", "BadRecord"]
    assert "not JSON" in errors[1]["message"]


def test_outputs_get_ordinary_file_modes(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _replicated_corpus(src, copies=1)
    assert CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "-j", "1"]).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*.txt")}
    assert modes == {0o666 & ~umask}


def test_in_place_keeps_each_file_mode(tmp_path):
    path = tmp_path / "page.txt"
    shutil.copy(SEED_FILES[0], path)
    path.chmod(0o640)
    assert CliRunner().invoke(main, ["clean", "--in-place", str(path), "-j", "1"]).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text() == clean(SEED_FILES[0].read_bytes()).to_canonical()


def test_stale_temporary_files_go_but_live_processes_and_other_hosts_keep_theirs(tmp_path):
    from cleaner.writers import _HOST

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True)  # fmt: skip
    pid = dead.stdout.strip()
    stale = tmp_path / f".a.txt.{_HOST}.{pid}.x1{batch.TEMP_SUFFIX}"
    live = tmp_path / f".b.txt.{_HOST}.{os.getpid()}.x2{batch.TEMP_SUFFIX}"
    # Shared storage (NFS, a Dask cluster): another host's process ids mean nothing here.
    # Simulated by naming a temporary file for a host that is not this one.
    elsewhere = tmp_path / f".c.txt.other-host-{_HOST}.{pid}.x3{batch.TEMP_SUFFIX}"
    other = tmp_path / ".notes.tmp"
    for path in (stale, live, elsewhere, other):
        path.write_text("partial")
    assert batch.remove_stale_temps(tmp_path) == 1
    assert not stale.exists() and live.exists() and elsewhere.exists() and other.exists()


def test_a_progress_bar_on_a_terminal_and_none_when_piped(tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    src = tmp_path / "in"
    _replicated_corpus(src, copies=1)
    command = [sys.executable, "-m", "cleaner", "clean", str(src), "-j", "1", "--force"]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    with subprocess.Popen([*command, "-o", str(tmp_path / "a")], stderr=slave) as proc:
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
    os.close(master)
    assert proc.returncode == 0
    assert b"doc/s]" in shown  # tqdm's bar
    piped = subprocess.run([*command, "-o", str(tmp_path / "b")], capture_output=True, text=True)
    assert piped.returncode == 0 and "doc/s]" not in piped.stderr
    assert "5 files, 5 written" in piped.stderr
