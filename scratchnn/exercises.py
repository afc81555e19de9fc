"""Checkers for the functions you write in the book's exercises.

Each chapter's exercises ask you to write one step of the network yourself.
Pass your function to the matching checker: it runs a handful of small cases
against scratchnn's own implementation, prints one line per case (with a
hint that names the likely mistake when a case fails) and returns a
:class:`CheckResult` that is true exactly when every case passed:

>>> from scratchnn.exercises import check_sigmoid
>>> def my_sigmoid(Z):
...     A = 1 / (1 + np.exp(-Z))
...     return A, Z
>>> result = check_sigmoid(my_sigmoid)  # doctest: +SKIP
✓ sigmoid(0) is 0.5
...
✗ no overflow for Z = -1000, 0, 1000: numpy warned "overflow encountered in exp"
  hint: your sigmoid overflows for large |Z|; see 'What goes wrong' ...
4 of 5 checks passed.

Your function must have the same signature and return the same things as
scratchnn's function of the same name (``sigmoid(Z) -> (A, cache)`` and so
on), but only in its simple form: the checkers never pass the optional
keywords of scratchnn's versions (activations, dropout, L2). An exception in
your function is reported as a failed case, and the other cases still run.

Explained in the chapter "How to use this book", and used in every chapter's
exercises.
"""

from __future__ import annotations

import copy
import functools
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from .activations import sigmoid, sigmoid_backward
from .backprop import backprop, linear_backward, one_layer_backward
from .cost import cost_function
from .datasets import make_xor
from .forward import forward_prop, linear_forward
from .gradcheck import gradient_check
from .init import init_params
from .model import model, predict
from .update import update_parameters

__all__ = [
    "CaseResult",
    "CheckResult",
    "check_backprop",
    "check_cost_function",
    "check_forward_prop",
    "check_init_params",
    "check_linear_forward",
    "check_model",
    "check_one_layer_backward",
    "check_sigmoid",
    "check_sigmoid_backward",
    "check_update_parameters",
]

#: How close your numbers must be to scratchnn's: float64 rounding, no more.
RTOL, ATOL = 1e-6, 1e-9

# Hints for the classic mistakes, each named by its symptom.
_HINT_ONE_OVER_M = (
    "yours is m times too large: average over the m examples, the 1/m of the formula"
)
_HINT_ORDER = (
    "yours is the transpose of the expected result: a matrix product in the "
    "wrong order (A @ B where B @ A is meant) or a .T in the wrong place"
)
_HINT_Z_NOT_A = (
    "the cache holds Z, not A: compute s = sigmoid(Z) from the cache and use "
    "s * (1 - s), rather than treating the cache (or its sigmoid) as A"
)
_HINT_OVERFLOW = (
    "your sigmoid overflows for large |Z|; see 'What goes wrong': let exp only "
    "ever see -|Z|, e.g. np.exp(-np.abs(Z)), and use exp(Z) / (1 + exp(Z)) "
    "for Z < 0"
)
_HINT_CLIP = (
    "log(0) is -inf: clip AL to [eps, 1 - eps] before taking logs, "
    "e.g. np.clip(AL, 1e-15, 1 - 1e-15)"
)
_HINT_SIGN = "the cost is never negative: did you drop the minus sign in front?"
_HINT_SUBTRACT = (
    "you added the gradient: gradient descent goes downhill, so subtract, "
    "W = W - learning_rate * dW"
)
_HINT_LEARNING_RATE = (
    "multiply the gradient by the learning rate: W = W - learning_rate * dW"
)
_HINT_SHAPES = (
    "the shapes of a product or a sum do not line up: check the order of each "
    "matrix product (W @ A_prev, not A_prev @ W) and where a transpose (.T) "
    "belongs"
)
_HINT_KEY = (
    "a dictionary key is missing: params has W1, b1, ..., WL, bL with "
    "L = len(params) // 2, and grads has dW1, db1, ..., dWL, dbL"
)
_HINT_RETURN = "did you forget the return statement?"


class CaseResult(NamedTuple):
    """The outcome of one case of a checker.

    Attributes
    ----------
    name : str
        What the case checks, e.g. ``"sigmoid(0) is 0.5"``.
    passed : bool
        Whether your function got it right.
    message : str
        For a failure, what was expected and what came; for a pass, an
        optional note (empty when there is nothing to add).
    hint : str
        For a failure whose symptom is recognised, the likely mistake.
    """

    name: str
    passed: bool
    message: str = ""
    hint: str = ""

    def lines(self) -> list[str]:
        """The printed form: a ✓ or ✗ line, then a hint or note if any."""
        if self.passed:
            return [f"✓ {self.name}"] + (
                [f"  note: {self.message}"] * bool(self.message)
            )
        return [f"✗ {self.name}: {self.message}"] + (
            [f"  hint: {self.hint}"] * bool(self.hint)
        )


@dataclass(frozen=True, repr=False)
class CheckResult:
    """What a checker found: every case, and whether all of them passed.

    True in an ``if`` (or ``assert``) exactly when every case passed.

    Attributes
    ----------
    check : str
        The checker's name, e.g. ``"check_sigmoid"``.
    cases : list of CaseResult
        One result per case, in the order they ran.
    """

    check: str
    cases: list[CaseResult]

    @property
    def n_cases(self) -> int:
        """The number of cases run."""
        return len(self.cases)

    @property
    def n_passed(self) -> int:
        """The number of cases passed."""
        return sum(case.passed for case in self.cases)

    @property
    def passed(self) -> bool:
        """Whether every case passed."""
        return self.n_passed == self.n_cases

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"CheckResult({self.check}: {self.n_passed}/{self.n_cases} passed)"

    def report(self) -> str:
        """The printed report: the cases' lines, then a summary line."""
        lines = [line for case in self.cases for line in case.lines()]
        if self.passed:
            lines.append(f"All {self.n_cases} checks passed.")
        else:
            lines.append(f"{self.n_passed} of {self.n_cases} checks passed.")
        return "\n".join(lines)


# The core: run cases, call the reader's function, compare what comes back.


class _MismatchError(Exception):
    """Raised by a case when the reader's result is wrong."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class _ReaderError(Exception):
    """Raised from the exception that the reader's own function raised."""


Case = tuple[str, Callable[[], "str | None"]]
Variants = Mapping[str, Sequence[tuple[Any, str]]]
_NO_VARIANTS: Variants = MappingProxyType({})


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if len(text) > 120:
        text = text[:119] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _error_hint(error: BaseException, shape_hint: str) -> str:
    if isinstance(error, KeyError):
        return _HINT_KEY
    text = str(error)
    if isinstance(error, ValueError) and any(
        word in text for word in ("matmul", "broadcast", "shapes", "aligned")
    ):
        return shape_hint
    return ""


def _run_case(name: str, body: Callable[[], str | None], shape_hint: str) -> CaseResult:
    # Warnings from the reader's code are recorded, never shown nor raised,
    # and numpy's floating-point errors warn whatever the caller's errstate.
    with (
        warnings.catch_warnings(record=True),
        np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"),
    ):
        warnings.simplefilter("always")
        try:
            note = body()
        except _MismatchError as failure:
            return CaseResult(name, False, failure.message, failure.hint)
        except _ReaderError as error:
            cause = error.__cause__
            message = f"your function raised {_describe(cause)}"
            return CaseResult(name, False, message, _error_hint(cause, shape_hint))
        except Exception as error:  # what came back broke the comparison
            message = (
                f"could not check what your function returned ({_describe(error)})"
            )
            return CaseResult(name, False, message, "")
    return CaseResult(name, True, note or "", "")


def _run_check(check: str, cases: Sequence[Case], shape_hint: str = _HINT_SHAPES):
    result = CheckResult(check, [_run_case(n, body, shape_hint) for n, body in cases])
    print(result.report())
    return result


def _watch(
    fn: Callable, *args: Any, copy_args: bool = True
) -> tuple[Any, list[warnings.WarningMessage]]:
    """Call the reader's ``fn`` on ``args``; return its result and warnings.

    The arguments are copied first (unless ``copy_args`` is false), since
    the reader's function may change them in place.
    """
    if copy_args:
        args = copy.deepcopy(args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(*args)
        except Exception as error:
            raise _ReaderError() from error
    return result, caught


def _call(fn: Callable, *args: Any) -> Any:
    return _watch(fn, *args)[0]


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _show(A: NDArray) -> str:
    text = np.array2string(
        np.asarray(A), precision=4, separator=", ", suppress_small=True
    )
    return " ".join(text.split())


def _kind(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    kind = type(value)
    module = "" if kind.__module__ == "builtins" else kind.__module__.split(".")[0]
    return f"a value of type {module + '.' if module else ''}{kind.__name__}"


def _close(got: Any, expected: Any) -> bool:
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    expected = np.asarray(expected, dtype=float)
    return got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=RTOL, atol=ATOL)
    )


def _diagnose(got: NDArray, variants: Sequence[tuple[Any, str]]) -> str:
    """The hint of the first wrong variant that ``got`` matches, or ""."""
    for variant, hint in variants:
        if callable(variant):
            with np.errstate(all="ignore"):
                if variant(got):
                    return hint
        elif _close(got, variant):
            return hint
    return ""


def _shape_hint(got: tuple, expected: tuple) -> str:
    if len(got) == 2 and got == expected[::-1]:
        return _HINT_ORDER
    if len(got) == 1 and len(expected) == 2 and got == expected[:1]:
        return (
            f"a 1-D array where a column of shape {expected} is expected: "
            "np.sum(..., axis=1, keepdims=True) keeps the column"
        )
    return ""


def _expect_array(got: Any, expected: NDArray, what: str, variants: Variants) -> None:
    try:
        A = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise _MismatchError(f"{what} should be an array, got {_kind(got)}") from None
    hints = variants.get(what, ())
    if A.shape != expected.shape:
        raise _MismatchError(
            f"expected {what} of shape {expected.shape}, got {A.shape}",
            _diagnose(A, hints) or _shape_hint(A.shape, expected.shape),
        )
    if np.allclose(A, expected, rtol=RTOL, atol=ATOL):
        return
    if not np.all(np.isfinite(A)):
        message = f"{what} holds inf or nan"
    elif A.size <= 6:
        message = f"expected {what} = {_show(expected)}, got {_show(A)}"
    else:
        largest = float(np.max(np.abs(A - expected)))
        message = f"{what} differs from the expected values by up to {_fmt(largest)}"
    hint = _diagnose(A, hints)
    if not hint and A.ndim == 2 and _close(A, expected.T):
        hint = _HINT_ORDER
    raise _MismatchError(message, hint)


def _number(got: Any, what: str) -> float:
    """``got`` as a float if it is one number (of any type), or a mismatch."""
    if got is None:
        raise _MismatchError(f"{what} is None", _HINT_RETURN)
    try:
        value = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise _MismatchError(f"{what} should be a number, got {_kind(got)}") from None
    if value.size != 1:
        raise _MismatchError(
            f"{what} should be one number, got an array of shape {value.shape}",
            "sum over every entry: np.sum(...) returns a single number",
        )
    return value.item()


def _expect_number(got: Any, expected: float, what: str, variants: Variants) -> str:
    value = _number(got, what)
    if not math.isclose(value, expected, rel_tol=RTOL, abs_tol=ATOL):
        hint = _diagnose(np.asarray(value), variants.get(what, ()))
        raise _MismatchError(
            f"expected {what} = {_fmt(expected)}, got {_fmt(value)}", hint
        )
    if isinstance(got, float | int) and not isinstance(got, bool):
        return ""
    return (
        f"the value is right, but you returned {_kind(got)}; float({what}) makes "
        "it a plain Python number"
    )


def _expect(
    got: Any, expected: Any, what: str, variants: Variants = _NO_VARIANTS
) -> str:
    """Raise :class:`_MismatchError` unless ``got`` matches ``expected``.

    ``expected`` is a dict, a tuple, a float or an array, and ``got`` must
    have the same structure. ``variants`` maps a name (``what``, a dict key)
    to wrong results and the hint for each. Returns a note, or "".
    """
    if got is None:
        raise _MismatchError(f"{what} is None", _HINT_RETURN)
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            raise _MismatchError(f"{what} should be a dict, got {_kind(got)}")
        missing = [key for key in expected if key not in got]
        if missing:
            raise _MismatchError(f"{what} lacks the keys {missing}", _HINT_KEY)
        notes = [_expect(got[key], expected[key], key, variants) for key in expected]
        return next((note for note in notes if note), "")
    if isinstance(expected, tuple):
        names = [f"{what}[{i}]" for i in range(len(expected))]
        parts = _unpack(got, names, what)
        for part, value, name in zip(parts, expected, names, strict=True):
            _expect(part, value, name, variants)
        return ""
    if isinstance(expected, float):
        return _expect_number(got, expected, what, variants)
    _expect_array(got, expected, what, variants)
    return ""


def _unpack(got: Any, names: Sequence[str], what: str = "your function") -> tuple:
    """``got`` as a tuple of ``len(names)`` values, or a :class:`_MismatchError`."""
    if len(names) == 1:
        return (got,)
    if got is None:
        raise _MismatchError(f"{what} returned None", _HINT_RETURN)
    if not isinstance(got, tuple | list) or len(got) != len(names):
        raise _MismatchError(
            f"{what} should return a tuple ({', '.join(names)}), got {_kind(got)}",
            f"end with: return {', '.join(names)}",
        )
    return tuple(got)


def _agrees(
    fn: Callable,
    reference: Callable,
    args: tuple,
    names: Sequence[str],
    variants: Variants = _NO_VARIANTS,
    warning_hint: str = "",
    compare: Sequence[str] | None = None,
) -> Callable[[], str]:
    """A case body: ``fn(*args)`` must return what ``reference(*args)`` does.

    ``names`` names the returned values (one name: a single value, not a
    tuple); only those in ``compare`` (default: all) are compared. With
    ``warning_hint``, a warning from ``fn`` (an overflow, a log of 0) fails
    the case too.
    """

    def body() -> str:
        got, caught = _watch(fn, *args)
        gots = _unpack(got, names)
        expected = _unpack(reference(*copy.deepcopy(args)), names)
        if warning_hint and caught:
            raise _MismatchError(f'numpy warned "{caught[0].message}"', warning_hint)
        notes = [
            _expect(g, e, name, variants)
            for g, e, name in zip(gots, expected, names, strict=True)
            if compare is None or name in compare
        ]
        return next((note for note in notes if note), "")

    return body


def _normal(seed: int, *shape: int, scale: float = 1.0) -> NDArray:
    return scale * np.random.default_rng(seed).standard_normal(shape)


def _network(layer_dims: Sequence[int], m: int, seed: int = 0):
    """A seeded network, inputs, 0/1 labels and a forward pass through it."""
    params = init_params(layer_dims, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for l in range(1, len(layer_dims)):
        params[f"b{l}"] = 0.1 * rng.standard_normal(params[f"b{l}"].shape)
    X = rng.standard_normal((layer_dims[0], m))
    Y = (rng.random((layer_dims[-1], m)) < 0.5).astype(float)
    AL, caches = forward_prop(X, params)
    return params, X, Y, AL, caches


# The core chapters' checkers.


def check_init_params(fn: Callable) -> CheckResult:
    """Check your ``init_params(layer_dims, seed)``.

    Cases: the keys and the shapes of ``W{l}`` and ``b{l}`` for two networks,
    zero biases, weights that are neither zero nor symmetric (all rows of a
    W equal), and the seed honoured (same seed, same weights; another seed,
    other weights). Your weights may be scaled differently from scratchnn's
    (a note says whether they are the same).

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(layer_dims, seed)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "Initialise the parameters".
    """
    dims, deep = [3, 4, 1], [2, 5, 3, 1]

    def shapes(layer_dims: list[int]) -> Callable[[], str]:
        def body() -> str:
            got = _call(fn, layer_dims, 0)
            expected = init_params(layer_dims, seed=0)
            _expect_keys(got, expected, "params")
            for key, value in expected.items():
                shape = np.shape(got[key])
                if shape != value.shape:
                    raise _MismatchError(
                        f"expected {key} of shape {value.shape}, got {shape}",
                        _shape_hint(shape, value.shape)
                        and f"{key} has shape (layer_dims[l], layer_dims[l-1]): "
                        "one row per unit of layer l; "
                        + _shape_hint(shape, value.shape),
                    )
            return ""

        return body

    def zero_biases() -> None:
        got = _call(fn, dims, 0)
        for l in (1, 2):
            if np.any(np.asarray(got[f"b{l}"]) != 0):
                raise _MismatchError(
                    f"b{l} is not all zeros",
                    "start every bias at zero, np.zeros((n, 1)); the random "
                    "weights alone break the symmetry",
                )

    def not_symmetric() -> None:
        got = _call(fn, dims, 0)
        W1 = np.asarray(got["W1"], dtype=float)
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
        first, second = _call(fn, dims, 0), _call(fn, dims, 0)
        if not _close(first["W1"], second["W1"]):
            raise _MismatchError(
                "two calls with seed 0 gave different weights",
                "your function ignores the seed: draw from "
                "rng = np.random.default_rng(seed), not from np.random directly",
            )
        if _close(first["W1"], init_params(dims, seed=0)["W1"]):
            return "your weights are exactly scratchnn.init_params's"
        return (
            "your weights differ from scratchnn.init_params(layer_dims, seed), "
            "which is fine if you drew or scaled them another way"
        )

    def other_seed() -> None:
        if _close(_call(fn, dims, 0)["W1"], _call(fn, dims, 1)["W1"]):
            raise _MismatchError(
                "seeds 0 and 1 gave the same weights",
                "your function ignores the seed it is given (a fixed seed "
                "inside?): use rng = np.random.default_rng(seed)",
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
        ],
    )


def _expect_keys(got: Any, expected: Mapping, what: str) -> None:
    if not isinstance(got, Mapping):
        raise _MismatchError(f"{what} should be a dict, got {_kind(got)}")
    if set(got) != set(expected):
        raise _MismatchError(
            f"expected {what} keys {sorted(expected)}, got {sorted(got)}", _HINT_KEY
        )


def check_sigmoid(fn: Callable) -> CheckResult:
    """Check your ``sigmoid(Z) -> (A, cache)``.

    Cases: ``sigmoid(0) = 0.5``; a row of small values; a seeded random
    array; no overflow (nor warning) for ``Z = ±1000``; the cache is ``Z``.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(Z)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "The sigmoid activation".
    """
    Z_row = np.array([[-2.0, -1.0, 0.0, 1.0, 2.0]])
    Z_big = np.array([[-1000.0, 0.0, 1000.0]])
    wrong = {
        "A": [
            (sigmoid(-Z_row)[0], "sigmoid(Z) = 1 / (1 + exp(-Z)): mind the sign"),
            (_not_finite, _HINT_OVERFLOW),
        ],
        "cache": [
            (
                sigmoid(Z_row)[0],
                "return Z as the cache, not A: the backward step needs Z",
            )
        ],
    }

    def case(Z: NDArray, compare: str = "A", warning_hint: str = "") -> Callable:
        names = ("A", "cache")
        return _agrees(fn, sigmoid, (Z,), names, wrong, warning_hint, [compare])

    return _run_check(
        "check_sigmoid",
        [
            ("sigmoid(0) is 0.5", case(np.zeros((1, 1)))),
            ("sigmoid of [[-2, -1, 0, 1, 2]]", case(Z_row)),
            ("a seeded random Z of shape (3, 4)", case(_normal(0, 3, 4, scale=3))),
            ("no overflow for Z = -1000, 0, 1000", case(Z_big, "A", _HINT_OVERFLOW)),
            ("the cache is Z itself", case(Z_row, "cache")),
        ],
    )


def _not_finite(A: NDArray) -> bool:
    return not np.all(np.isfinite(A))


def check_sigmoid_backward(fn: Callable) -> CheckResult:
    """Check your ``sigmoid_backward(dA, cache) -> dZ``, where cache is Z.

    Cases: ``dZ = dA / 4`` at ``Z = 0``; a seeded random ``dA`` and ``Z``;
    ``dZ = 0`` without overflow for ``Z = ±1000``. Recognises the slope
    computed from A instead of Z, and a forgotten ``dA``.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(dA, Z)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "The sigmoid activation".
    """

    def case(dA: NDArray, Z: NDArray) -> Callable[[], str]:
        s = sigmoid(Z)[0]
        ss = sigmoid(s)[0]
        wrong = {
            "dZ": [
                (dA * Z * (1 - Z), _HINT_Z_NOT_A),
                (dA * ss * (1 - ss), _HINT_Z_NOT_A),
                (s * (1 - s), "multiply by dA: the chain rule gives dZ = dA * g'(Z)"),
                (_not_finite, _HINT_OVERFLOW),
            ]
        }
        return _agrees(fn, sigmoid_backward, (dA, Z), ("dZ",), wrong, _HINT_OVERFLOW)

    return _run_check(
        "check_sigmoid_backward",
        [
            (
                "dZ is dA / 4 at Z = 0",
                case(np.array([[1.0, 2.0, -1.0]]), np.zeros((1, 3))),
            ),
            (
                "a seeded random dA and Z of shape (3, 4)",
                case(_normal(1, 3, 4), _normal(2, 3, 4, scale=2)),
            ),
            (
                "dZ is 0 without overflow for Z = -1000, 1000",
                case(np.ones((1, 2)), np.array([[-1000.0, 1000.0]])),
            ),
        ],
    )


def check_linear_forward(fn: Callable) -> CheckResult:
    """Check your ``linear_forward(A_prev, W, b) -> (Z, cache)``.

    Cases: a one-unit layer to check by hand, a seeded random layer, a
    square layer (where a wrong transpose or product order still runs), and
    the cache ``(A_prev, W, b)``.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(A_prev, W, b)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

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


def check_forward_prop(fn: Callable) -> CheckResult:
    """Check your ``forward_prop(X, params) -> (AL, caches)``, sigmoid everywhere.

    Cases: a one-layer network to check by hand, ``AL`` and the caches
    ``((A_prev, W, b), Z)`` of a seeded network ``[3, 4, 2, 1]``.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(X, params)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

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
            names = [
                f"{name} in the cache of layer {l}" for name in ("A_prev", "W", "b")
            ]
            parts = _unpack(got_linear, names, f"the linear cache of layer {l}")
            for part, value, name in zip(parts, linear, names, strict=True):
                _expect(part, value, name)
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


def check_cost_function(fn: Callable) -> CheckResult:
    """Check your ``cost_function(AL, Y) -> float``, binary cross-entropy.

    Cases: a two-example cost to check by hand, a seeded random one, a
    finite cost when ``AL`` holds exact 0 and 1, and a large but finite
    cost for a sure and wrong prediction. Recognises a missing 1/m, a
    missing minus sign and an unclipped log(0). Any number type is
    accepted (a note says when it is not a plain float).

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(AL, Y)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "The cost function".
    """

    def case(AL: NDArray, Y: NDArray) -> Callable[[], str]:
        J, m = cost_function(AL, Y), Y.shape[1]
        wrong = {
            "cost": [
                (m * J, _HINT_ONE_OVER_M),
                (lambda c: c < 0, _HINT_SIGN),
                (_not_finite, _HINT_CLIP),
            ]
        }
        return _agrees(fn, cost_function, (AL, Y), ("cost",), wrong)

    def sure_and_wrong() -> None:
        cost = _number(_call(fn, np.zeros((1, 1)), np.ones((1, 1))), "cost")
        if not math.isfinite(cost):
            raise _MismatchError(f"the cost is {cost}", _HINT_CLIP)
        if cost < 10:
            raise _MismatchError(
                f"the cost is only {_fmt(cost)}; a sure wrong prediction should "
                "cost much more",
                "clip AL with a tiny eps, such as 1e-15, not a large one",
            )

    rng = np.random.default_rng(9)
    AL_hand, Y_hand = np.array([[0.8, 0.1]]), np.array([[1.0, 0.0]])
    J_hand = _fmt(cost_function(AL_hand, Y_hand))
    return _run_check(
        "check_cost_function",
        [
            (
                f"AL = [[0.8, 0.1]], Y = [[1, 0]] costs {J_hand}",
                case(AL_hand, Y_hand),
            ),
            (
                "a seeded random AL and Y, 10 examples",
                case(rng.random((1, 10)), (rng.random((1, 10)) < 0.5).astype(float)),
            ),
            (
                "finite when AL holds exact 0 and 1",
                case(np.array([[0.0, 1.0, 0.5]]), np.array([[0.0, 1.0, 1.0]])),
            ),
            ("AL = 0 for Y = 1 costs a lot, but not inf", sure_and_wrong),
        ],
    )


def check_one_layer_backward(fn: Callable) -> CheckResult:
    """Check your ``one_layer_backward(dA, cache) -> (dA_prev, dW, db)``.

    The layer is a sigmoid layer and ``cache`` is ``((A_prev, W, b), Z)``.
    Cases: a one-unit layer to check by hand, a seeded random layer, and a
    square one (where a missing transpose still runs). Recognises a
    missing 1/m, a missing transpose, a product in the wrong order and the
    slope computed from A instead of Z.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(dA, cache)`` (no activation argument).

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "Backpropagation".
    """

    def case(dA: NDArray, A_prev: NDArray, W: NDArray, b: NDArray) -> Callable[[], str]:
        Z, linear_cache = linear_forward(A_prev, W, b)
        m = A_prev.shape[1]
        dA_prev, dW, db = one_layer_backward(dA, (linear_cache, Z))
        wrong = {
            "dA_prev": [],
            "dW": [(m * dW, _HINT_ONE_OVER_M)],
            "db": [(m * db, _HINT_ONE_OVER_M)],
        }
        s = sigmoid(Z)[0]
        ss = sigmoid(s)[0]
        for bad_dZ in (dA * Z * (1 - Z), dA * ss * (1 - ss)):
            for name, value in zip(
                ("dA_prev", "dW", "db"),
                linear_backward(bad_dZ, linear_cache),
                strict=True,
            ):
                wrong[name].append((value, _HINT_Z_NOT_A))
        if W.shape[0] == W.shape[1] == m:
            dZ = sigmoid_backward(dA, Z)
            wrong["dW"].append(
                (
                    dZ @ A_prev / m,
                    "dW = dZ @ A_prev.T / m: the transpose of A_prev is missing",
                )
            )
            wrong["dA_prev"].append(
                (W @ dZ, "dA_prev = W.T @ dZ: the transpose of W is missing")
            )
        return _agrees(
            fn,
            one_layer_backward,
            (dA, (linear_cache, Z)),
            ("dA_prev", "dW", "db"),
            wrong,
        )

    return _run_check(
        "check_one_layer_backward",
        [
            (
                "one unit, Z = 0, dA = 4 (by hand: dW = [[1.5]], db = [[1]])",
                case(
                    np.array([[4.0, 4.0]]),
                    np.array([[1.0, 2.0]]),
                    np.array([[0.5]]),
                    np.zeros((1, 1)),
                ),
            ),
            (
                "a seeded random layer: 3 units, 4 inputs, 5 examples",
                case(
                    _normal(10, 3, 5),
                    _normal(11, 4, 5),
                    _normal(12, 3, 4),
                    _normal(13, 3, 1),
                ),
            ),
            (
                "a square layer: 3 units, 3 inputs, 3 examples",
                case(
                    _normal(14, 3, 3),
                    _normal(15, 3, 3),
                    _normal(16, 3, 3),
                    _normal(17, 3, 1),
                ),
            ),
        ],
        "dW = dZ @ A_prev.T / m and dA_prev = W.T @ dZ: check the order of each "
        "product and which factor is transposed",
    )


_HINT_OFF_BY_ONE = (
    "the dA index is off by one: layer l's backward step returns dA_prev, the "
    "gradient of layer l-1's output, which goes in grads[f'dA{l-1}']"
)


def check_backprop(fn: Callable) -> CheckResult:
    """Check your ``backprop(AL, Y, caches) -> grads`` for a sigmoid network.

    Cases, on a seeded network ``[3, 4, 2, 1]``: the keys ``dW{l}``,
    ``db{l}`` and ``dA{l-1}``; the values of ``dW`` and ``db``; the values
    of ``dA``; agreement with finite differences (via
    :func:`scratchnn.gradient_check`); and a one-layer network ``[2, 1]``.
    Recognises a missing 1/m, transposed gradients and a dA index off by
    one.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(AL, Y, caches)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "Backpropagation".
    """
    params, X, Y, AL, caches = _network([3, 4, 2, 1], 6)
    L, m = len(caches), X.shape[1]
    grads = backprop(AL, Y, caches)
    wrong = {key: [(m * value, _HINT_ONE_OVER_M)] for key, value in grads.items()}
    dWdb = {key: value for key, value in grads.items() if not key.startswith("dA")}

    def run() -> Mapping:
        got = _call(fn, AL, Y, caches)
        if not isinstance(got, Mapping):
            raise _MismatchError(
                f"grads should be a dict, got {_kind(got)}",
                _HINT_RETURN * (got is None),
            )
        return got

    def keys() -> None:
        got = run()
        if f"dA{L}" in got and "dA0" not in got:
            raise _MismatchError(
                f"grads has dA1 to dA{L}, expected dA0 to dA{L - 1}", _HINT_OFF_BY_ONE
            )
        missing = sorted(set(grads) - set(got))
        if missing:
            raise _MismatchError(f"grads lacks {missing}", _HINT_KEY)

    def gradients_dA() -> None:
        got = run()
        if all(_close(got.get(f"dA{l}"), grads[f"dA{l - 1}"]) for l in range(1, L + 1)):
            raise _MismatchError(
                f"grads['dA{L}'] holds what belongs in grads['dA{L - 1}'], and so on",
                _HINT_OFF_BY_ONE,
            )
        _expect(
            got, {k: v for k, v in grads.items() if k.startswith("dA")}, "grads", wrong
        )

    def numerical() -> None:
        got = run()
        _expect_keys_and_shapes(got, dWdb, "grads")
        error = gradient_check(
            params, X, Y, grads={k: np.asarray(got[k], dtype=float) for k in dWdb}
        )
        if error > 1e-7:
            bad = next(k for k in dWdb if not _close(got[k], grads[k]))
            raise _MismatchError(
                f"relative difference {_fmt(error)} from finite differences, "
                "where it should be below 1e-7",
                _diagnose(np.asarray(got[bad], dtype=float), wrong[bad]),
            )

    _, _, Y1, AL1, caches1 = _network([2, 1], 4, seed=20)
    return _run_check(
        "check_backprop",
        [
            (f"grads has dW1..dW{L}, db1..db{L} and dA0..dA{L - 1}", keys),
            (
                "dW and db for a seeded network [3, 4, 2, 1], 6 examples",
                lambda: _expect(run(), dWdb, "grads", wrong),
            ),
            ("dA0, dA1 and dA2 for that network", gradients_dA),
            ("dW and db agree with finite differences (gradient_check)", numerical),
            (
                "a one-layer network [2, 1]",
                _agrees(fn, backprop, (AL1, Y1, caches1), ("grads",)),
            ),
        ],
    )


def _expect_keys_and_shapes(got: Mapping, expected: Mapping, what: str) -> None:
    for key, value in expected.items():
        if key not in got:
            raise _MismatchError(f"{what} lacks {key}", _HINT_KEY)
        if np.shape(got[key]) != value.shape:
            raise _MismatchError(
                f"expected {key} of shape {value.shape}, got {np.shape(got[key])}",
                _shape_hint(np.shape(got[key]), value.shape),
            )


def check_update_parameters(fn: Callable) -> CheckResult:
    """Check your ``update_parameters(params, grads, learning_rate) -> params``.

    Cases: one step you can check by hand, and one on a seeded network
    ``[3, 4, 1]``. Recognises adding the gradient, a forgotten learning
    rate and a parameter left out. Changing ``params`` in place as well as
    returning it is not a failure (it works in a training loop); a note
    says that scratchnn's version returns new arrays instead.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(params, grads, learning_rate)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "Gradient descent".
    """

    def case(params: dict, grads: dict, learning_rate: float) -> Callable[[], str]:
        expected = update_parameters(params, grads, learning_rate)
        wrong = {
            k: [
                (P + learning_rate * grads[f"d{k}"], _HINT_SUBTRACT),
                (P - grads[f"d{k}"], _HINT_LEARNING_RATE),
                (P, f"{k} did not change: update every W{{l}} and b{{l}}"),
            ]
            for k, P in params.items()
        }

        def body() -> str:
            mine = copy.deepcopy(params)
            got = _call_in_place(fn, mine, copy.deepcopy(grads), learning_rate)
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


def _call_in_place(fn: Callable, *args: Any) -> Any:
    return _watch(fn, *args, copy_args=False)[0]


def check_model(fn: Callable) -> CheckResult:
    """Check your ``model(X, Y, layer_dims, learning_rate, num_iterations, seed)``.

    Trains your model on a small XOR set (40 points, ``layer_dims
    [2, 8, 1]``, learning rate 5, 500 iterations, seed 0) and checks that it
    returns ``(params, costs)``, that the cost falls and that the training
    accuracy exceeds 90%. Your model may initialise differently from
    scratchnn's: a note says whether your final cost is the same as
    :func:`scratchnn.model`'s.

    Parameters
    ----------
    fn : callable
        Your function, called as
        ``fn(X, Y, layer_dims, learning_rate, num_iterations, seed)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    X, Y = make_xor(m=40, noise=0.0, seed=0)
    args = (X, Y, [2, 8, 1], 5.0, 500, 0)

    @functools.cache  # train once, not once per case
    def run() -> tuple[Mapping, NDArray]:
        params, costs = _unpack(_call(fn, *args), ("params", "costs"))
        _expect_keys_and_shapes(params, init_params(args[2]), "params")
        costs = np.ravel(np.asarray(costs, dtype=float))
        if costs.size < 2:
            raise _MismatchError(
                f"expected a list of costs, got {costs.size} of them",
                "append the cost of every iteration to a list",
            )
        return params, costs

    def returns() -> str:
        costs = run()[1]
        if costs.size == args[4]:
            return ""
        return (
            f"you recorded {costs.size} costs; scratchnn records one per "
            f"iteration ({args[4]})"
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

    return _run_check(
        "check_model",
        [
            ("returns (params, costs) for layer_dims [2, 8, 1]", returns),
            ("the cost falls over 500 iterations", falls),
            ("training accuracy above 90% on XOR", learns),
        ],
    )
