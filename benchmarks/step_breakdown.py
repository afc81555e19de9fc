"""Where one training step's time goes, operation by operation.

Usage, from the repository root::

    python -m benchmarks.step_breakdown            # MNIST-sized, float32
    python -m benchmarks.step_breakdown --dtype float64 --keep-blas-env
    python -m benchmarks.step_breakdown --workload tiny   # or digits: see small_steps

Each operation of one step of ``scratchnn.model`` on the MNIST-sized workload
(784-256-128-10, batches of 128, one BLAS thread) is timed on its own, in a
loop, and the fastest of seven samples is printed in microseconds, next to the
alternatives the diagnosis in ``benchmarks/README.md`` compares it with: the
first layer's products on the ceiling's layouts, a batch of contiguous rows
against a random one, the update without its temporary array. Operands sit in
cache here, except the gathered rows, so the figures are lower bounds of what
the same operations cost inside training. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.step_breakdown")
    parser.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    parser.add_argument(
        "--workload", choices=("mnist-f32", "tiny", "digits"), default="mnist-f32",
        help="tiny or digits: one step of the small network beside numpy-rows' "
        "(benchmarks/small_steps.py)",
    )  # fmt: skip
    parser.add_argument(
        "--keep-blas-env", action="store_true",
        help="keep OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (removed by default)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if "numpy" in sys.modules:  # its BLAS would already be loaded, unpinned or not
        raise RuntimeError(
            "run as its own process: python -m benchmarks.step_breakdown"
        )
    from .measure import UNSET, timed_samples
    from .run_one import THREAD_VARIABLES

    for var in THREAD_VARIABLES:  # before numpy and its BLAS are loaded
        os.environ[var] = "1"
    if not args.keep_blas_env:
        for var in UNSET:
            os.environ.pop(var, None)

    import numpy as np
    from threadpoolctl import threadpool_info

    if args.workload != "mnist-f32":
        from .small_steps import report
        from .workloads import WORKLOADS

        report(WORKLOADS[args.workload], timed_samples)
        return 0

    from scratchnn.activations import relu, relu_backward

    dt = np.dtype(args.dtype)
    rng = np.random.default_rng(0)

    def r(*shape):
        return rng.standard_normal(shape).astype(dt)

    b, m = 128, 60_000
    W1, W2, W3 = r(256, 784), r(128, 256), r(10, 128)
    b1 = r(256, 1)
    XT = r(m, 784)  # the example-contiguous copy model keeps
    k = rng.permutation(m)[:b]
    X_b = XT[k].T  # the batch as model uses it: (784, 128), a transposed view
    X_c = np.ascontiguousarray(X_b)  # the same batch in C order
    Z1, Z2, dZ1, dZ2, dZ3 = r(256, b), r(128, b), r(256, b), r(128, b), r(10, b)
    A1, A2 = relu(Z1)[0], relu(Z2)[0]
    dW0 = np.zeros_like(W1)  # so that the updates leave W1 as it is
    zeros = np.zeros_like(Z1)

    def best(f):
        f()  # first touch
        return min(timed_samples(f, 7, 200)) * 1e6

    def fresh_rows(contiguous: bool):
        """A new batch at each call, so that its rows come from memory."""
        order = np.concatenate([rng.permutation(m) for _ in range(4)])
        start = [0]

        def gather():
            s = start[0] % (4 * m - b)
            start[0] += b
            if contiguous:
                return XT[s % (m - b) : s % (m - b) + b].copy()
            return XT[order[s : s + b]]

        return gather

    kernels = ", ".join(
        p.get("architecture", "?") for p in threadpool_info() if p["user_api"] == "blas"
    )
    print(f"{dt}, one thread, OpenBLAS kernel {kernels}; microseconds per call")
    rows = [
        ("products of one step, as model lays them out", None),
        ("W1 @ X_b (X_b a transposed view)", lambda: W1 @ X_b),
        ("dZ1 @ X_b.T (a C-ordered array)", lambda: dZ1 @ X_b.T),
        ("W2 @ A1", lambda: W2 @ A1),
        ("dZ2 @ A1.T", lambda: dZ2 @ A1.T),
        ("W2.T @ dZ2", lambda: W2.T @ dZ2),
        ("W3 @ A2, dZ3 @ A2.T, W3.T @ dZ3", lambda: (W3 @ A2, dZ3 @ A2.T, W3.T @ dZ3)),
        ("layer 1 on the ceiling's layouts", None),
        ("W1 @ X_c (C order)", lambda: W1 @ X_c),
        ("dZ1 @ X_c.T (a transposed view)", lambda: dZ1 @ X_c.T),
        ("gathering the batch", None),
        ("XT[k], 128 random rows", fresh_rows(contiguous=False)),
        ("XT[i:i + 128].copy(), 128 contiguous rows", fresh_rows(contiguous=True)),
        ("elementwise work of layer 1", None),
        ("Z1 + b1", lambda: Z1 + b1),
        ("relu(Z1): Z1.clip(0, np.inf)", lambda: relu(Z1)),
        ("np.maximum(Z1, 0), a scalar operand", lambda: np.maximum(Z1, 0)),
        ("np.maximum(Z1, zeros), two arrays", lambda: np.maximum(Z1, zeros)),
        ("relu_backward(dA1, Z1): dA1 * (Z1 > 0)", lambda: relu_backward(dZ1, Z1)),
        ("dZ1 / m", lambda: dZ1 / b),
        ("dZ1.sum(axis=1, keepdims=True)", lambda: dZ1.sum(axis=1, keepdims=True)),
        ("updating W1", None),
        ("W1 -= lr * dW1 (a temporary)", lambda: np.subtract(W1, 0.1 * dW0, out=W1)),
        ("W1 -= dW1 (no temporary)", lambda: np.subtract(W1, dW0, out=W1)),
    ]  # fmt: skip
    for name, f in rows:
        if f is None:
            print(f"\n{name}")
        else:
            print(f"  {name:46} {best(f):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
