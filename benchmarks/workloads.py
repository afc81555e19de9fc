"""The benchmark's workloads: network, data, batch size, epochs, learning rate.

Every implementation trains the same network on the same data (the same
numbers, bit for bit) with the same batch size, number of epochs and learning
rate. Only the layout differs: scratchnn takes ``X`` of shape ``(n_x, m)``, one
column per example, as the book does; scikit-learn and PyTorch take the
example-contiguous ``(m, n_x)``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray


class Workload(NamedTuple):
    """One training task, identical for every implementation."""

    name: str
    title: str
    layer_dims: tuple[int, ...]
    output: str  # "softmax" (several classes) or "sigmoid" (two)
    batch_size: int
    epochs: int
    learning_rate: float
    dtype: str  # "float32" or "float64"
    m: int

    @property
    def n_batches(self) -> int:
        return -(-self.m // self.batch_size)


WORKLOADS: dict[str, Workload] = {
    w.name: w
    for w in [
        Workload(
            "digits", "digits 64-64-10, float32", (64, 64, 10), "softmax",
            64, 50, 0.1, "float32", 1797,
        ),
        Workload(
            "mnist-f32", "MNIST-sized 784-256-128-10, float32",
            (784, 256, 128, 10), "softmax", 128, 2, 0.05, "float32", 60_000,
        ),
        Workload(
            "mnist-f64", "MNIST-sized 784-256-128-10, float64",
            (784, 256, 128, 10), "softmax", 128, 2, 0.05, "float64", 60_000,
        ),
        Workload(
            "tiny", "tiny: moons 2-16-16-1, float32", (2, 16, 16, 1), "sigmoid",
            32, 100, 0.1, "float32", 1000,
        ),
    ]
}  # fmt: skip

#: The issue's targets: the largest allowed median paired ratio
#: (scratchnn time / peer time) per peer and workload, one BLAS thread.
RATIO_TARGETS: dict[str, dict[str, float]] = {
    "torch": {"digits": 0.5, "tiny": 0.5, "mnist-f32": 0.8},
    "sklearn": {"digits": 0.75, "tiny": 0.75, "mnist-f32": 0.75, "mnist-f64": 0.85},
    # The small networks pay per call: at most 1.3 times the clean reference.
    "numpy-rows": {"digits": 1.3, "tiny": 1.3},
}
#: scratchnn's share of numpy's measured GEMM rate (one thread) must be at
#: least the clean reference's (numpy-rows) share in the same run, less this
#: many points: the restated target (the absolute 80 % was calibrated on a
#: machine where that reference itself reached 89 %).
GEMM_TARGETS: dict[str, float] = {"mnist-f32": 0.02}
#: Largest allowed peak memory during training over what the process holds
#: once data, internal copy and parameters are loaded.
MEMORY_TARGET = 1.10


def make_data(w: Workload, layout: str) -> tuple[NDArray, NDArray[np.int64]]:
    """The workload's training data, the same numbers for every implementation.

    Parameters
    ----------
    w : Workload
    layout : {"columns", "rows"}
        ``"columns"``: X of shape ``(n_x, m)``, C-ordered (the book's layout);
        ``"rows"``: X of shape ``(m, n_x)``, one example per contiguous row.

    Returns
    -------
    X : ndarray of the workload's dtype
    labels : ndarray of int64, shape (m,)
        Class indices (0/1 for the binary workload).

    Notes
    -----
    The MNIST-sized data are made chunk by chunk, straight into their final
    array, so that making them needs no second full-size buffer.
    """
    dtype = np.dtype(w.dtype)
    n_x, m = w.layer_dims[0], w.m
    X = np.empty((n_x, m) if layout == "columns" else (m, n_x), dtype=dtype)
    if w.name.startswith("mnist"):
        rng = np.random.default_rng(0)
        teacher = rng.standard_normal((n_x, w.layer_dims[-1]))
        labels = np.empty(m, dtype=np.int64)
        for j in range(0, m, 5000):
            chunk = rng.standard_normal((min(5000, m - j), n_x))
            labels[j : j + len(chunk)] = np.argmax(chunk @ teacher, axis=1)
            _put(X, j, chunk, layout)
    elif w.name == "digits":
        from sklearn.datasets import load_digits

        data = load_digits()
        _put(X, 0, data.data / 16.0, layout)
        labels = data.target.astype(np.int64)
    elif w.name == "tiny":
        from scratchnn.datasets import make_moons

        points, Y = make_moons(m, noise=0.2, seed=0)
        _put(X, 0, points.T, layout)
        labels = Y.ravel().astype(np.int64)
    else:  # pragma: no cover - WORKLOADS and this function go together
        raise ValueError(f"no data for workload {w.name!r}")
    return X, labels


def _put(X: NDArray, j: int, rows: NDArray, layout: str) -> None:
    if layout == "columns":
        X[:, j : j + len(rows)] = rows.T
    else:
        X[j : j + len(rows)] = rows


def matmul_shapes(w: Workload, batch: int) -> list[tuple[str, int, int, int]]:
    """The matrix products of one training step on a batch, as (name, m, n, k).

    Each product is ``(m, k) @ (k, n)`` and costs ``2 m n k`` floating-point
    operations. Per layer l: the forward ``W @ A_prev``, the weight gradient
    ``dZ @ A_prev.T`` and, for l >= 2, ``W.T @ dZ`` (the gradient passed down).
    ``dA0``, the gradient with respect to the input, is left out: no peer
    computes it and training does not need it.
    """
    shapes = []
    dims = w.layer_dims
    for l in range(1, len(dims)):
        n, n_prev = dims[l], dims[l - 1]
        shapes.append((f"W{l} @ A{l - 1}", n, batch, n_prev))
        shapes.append((f"dZ{l} @ A{l - 1}.T", n, n_prev, batch))
        if l >= 2:
            shapes.append((f"W{l}.T @ dZ{l}", n_prev, batch, n))
    return shapes


def flops_per_epoch(w: Workload) -> int:
    """Floating-point operations of the matrix products of one epoch."""
    full, last = divmod(w.m, w.batch_size)
    per = [(w.batch_size, full)] + ([(last, 1)] if last else [])
    return sum(
        count * 2 * m * n * k
        for batch, count in per
        for _, m, n, k in matmul_shapes(w, batch)
    )
