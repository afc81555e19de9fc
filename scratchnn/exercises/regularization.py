"""Checkers for the exercises of :mod:`scratchnn.regularization`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ..regularization import dropout_mask, l2_penalty
from ._harness import (
    CheckResult,
    _agrees,
    _call,
    _diagnose,
    _expect,
    _MismatchError,
    _network,
    _run_check,
    _show,
    checker,
)
from ._hints import (
    _HINT_DROP_SWAPPED,
    _HINT_KEEP_PROB,
    _HINT_ONE_OVER_M,
    _HINT_RETURN,
    _HINT_SHAPES,
)


@checker
def check_l2_penalty(fn: Callable) -> CheckResult:
    """Check your ``l2_penalty(params, lambd, m) -> float``.

    The penalty is ``lambd / (2 m) * sum_l ||W{l}||^2``. Cases: a network
    to check by hand, a seeded one, and ``lambd = 0``. Recognises norms not
    squared, the square of a sum, ``lambd / 2 * m``, the last layer left
    out, penalised
    biases, a missing 1/2 and a missing 1/m.

    Notes
    -----
    Used in the chapter "Regularise: L2 and dropout".
    """

    def case(params: dict, lambd: float, m: int) -> Callable:
        J = l2_penalty(params, lambd, m)
        L = len(params) // 2
        weights = [params[f"W{l}"] for l in range(1, L + 1)]
        squares = sum(float(np.sum(W**2)) for W in weights)
        squares_but_last = squares - float(np.sum(weights[-1] ** 2))
        b_squares = sum(float(np.sum(P**2)) for k, P in params.items() if k[0] == "b")
        wrong = [
            (
                J + lambd / (2 * m) * b_squares,
                "the biases are not penalised: sum over W{l} only",
            ),
            (2 * J, "the factor is lambd / (2 m): the 1/2 is missing"),
            (m * J, _HINT_ONE_OVER_M),
            (
                lambd / 2 * m * squares,
                "lambd / 2 * m multiplies by m: write lambd / (2 * m), with brackets",
            ),
            (
                lambd / (2 * m) * sum(float(np.linalg.norm(W)) for W in weights),
                "square each norm: the penalty sums the squared entries, "
                "np.sum(W**2) (or np.linalg.norm(W)**2), not the norms",
            ),
            (
                lambd / (2 * m) * sum(float(np.sum(W)) ** 2 for W in weights),
                "square each entry, then sum: np.sum(W**2), not np.sum(W)**2",
            ),
            (
                lambd / (2 * m) * squares_but_last,
                "the last layer's weights are left out: sum over every W{l}, l = 1 "
                "to L, with L = len(params) // 2 (range(1, L + 1))",
            ),
        ]
        return _agrees(
            fn, l2_penalty, (params, lambd, m), ("penalty",), {"penalty": wrong}
        )

    hand = {
        "W1": np.array([[1.0, 2.0]]),
        "b1": np.array([[5.0]]),
        "W2": np.array([[3.0]]),
        "b2": np.array([[1.0]]),
    }
    seeded = _network([3, 4, 2, 1], 1, seed=80)[0]
    return _run_check(
        "check_l2_penalty",
        [
            ("W1 = [[1, 2]], W2 = [[3]], lambd 0.1, m 5: 0.14", case(hand, 0.1, 5)),
            ("a seeded network [3, 4, 2, 1], lambd 0.7, m 8", case(seeded, 0.7, 8)),
            ("lambd = 0 gives 0", case(seeded, 0.0, 8)),
        ],
    )


@checker
def check_dropout_mask(fn: Callable) -> CheckResult:
    """Check your ``dropout_mask(shape, keep_prob, rng) -> D``.

    ``rng`` is a :class:`numpy.random.Generator`; ``D`` holds ``1 / keep_prob`` for
    a kept unit and 0 for a dropped one.
    Cases: the shape and values; about ``keep_prob`` of the units kept;
    every unit kept when ``keep_prob = 1``; the draws taken from ``rng``.
    Recognises a mask not divided by ``keep_prob`` and the comparison the
    wrong way round.

    Notes
    -----
    Used in the chapter "Regularise: L2 and dropout".
    """

    def mask(shape: tuple, keep_prob: float, seed: int = 0) -> NDArray:
        D = _call(fn, shape, keep_prob, np.random.default_rng(seed))
        if D is None:
            raise _MismatchError("your function returned None", _HINT_RETURN)
        if np.shape(D) != shape:
            raise _MismatchError(f"expected a mask of shape {shape}, got {np.shape(D)}")
        return np.asarray(D, dtype=float)

    def values() -> None:
        D = mask((4, 5), 0.8)
        if not np.all(np.isin(D, [0.0, 1 / 0.8])):
            hint = _diagnose(
                D,
                [
                    (lambda D: np.all(np.isin(D, [0, 1])), _HINT_KEEP_PROB),
                    (
                        lambda D: np.all(np.isin(D, [0, 0.8])),
                        "multiplied by keep_prob where inverted dropout divides: "
                        "D = (rng.random(shape) < keep_prob) / keep_prob",
                    ),
                    (
                        lambda D: np.unique(D).size > 2,
                        "the mask holds the random numbers themselves: compare "
                        "them with keep_prob first, (rng.random(shape) < "
                        "keep_prob) / keep_prob",
                    ),
                ],
            )
            raise _MismatchError(
                f"expected only 0 and 1 / keep_prob = 1.25, got {_show(np.unique(D))}",
                hint,
            )

    def fraction() -> None:
        kept = float(np.mean(mask((200, 100), 0.8) != 0))
        if abs(kept - 0.8) > 0.02:
            hint = _HINT_DROP_SWAPPED if abs(kept - 0.2) < 0.02 else ""
            raise _MismatchError(
                f"kept {kept:.1%} of the units with keep_prob 0.8", hint
            )

    def all_kept() -> None:
        _expect(mask((3, 4), 1.0), np.ones((3, 4)), "the mask")

    def from_rng() -> str:
        first = mask((4, 5), 0.5)
        if not np.array_equal(first, mask((4, 5), 0.5)) or np.array_equal(
            first, mask((4, 5), 0.5, seed=1)
        ):
            raise _MismatchError(
                "the mask does not follow the rng it is given",
                "draw from the rng argument, rng.random(shape), not from np.random",
            )
        if np.array_equal(first, dropout_mask((4, 5), 0.5, np.random.default_rng(0))):
            return "your masks are exactly scratchnn.dropout_mask's"
        return "your masks differ from scratchnn's, which is fine"

    return _run_check(
        "check_dropout_mask",
        [
            ("shape (4, 5), keep_prob 0.8: values 0 and 1.25", values),
            ("about 80% kept with keep_prob 0.8", fraction),
            ("keep_prob 1 keeps every unit", all_kept),
            ("the mask comes from the rng", from_rng),
        ],
        _HINT_SHAPES,
        {
            (TypeError, ""): "rng.random takes the shape as one tuple, "
            "rng.random(shape), not rng.random(*shape) (np.random.rand's style)",
        },
    )
