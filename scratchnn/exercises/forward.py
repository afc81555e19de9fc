"""Checkers for the exercises of :mod:`scratchnn.forward`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ..activations import sigmoid
from ..forward import forward_prop, linear_forward
from ._harness import (
    CheckResult,
    _agrees,
    _call,
    _expect,
    _kind,
    _MismatchError,
    _network,
    _normal,
    _run_check,
    _unpack,
    checker,
)


@checker
def check_linear_forward(fn: Callable) -> CheckResult:
    """Check your ``linear_forward(A_prev, W, b) -> (Z, cache)``.

    Cases: a one-unit layer to check by hand, a seeded random layer, a
    square layer (where a wrong transpose or product order still runs), and
    the cache ``(A_prev, W, b)``.

    Notes
    -----
    Used in the chapter "Forward propagation".
    """
    hand = (
        np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]]),
        np.array([[1.0, 2.0]]),
        np.array([[0.5]]),
    )
    rand = (_normal(3, 3, 5), _normal(4, 4, 3), _normal(5, 4, 1))
    A, W, b = square = (_normal(6, 3, 3), _normal(7, 3, 3), _normal(8, 3, 1))
    wrong = {
        "Z": [
            (W @ A, "add the bias: Z = W @ A_prev + b"),
            (
                W.T @ A + b,
                "W already has shape (n, n_prev): Z = W @ A_prev + b, "
                "with no transpose",
            ),
            (
                A @ W + b,
                "the product is in the wrong order: Z = W @ A_prev + b, W on the left",
            ),
        ]
    }

    def case(args: tuple, compare: str = "Z") -> Callable:
        names = ("Z", "cache")
        return _agrees(fn, linear_forward, args, names, wrong, compare=[compare])

    return _run_check(
        "check_linear_forward",
        [
            ("Z for a one-unit layer (by hand: [[5.5, 2.5, -0.5]])", case(hand)),
            ("a seeded random layer: 4 units, 3 inputs, 5 examples", case(rand)),
            ("a square layer: 3 units, 3 inputs, 3 examples", case(square)),
            ("the cache is (A_prev, W, b)", case(rand, "cache")),
        ],
        "Z = W @ A_prev + b: W of shape (n, n_prev) on the left, A_prev of shape "
        "(n_prev, m) on the right; check the order of the product",
    )


def _linear_hidden(X: NDArray, params: dict) -> NDArray:
    """AL of a forward pass whose hidden layers have no activation."""
    A, L = X, len(params) // 2
    for l in range(1, L + 1):
        A = params[f"W{l}"] @ A + params[f"b{l}"]
    return sigmoid(A)[0]


@checker
def check_forward_prop(fn: Callable) -> CheckResult:
    """Check your ``forward_prop(X, params) -> (AL, caches)``, sigmoid everywhere.

    Cases: a one-layer network to check by hand, ``AL`` and the caches
    ``((A_prev, W, b), Z)`` of a seeded network ``[3, 4, 2, 1]``. Computing
    in float32 passes (the tolerance follows your dtype). Recognises ``Z``
    returned for ``AL``, a loop that stops a layer early, hidden layers
    left linear and ``A`` cached for ``Z``.

    Notes
    -----
    Used in the chapter "Forward propagation".
    """
    hand = (
        np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 0.0]]),
        {"W1": np.array([[1.0, -1.0]]), "b1": np.zeros((1, 1))},
    )
    params, X, _, AL, caches = _network([3, 4, 2, 1], 5)
    L = len(caches)
    wrong = {
        "AL": [
            (caches[-1][1], "AL = sigmoid(Z) of the last layer: did you return Z?"),
            (
                caches[-1][0][0],
                "your loop stops one layer early: for l in range(1, L + 1)",
            ),
            (
                _linear_hidden(X, params),
                "apply the activation in every layer, A = sigmoid(Z), not only "
                "in the last: the hidden layers are left linear (A = Z)",
            ),
        ]
    }

    def cached() -> None:
        _, got = _unpack(_call(fn, X, params), ("AL", "caches"))
        if not isinstance(got, list | tuple) or len(got) != L:
            count = len(got) if isinstance(got, list | tuple) else _kind(got)
            raise _MismatchError(
                f"expected a list of {L} caches, one per layer, got {count}",
                "append one cache ((A_prev, W, b), Z) per layer inside the loop",
            )
        for l, (cache, (linear, Z)) in enumerate(zip(got, caches, strict=True), 1):
            got_linear, got_Z = _unpack(
                cache, ("linear_cache", "Z"), f"the cache of layer {l}"
            )
            names = ("A_prev", "W", "b")
            parts = _unpack(got_linear, names, f"the linear cache of layer {l}")
            for part, value, name in zip(parts, linear, names, strict=True):
                _expect(part, value, f"{name} in the cache of layer {l}")
            what = f"Z in the cache of layer {l}"
            _expect(
                got_Z,
                Z,
                what,
                {
                    what: [
                        (
                            sigmoid(Z)[0],
                            "keep Z, not A, in the cache: the backward step needs Z",
                        )
                    ]
                },
            )

    def AL_of(args: tuple) -> Callable:
        names = ("AL", "caches")
        return _agrees(fn, forward_prop, args, names, wrong, compare=["AL"])

    return _run_check(
        "check_forward_prop",
        [
            (
                "AL for a one-layer network (by hand: sigmoid of [[0, 0, 2]])",
                AL_of(hand),
            ),
            ("AL for a seeded network [3, 4, 2, 1], 5 examples", AL_of((X, params))),
            (f"the {L} caches ((A_prev, W, b), Z) of that network", cached),
        ],
    )
