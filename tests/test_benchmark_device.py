"""The GPU benchmark's measuring code, run here without a GPU.

``python -m benchmarks --device cuda`` will first run on a reader's or a
maintainer's GPU machine; these tests make sure that is not its first run.
scratchnn goes through it on the CuPy stand-in (tests/stand_in.py), PyTorch
on the CPU where it is installed, and the runner's GPU path with its children
replaced by a stub. Without a GPU the command says so and exits 0.
"""

from __future__ import annotations

import json
import sys
import types
from functools import partial

import numpy as np
import pytest
from stand_in import to_device, to_host

from benchmarks import device, runner
from benchmarks.device import Device
from benchmarks.impls import prepare_scratchnn, prepare_torch
from benchmarks.workloads import Workload

SMALL = Workload("mnist-small", "small", (20, 16, 10), "softmax", 64, 2, 0.05,
                 "float32", 300)  # fmt: skip


def stand_in_device(calls: list) -> Device:
    return Device("stand-in", to_device, to_host, lambda: calls.append("sync"))


def test_scratchnn_on_the_stand_in_trains_as_on_numpy():
    syncs = []
    on_device = device.measure(
        SMALL, partial(prepare_scratchnn, device=stand_in_device(syncs)), "columns",
        stand_in_device(syncs).sync,
    )  # fmt: skip
    on_host = device.measure(SMALL, prepare_scratchnn, "columns", lambda: None)
    # The same arithmetic, so the same result to the last bit.
    assert on_device["final_cost"] == on_host["final_cost"]
    assert on_device["accuracy"] == on_host["accuracy"]
    assert len(on_device["epoch_wall"]) == SMALL.epochs  # warm-up left out
    assert syncs.count("sync") == SMALL.epochs + 2  # before training, every epoch
    assert on_device["achieved_tflops"] > 0
    assert on_device["params_mb"] == on_host["params_mb"]


def test_torch_loop_runs_on_the_cpu_device():
    pytest.importorskip("torch")
    result = device.measure(
        SMALL, partial(prepare_torch, device="cpu"), "rows", lambda: None
    )
    assert 0.0 <= result["accuracy"] <= 1.0
    assert np.isfinite(result["final_cost"])
    assert len(result["epoch_wall"]) == SMALL.epochs


def test_gpu_status_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(device.importlib.util, "find_spec", lambda name: None)
    assert device.gpu_status() == "CuPy is not installed"
    assert device.torch_cuda_status() == "PyTorch is not installed"
    monkeypatch.setattr(device.importlib.util, "find_spec", lambda name: object())

    def fake_cupy(count):
        def get_count():
            if isinstance(count, Exception):
                raise count
            return count

        runtime = types.SimpleNamespace(getDeviceCount=get_count)
        return types.SimpleNamespace(cuda=types.SimpleNamespace(runtime=runtime))

    monkeypatch.setitem(sys.modules, "cupy", fake_cupy(RuntimeError("no driver")))
    assert device.gpu_status() == (
        "CuPy finds no CUDA device (RuntimeError: no driver)"
    )
    monkeypatch.setitem(sys.modules, "cupy", fake_cupy(0))
    assert device.gpu_status() == "CuPy finds no CUDA device"
    monkeypatch.setitem(sys.modules, "cupy", fake_cupy(1))
    assert device.gpu_status() is None
    torch = types.SimpleNamespace(
        cuda=types.SimpleNamespace(is_available=lambda: False)
    )
    monkeypatch.setitem(sys.modules, "torch", torch)
    assert device.torch_cuda_status() == "PyTorch sees no CUDA device"


def test_without_a_gpu_the_run_says_so_and_exits_0(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(device, "gpu_status", lambda: "CuPy is not installed")
    assert runner.main(["--device", "cuda", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No GPU here: CuPy is not installed.")
    assert not any(tmp_path.iterdir())  # nothing written


def test_device_options_are_checked(capsys):
    with pytest.raises(SystemExit):
        runner.parse_args(["--device", "cuda", "--workloads", "tiny"])
    assert "takes: mnist-f32, mnist-b1024, mnist-wide" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        runner.parse_args(["--impls", "torch-cuda"])
    args = runner.parse_args(["--device", "cuda"])
    assert args.repeats == 3 and args.workloads is None and args.impls is None


def fake_child(impl: str, workload: str) -> dict:
    """What a child prints, with times that make the paired ratios known."""
    epoch = {"scratchnn-cupy": 0.5, "torch-cuda": 0.625, "scratchnn": 4.0}[impl]
    return {"workload": workload, "epoch_s": epoch, "accuracy": 0.9,
            "achieved_tflops": 1.5, "gpu": "stand-in"}  # fmt: skip


def test_the_gpu_run_pairs_its_children_and_writes_its_own_file(
    monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(device, "gpu_status", lambda: None)
    monkeypatch.setattr(device, "torch_cuda_status", lambda: None)
    children = []

    def child(impl, workload):
        children.append((impl, workload))
        return fake_child(impl, workload)

    args = runner.parse_args(["--device", "cuda", "--output", str(tmp_path)])
    assert device.run(args, child) == 0
    assert len(children) == 3 * 3 * 3  # repeats x workloads x implementations
    assert (
        children[0][0] == "scratchnn-cupy" and children[9][0] == "torch-cuda"
    )  # rotated
    results = json.loads((tmp_path / "cuda" / "latest.json").read_text())
    rows = {(r["workload"], r["impl"]): r for r in results["summary"]["rows"]}
    assert rows["mnist-wide", "torch-cuda"]["ratio"] == 0.8
    assert rows["mnist-wide", "scratchnn"]["ratio"] == 0.125
    assert rows["mnist-wide", "scratchnn-cupy"]["ratio"] is None
    assert [v["ok"] for v in results["summary"]["verdicts"]] == [True, True]
    assert results["meta"]["gpu"] == "stand-in"
    out = capsys.readouterr().out
    assert "[ok  ] scratchnn on CuPy / PyTorch CUDA time, mnist-wide: 0.80" in out


def test_a_partial_gpu_run_leaves_latest_alone(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(device, "gpu_status", lambda: None)
    monkeypatch.setattr(device, "torch_cuda_status", lambda: "PyTorch sees no CUDA")
    args = runner.parse_args(
        ["--device", "cuda", "--workloads", "mnist-f32", "--repeats", "1",
         "--output", str(tmp_path)]
    )  # fmt: skip
    assert device.run(args, fake_child) == 0
    assert not (tmp_path / "cuda" / "latest.json").exists()
    results = json.loads((tmp_path / "cuda" / "partial.json").read_text())
    assert results["meta"]["notes"] == [
        "PyTorch sees no CUDA: the torch-cuda runs are skipped"
    ]
    assert results["summary"]["verdicts"] == []
    assert "note: PyTorch sees no CUDA" in capsys.readouterr().out


def test_the_child_prints_one_json_line(monkeypatch, capsys):
    monkeypatch.setitem(device.DEVICE_WORKLOADS, SMALL.name, SMALL)
    monkeypatch.setattr(device, "gpu_status", lambda: "CuPy is not installed")
    assert device.main(["--impl", "scratchnn", "--workload", SMALL.name]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["impl"] == "scratchnn" and result["gpu"] is None
    with pytest.raises(ValueError, match="unknown implementation"):
        device.implementation("jax")
