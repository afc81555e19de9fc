"""The checker for the exercise of :mod:`scratchnn.gradcheck`."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..backprop import backprop
from ..cost import cost_function
from ..forward import forward_prop
from ..gradcheck import gradient_check, params_to_vector, vector_to_params
from ._harness import (
    CheckResult,
    _call,
    _expect_number,
    _fmt,
    _MismatchError,
    _near,
    _network,
    _number,
    _run_check,
    checker,
)

_HINT_RELATIVE = "the relative difference is ||g - n|| / (||g|| + ||n||)"


@checker
def check_gradient_check(fn: Callable) -> CheckResult:
    """Check your ``gradient_check(params, X, Y, epsilon=1e-6, grads=None)``.

    Your function returns ``||g - n|| / (||g|| + ||n||)`` for the analytic
    gradients g (``grads``, or backprop's when None) and the centred
    differences n. Cases, on a seeded network ``[2, 3, 1]``: right
    gradients give a difference below 1e-7, with and without ``grads``;
    wrong gradients and a large epsilon give scratchnn.gradient_check's
    value. Recognises a one-sided difference (by its value), a missing 2
    in ``2 epsilon`` and another formula for the relative difference, and
    otherwise lists the likely causes. Your function is called with all
    five arguments and with ``params, X, Y`` alone.

    Notes
    -----
    Used in the chapter "Check your gradients".
    """
    params, X, Y, AL, caches = _network([2, 3, 1], 4, seed=50)
    grads = backprop(AL, Y, caches)
    bad = {**grads, "dW1": 2 * grads["dW1"]}
    # The finite differences n are within 1e-9 of backprop's gradients.
    n = params_to_vector({k: grads[f"d{k}"] for k in params})
    norm = np.linalg.norm
    theta = params_to_vector(params)

    def one_sided(g: NDArray, epsilon: float) -> Callable[[Any], bool]:
        """Whether a difference is that of one-sided differences, and g."""

        def J(theta: NDArray) -> float:
            return cost_function(forward_prop(X, vector_to_params(theta, params))[0], Y)

        nudged = theta + epsilon * np.eye(theta.size)
        n1 = np.array([J(row) - J(theta) for row in nudged]) / epsilon
        return _near(norm(g - n1) / (norm(g) + norm(n1)))

    centred = (
        "use the centred difference (J(theta + eps) - J(theta - eps)) / (2 eps), "
        "whose error is of order eps**2, not a one-sided one"
    )
    causes = (
        "likely causes: a nudged entry not put back before the next one is "
        "nudged; g and n list the parameters in different orders (use W1, b1, "
        "W2, b2, ..., as params_to_vector does); the epsilon or grads passed in "
        "not used"
    )

    def behaviour() -> str:
        """A hint from how your function answers other arguments, or ""."""
        with np.errstate(all="ignore"):
            right = _number(_call(fn, params, X, Y, 1e-6, grads), "difference")
            wrong = _number(_call(fn, params, X, Y, 1e-6, bad), "difference")
            wide = _number(_call(fn, params, X, Y, 1e-2, grads), "difference")
        if math.isclose(right, wrong, rel_tol=1e-9, abs_tol=1e-15):
            return (
                "the grads passed in are not used: with dW1 doubled your "
                "difference stays the same; compare the finite differences with "
                "grads when it is given (backprop's only when it is None)"
            )
        if math.isclose(right, wide, rel_tol=1e-9, abs_tol=1e-15):
            return (
                "the epsilon passed in is not used: 1e-6 and 1e-2 give the same "
                "difference; nudge each entry by the epsilon argument"
            )
        for value, hint in (
            (
                abs(norm(g_right) - norm(n)) / (norm(g_right) + norm(n)),
                "the numerator is the norm of the difference, ||g - n||, not the "
                "difference of the norms ||g|| - ||n||",
            ),
            (
                all_at_once(1e-6),
                "nudge one entry at a time: theta_plus = theta.copy(); "
                "theta_plus[i] += epsilon; nudging every entry at once gives one "
                "number for all",
            ),
        ):
            if math.isclose(right, value, rel_tol=1e-3):
                return hint
        if right > 1e-4:
            return (
                "likely causes: a nudged entry not put back before the next is "
                "nudged (theta_plus = theta without .copy() changes theta itself); "
                "g and n list the parameters in different orders (W1, b1, W2, ..., "
                "as params_to_vector does)"
            )
        return ""

    def all_at_once(epsilon: float) -> float:
        def J(theta: NDArray) -> float:
            return cost_function(forward_prop(X, vector_to_params(theta, params))[0], Y)

        slope = (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon)
        n1 = np.full(theta.size, slope)
        return float(norm(g_right - n1) / (norm(g_right) + norm(n1)))

    g_right = params_to_vector({k: grads[f"d{k}"] for k in params})

    def small(*args: Any) -> Callable[[], None]:
        g = params_to_vector({k: grads[f"d{k}"] for k in params})
        is_one_sided = one_sided(g, args[0] if args else 1e-6)

        def body() -> None:
            difference = _number(_call(fn, params, X, Y, *args), "difference")
            if not 0 <= difference < 1e-7:
                hint = centred if is_one_sided(difference) else behaviour() or causes
                raise _MismatchError(
                    f"expected a difference below 1e-7, got {_fmt(difference)}",
                    hint,
                )

        return body

    def same(epsilon: float, checked: Mapping) -> Callable[[], str]:
        g = params_to_vector({k: checked[f"d{k}"] for k in params})
        hints = [
            (one_sided(g, epsilon), centred),
            (_near(norm(g - 2 * n) / (norm(g) + 2 * norm(n))), "divide by 2 eps"),
            (_near(norm(g - n) / norm(g)), _HINT_RELATIVE),
            (_near(norm(g - n)), _HINT_RELATIVE),
            (
                _near(abs(norm(g) - norm(n)) / (norm(g) + norm(n))),
                "the numerator is the norm of the difference, ||g - n||, not the "
                "difference of the norms ||g|| - ||n||",
            ),
            (lambda d: True, causes),
        ]

        def body() -> str:
            got = _call(fn, params, X, Y, epsilon, checked)
            expected = gradient_check(params, X, Y, epsilon, checked)
            # Finite differences round: agreement to 4 digits is plenty.
            try:
                return _expect_number(
                    got, expected, "difference", {"difference": hints[:-1]}, 1e-4
                )
            except _MismatchError as failure:
                if failure.hint:
                    raise
                raise _MismatchError(failure.message, behaviour() or causes) from None

        return body

    return _run_check(
        "check_gradient_check",
        [
            ("right gradients, epsilon 1e-6: below 1e-7", small(1e-6, grads)),
            ("without grads, backprop's gradients: below 1e-7", small()),
            ("dW1 doubled: the same difference as scratchnn's", same(1e-6, bad)),
            ("epsilon 1e-2: the same difference as scratchnn's", same(1e-2, grads)),
        ],
        "g and n have different lengths or shapes: g holds only the parameters' "
        "gradients (dW1, db1, ..., not the dA entries of grads), in params' "
        "order, as params_to_vector({k: grads['d' + k] for k in params}) does",
        {
            (ValueError, "could not be broadcast"): "g and n have different "
            "lengths: g holds only the parameters' gradients (dW1, db1, ..., not "
            "the dA entries of grads), in params' order, as "
            "params_to_vector({k: grads['d' + k] for k in params}) does",
        },
    )
