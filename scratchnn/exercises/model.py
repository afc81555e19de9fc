"""The checker for the exercise of :mod:`scratchnn.model`."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..backprop import backprop
from ..datasets import make_xor
from ..forward import forward_prop
from ..init import init_params
from ..model import model, predict
from ..update import update_parameters
from ._harness import (
    RTOL,
    CheckResult,
    _call,
    _close,
    _expect_keys_and_shapes,
    _fmt,
    _MismatchError,
    _run_check,
    _unpack,
    checker,
)
from ._hints import (
    _HINT_CLIP,
    _HINT_PARAM_SHAPES,
)


@checker
def check_model(fn: Callable) -> CheckResult:
    """Check your ``model(X, Y, layer_dims, learning_rate, num_iterations, seed)``.

    Trains your model on a small XOR set (40 points, ``layer_dims
    [2, 8, 1]``, learning rate 5, 500 iterations, seed 0) and checks that it
    returns ``(params, costs)`` with one cost per iteration, that the cost
    falls and that the training accuracy exceeds 90%. Checks that
    ``num_iterations`` = 1 and 3 take exactly 1 and 3 steps of gradient
    descent, replayed with scratchnn's functions from your own initial
    params (your model with a learning rate of 1e-300, which moves
    nothing). Then trains ``layer_dims [2, 3, 1]`` for 2 iterations, four
    times, to check that ``layer_dims``,
    ``num_iterations`` (at most 2 costs), ``learning_rate`` and ``seed``
    are used. Your model may initialise differently from scratchnn's: a
    note says whether your final cost is the same as
    :func:`scratchnn.model`'s.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    X, Y = make_xor(m=40, noise=0.0, seed=0)
    args = (X, Y, [2, 8, 1], 5.0, 500, 0)

    def train(*options: Any) -> tuple[Mapping, NDArray]:
        params, costs = _unpack(_call(fn, X, Y, *options), ("params", "costs"))
        if isinstance(costs, Mapping) and not isinstance(params, Mapping):
            raise _MismatchError(
                "your model returned (costs, params), a list of costs first",
                "return params, costs: the parameters first, then the costs",
            )
        _expect_keys_and_shapes(
            params, init_params(options[0]), "params", _HINT_PARAM_SHAPES
        )
        return params, np.ravel(np.asarray(costs, dtype=float))

    outcome: list = []  # train once, not once per case: the result or the failure

    def run() -> tuple[Mapping, NDArray]:
        if not outcome:
            try:
                params, costs = train(*args[2:])
                if costs.size < 2:
                    raise _MismatchError(
                        f"expected a list of costs, got {costs.size} of them",
                        "append the cost of every iteration to a list",
                    )
                outcome.append((params, costs))
            except Exception as failure:
                outcome.append(failure)
        if isinstance(outcome[0], Exception):
            raise outcome[0]
        return outcome[0]

    def returns() -> None:
        costs = run()[1]
        if costs.size != args[4]:
            hint = (
                "the loop runs one iteration too few: range(1, num_iterations) "
                "runs num_iterations - 1 times, range(num_iterations) all of them"
                if costs.size == args[4] - 1
                else "append the cost of every iteration to costs, inside the "
                "loop, once per iteration"
            )
            raise _MismatchError(
                f"expected {args[4]} costs, one per iteration, got {costs.size}",
                hint,
            )

    def steps() -> None:
        """num_iterations steps of gradient descent from your own start."""
        dims, rate = [2, 3, 1], 0.5
        # A learning rate of 1e-300 changes no parameter: where you start.
        start = train(dims, 1e-300, 2, 1)[0]
        for n in (1, 3):
            got = train(dims, rate, n, 1)[0]
            replay = [{k: np.asarray(v, dtype=float) for k, v in start.items()}]
            for _ in range(n + 2):
                P = replay[-1]
                AL, caches = forward_prop(X, P)
                replay.append(update_parameters(P, backprop(AL, Y, caches), rate))
            took = [
                k
                for k, P in enumerate(replay)
                if all(_close(got[key], P[key]) for key in P)
            ]
            if not took or took[0] == n:
                continue
            k = took[0]
            hint = {
                n - 1: "range(1, num_iterations) runs num_iterations - 1 times: "
                "loop for i in range(num_iterations)",
                n + 1: "range(num_iterations + 1) runs one step too many: loop "
                "for i in range(num_iterations)",
            }.get(k, "the loop ignores num_iterations: for i in range(num_iterations)")
            raise _MismatchError(
                f"num_iterations = {n} took {k} step{'' if k == 1 else 's'} of "
                "gradient descent (replayed from your own initial params)",
                hint,
            )

    def falls() -> str:
        costs = run()[1]
        if not np.all(np.isfinite(costs)):
            raise _MismatchError("the cost became inf or nan", _HINT_CLIP)
        if costs[-1] >= costs[0]:
            raise _MismatchError(
                f"the cost went from {_fmt(costs[0])} to {_fmt(costs[-1])}",
                "your cost does not fall: does the update subtract the gradient, "
                "and does each iteration use the updated params?",
            )
        reference = model(*args)[1][-1]
        if math.isclose(costs[-1], reference, rel_tol=RTOL):
            return f"final cost {_fmt(costs[-1])}, the same as scratchnn.model's"
        return (
            f"final cost {_fmt(costs[-1])}; scratchnn.model reaches {_fmt(reference)} "
            "from its own initialisation, which yours need not match"
        )

    def learns() -> str:
        params = run()[0]
        accuracy = float(
            np.mean(
                predict(X, {k: np.asarray(v, dtype=float) for k, v in params.items()})
                == Y
            )
        )
        if accuracy <= 0.9:
            raise _MismatchError(
                f"training accuracy {accuracy:.0%}, expected above 90%", ""
            )
        return f"training accuracy {accuracy:.0%}"

    def used() -> None:
        def vector(learning_rate: float, seed: int) -> NDArray:
            dims = [2, 3, 1]
            params, costs = train(dims, learning_rate, 2, seed)
            if costs.size == 3:
                raise _MismatchError(
                    "num_iterations = 2 gave 3 costs, one too many",
                    "record one cost per iteration, inside the loop: a cost "
                    "recorded before the loop too, or range(num_iterations + 1)?",
                )
            if costs.size > 2:
                raise _MismatchError(
                    f"num_iterations = 2 gave {costs.size} costs",
                    "your model ignores num_iterations: loop for i in "
                    "range(num_iterations)",
                )
            keys = init_params(dims)
            return np.concatenate([np.ravel(params[k]) for k in keys]).astype(float)

        first = vector(0.5, 1)
        if not np.array_equal(first, vector(0.5, 1)):
            raise _MismatchError(
                "two runs with seed 1 gave different params",
                "initialise from the seed you are given: init_params(layer_dims, seed)",
            )
        if np.array_equal(first, vector(0.5, 2)):
            W1 = first[:6].reshape(3, 2)
            raise _MismatchError(
                "seeds 1 and 2 gave the same params",
                "the rows of W1 are all equal, as after starting from zero (or "
                "equal) weights: initialise at random, init_params(layer_dims, "
                "seed), never with zeros"
                if np.allclose(W1, W1[:1])
                else "your model ignores the seed: init_params(layer_dims, seed)",
            )
        if np.array_equal(first, vector(1.0, 1)):
            raise _MismatchError(
                "learning rates 0.5 and 1 gave the same params",
                "your model ignores learning_rate: pass it on to the update",
            )

    return _run_check(
        "check_model",
        [
            ("returns (params, costs), one cost per iteration", returns),
            ("the cost falls over 500 iterations", falls),
            ("training accuracy above 90% on XOR", learns),
            (
                "layer_dims, learning_rate, num_iterations and seed are used",
                used,
            ),
            ("num_iterations = 1 and 3 take 1 and 3 steps", steps),
        ],
    )
