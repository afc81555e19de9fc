"""Checkers for the exercises of :mod:`scratchnn.optimizers`."""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ..backprop import backprop
from ..optimizers import (
    random_mini_batches,
    update_parameters_with_adam,
    update_parameters_with_momentum,
)
from ._harness import (
    CheckResult,
    _agrees,
    _call,
    _diagnose,
    _entry,
    _kind,
    _MismatchError,
    _network,
    _not_finite,
    _run_check,
    _seed_hint,
    _unpack,
    checker,
)
from ._hints import (
    _HINT_RETURN,
    _HINT_SUBTRACT,
)

_HINT_BIAS_CORRECTION = (
    "divide v and s by (1 - beta1**t) and (1 - beta2**t) before the step: "
    "the bias correction, since both start at 0"
)
_HINT_T = (
    "the bias correction is off by one step: divide by (1 - beta1**t) and "
    "(1 - beta2**t) with t exactly as given (it counts steps from 1); did you "
    "add 1 to t inside the function, or use t - 1?"
)
_HINT_T_OR_SQRT = (
    "the step holds inf or nan: likely causes are a bias correction with t - 1 "
    "(1 - beta1**0 is 0, a division by zero), the square root of a negative s "
    "(s must average dW**2), or epsilon left out of sqrt(s_hat) + epsilon"
)
_HINT_CORRECTED = (
    "return the raw moment {}, beta * old + (1 - beta) * new: the bias-corrected "
    "v_hat and s_hat serve this step only and are not stored"
)
_HINT_V_AT_T1 = (
    "v (here dW, which is either the bias-corrected v_hat or a v missing its "
    "(1 - beta1): v = beta1 * v + (1 - beta1) * dW)"
)
_HINT_SQUARE = "s averages the squared gradients: (1 - beta2) * dW**2"


@checker
def check_random_mini_batches(fn: Callable) -> CheckResult:
    """Check your ``random_mini_batches(X, Y, batch_size, seed)``.

    It returns a list of ``(X_batch, Y_batch)`` pairs. Cases: the batch
    sizes when ``batch_size`` does and does not divide m; every example in
    exactly one batch; examples still paired with their labels (each
    ``Y_batch`` a row of shape ``(1, batch size)``); shuffled across the
    whole set (not cut first and shuffled within each batch); the same seed
    giving the same batches and another seed other ones. Recognises a
    missing last batch, an empty one, a seed ignored, fixed, or tested with
    ``if seed:`` (which treats 0 as no seed).

    Notes
    -----
    Used in the chapter "Take better steps: mini-batches and optimisers".
    """

    def batches(m: int, batch_size: int, seed: int = 0) -> list[tuple]:
        # Column i of X is (i, 10 i) and its label is 100 + i, so each
        # example can be told from the others and from its label.
        X = np.vstack([np.arange(m), 10 * np.arange(m)]).astype(float)
        Y = 100.0 + np.arange(m).reshape(1, m)
        got = _call(fn, X, Y, batch_size, seed)
        if got is None:
            raise _MismatchError("your function returned None", _HINT_RETURN)
        if not isinstance(got, list | tuple):
            raise _MismatchError(f"expected a list of batches, got {_kind(got)}")
        if (
            len(got) == 2
            and all(isinstance(part, list | tuple) for part in got)
            and len(got[0]) == len(got[1]) != 2
        ):
            raise _MismatchError(
                f"got two lists of {len(got[0])} items, expected one list of "
                "(X_batch, Y_batch) pairs",
                "return one list of pairs, [(X_batch, Y_batch), ...], not a list "
                "of X batches and a list of Y batches: zip them, "
                "list(zip(X_batches, Y_batches))",
            )
        pairs = [_unpack(pair, ("X_batch", "Y_batch"), "each batch") for pair in got]
        return [
            (np.asarray(Xb, dtype=float), np.asarray(Yb, dtype=float))
            for Xb, Yb in pairs
        ]

    def sizes(m: int, batch_size: int) -> Callable[[], None]:
        expected = [min(batch_size, m - k) for k in range(0, m, batch_size)]

        wrong = [
            (
                lambda got: got == expected[:-1],
                "the last, smaller batch of the m % batch_size examples left over "
                "is missing: keep it",
            ),
            (
                lambda got: got == [*expected, 0],
                "an empty last batch: add it only when m % batch_size is not 0",
            ),
        ]

        def body() -> None:
            got = [np.shape(Xb)[-1] for Xb, _ in batches(m, batch_size)]
            if got != expected:
                hint = _diagnose(got, wrong)
                raise _MismatchError(
                    f"expected batch sizes {expected}, got {got}", hint
                )

        return body

    def order(seed: int = 0, m: int = 10) -> NDArray:
        return np.concatenate([Xb[0] for Xb, _ in batches(m, 4, seed)])

    def once() -> None:
        if sorted(order()) != list(range(10)):
            raise _MismatchError(
                "some examples are missing or repeated",
                "cut one permutation of range(m) into consecutive slices",
            )

    def paired() -> None:
        for Xb, Yb in batches(10, 4):
            if Yb.shape != (1, Xb.shape[1]):
                raise _MismatchError(
                    f"expected a Y_batch of shape {(1, Xb.shape[1])}, got {Yb.shape}",
                    "slice Y as you slice X, Y[:, ...], so that each Y_batch keeps "
                    "Y's rows: Y[:, permutation], not Y[0, permutation]",
                )
            if not np.array_equal(Yb[0], Xb[0] + 100):
                raise _MismatchError(
                    "X_batch's columns no longer match Y_batch's",
                    "shuffle X and Y with the same permutation: "
                    "permutation = rng.permutation(m), then X[:, permutation] and "
                    "Y[:, permutation]",
                )

    def shuffled() -> None:
        if np.array_equal(order(), np.arange(10)):
            raise _MismatchError(
                "the examples kept their order",
                "shuffle first: permutation = rng.permutation(m)",
            )
        # Cut first and shuffled within each batch: every batch of 4 out of
        # 20 holds the same examples as without shuffling, for every seed.
        blocks = [np.arange(k, k + 4) for k in range(0, 20, 4)]
        if all(
            all(
                np.array_equal(np.sort(Xb[0]), block)
                for (Xb, _), block in zip(batches(20, 4, seed), blocks, strict=False)
            )
            for seed in range(3)
        ):
            raise _MismatchError(
                "with m = 20 and batches of 4, each batch holds examples 0-3, "
                "4-7, ... as without shuffling, only in another order",
                "you cut the batches first and shuffled inside each: shuffle all "
                "m columns first, permutation = rng.permutation(m), then cut "
                "consecutive pieces",
            )

    def other_seed() -> None:
        if np.array_equal(order(0, 20), order(1, 20)):
            raise _MismatchError(
                "seeds 0 and 1 gave the same batches",
                "your function ignores the seed it is given (a fixed seed "
                "inside?): rng = np.random.default_rng(seed)",
            )

    def same_seed() -> str:
        first, second = order(), order()
        if not np.array_equal(first, second):
            raise _MismatchError(
                "two calls with seed 0 gave different batches",
                _seed_hint(lambda seed: not np.array_equal(order(seed), order(seed))),
            )
        X = np.vstack([np.arange(10), 10 * np.arange(10)]).astype(float)
        reference = np.concatenate(
            [Xb[0] for Xb, _ in random_mini_batches(X, 100.0 + X[:1], 4, 0)]
        )
        if np.array_equal(first, reference):
            return "your batches are exactly scratchnn.random_mini_batches's"
        return "your shuffle differs from scratchnn's, which is fine"

    return _run_check(
        "check_random_mini_batches",
        [
            ("m = 10, batch_size = 4: batches of 4, 4 and 2", sizes(10, 4)),
            ("m = 8, batch_size = 4: batches of 4 and 4", sizes(8, 4)),
            ("every example in exactly one batch", once),
            ("examples stay paired with their labels", paired),
            ("the examples are shuffled", shuffled),
            ("the same seed gives the same batches", same_seed),
            ("another seed gives other batches", other_seed),
        ],
    )


@checker
def check_update_parameters_with_momentum(fn: Callable) -> CheckResult:
    """Check your momentum step, ``update_parameters_with_momentum``.

    Your function is called as ``fn(params, grads, v, learning_rate, beta)``
    and returns ``(params, v)``. Cases: a first step from zero velocities,
    and a step from non-zero ones (learning rate 0.1, beta 0.9). Recognises a
    missing or misplaced ``(1 - beta)`` and adding the step.

    Notes
    -----
    Used in the chapter "Take better steps: mini-batches and optimisers".
    """
    params, grads, v, _ = _optimizer_state(60)
    zeros = {k: np.zeros_like(G) for k, G in grads.items()}
    one_minus_beta = (
        "v = beta * v + (1 - beta) * dW: the new gradient gets the weight "
        "(1 - beta), the old velocity beta"
    )

    def case(v: dict, learning_rate: float = 0.1, beta: float = 0.9) -> Callable:
        new_params, new_v = update_parameters_with_momentum(
            params, grads, v, learning_rate, beta
        )
        wrong = {}
        for k, G in grads.items():
            wrong[_entry("v", k)] = [
                (beta * v[k] + G, one_minus_beta),
                ((1 - beta) * v[k] + beta * G, one_minus_beta),
                (
                    beta * v[k] + (1 - beta) * learning_rate * G,
                    "the learning rate belongs in the step, not in v: v = beta * "
                    "v + (1 - beta) * dW, then W = W - learning_rate * v",
                ),
                (
                    beta * v[k] - learning_rate * G,
                    "the learning rate belongs in the step, not in v: v = beta * "
                    "v + (1 - beta) * dW, then W = W - learning_rate * v",
                ),
            ]
            P = params[k[1:]]
            wrong[_entry("params", k[1:])] = [
                (2 * P - new_params[k[1:]], _HINT_SUBTRACT),
                (
                    P - learning_rate * G,
                    "step with the velocity, not the gradient: "
                    "W = W - learning_rate * v",
                ),
                (
                    P - learning_rate * v[k],
                    "compute the new velocity first, then step with it: the step "
                    "used the velocity passed in",
                ),
            ]
        args = (params, grads, v, learning_rate, beta)
        names, order = ("params", "v"), ("v", "params")
        return _agrees(
            fn, update_parameters_with_momentum, args, names, wrong, compare=order
        )

    return _run_check(
        "check_update_parameters_with_momentum",
        [
            ("a first step from zero velocities", case(zeros)),
            ("a step from non-zero velocities", case(v)),
        ],
    )


@checker
def check_update_parameters_with_adam(fn: Callable) -> CheckResult:
    """Check your Adam step, ``update_parameters_with_adam``.

    Your function is called as ``fn(params, grads, v, s, t, learning_rate,
    beta1, beta2, epsilon)`` and returns ``(params, v, s)``. Cases: the first
    step (``t = 1``) from zero moments, and a third step from non-zero ones
    (learning rate 0.01, the usual betas and epsilon). Recognises a step
    without the square root, epsilon inside it, s with beta1, s_hat
    corrected with beta1, a step with the old v, 1 - beta * t, a missing
    bias correction, a missing ``(1 - beta1)``, beta2 in ``v``, a gradient not
    squared in ``s`` and adding the step.

    Notes
    -----
    Used in the chapter "Take better steps: mini-batches and optimisers".
    """
    params, grads, v, s = _optimizer_state(70)
    zeros = {k: np.zeros_like(G) for k, G in grads.items()}
    beta1, beta2, epsilon = 0.9, 0.999, 1e-8

    def case(v: dict, s: dict, t: int, learning_rate: float = 0.01) -> Callable:
        args = (params, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
        new_params, new_v, new_s = update_parameters_with_adam(*args)
        wrong = {}
        for k, G in grads.items():
            P, step = params[k[1:]], new_v[k] / (np.sqrt(new_s[k]) + epsilon)
            wrong[_entry("params", k[1:])] = [
                (P - learning_rate * step, _HINT_BIAS_CORRECTION),
                (2 * P - new_params[k[1:]], _HINT_SUBTRACT),
                (P - learning_rate * _adam_step(new_v[k], new_s[k], t + 1), _HINT_T),
            ]
            V, S = new_v[k], new_s[k]
            v_hat, s_hat = V / (1 - beta1**t), S / (1 - beta2**t)
            with np.errstate(all="ignore"):
                steps = [
                    (
                        v_hat / (s_hat + epsilon),
                        "the step divides by the square root: "
                        "v_hat / (np.sqrt(s_hat) + epsilon); the sqrt is missing",
                    ),
                    (
                        v_hat / np.sqrt(s_hat + epsilon),
                        "epsilon goes outside the "
                        "square root: v_hat / (np.sqrt(s_hat) + epsilon)",
                    ),
                    (
                        v_hat / (np.sqrt(S / (1 - beta1**t)) + epsilon),
                        "s_hat is corrected with beta2: s / (1 - beta2**t), not beta1",
                    ),
                    (
                        v[k] / (1 - beta1**t) / (np.sqrt(s_hat) + epsilon),
                        "the step "
                        "uses the new v: update v first, then step with its corrected "
                        "value, not with the v passed in",
                    ),
                    (
                        V / (1 - beta1 * t) / (np.sqrt(S / (1 - beta2 * t)) + epsilon),
                        "the bias correction raises beta to the power t: 1 - beta1**t, "
                        "not 1 - beta1 * t",
                    ),
                ]
            for value, hint in steps:
                wrong[_entry("params", k[1:])].append((P - learning_rate * value, hint))
            wrong[_entry("params", k[1:])].append((_not_finite, _HINT_T_OR_SQRT))
            if t > 1:
                step = _adam_step(new_v[k], new_s[k], t - 1)
                wrong[_entry("params", k[1:])].append(
                    (P - learning_rate * step, _HINT_T)
                )
            corrected = "v" if t > 1 else _HINT_V_AT_T1
            wrong[_entry("v", k)] = [
                (new_v[k] / (1 - beta1**t), _HINT_CORRECTED.format(corrected)),
                (beta1 * v[k] + G, "v = beta1 * v + (1 - beta1) * dW"),
                (
                    beta2 * v[k] + (1 - beta2) * G,
                    "v = beta1 * v + (1 - beta1) * dW: beta1 for v, beta2 for s",
                ),
            ]
            wrong[_entry("s", k)] = [
                (new_s[k] / (1 - beta2**t), _HINT_CORRECTED.format("s")),
                (beta2 * s[k] + (1 - beta2) * G, _HINT_SQUARE),
                (
                    beta1 * s[k] + (1 - beta1) * G**2,
                    "s = beta2 * s + (1 - beta2) * dW**2: beta2 for s, beta1 for v",
                ),
            ]
        names, order = ("params", "v", "s"), ("v", "s", "params")
        return _agrees(
            fn, update_parameters_with_adam, args, names, wrong, compare=order
        )

    return _run_check(
        "check_update_parameters_with_adam",
        [
            (
                "the first step, t = 1, from zero moments",
                case(zeros, copy.deepcopy(zeros), 1),
            ),
            ("a third step, t = 3, from non-zero moments", case(v, s, 3)),
        ],
    )


def _adam_step(v: NDArray, s: NDArray, t: int) -> NDArray:
    """Adam's step direction for moments v and s, corrected as at step t."""
    v_hat, s_hat = v / (1 - 0.9**t), s / (1 - 0.999**t)
    return v_hat / (np.sqrt(s_hat) + 1e-8)


def _optimizer_state(seed: int) -> tuple[dict, dict, dict, dict]:
    """A seeded network's params and grads, and two non-zero moment dicts."""
    params, _, Y, AL, caches = _network([3, 4, 1], 5, seed=seed)
    grads = {k: v for k, v in backprop(AL, Y, caches).items() if k[1] != "A"}
    rng = np.random.default_rng(seed + 2)
    v = {k: 0.1 * rng.standard_normal(G.shape) for k, G in grads.items()}
    s = {k: 0.01 * rng.random(G.shape) for k, G in grads.items()}
    return params, grads, v, s
