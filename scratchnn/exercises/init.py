"""The checker for the exercise of :mod:`scratchnn.init`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..init import init_params
from ._harness import (
    CheckResult,
    _call,
    _close,
    _expect_keys_and_shapes,
    _kind,
    _MismatchError,
    _run_check,
    checker,
)
from ._hints import (
    _HINT_KEY,
    _HINT_PARAM_SHAPES,
    _HINT_RETURN,
)

_HINT_NOT_RANDOM = (
    "your weights are not random (all zeros, or one constant), so no seed can "
    "change them: draw them from rng = np.random.default_rng(seed)"
)


@checker
def check_init_params(fn: Callable) -> CheckResult:
    """Check your ``init_params(layer_dims, seed)``.

    Cases: the keys and the shapes of ``W{l}`` and ``b{l}`` for two networks,
    zero biases, weights that are neither zero nor symmetric (all rows of a
    W equal), and the seed honoured (same seed, same weights; another seed,
    other weights). Your weights may be scaled differently from scratchnn's
    (a note says whether they are the same).

    Notes
    -----
    Used in the chapter "Initialise the parameters".
    """
    dims, deep = [3, 4, 1], [2, 5, 3, 1]

    def run(layer_dims: list[int], seed: int) -> Mapping:
        got = _call(fn, layer_dims, seed)
        _expect_keys(got, init_params(layer_dims, seed=0), "params")
        return got

    def shapes(layer_dims: list[int]) -> Callable[[], str]:
        def body() -> str:
            got = run(layer_dims, 0)
            expected = init_params(layer_dims, seed=0)
            _expect_keys_and_shapes(got, expected, "params", _HINT_PARAM_SHAPES)
            return ""

        return body

    def zero_biases() -> None:
        got = run(dims, 0)
        for l in (1, 2):
            if np.any(np.asarray(got[f"b{l}"]) != 0):
                raise _MismatchError(
                    f"b{l} is not all zeros",
                    "start every bias at zero, np.zeros((n, 1)); the random "
                    "weights alone break the symmetry",
                )

    def not_symmetric() -> None:
        W1 = np.asarray(run(dims, 0)["W1"], dtype=float)
        if np.all(W1 == 0):
            raise _MismatchError(
                "W1 is all zeros",
                "zero-initialised weights make every unit of a layer compute the "
                "same thing (symmetry), so they never become different: draw W "
                "at random",
            )
        if np.allclose(W1, W1[:1]):
            raise _MismatchError(
                "every row of W1 is the same",
                "equal rows make every unit of the layer identical (symmetry), "
                "and gradient descent keeps them so: draw each weight at random",
            )

    def same_seed() -> str:
        first, second = run(dims, 0), run(dims, 0)
        if not _close(first["W1"], second["W1"]):
            raise _MismatchError(
                "two calls with seed 0 gave different weights",
                "your function ignores the seed: draw from "
                "rng = np.random.default_rng(seed), not from np.random directly",
            )
        reference = init_params(dims, seed=0)
        if all(_close(first[k], reference[k]) for k in reference):
            return "your weights are exactly scratchnn.init_params's"
        return (
            "your weights differ from scratchnn.init_params(layer_dims, seed), "
            "which is fine if you drew or scaled them another way"
        )

    def other_seed() -> None:
        W1 = np.asarray(run(dims, 0)["W1"], dtype=float)
        if _close(W1, run(dims, 1)["W1"]):
            raise _MismatchError(
                "seeds 0 and 1 gave the same weights",
                _HINT_NOT_RANDOM
                if np.allclose(W1, W1.flat[0])
                else "your function ignores the seed it is given (a fixed seed "
                "inside?): use rng = np.random.default_rng(seed)",
            )

    def independent_layers() -> None:
        got = run(deep, 0)
        Ws = [np.ravel(np.asarray(got[f"W{l}"], dtype=float)) for l in (1, 2, 3)]
        for k, (first, second) in enumerate(zip(Ws, Ws[1:], strict=False), 1):
            n = min(first.size, second.size)
            a, b = first[:n] - first[:n].mean(), second[:n] - second[:n].mean()
            norms = np.linalg.norm(a) * np.linalg.norm(b)
            if norms > 0 and abs(a @ b) / norms > 0.9999:
                raise _MismatchError(
                    f"W{k + 1} repeats the first numbers of W{k}, scaled",
                    "every layer draws the same numbers: a new "
                    "np.random.default_rng(seed) per layer restarts the stream. "
                    "Make one rng = np.random.default_rng(seed) before the loop "
                    "and draw every layer from it",
                )

    return _run_check(
        "check_init_params",
        [
            (f"keys and shapes for layer_dims {dims}", shapes(dims)),
            (f"keys and shapes for layer_dims {deep}", shapes(deep)),
            ("biases start at zero", zero_biases),
            ("weights are random: not zero, not symmetric", not_symmetric),
            ("the same seed gives the same weights", same_seed),
            ("another seed gives other weights", other_seed),
            (f"the layers of {deep} draw different numbers", independent_layers),
        ],
    )


def _expect_keys(got: Any, expected: Mapping, what: str) -> None:
    if got is None:
        raise _MismatchError("your function returned None", _HINT_RETURN)
    if not isinstance(got, Mapping):
        raise _MismatchError(f"{what} should be a dict, got {_kind(got)}")
    if set(got) != set(expected):
        raise _MismatchError(
            f"expected {what} keys {sorted(expected)}, got {sorted(got)}", _HINT_KEY
        )
