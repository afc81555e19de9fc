"""The three implementations, each trained as its users would train it.

Each ``prepare_*`` function takes the workload and the data in the layout the
library expects, imports the library and builds what training needs (the
labels in the library's form, the network object), and returns a function
``fit(on_epoch)``. That one trains for ``workload.epochs + 1`` epochs (the
first is the warm-up), calling ``on_epoch()`` at the end of every epoch, and
returns ``(accuracy, final_cost, param_bytes)``: the training accuracy after
the last epoch, the mean cost of the last epoch, and the bytes of the
trainable parameters. Imports and preparation stay out of the memory baseline
and of the timings.

What each does per step (all: plain SGD, no momentum, no weight decay, a fresh
shuffle every epoch, the same batch size):

- scratchnn: ``model(..., optimizer="gd", batch_size=b)``: forward pass,
  cost, backpropagation without ``dA0``, update; the batches are gathered
  from the example-contiguous copy that ``model`` makes once per call.
- scikit-learn: ``MLPClassifier(solver="sgd", momentum=0, alpha=0)``: the
  same steps; the batch rows are gathered from X with ``_safe_indexing``.
- PyTorch: ``nn.Sequential`` of ``Linear`` and ``ReLU``, ``CrossEntropyLoss``
  (or ``BCEWithLogitsLoss``), ``optim.SGD``; batches gathered with
  ``X[perm[k:k + b]]``; autograd does not compute the input's gradient.

Initial weights differ in distribution (scratchnn: He normal; scikit-learn:
Glorot uniform; PyTorch: Kaiming uniform with ``a = sqrt(5)``); the amount of
arithmetic does not.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from contextlib import redirect_stdout

import numpy as np
from numpy.typing import NDArray

from .measure import PrintedEpochs
from .workloads import Workload

Result = tuple[float, float, int]
Fit = Callable[[Callable[[], None]], Result]


def prepare_scratchnn(w: Workload, X: NDArray, labels: NDArray, device=None) -> Fit:
    """Train with ``scratchnn.model``; X of shape (n_x, m), C-ordered.

    With a ``device`` (:class:`benchmarks.device.Device`), X and Y are moved
    to it first (CuPy arrays on a GPU) and ``model`` runs there unchanged.
    """
    import scratchnn

    Y = _targets_columns(w, labels, X.dtype)
    if device is not None:
        X, Y = device.to_device(X), device.to_device(Y)

    def fit(on_epoch: Callable[[], None]) -> Result:
        out = PrintedEpochs("Cost after iteration", on_epoch)
        with redirect_stdout(out):
            params, costs = scratchnn.model(
                X, Y, list(w.layer_dims),
                learning_rate=w.learning_rate, num_iterations=w.epochs + 1,
                seed=0, print_cost=True, print_every=1, init="he",
                hidden_activation="relu", output_activation=w.output,
                optimizer="gd", batch_size=w.batch_size, dtype=X.dtype,
            )  # fmt: skip
        _check_epochs(out.lines, w)
        pred = scratchnn.predict(X, params, "relu", w.output)
        if device is not None:
            pred = device.to_host(pred)
        pred = pred.ravel()
        return (
            float(np.mean(pred == labels)),
            float(costs[-1]),
            sum(P.nbytes for P in params.values()),
        )

    return fit


def _targets_columns(w: Workload, labels: NDArray, dtype) -> NDArray:
    if w.output == "sigmoid":
        return labels.reshape(1, -1).astype(dtype)
    Y = np.zeros((w.layer_dims[-1], labels.size), dtype=dtype)
    Y[labels, np.arange(labels.size)] = 1
    return Y


def prepare_sklearn(w: Workload, X: NDArray, labels: NDArray) -> Fit:
    """Train with scikit-learn's ``MLPClassifier``; X of shape (m, n_x)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=w.layer_dims[1:-1], activation="relu", solver="sgd",
        alpha=0.0, batch_size=w.batch_size, learning_rate="constant",
        learning_rate_init=w.learning_rate, momentum=0.0, nesterovs_momentum=False,
        max_iter=w.epochs + 1, shuffle=True, random_state=0, tol=0.0,
        early_stopping=False, n_iter_no_change=w.epochs + 2, verbose=True,
    )  # fmt: skip

    def fit(on_epoch: Callable[[], None]) -> Result:
        out = PrintedEpochs("Iteration ", on_epoch)
        with warnings.catch_warnings(), redirect_stdout(out):
            # max_iter is reached on purpose: the run has a fixed number of epochs.
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, labels)
        _check_epochs(out.lines, w)
        if clf.coefs_[0].dtype != X.dtype:  # pragma: no cover - a fairness guard
            raise RuntimeError(f"scikit-learn trained in {clf.coefs_[0].dtype}")
        return (
            float(clf.score(X, labels)),
            float(clf.loss_curve_[-1]),
            sum(P.nbytes for P in clf.coefs_ + clf.intercepts_),
        )

    return fit


def prepare_torch(w: Workload, X: NDArray, labels: NDArray, device: str = "cpu") -> Fit:
    """Train with PyTorch; X of shape (m, n_x), shared, not copied, on the CPU.

    ``device="cuda"`` moves the data and the network to the GPU once, before
    training; the shuffled order is drawn on the CPU and moved once per epoch.
    """
    import torch
    from torch import nn

    torch.manual_seed(0)
    dtype = {"float32": torch.float32, "float64": torch.float64}[w.dtype]
    layers: list[nn.Module] = []
    dims = w.layer_dims
    for l in range(1, len(dims)):
        layers.append(nn.Linear(dims[l - 1], dims[l]))
        if l < len(dims) - 1:
            layers.append(nn.ReLU())
    net = nn.Sequential(*layers).to(device, dtype)
    X_t = torch.from_numpy(X).to(device)  # on the CPU: the same tensor, no copy
    if w.output == "sigmoid":
        y_t = torch.from_numpy(labels.reshape(-1, 1).astype(X.dtype)).to(device)
        loss_fn: nn.Module = nn.BCEWithLogitsLoss()
    else:
        y_t = torch.from_numpy(labels).to(device)
        loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=w.learning_rate)
    gen = torch.Generator().manual_seed(0)
    m, b = X.shape[0], w.batch_size

    def fit(on_epoch: Callable[[], None]) -> Result:
        for _ in range(w.epochs + 1):
            perm = torch.randperm(m, generator=gen).to(device)
            total = 0.0
            for k in range(0, m, b):
                idx = perm[k : k + b]
                X_batch, y_batch = X_t[idx], y_t[idx]
                loss = loss_fn(net(X_batch), y_batch)
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item() * X_batch.shape[0]
            on_epoch()
        with torch.no_grad():
            out = net(X_t)
        if w.output == "sigmoid":
            pred = (out[:, 0] > 0).cpu().numpy().astype(np.int64)
        else:
            pred = out.argmax(dim=1).cpu().numpy()
        return (
            float(np.mean(pred == labels)),
            total / m,
            sum(p.numel() * p.element_size() for p in net.parameters()),
        )

    return fit


def _check_epochs(lines: int, w: Workload) -> None:
    if lines != w.epochs + 1:
        raise RuntimeError(
            f"expected one progress line per epoch ({w.epochs + 1}), got {lines}"
        )


#: Each implementation: its preparation function and the data layout it takes.
IMPLS: dict[str, tuple[Callable[[Workload, NDArray, NDArray], Fit], str]] = {
    "scratchnn": (prepare_scratchnn, "columns"),
    "sklearn": (prepare_sklearn, "rows"),
    "torch": (prepare_torch, "rows"),
}
