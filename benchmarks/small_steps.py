"""One training step of a small network, scratchnn's beside the clean reference's.

``python -m benchmarks.step_breakdown --workload tiny`` (or ``digits``) calls
:func:`report`. On the small workloads a step takes tens of microseconds and
the matrix products are a small part of it: what counts is how many numpy
calls a step makes and what Python does around them. Each line is one part
of a step on one batch of the workload, timed in a loop (the fastest of seven
samples, in microseconds), first through scratchnn's public steps, each
checked at its door as a learner calls it (inside ``model`` the steps' inner
calls skip their checks, so a step there costs a little less), then as
``numpy-rows`` (:mod:`benchmarks.references`) does, then the per-call costs
that make the difference: a guard against the body it guards.

Only public API is used: a body without its guard is
``inspect.unwrap(fn)``, the function that ``functools.wraps`` recorded.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from .impls import _targets_columns
from .references import _cost, _forward, _network, _output
from .workloads import Workload, make_data


def report(w: Workload, timed_samples: Callable) -> None:
    from scratchnn import (
        OPTIMIZERS,
        backprop,
        convert_params,
        forward_prop,
        init_params,
        layer_gradients,
        linear_forward,
    )
    from scratchnn.activations import relu, sigmoid
    from scratchnn.cost import OUTPUT_COSTS

    def best(f):
        f()
        return min(timed_samples(f, 7, 2000)) * 1e6

    b, lr, out = w.batch_size, 1e-30, w.output  # lr: the weights hardly move
    X, labels = make_data(w, "columns")
    XT = np.ascontiguousarray(X.T)
    YT = np.ascontiguousarray(_targets_columns(w, labels, X.dtype).T)
    k = np.random.default_rng(0).permutation(w.m)[:b]
    params = init_params(list(w.layer_dims), seed=0, method="he")
    params = convert_params(params, X.dtype)
    X_b, Y_b = XT[k].T, YT[k].T
    cost = OUTPUT_COSTS[out]
    gd_step = OPTIMIZERS["gd"].step  # model's update: into the params' arrays

    def step():
        X_b, Y_b = XT[k].T, YT[k].T
        AL, caches = forward_prop(X_b, params, "relu", out)
        cost(AL, Y_b)
        grads = backprop(AL, Y_b, caches, "relu", out)
        gd_step(params, grads, None, lr, {})

    Ws, bs = _network(w, X.dtype)
    output, L = _output(w), len(Ws)
    Xr, Yr = XT, YT  # numpy-rows takes the data in rows

    def rows_step():
        A_in, Yb = Xr[k], Yr[k]
        activations = _forward(A_in, Ws, bs, output)
        A = activations[-1]
        _cost(w, A, Yb)
        dZ = (A - Yb) / len(k)
        for l in reversed(range(L)):
            dW, db = activations[l].T @ dZ, dZ.sum(axis=0)
            if l > 0:
                dZ = (dZ @ Ws[l].T) * (activations[l] > 0)
            Ws[l] -= lr * dW
            bs[l] -= lr * db

    # The bodies alone, without their guards (public Python: inspect.unwrap
    # follows the __wrapped__ that functools.wraps sets on every guard).
    linear_forward_body = inspect.unwrap(linear_forward)
    layer_gradients_body = inspect.unwrap(layer_gradients)
    AL, caches = forward_prop(X_b, params, "relu", out)
    grads = backprop(AL, Y_b, caches, "relu", out)
    Z1 = caches[0][1]
    W1, b1 = params["W1"], params["b1"]
    rows = [
        (f"{w.title}, batch {b}: microseconds per call", None),
        ("scratchnn, its public steps (each checked)", None),
        ("gather the batch: XT[k].T, YT[k].T", lambda: (XT[k].T, YT[k].T)),
        ("forward_prop", lambda: forward_prop(X_b, params, "relu", out)),
        (f"{cost.__name__}", lambda: cost(AL, Y_b)),
        ("backprop (no dA0)", lambda: backprop(AL, Y_b, caches, "relu", out)),
        ("model's update, OPTIMIZERS['gd'], in place",
         lambda: gd_step(params, grads, None, lr, {})),
        ("the whole step", step),
        ("numpy-rows, the same step", None),
        ("forward", lambda: _forward(Xr[k], Ws, bs, output)),
        ("the whole step", rows_step),
        ("per-call costs inside a step", None),
        ("linear_forward through its guard", lambda: linear_forward(X_b, W1, b1)),
        ("its body alone (inspect.unwrap)",
         lambda: linear_forward_body(X_b, W1, b1)),
        ("W @ A_prev + b", lambda: W1 @ X_b + b1),
        ("relu(Z1): Z1.clip(0, np.inf)", lambda: relu(Z1)),
        ("np.maximum(Z1, 0)", lambda: np.maximum(Z1, 0)),
        ("sigmoid(AL), with its np.errstate", lambda: sigmoid(AL)),
        ("np.errstate(under='ignore') alone", _errstate),
        ("the cost's clip bound: np.finfo", lambda: np.finfo(AL.dtype).eps),
        ("layer_gradients of layer 1", lambda: layer_gradients(
            grads_dZ(caches), X_b)),
        ("its body alone (inspect.unwrap)", lambda: layer_gradients_body(
            grads_dZ(caches), X_b)),
    ]  # fmt: skip
    for name, f in rows:
        if f is None:
            print(f"\n{name}")
        else:
            print(f"  {name:46} {best(f):8.2f}")


def grads_dZ(caches):
    Z = caches[0][1]
    return np.ones_like(Z)


def _errstate():
    with np.errstate(under="ignore"):
        pass
