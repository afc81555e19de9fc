"""One measurement in a fresh process; prints one JSON line.

Usage (the runner calls it; by hand it is useful for profiling)::

    python -m benchmarks.run_one --impl scratchnn --workload tiny --threads 1

The order matters: the thread variables are set before numpy is imported, the
data are made, the peak-memory counter is reset, then the library trains for
``epochs + 1`` epochs (the first is the warm-up), the peak is read, and only
then are the accuracy and numpy's GEMM rate measured. ``--trace-memory``
instead follows numpy's allocations with tracemalloc (slow; no timings).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from .workloads import WORKLOADS

    parser = argparse.ArgumentParser(prog="python -m benchmarks.run_one")
    parser.add_argument("--impl", choices=sorted(_registry()), required=True)
    parser.add_argument("--workload", choices=sorted(WORKLOADS), required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--trace-memory", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for var in THREAD_VARIABLES:  # before numpy and its BLAS are loaded
        os.environ[var] = str(args.threads)

    import numpy as np
    from threadpoolctl import threadpool_limits

    from .measure import (
        EpochClock,
        environment_report,
        gemm_rate,
        memory_mb,
        reset_peak_memory,
    )
    from .workloads import WORKLOADS, flops_per_epoch, make_data, matmul_shapes

    w = WORKLOADS[args.workload]
    prepare, layout = _registry()[args.impl]
    if args.impl == "torch":
        import torch

        torch.set_num_threads(args.threads)
        torch.set_num_interop_threads(1)
    X, labels = make_data(w, layout)
    fit = prepare(w, X, labels)
    clock = EpochClock()
    result = {"impl": args.impl, "workload": w.name, "threads": args.threads}

    with threadpool_limits(limits=args.threads):
        result["environment"] = environment_report()
        if args.impl == "torch":
            result["environment"]["torch"] = torch.__version__
            result["environment"]["torch_threads"] = torch.get_num_threads()
        if args.trace_memory:
            result.update(_trace_memory(fit))
            result["data_mb"] = X.nbytes / 2**20
            result["copy_mb"] = _copy_bytes(args.impl, X, w) / 2**20
            print(json.dumps(result))
            return 0
        before = memory_mb()["rss"]
        result["peak_reset"] = reset_peak_memory()
        peaks = []

        def on_epoch():
            clock.mark()
            if len(clock.marks) == w.epochs + 2:  # the end of the last epoch
                peaks.append(memory_mb()["hwm"])  # before computing the accuracy

        clock.mark()
        accuracy, final_cost, param_bytes = fit(on_epoch)
        peak = peaks[0]
        wall, cpu = clock.epochs()
        gemm = gemm_rate(matmul_shapes(w, w.batch_size), np.dtype(w.dtype))

    epoch = statistics.median(wall)
    flops = flops_per_epoch(w)
    copy_mb = _copy_bytes(args.impl, X, w) / 2**20
    result.update(
        epoch_wall=wall,
        epoch_cpu=cpu,
        epoch_s=epoch,
        warmup_s=clock.warmup(),
        accuracy=accuracy,
        final_cost=final_cost,
        rss_before_mb=before,
        data_mb=X.nbytes / 2**20,
        copy_mb=copy_mb,
        params_mb=param_bytes / 2**20,
        # What the process holds once data, internal copy and parameters are
        # loaded: measured before training, plus what training is allowed.
        baseline_mb=before + copy_mb + param_bytes / 2**20,
        peak_mb=peak,
        flops_per_epoch=flops,
        gemm_rate=gemm["rate"],
        gemm_median=gemm["median"],
        achieved_rate=flops / epoch,
        gemm_fraction=flops / epoch / gemm["rate"],
        time=time.time(),
    )
    print(json.dumps(result))
    return 0


def _registry() -> dict:
    """The three implementations and the two numpy references, by name."""
    from .impls import IMPLS
    from .references import REFERENCES

    return IMPLS | REFERENCES


def _copy_bytes(impl: str, X, w) -> int:
    """Bytes of the one example-contiguous copy a library may make of the data.

    scratchnn's ``model`` copies X (and the one-hot Y) once per call into the
    example-contiguous layout; scikit-learn and PyTorch are handed that layout
    and index it in place.
    """
    if impl != "scratchnn":
        return 0
    n_y = 1 if w.output == "sigmoid" else w.layer_dims[-1]
    return X.nbytes + n_y * w.m * X.itemsize


def _trace_memory(fit) -> dict:
    """The peak of what training allocates, followed by tracemalloc.

    numpy reports every array buffer to tracemalloc, so the peak counts the
    library's copies and temporaries (and a few Python objects) exactly, at
    the byte, whatever the allocator does with freed memory. Tracing slows
    every allocation: this mode gives no timings.
    """
    import tracemalloc

    peaks = []

    def on_epoch():
        peaks.append(tracemalloc.get_traced_memory()[1])

    tracemalloc.start()
    _, _, param_bytes = fit(on_epoch)
    tracemalloc.stop()
    return {
        # At the end of the last epoch, before the accuracy is computed.
        "traced_peak_mb": peaks[-1] / 2**20,
        "params_mb": param_bytes / 2**20,
    }


if __name__ == "__main__":
    sys.exit(main())
