"""Clocks, memory readings and the GEMM reference rate, used inside a child.

Nothing here imports numpy at module level: :mod:`benchmarks.run_one` must set
the thread variables before numpy (and its BLAS) is loaded.
"""

from __future__ import annotations

import io
import os
import statistics
import time
from collections.abc import Callable

#: Forcing an older OpenBLAS kernel (as some machines do for old builds'
#: sake) slows a current numpy: every child runs without both, alike, unless
#: asked to keep them (``--keep-blas-env``).
UNSET = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


class EpochClock:
    """Time stamps at the end of every epoch, wall and process CPU time.

    ``marks[0]`` is taken when training is called, ``marks[k]`` at the end of
    epoch k. The first epoch (``marks[1] - marks[0]``) holds each library's
    per-call setup (input checks, copies, initialisation) and the first-touch
    costs; it is the warm-up and is reported apart from the timed epochs.
    """

    def __init__(self) -> None:
        self.marks: list[tuple[float, float]] = []

    def mark(self) -> None:
        self.marks.append((time.perf_counter(), time.process_time()))

    def warmup(self) -> float:
        return self.marks[1][0] - self.marks[0][0]

    def epochs(self) -> tuple[list[float], list[float]]:
        """Wall and CPU seconds of every epoch after the warm-up one."""
        pairs = list(zip(self.marks[1:-1], self.marks[2:], strict=True))
        wall = [b[0] - a[0] for a, b in pairs]
        cpu = [b[1] - a[1] for a, b in pairs]
        return wall, cpu


class PrintedEpochs(io.TextIOBase):
    """A stand-in for stdout that calls ``on_line`` for each progress line.

    scratchnn's ``model(..., print_cost=True, print_every=1)`` and
    scikit-learn's ``MLPClassifier(verbose=True)`` print one line at the end of
    every epoch: through their public output we learn when each epoch ends,
    without touching their code. A print costs microseconds, against
    milliseconds for the shortest epoch here.
    """

    def __init__(self, prefix: str, on_line: Callable[[], None]) -> None:
        self.prefix, self.on_line, self.lines = prefix, on_line, 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text.startswith(self.prefix):
            self.on_line()
            self.lines += 1
        return len(text)


def memory_mb() -> dict[str, float]:
    """Resident set size now (``rss``) and its peak (``hwm``), in MB (2**20)."""
    out = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key[2:].lower()] = int(value.split()[0]) / 1024
    return out


def reset_peak_memory() -> bool:
    """Reset the kernel's peak-RSS counter (Linux >= 4.0); False if impossible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def timed_samples(f: Callable[[], object], samples: int, calls: int) -> list[float]:
    """Seconds per call of ``f``, averaged over ``calls`` calls, ``samples`` times.

    The fastest sample is the best estimate of what ``f`` itself costs: a busy
    machine can only make a sample slower.
    """
    out = []
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(calls):
            f()
        out.append((time.perf_counter() - t0) / calls)
    return out


def gemm_rate(shapes, dtype, budget: float = 0.6) -> dict[str, float]:
    """numpy's matrix-multiply rate on exactly the products of one training step.

    Parameters
    ----------
    shapes : list of (name, m, n, k)
        From :func:`benchmarks.workloads.matmul_shapes`: ``(m, k) @ (k, n)``.
    dtype : numpy dtype
    budget : float
        About how many seconds to spend.

    Returns
    -------
    dict
        ``flops_per_step``, ``rate`` (FLOP/s of the fastest of 11 samples: the
        ceiling, which a busy machine lowers least) and ``median`` (FLOP/s,
        median of the samples).

    Notes
    -----
    The operands are laid out as in a training step: the weight gradient
    multiplies by a transposed view (``A_prev.T``), the backward product by
    ``W.T``; BLAS reads transposed operands in place. The products write into
    preallocated outputs (``out=``), so the rate is the bare GEMM's, with
    numpy's per-call dispatch but no allocation: a ceiling that training,
    which must also allocate and apply the activations, cannot quite reach.
    """
    import numpy as np

    rng = np.random.default_rng(0)
    ops = []
    for name, m, n, k in shapes:
        if ".T @" in name:  # W.T @ dZ: the left operand is a transposed view
            a = rng.standard_normal((k, m)).astype(dtype).T
            b = rng.standard_normal((k, n)).astype(dtype)
        elif name.endswith(".T"):  # dZ @ A_prev.T
            a = rng.standard_normal((m, k)).astype(dtype)
            b = rng.standard_normal((n, k)).astype(dtype).T
        else:
            a = rng.standard_normal((m, k)).astype(dtype)
            b = rng.standard_normal((k, n)).astype(dtype)
        ops.append((a, b, np.empty((m, n), dtype=dtype)))
    flops = sum(2 * m * n * k for _, m, n, k in shapes)

    def step():
        for a, b, out in ops:
            np.matmul(a, b, out=out)

    step()  # first touch, BLAS buffers
    start, loops = time.perf_counter(), 0
    while time.perf_counter() - start < 0.02:
        step()
        loops += 1
    per_sample = max(1, int(loops * (budget / 11) / (time.perf_counter() - start)))
    samples = timed_samples(step, 11, per_sample)
    return {
        "flops_per_step": flops,
        "rate": flops / min(samples),
        "median": flops / statistics.median(samples),
    }


def environment_report() -> dict:
    """What the child ran with: thread variables, BLAS kernel, versions."""
    import numpy as np
    from threadpoolctl import threadpool_info

    blas = [
        {k: p.get(k) for k in ("internal_api", "version", "architecture")}
        | {"num_threads": p.get("num_threads")}
        for p in threadpool_info()
        if p.get("user_api") == "blas"
    ]
    env = {
        k: os.environ.get(k)
        for k in (
            "OMP_NUM_THREADS",
            "OPENBLAS_NUM_THREADS",
            "MKL_NUM_THREADS",
            "OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE",
        )
    }
    return {"numpy": np.__version__, "blas": blas, "env": env}
