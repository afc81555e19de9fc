"""The checker for the exercise of :mod:`scratchnn.init`."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..init import init_params
from ._harness import (
    CheckResult,
    _call,
    _close,
    _expect_keys_and_shapes,
    _fmt,
    _key_hint,
    _kind,
    _MismatchError,
    _run_check,
    _seed_hint,
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
    W equal), the seed honoured (same seed, same weights; another seed,
    other weights), one generator for all layers, and the distribution of
    the weights of a network ``[400, 300, 200]``: normal (not uniform, not
    all positive, not rounded) with the standard deviation the chapter
    asks, ``1 / sqrt(n[l-1])`` (Xavier's). When your function takes
    ``method``, as chapter 9's does, both ``method="xavier"`` and
    ``method="he"`` (``sqrt(2 / n[l-1])``) are checked, so swapped methods
    fail. Recognises the scale of the other method, of the layer's own size
    ``n[l]``, a product where a division is meant, a missing square root,
    and the 0.01 of the "small" method. Your draws may differ from
    scratchnn's (a note says whether they are the same).

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
                _seed_hint(
                    lambda seed: (
                        not _close(run(dims, seed)["W1"], run(dims, seed)["W1"])
                    )
                ),
            )
        reference = init_params(dims, seed=0)
        if all(_close(first[k], reference[k]) for k in reference):
            return "your weights match scratchnn.init_params's, to rounding"
        return (
            "your weights differ from scratchnn.init_params(layer_dims, seed), "
            "which is fine if you drew them in another order"
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

    methods = _methods(fn)
    scale_cases = [
        (
            f"{method or 'the default'} scale: W{{l}} ~ normal, std "
            f"{'sqrt(2 / n[l-1])' if method == 'he' else '1 / sqrt(n[l-1])'}",
            _scale_case(fn, method),
        )
        for method in methods
    ]
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
            *scale_cases,
        ],
    )


#: The layers of the scale case: many weights, n[l-1] != n[l] in each layer.
_BIG = [400, 300, 200]
_SCALES = {
    "xavier": ("1 / sqrt(n[l-1])", lambda n_prev, n: 1 / np.sqrt(n_prev)),
    "he": ("sqrt(2 / n[l-1])", lambda n_prev, n: np.sqrt(2 / n_prev)),
}


def _methods(fn: Callable) -> list[str | None]:
    """The methods to check: "xavier" and "he" if ``fn`` takes ``method``."""
    try:
        parameters = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return [None]
    return ["xavier", "he"] if "method" in parameters else [None]


def _scale_case(fn: Callable, method: str | None) -> Callable[[], str]:
    """A case: each W{l} is normal with the method's standard deviation.

    Without ``method`` the exercise's default is Xavier's, 1 / sqrt(n[l-1])
    (chapter "Initialise the parameters"). The layers [400, 300, 200] have
    120,000 and 60,000 weights, so the measured standard deviation is within
    1% of the true one, and n[l-1] differs from n[l] in each layer.
    """
    name = method or "xavier"
    formula, scale = _SCALES[name]

    def call(layer_dims: list[int], seed: int) -> Any:
        if method is None:
            return fn(layer_dims, seed)
        return fn(layer_dims, seed, method=method)

    def body() -> str:
        got = _call(call, _BIG, 0)
        _expect_keys(got, init_params(_BIG, seed=0), "params")
        for l in (1, 2):
            n_prev, n = _BIG[l - 1], _BIG[l]
            W = np.asarray(got[f"W{l}"], dtype=float)
            if W.shape != (n, n_prev):
                raise _MismatchError(
                    f"expected W{l} of shape {(n, n_prev)}, got {W.shape}",
                    _HINT_PARAM_SHAPES,
                )
            _expect_distribution(W, f"W{l}", n_prev, n, name, formula, scale)
        return ""

    return body


def _expect_distribution(
    W: NDArray,
    what: str,
    n_prev: int,
    n: int,
    method: str,
    formula: str,
    scale: Callable[[int, int], float],
) -> None:
    """A mismatch unless ``W`` looks drawn from N(0, scale**2)."""
    want = float(scale(n_prev, n))
    if np.all(W == np.round(W)):
        raise _MismatchError(
            f"every weight of {what} is a whole number",
            "the weights were rounded: floor division // where / is meant "
            "(rng.standard_normal(shape) / np.sqrt(n_prev)), or an integer array",
        )
    if np.all(W >= 0):
        raise _MismatchError(
            f"every weight of {what} is positive (mean {_fmt(W.mean())})",
            "rng.random draws uniformly from [0, 1), all positive: draw from the "
            "standard normal distribution, rng.standard_normal(shape), times the "
            "scale",
        )
    std = float(W.std())
    kurtosis = float(np.mean((W - W.mean()) ** 4) / std**4)
    if kurtosis < 2.5:
        raise _MismatchError(
            f"the weights of {what} are spread evenly, not bell-shaped (kurtosis "
            f"{kurtosis:.2f}; a normal distribution has 3)",
            "uniform numbers (rng.uniform, or rng.random shifted): draw from the "
            "standard normal distribution, rng.standard_normal(shape), times the "
            "scale",
        )
    ratio = std / want
    if abs(ratio - 1) < 0.03:
        return
    message = (
        f"the weights of {what} ({n} units, {n_prev} inputs) have standard "
        f"deviation {_fmt(std)}; {method} asks {formula} = {_fmt(want)}"
    )
    other = "he" if method == "xavier" else "xavier"
    known = [
        (
            _SCALES[other][1](n_prev, n),
            f"that is {other}'s scale, "
            f"{_SCALES[other][0]}: the methods are swapped ({method} is {formula})",
        ),
        (
            1 / np.sqrt(n),
            f"you divided by sqrt(n[l]) = sqrt({n}), the layer's own "
            f"size: the scale uses n[l-1] = {n_prev}, the number of inputs",
        ),
        (
            np.sqrt(2 / n),
            f"you used n[l] = {n}, the layer's own size: the scale "
            f"uses n[l-1] = {n_prev}, the number of inputs",
        ),
        (
            np.sqrt(n_prev),
            "you multiplied by sqrt(n[l-1]) where the exercise "
            "divides: rng.standard_normal(shape) / np.sqrt(n_prev)",
        ),
        (1.0, f"the weights are not scaled: multiply by the scale, {formula}"),
        (0.01, f"you scaled by 0.01 (the 'small' method): the scale is {formula}"),
        (1 / n_prev, f"you divided by n[l-1], not by its square root: {formula}"),
        (2 / n_prev, f"you forgot the square root: {formula}"),
    ]
    for value, hint in known:
        if abs(std / value - 1) < 0.03:
            raise _MismatchError(message, hint)
    raise _MismatchError(
        message,
        f"likely causes: another scale than {formula}; the variance used as the "
        "standard deviation (a square root missing or extra)",
    )


def _expect_keys(got: Any, expected: Mapping, what: str) -> None:
    if got is None:
        raise _MismatchError("your function returned None", _HINT_RETURN)
    if not isinstance(got, Mapping):
        raise _MismatchError(f"{what} should be a dict, got {_kind(got)}")
    if set(got) != set(expected):
        missing = [key for key in expected if key not in got]
        raise _MismatchError(
            f"expected {what} keys {sorted(expected)}, got {sorted(got)}",
            _key_hint(got, expected, missing) if missing else _HINT_KEY,
        )
