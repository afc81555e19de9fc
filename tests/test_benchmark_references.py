"""The benchmark's plain-numpy references do scratchnn's arithmetic.

``benchmarks/references.py`` holds two numpy networks that serve as yardsticks
for the GEMM share. A yardstick that computed something else (a wrong gradient,
a skipped layer) would make the comparison meaningless, so one full-batch step
of each is checked against scratchnn's forward pass, backpropagation and
update on the same weights.
"""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import references
from benchmarks.workloads import Workload
from scratchnn import forward_prop, update_parameters
from scratchnn.backprop import backprop

CASES = {
    "softmax": ((5, 4, 3, 3), np.array([0, 1, 2, 1, 0, 2, 2, 1])),
    "sigmoid": ((5, 4, 1), np.array([0, 1, 1, 0, 1, 0, 0, 1])),
}


@pytest.mark.parametrize("output", sorted(CASES))
@pytest.mark.parametrize("name", sorted(references.REFERENCES))
def test_one_step_matches_scratchnn(monkeypatch, name, output):
    dims, labels = CASES[output]
    m, lr = labels.size, 0.5
    # One epoch of one full batch: fit runs epochs + 1 = 1 step.
    w = Workload("t", "t", dims, output, m, 0, lr, "float64", m)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((m, dims[0]))
    shapes = zip(dims[:-1], dims[1:], strict=False)
    Ws = [rng.standard_normal(shape) for shape in shapes]
    bs = [rng.standard_normal(b) for b in dims[1:]]
    params = {}
    for l, (W, b) in enumerate(zip(Ws, bs, strict=True), start=1):
        params[f"W{l}"], params[f"b{l}"] = W.T.copy(), b[:, None].copy()
    monkeypatch.setattr(references, "_network", lambda w, dtype: (Ws, bs))

    prepare, layout = references.REFERENCES[name]
    assert layout == "rows"
    accuracy, cost, param_bytes = prepare(w, X, labels)(lambda: None)

    Y = references._targets_rows(w, labels, X.dtype).T
    AL, caches = forward_prop(X.T, params, "relu", output)
    grads = backprop(AL, Y, caches, "relu", output)
    expected = update_parameters(params, grads, lr)
    for l, (W, b) in enumerate(zip(Ws, bs, strict=True), start=1):
        np.testing.assert_allclose(W.T, expected[f"W{l}"], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(b, expected[f"b{l}"][:, 0], rtol=1e-12, atol=1e-12)
    if output == "softmax":
        expected_cost = -np.sum(Y * np.log(AL)) / m
    else:
        expected_cost = -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    assert cost == pytest.approx(expected_cost, rel=1e-12)
    assert param_bytes == sum(P.nbytes for P in params.values())
    assert 0.0 <= accuracy <= 1.0


def test_the_references_learn():
    """A few epochs on separable data bring both to perfect training accuracy."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 4))
    labels = (X[:, 0] + X[:, 1] > 0).astype(np.int64)
    w = Workload("t", "t", (4, 8, 2), "softmax", 20, 30, 0.5, "float64", 200)
    for prepare, _ in references.REFERENCES.values():
        accuracy, cost, _ = prepare(w, X, labels)(lambda: None)
        assert accuracy >= 0.97
        assert cost < 0.1
