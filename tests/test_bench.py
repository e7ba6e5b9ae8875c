"""The benchmark's timing: each document's least time over the passes, summed."""

import itertools

from benchmarks import bench


def test_cpu_time_is_each_documents_least_time_summed(monkeypatch):
    # a clock read twice per document and system: 0 then the time spent
    spent = iter(
        [
            5, 7,  # pass 1, system a: documents x, y
            1, 1,  # pass 1, system b
            3, 9,  # pass 2, system a: x faster, y slower (a slow spell)
            2, 1,  # pass 2, system b
        ]
    )  # fmt: skip
    ticks = itertools.chain.from_iterable((0.0, float(s)) for s in spent)
    monkeypatch.setattr(bench.time, "process_time", lambda: next(ticks))
    outputs, cpu = bench._outputs_and_cpu({"a": str.upper, "b": str.lower}, ["x", "Y"], rounds=2)
    assert outputs == {"a": ["X", "Y"], "b": ["x", "y"]}
    assert cpu == {"a": 3 + 7, "b": 1 + 1}
