"""Two plain-numpy networks written for the benchmark: yardsticks, not peers.

The performance issue behind this suite sets scratchnn's target for the share
of numpy's GEMM rate from "a clean vectorised numpy reference network". These
are two such networks, so that the target can be checked against code run
side by side with scratchnn, under the same measurement. Both train the same
network as the other implementations (He-normal weights, zero biases, ReLU
hidden layers, a softmax or sigmoid output with its cross-entropy, plain SGD
on shuffled mini-batches, the batch's cost recorded at every step), on the
data in rows, ``X`` of shape ``(m, n_x)``, as scikit-learn and PyTorch take it:

- ``numpy-rows``: the clean version. One numpy expression per formula of the
  book, transposed for rows (``Z = A_prev @ W + b``, ``dW = A_prev.T @ dZ``,
  ``db`` the column sums of ``dZ``); only the bias addition and the update
  work in place.
- ``numpy-tuned``: the same arithmetic with every array allocated once and
  written in place (``out=``): the batch is gathered into a buffer, each
  layer's ``Z`` becomes its activation where it lies, the ReLU slope is a
  boolean mask kept from the forward pass, and the learning rate is folded
  into the output layer's ``dZ`` (every gradient below is linear in it), so
  the update is a bare ``W -= dW``. It is the kind of code a library author
  writes to go fast, and not the kind a book teaches.

Neither is part of scratchnn or of the book; they exist only to measure.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from .impls import Fit, Result, _targets_columns
from .workloads import Workload


def _network(w: Workload, dtype) -> tuple[list[NDArray], list[NDArray]]:
    """He-normal weights of shape (n_prev, n) and zero biases of shape (n,)."""
    rng = np.random.default_rng(0)
    dims = w.layer_dims
    Ws = [
        (rng.standard_normal((dims[l - 1], dims[l])) * np.sqrt(2 / dims[l - 1]))
        .astype(dtype)
        for l in range(1, len(dims))
    ]  # fmt: skip
    bs = [np.zeros(dims[l], dtype=dtype) for l in range(1, len(dims))]
    return Ws, bs


def _targets_rows(w: Workload, labels: NDArray, dtype) -> NDArray:
    """The targets scratchnn trains on, one row per example (C order)."""
    return np.ascontiguousarray(_targets_columns(w, labels, dtype).T)


def _output(w: Workload) -> Callable[[NDArray], NDArray]:
    """The output activation, in place on Z of shape (batch, n_L)."""

    def softmax(Z: NDArray) -> NDArray:
        Z -= Z.max(axis=1, keepdims=True)
        np.exp(Z, out=Z)
        Z /= Z.sum(axis=1, keepdims=True)
        return Z

    def sigmoid(Z: NDArray) -> NDArray:
        with np.errstate(over="ignore"):  # exp(-Z) = inf gives exactly 0
            np.exp(np.negative(Z, out=Z), out=Z)
        Z += 1
        return np.reciprocal(Z, out=Z)

    return softmax if w.output == "softmax" else sigmoid


def _cost(w: Workload, A: NDArray, Y: NDArray) -> float:
    """The batch's mean cross-entropy, probabilities clipped away from 0 and 1."""
    eps = np.finfo(A.dtype).eps
    P = np.clip(A, eps, 1 - eps)
    if w.output == "softmax":
        return float(-np.sum(Y * np.log(P)) / len(A))
    return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log1p(-P)) / len(A))


def _forward(A: NDArray, Ws, bs, output) -> list[NDArray]:
    """The activations of every layer, input first, for rows of examples."""
    activations = [A]
    for l, (W, b) in enumerate(zip(Ws, bs, strict=True)):
        Z = A @ W
        Z += b
        A = output(Z) if l == len(Ws) - 1 else np.maximum(Z, 0)
        activations.append(A)
    return activations


def _result(w: Workload, X, labels, Ws, bs, cost: float) -> Result:
    AL = _forward(X, Ws, bs, _output(w))[-1]
    pred = (AL[:, 0] > 0.5).astype(np.int64) if w.output == "sigmoid" else AL.argmax(1)
    return (
        float(np.mean(pred == labels)),
        cost,
        sum(P.nbytes for P in Ws + bs),
    )


def prepare_numpy_rows(w: Workload, X: NDArray, labels: NDArray) -> Fit:
    """The clean row-major network; X of shape (m, n_x)."""
    Y = _targets_rows(w, labels, X.dtype)
    Ws, bs = _network(w, X.dtype)
    output, L = _output(w), len(Ws)
    rng = np.random.default_rng(0)
    m, lr = X.shape[0], w.learning_rate

    def fit(on_epoch: Callable[[], None]) -> Result:
        for _ in range(w.epochs + 1):
            order, total = rng.permutation(m), 0.0
            for start in range(0, m, w.batch_size):
                k = order[start : start + w.batch_size]
                Y_b = Y[k]
                activations = _forward(X[k], Ws, bs, output)
                A = activations[-1]
                total += _cost(w, A, Y_b) * len(k)
                dZ = (A - Y_b) / len(k)
                for l in reversed(range(L)):
                    dW, db = activations[l].T @ dZ, dZ.sum(axis=0)
                    if l > 0:  # before W changes
                        dZ = (dZ @ Ws[l].T) * (activations[l] > 0)
                    Ws[l] -= lr * dW
                    bs[l] -= lr * db
            on_epoch()
        return _result(w, X, labels, Ws, bs, total / m)

    return fit


def prepare_numpy_tuned(w: Workload, X: NDArray, labels: NDArray) -> Fit:
    """The preallocated, in-place row-major network; X of shape (m, n_x)."""
    Y = _targets_rows(w, labels, X.dtype)
    Ws, bs = _network(w, X.dtype)
    output, L = _output(w), len(Ws)
    rng = np.random.default_rng(0)
    m, lr, b = X.shape[0], w.learning_rate, w.batch_size
    dims = w.layer_dims
    X_b = np.empty((b, X.shape[1]), dtype=X.dtype)
    Y_b = np.empty((b, Y.shape[1]), dtype=X.dtype)
    Zs = [np.empty((b, n), dtype=X.dtype) for n in dims[1:]]  # Z, then A
    masks = [np.empty((b, n), dtype=bool) for n in dims[1:-1]]
    dZs = [np.empty((b, n), dtype=X.dtype) for n in dims[1:]]
    dWs = [np.empty_like(W) for W in Ws]
    dbs = [np.empty_like(b_) for b_ in bs]

    def fit(on_epoch: Callable[[], None]) -> Result:
        for _ in range(w.epochs + 1):
            order, total = rng.permutation(m), 0.0
            for start in range(0, m, b):
                k = order[start : start + b]
                n = len(k)
                x, y = X_b[:n], Y_b[:n]
                np.take(X, k, axis=0, out=x)
                np.take(Y, k, axis=0, out=y)
                A = x
                for l in range(L):
                    Z = Zs[l][:n]
                    np.matmul(A, Ws[l], out=Z)
                    Z += bs[l]
                    if l < L - 1:
                        mask = np.greater(Z, 0, out=masks[l][:n])
                        A = np.multiply(Z, mask, out=Z)
                    else:
                        A = output(Z)
                total += _cost(w, A, y) * n
                dZ = np.subtract(A, y, out=dZs[L - 1][:n])
                dZ *= lr / n  # so every gradient below is already times lr
                for l in reversed(range(L)):
                    A_prev = x if l == 0 else Zs[l - 1][:n]
                    np.matmul(A_prev.T, dZ, out=dWs[l])
                    np.sum(dZ, axis=0, out=dbs[l])
                    if l > 0:  # before W changes
                        dA = np.matmul(dZ, Ws[l].T, out=dZs[l - 1][:n])
                        dZ = np.multiply(dA, masks[l - 1][:n], out=dA)
                    Ws[l] -= dWs[l]
                    bs[l] -= dbs[l]
            on_epoch()
        return _result(w, X, labels, Ws, bs, total / m)

    return fit


#: The references, with the layout they take (see :data:`benchmarks.impls.IMPLS`).
REFERENCES: dict[str, tuple[Callable[[Workload, NDArray, NDArray], Fit], str]] = {
    "numpy-rows": (prepare_numpy_rows, "rows"),
    "numpy-tuned": (prepare_numpy_tuned, "rows"),
}
