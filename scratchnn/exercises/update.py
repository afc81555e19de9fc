"""The checker for the exercise of :mod:`scratchnn.update`."""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from ..backprop import backprop
from ..update import update_parameters
from ._harness import (
    CheckResult,
    _call_in_place,
    _entry,
    _expect,
    _MismatchError,
    _network,
    _run_check,
    checker,
)
from ._hints import (
    _HINT_SUBTRACT,
)

_HINT_LEARNING_RATE = (
    "multiply the gradient by the learning rate: W = W - learning_rate * dW"
)


@checker
def check_update_parameters(fn: Callable) -> CheckResult:
    """Check your ``update_parameters(params, grads, learning_rate) -> params``.

    Cases: one step you can check by hand, and one on a seeded network
    ``[3, 4, 1]``. Recognises a bias updated with ``dW``, a division by the
    learning rate, keys deleted from the params passed in, adding the
    gradient, a forgotten learning
    rate and a parameter left out. Changing ``params`` in place as well as
    returning it is not a failure (it works in a training loop); a note
    says that scratchnn's version returns new arrays instead.

    Notes
    -----
    Used in the chapter "Gradient descent: step downhill".
    """

    def case(params: dict, grads: dict, learning_rate: float) -> Callable[[], str]:
        expected = update_parameters(params, grads, learning_rate)
        wrong = {
            _entry("params", k): [
                (2 * P - expected[k], _HINT_SUBTRACT),
                (P - grads[f"d{k}"], _HINT_LEARNING_RATE),
                (
                    P - learning_rate**2 * grads[f"d{k}"],
                    "the learning rate is applied twice: W = W - learning_rate * "
                    "dW, once",
                ),
                (P, f"{k} did not change: update every W{{l}} and b{{l}}"),
                (
                    P - grads[f"d{k}"] / learning_rate,
                    "multiply by the learning rate, do not divide: W = W - "
                    "learning_rate * dW",
                ),
                (
                    P - learning_rate * grads[f"dW{k[1:]}"],
                    f"{k} is updated with dW{k[1:]}: each parameter takes its own "
                    f"gradient, b = b - learning_rate * db",
                ),
            ]
            for k, P in params.items()
        }

        def body() -> str:
            mine = copy.deepcopy(params)
            got = _call_in_place(fn, mine, copy.deepcopy(grads), learning_rate)
            if set(mine) != set(params):
                raise _MismatchError(
                    "your function deleted or added keys of the params you passed "
                    f"in: they are now {sorted(mine)}",
                    "build the new dict alongside, new[k] = params[k] - "
                    "learning_rate * grads['d' + k], without deleting entries of "
                    "the one you were given",
                )
            note = _expect(got, expected, "params", wrong)
            if any(not np.array_equal(mine[k], params[k]) for k in params):
                note = (
                    "your function also changed the params you passed in. That "
                    "works in a training loop, but scratchnn's returns new arrays "
                    "so that you can compare before and after"
                )
            return note

        return body

    net_params, _, Y, AL, caches = _network([3, 4, 1], 4, seed=30)
    hand = (
        {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]])},
        {"dW1": np.array([[0.1, -0.2]]), "db1": np.array([[1.0]])},
    )
    return _run_check(
        "check_update_parameters",
        [
            ("one step by hand: W1 = [[0.95, 2.1]], b1 = [[0.0]]", case(*hand, 0.5)),
            (
                "a seeded network [3, 4, 1], learning_rate 0.1",
                case(net_params, backprop(AL, Y, caches), 0.1),
            ),
        ],
    )
