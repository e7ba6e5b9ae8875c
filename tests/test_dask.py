"""The batch on a Dask LocalCluster: same outputs as a local run, safe when a worker dies."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from cleaner import clean
from cleaner.cli import main

from .conftest import SEEDS
from .test_batch import _outputs, _replicated_corpus, _temps

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def test_local_cluster_writes_exactly_what_a_local_run_writes(tmp_path, cluster):
    src = tmp_path / "in"
    expected = _replicated_corpus(src, copies=30)
    command = ["clean", str(src), "-o", str(tmp_path / "local"), "-j", "2"]
    local = subprocess.run(
        [sys.executable, "-m", "cleaner", *command], capture_output=True, text=True
    )
    assert local.returncode == 0, local.stderr

    address = cluster.scheduler_address
    result = CliRunner().invoke(
        main, ["clean", str(src), "-o", str(tmp_path / "dask"), "--scheduler", address]
    )

    assert result.exit_code == 0, result.output
    assert f"{len(expected)} files, {len(expected)} written" in result.output
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "local") == expected
    files = sorted((tmp_path / "dask").rglob("*"))
    assert [p.relative_to(tmp_path / "dask") for p in files] == [
        p.relative_to(tmp_path / "local") for p in sorted((tmp_path / "local").rglob("*"))
    ]


def test_a_killed_worker_leaves_no_partial_output_and_a_rerun_completes(tmp_path, cluster):
    src, out = tmp_path / "in", tmp_path / "out"
    expected = _replicated_corpus(src, copies=120)
    client = distributed.Client(cluster.scheduler_address)
    pids = list(client.run(os.getpid).values())

    outcome = {}

    def run() -> None:
        outcome["result"] = CliRunner().invoke(
            main, ["clean", str(src), "-o", str(out), "--scheduler", cluster.scheduler_address]
        )

    runner = threading.Thread(target=run)
    runner.start()
    deadline = time.monotonic() + 60
    while len(list(out.rglob("*.txt"))) < 30:
        assert time.monotonic() < deadline and runner.is_alive()
        time.sleep(0.01)
    os.kill(pids[0], signal.SIGKILL)
    runner.join(timeout=180)
    assert not runner.is_alive()

    done = _outputs(out)
    assert all(done[name] == expected[name] for name in done), "a partial output was left"
    rerun = CliRunner().invoke(
        main, ["clean", str(src), "-o", str(out), "--scheduler", cluster.scheduler_address]
    )
    assert rerun.exit_code == 0, rerun.output
    assert _outputs(out) == expected
    assert not _temps(tmp_path)
    client.close()


def test_bags_and_dataframes_of_pages(cluster):
    import dask.bag as db

    docs = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    expected = [clean(d) for d in docs]
    with distributed.Client(cluster.scheduler_address):
        bag = db.from_sequence(
            [{"html": d, "url": None, "id": i} for i, d in enumerate(docs)] + [{"html": b"\0\1"}],
            npartitions=2,
        )
        from cleaner.distributed import clean_bag, clean_dataframe

        records = clean_bag(bag).compute()
        assert [r["text"] for r in records[:-1]] == [d.text for d in expected]
        assert [r["id"] for r in records[:-1]] == list(range(len(docs)))
        assert records[0]["metadata"]["author"] == "Lucas Huang"
        assert "binary" in records[-1]["error"]

        dd = pytest.importorskip("dask.dataframe")
        pd = pytest.importorskip("pandas")
        frame = dd.from_pandas(pd.DataFrame({"html": docs, "url": [None] * len(docs)}), 2)
        cleaned = clean_dataframe(frame).compute()
        assert list(cleaned["text"]) == [d.text for d in expected]
        assert list(cleaned["date"]) == [d.date for d in expected]


def test_without_dask_the_option_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    (seed,) = SEEDS.glob("000_*.txt")
    result = CliRunner().invoke(
        main, ["clean", str(seed), "-o", str(tmp_path / "o"), "--scheduler", "tcp://x:1"]
    )
    assert result.exit_code == 2
    assert "pip install 'cleaner[dask]'" in result.output


def test_workers_open_archives_themselves_with_the_same_records(tmp_path, cluster):
    from .test_warc import _write_warc

    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "b", "c"):
        _write_warc(src / f"{name}.warc.gz")
    shutil.copy(next(SEEDS.glob("000_*.txt")), src / "story.txt")
    outputs = {}
    for how, extra in (
        ("local", ["-j", "2"]),
        ("dask", ["--scheduler", cluster.scheduler_address]),
    ):
        target = tmp_path / f"{how}.jsonl"
        result = CliRunner().invoke(
            main, ["clean", str(src), "-o", str(target), "--format", "jsonl", *extra]
        )
        assert result.exit_code == 0, result.output
        assert "7 written, 12 skipped" in result.output
        outputs[how] = target.read_text()
    assert outputs["dask"] == outputs["local"]
    trees = {}
    for how, extra in (
        ("local", ["-j", "2"]),
        ("dask", ["--scheduler", cluster.scheduler_address]),
    ):
        result = CliRunner().invoke(main, ["clean", str(src), "-o", str(tmp_path / how), *extra])
        assert result.exit_code == 0, result.output
        trees[how] = _outputs(tmp_path / how)
    assert trees["dask"] == trees["local"] and len(trees["local"]) == 7
