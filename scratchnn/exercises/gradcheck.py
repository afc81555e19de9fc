"""The checker for the exercise of :mod:`scratchnn.gradcheck`."""

from __future__ import annotations

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

    def one_sided(g: NDArray, epsilon: float) -> Callable[[NDArray], bool]:
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
        "likely causes: g and n list the parameters in different orders (use W1, "
        "b1, W2, b2, ..., as params_to_vector does); a nudged entry not put back "
        "before the next one is nudged; the epsilon or grads passed in not used"
    )

    def small(*args: Any) -> Callable[[], None]:
        g = params_to_vector({k: grads[f"d{k}"] for k in params})
        is_one_sided = one_sided(g, args[0] if args else 1e-6)

        def body() -> None:
            difference = _number(_call(fn, params, X, Y, *args), "difference")
            if not 0 <= difference < 1e-7:
                raise _MismatchError(
                    f"expected a difference below 1e-7, got {_fmt(difference)}",
                    centred if is_one_sided(difference) else causes,
                )

        return body

    def same(epsilon: float, checked: Mapping) -> Callable[[], str]:
        g = params_to_vector({k: checked[f"d{k}"] for k in params})
        hints = [
            (one_sided(g, epsilon), centred),
            (_near(norm(g - 2 * n) / (norm(g) + 2 * norm(n))), "divide by 2 eps"),
            (_near(norm(g - n) / norm(g)), _HINT_RELATIVE),
            (_near(norm(g - n)), _HINT_RELATIVE),
            (lambda d: True, causes),
        ]

        def body() -> str:
            got = _call(fn, params, X, Y, epsilon, checked)
            expected = gradient_check(params, X, Y, epsilon, checked)
            # Finite differences round: agreement to 4 digits is plenty.
            return _expect_number(
                got, expected, "difference", {"difference": hints}, 1e-4
            )

        return body

    return _run_check(
        "check_gradient_check",
        [
            ("right gradients, epsilon 1e-6: below 1e-7", small(1e-6, grads)),
            ("without grads, backprop's gradients: below 1e-7", small()),
            ("dW1 doubled: the same difference as scratchnn's", same(1e-6, bad)),
            ("epsilon 1e-2: the same difference as scratchnn's", same(1e-2, grads)),
        ],
    )
