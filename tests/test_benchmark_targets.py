"""The benchmark's verdicts on the restated targets (benchmarks/README.md)."""

from __future__ import annotations

import json

from benchmarks import predict
from benchmarks.report import verdicts


def row(impl, workload="mnist-f32", gemm=0.76, ratio=None):
    memory = {"peak_ratio": 1.0, "peak_mb": 1, "baseline_mb": 1}
    return {"workload": workload, "impl": impl, "threads": 1, "gemm_fraction": gemm,
            "ratio": ratio, **memory}  # fmt: skip


def by_target(rows):
    return {v["target"]: v for v in verdicts(rows, [], 1)}


def test_gemm_share_is_judged_against_numpy_rows_in_the_same_run():
    gemm = "share of numpy's GEMM rate, mnist-f32, 1 thread"
    met = by_target([row("scratchnn", gemm=0.762), row("numpy-rows", gemm=0.781)])
    assert met[gemm]["limit"] == ">= 76%" and met[gemm]["ok"] is True
    missed = by_target([row("scratchnn", gemm=0.74), row("numpy-rows", gemm=0.79)])
    assert missed[gemm]["ok"] is False
    alone = by_target([row("scratchnn")])
    assert alone[gemm]["limit"] == "needs numpy-rows" and alone[gemm]["ok"] is None


def test_small_networks_are_judged_against_numpy_rows():
    rows = [
        row("scratchnn", "tiny"),
        row("numpy-rows", "tiny", ratio={"median": 1.42}),
        row("scratchnn", "digits"),
        row("numpy-rows", "digits", ratio={"median": 1.2}),
    ]
    found = by_target(rows)
    assert found["scratchnn / numpy, rows time, tiny"]["ok"] is False
    assert found["scratchnn / numpy, rows time, digits"]["ok"] is True


def test_predict_is_judged_against_a_plain_forward_pass():
    cases = [
        {"layer_dims": [784, 256, 128, 10], "m": 2000, "ratio": 1.19, "target": 1.2},
        {"layer_dims": [2, 8, 1], "m": 400, "ratio": 3.1, "target": 3.0},
    ]
    found = {v["target"]: v for v in verdicts([], [], 1, cases)}
    large = found["predict / plain forward pass, 784-256-128-10, m=2000"]
    assert (large["limit"], large["value"], large["ok"]) == ("<= 1.2", "1.19", True)
    assert found["predict / plain forward pass, 2-8-1, m=400"]["ok"] is False


def test_the_predict_benchmark_prints_its_figures_as_one_json_line(capsys):
    assert predict.main(["--repeats", "2", "--json-line"]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert [r["layer_dims"] for r in record["results"]] == [
        [784, 256, 128, 10],
        [2, 8, 1],
    ]
    assert all(r["repeats"] == 2 and r["ratio"] > 0 for r in record["results"])
