"""The GPU run: scratchnn on CuPy beside PyTorch on CUDA and numpy on the CPU.

``python -m benchmarks --device cuda`` trains the same networks three ways:

- ``scratchnn-cupy``: ``scratchnn.model`` on CuPy arrays, the package
  unchanged (numpy's functions dispatch to CuPy, see the chapter "Make it
  fast");
- ``torch-cuda``: the PyTorch loop of :mod:`benchmarks.impls` with its data
  and network on the GPU;
- ``scratchnn``: ``scratchnn.model`` on numpy arrays, on the CPU, with the
  BLAS threads of every core.

on the MNIST-sized data at batch 128 and 1024 and on a wide network
(784-4096-4096-10, batch 1024), in fresh processes, interleaved and paired as
the CPU suite is, and writes ``benchmarks/results/cuda/latest.json``. Where
CuPy or a CUDA device is missing it says "No GPU here" and exits 0. A GPU runs
asynchronously: every epoch's time stamp waits for the device to finish
(``sync``). Each child prints one JSON line
(``python -m benchmarks.device --impl ... --workload ...``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any, NamedTuple

from .measure import EpochClock
from .workloads import WORKLOADS, Workload, flops_per_epoch, make_data


class Device(NamedTuple):
    """How to reach a device: move an array there and back, wait for it."""

    name: str
    to_device: Callable[[Any], Any]
    to_host: Callable[[Any], Any]
    sync: Callable[[], None]


_MNIST = WORKLOADS["mnist-f32"]
#: The GPU run's workloads: the MNIST-sized data throughout.
DEVICE_WORKLOADS: dict[str, Workload] = {
    w.name: w
    for w in [
        _MNIST,
        _MNIST._replace(
            name="mnist-b1024", title="MNIST-sized 784-256-128-10, batch 1024",
            batch_size=1024,
        ),
        Workload(
            "mnist-wide", "wide 784-4096-4096-10, batch 1024, float32",
            (784, 4096, 4096, 10), "softmax", 1024, 1, 0.05, "float32", 60_000,
        ),
    ]
}  # fmt: skip
#: The implementations of the GPU run, the one paired against the others first.
DEVICE_IMPLS = ("scratchnn-cupy", "torch-cuda", "scratchnn")
LABELS = {
    "scratchnn-cupy": "scratchnn, CuPy",
    "torch-cuda": "PyTorch, CUDA",
    "scratchnn": "scratchnn, numpy (CPU)",
}
#: The issue's goal: scratchnn on CuPy at most this times PyTorch CUDA's time.
TORCH_TARGETS = {"mnist-b1024": 1.0, "mnist-wide": 1.0}
RESULTS = os.path.join("results", "cuda")


def gpu_status() -> str | None:
    """None if CuPy sees a CUDA device, else why not, in a few words."""
    if importlib.util.find_spec("cupy") is None:
        return "CuPy is not installed"
    try:
        import cupy

        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as error:  # no driver, no device: CuPy's own error types
        return f"CuPy finds no CUDA device ({type(error).__name__}: {error})"
    return None if count > 0 else "CuPy finds no CUDA device"


def torch_cuda_status() -> str | None:
    """None if PyTorch sees a CUDA device, else why not."""
    if importlib.util.find_spec("torch") is None:
        return "PyTorch is not installed"
    import torch

    return None if torch.cuda.is_available() else "PyTorch sees no CUDA device"


def cupy_device() -> Device:  # pragma: no cover - needs a GPU
    import cupy

    return Device("cuda", cupy.asarray, cupy.asnumpy, cupy.cuda.Device().synchronize)


def implementation(impl: str) -> tuple[Callable, str, Callable[[], None]]:
    """``(prepare, layout, sync)`` of one implementation of the GPU run."""
    from .impls import prepare_scratchnn, prepare_torch

    if impl == "scratchnn":
        return prepare_scratchnn, "columns", lambda: None
    if impl == "scratchnn-cupy":  # pragma: no cover - needs a GPU
        device = cupy_device()
        return partial(prepare_scratchnn, device=device), "columns", device.sync
    if impl == "torch-cuda":  # pragma: no cover - needs a GPU
        import torch

        return partial(prepare_torch, device="cuda"), "rows", torch.cuda.synchronize
    raise ValueError(f"unknown implementation {impl!r}; known: {DEVICE_IMPLS}")


def measure(w: Workload, prepare: Callable, layout: str, sync: Callable) -> dict:
    """Train once and time every epoch, waiting for the device at each mark.

    The first epoch (the warm-up: copies to the device, CuPy's and cuBLAS's
    first calls, kernel compilation) is reported apart, as in the CPU suite.
    """
    X, labels = make_data(w, layout)
    fit = prepare(w, X, labels)
    clock = EpochClock()

    def on_epoch() -> None:
        sync()  # the kernels queued so far have run
        clock.mark()

    sync()
    clock.mark()
    accuracy, final_cost, param_bytes = fit(on_epoch)
    wall, cpu = clock.epochs()
    epoch = statistics.median(wall)
    flops = flops_per_epoch(w)
    return {
        "workload": w.name,
        "epoch_wall": wall,
        "epoch_cpu": cpu,
        "epoch_s": epoch,
        "warmup_s": clock.warmup(),
        "accuracy": accuracy,
        "final_cost": final_cost,
        "params_mb": param_bytes / 2**20,
        "flops_per_epoch": flops,
        "achieved_tflops": flops / epoch / 1e12,
    }


def summarise(runs: list[dict]) -> dict:
    """Medians per (workload, impl), paired ratios scratchnn-cupy / impl, verdicts."""
    by = {}
    for run in runs:
        by.setdefault((run["workload"], run["impl"]), {})[run["repeat"]] = run
    rows = []
    for workload in DEVICE_WORKLOADS:
        ours = by.get((workload, DEVICE_IMPLS[0]), {})
        for impl in DEVICE_IMPLS:
            mine = by.get((workload, impl))
            if not mine:
                continue
            times = [run["epoch_s"] for run in mine.values()]
            paired = [
                ours[r]["epoch_s"] / mine[r]["epoch_s"] for r in mine if r in ours
            ]
            rows.append({
                "workload": workload, "impl": impl, "repeats": len(mine),
                "epoch_s": {"median": statistics.median(times), "min": min(times),
                            "max": max(times)},
                "ratio": statistics.median(paired)
                if paired and impl != DEVICE_IMPLS[0] else None,
                "accuracy": statistics.median(r["accuracy"] for r in mine.values()),
                "achieved_tflops": statistics.median(
                    r["achieved_tflops"] for r in mine.values()),
            })  # fmt: skip
    verdicts = [
        {
            "target": f"scratchnn on CuPy / PyTorch CUDA time, {row['workload']}",
            "limit": f"<= {TORCH_TARGETS[row['workload']]:g}",
            "value": f"{row['ratio']:.2f}",
            "ok": row["ratio"] <= TORCH_TARGETS[row["workload"]],
        }
        for row in rows
        if row["impl"] == "torch-cuda"
        and row["workload"] in TORCH_TARGETS
        and row["ratio"] is not None
    ]
    return {"rows": rows, "verdicts": verdicts}


def table_lines(summary: dict) -> list[str]:
    """The summary as fixed-width lines."""
    head = (
        f"{'workload':12} {'impl':24} {'ms/epoch [min-max]':>24} "
        f"{'CuPy/impl':>9} {'acc':>6} {'TFLOP/s':>8}"
    )
    lines = [head, "-" * len(head)]
    for row in summary["rows"]:
        e = row["epoch_s"]
        epoch = f"{e['median'] * 1e3:.4g} [{e['min'] * 1e3:.4g}-{e['max'] * 1e3:.4g}]"
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
        lines.append(
            f"{row['workload']:12} {LABELS[row['impl']]:24} {epoch:>24} "
            f"{ratio:>9} {row['accuracy']:>6.3f} {row['achieved_tflops']:>8.3f}"
        )
    for v in summary["verdicts"]:
        mark = "ok  " if v["ok"] else "MISS"
        lines.append(f"[{mark}] {v['target']}: {v['value']} ({v['limit']})")
    return lines


def run(args: argparse.Namespace, run_child: Callable[..., dict]) -> int:
    """The GPU run of ``python -m benchmarks --device cuda``; 0 without a GPU."""
    status = gpu_status()
    if status is not None:
        print(f"No GPU here: {status}. Nothing was measured (the --device cuda "
              "run needs CuPy and a CUDA device).")  # fmt: skip
        return 0
    workloads = args.workloads or list(DEVICE_WORKLOADS)
    impls = [i for i in (args.impls or DEVICE_IMPLS) if i in DEVICE_IMPLS]
    notes = []
    if "torch-cuda" in impls and (why := torch_cuda_status()) is not None:
        impls.remove("torch-cuda")
        notes.append(f"{why}: the torch-cuda runs are skipped")
    for note in notes:
        print(f"note: {note}")
    started, start, runs = datetime.now(UTC), time.perf_counter(), []
    for r in range(args.repeats):
        k = r % len(impls)
        for workload in workloads:
            for impl in impls[k:] + impls[:k]:  # the order rotates per repeat
                result = run_child(impl, workload)
                result.update(impl=impl, repeat=r)
                runs.append(result)
                print(f"{workload:12} {impl:15} {result['epoch_s'] * 1e3:9.2f} "
                      "ms/epoch", flush=True)  # fmt: skip
    summary = summarise(runs)
    complete = (
        set(workloads) == set(DEVICE_WORKLOADS)
        and impls == list(DEVICE_IMPLS)
        and args.repeats >= 3
    )
    results = {
        "meta": {"command": " ".join(["python -m benchmarks", *sys.argv[1:]]),
                 "started": started.isoformat(timespec="seconds"),
                 "seconds": time.perf_counter() - start, "notes": notes,
                 "gpu": runs[0].get("gpu") if runs else None},
        "workloads": {w: DEVICE_WORKLOADS[w]._asdict() for w in workloads},
        "summary": summary,
        "runs": runs,
    }  # fmt: skip
    out = args.output / "cuda"
    out.mkdir(parents=True, exist_ok=True)
    name = "latest" if complete else "partial"
    (out / f"{name}.json").write_text(json.dumps(results, indent=1) + "\n")
    print("\n".join(["", *table_lines(summary)]))
    print(f"\nwrote {out / name}.json")
    return 0


def main(argv: list[str] | None = None) -> int:
    """One measurement in this fresh process; prints one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.device")
    parser.add_argument("--impl", choices=DEVICE_IMPLS, required=True)
    parser.add_argument("--workload", choices=sorted(DEVICE_WORKLOADS), required=True)
    args = parser.parse_args(argv)
    prepare, layout, sync = implementation(args.impl)
    result = measure(DEVICE_WORKLOADS[args.workload], prepare, layout, sync)
    result.update(impl=args.impl, gpu=_gpu_name(), time=time.time())
    print(json.dumps(result))
    return 0


def _gpu_name() -> str | None:
    if gpu_status() is not None:
        return None
    import cupy  # pragma: no cover - needs a GPU

    props = cupy.cuda.runtime.getDeviceProperties(0)  # pragma: no cover
    return props["name"].decode()  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
