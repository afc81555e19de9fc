"""Checkers for the functions you write in the book's exercises.

Each chapter's exercises ask you to write one step of the network yourself.
Pass your function to the matching checker: it runs a handful of small cases
against scratchnn's own implementation, prints one line per case (with a
hint that names the likely mistake when a case fails) and returns a
:class:`CheckResult` that is true exactly when every case passed:

>>> import numpy as np
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
So is an array argument changed in place (``dA *= s``, ``W -= step``), since
the caller may still need it: only :func:`check_update_parameters` lets that
pass, with a note.

Used in the exercises of every chapter.
"""

from __future__ import annotations

import copy
import inspect
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from .activations import (
    LEAKY_SLOPE,
    leaky_relu,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    tanh_backward,
)
from .backprop import backprop, linear_backward, one_layer_backward
from .cost import categorical_cross_entropy, cost_function
from .datasets import make_xor, one_hot
from .forward import forward_prop, linear_forward
from .gradcheck import gradient_check, params_to_vector, vector_to_params
from .init import init_params
from .model import model, predict
from .optimizers import (
    random_mini_batches,
    update_parameters_with_adam,
    update_parameters_with_momentum,
)
from .regularization import dropout_mask, l2_penalty
from .update import update_parameters

__all__ = [
    "CaseResult",
    "CheckResult",
    "check_backprop",
    "check_categorical_cross_entropy",
    "check_cost_function",
    "check_dropout_mask",
    "check_forward_prop",
    "check_gradient_check",
    "check_init_params",
    "check_l2_penalty",
    "check_leaky_relu",
    "check_linear_forward",
    "check_model",
    "check_one_hot",
    "check_one_layer_backward",
    "check_random_mini_batches",
    "check_relu",
    "check_relu_backward",
    "check_sigmoid",
    "check_sigmoid_backward",
    "check_softmax",
    "check_tanh_backward",
    "check_update_parameters",
    "check_update_parameters_with_adam",
    "check_update_parameters_with_momentum",
]

#: How close your numbers must be to scratchnn's: float64 rounding, no more.
RTOL, ATOL = 1e-6, 1e-9

# Hints for the classic mistakes, each named by its symptom.
_HINT_ONE_OVER_M = (
    "yours is m times too large: average over the m examples, the 1/m of the "
    "formula; m counts the examples, the columns (m = Y.shape[1]), not the rows"
)
_HINT_ORDER = (
    "yours is the transpose of the expected result: a matrix product in the "
    "wrong order (A @ B where B @ A is meant) or a .T in the wrong place"
)
_HINT_Z_NOT_A = (
    "the cache holds Z, not A: recompute the activation from it (s = sigmoid(Z), "
    "t = tanh(Z)) and take the slope from that, s * (1 - s) or 1 - t**2, rather "
    "than treating the cache (or its activation) as A"
)
_HINT_TIMES_DA = "multiply by dA: the chain rule gives dZ = dA * g'(Z)"
_HINT_CACHE_IS_Z = "return Z as the cache, not A: the backward step needs Z"
_HINT_OVERFLOW = (
    "your sigmoid overflows for large |Z|; see 'What goes wrong': let exp only "
    "ever see -|Z|, e.g. np.exp(-np.abs(Z)), and use exp(Z) / (1 + exp(Z)) "
    "for Z < 0"
)
_HINT_CLIP = (
    "log(0) is -inf: clip AL to [eps, 1 - eps] before taking logs, "
    "e.g. np.clip(AL, 1e-15, 1 - 1e-15)"
)
_HINT_PER_EXAMPLE = (
    "yours is the expected cost divided by the number of classes: average over "
    "the m examples only, sum over the classes"
)
_HINT_SIGN = "the cost is never negative: did you drop the minus sign in front?"
_HINT_SUBTRACT = (
    "you added the gradient: gradient descent goes downhill, so subtract, "
    "W = W - learning_rate * dW"
)
_HINT_LEARNING_RATE = (
    "multiply the gradient by the learning rate: W = W - learning_rate * dW"
)
_HINT_PARAM_SHAPES = (
    "W{l} has shape (layer_dims[l], layer_dims[l-1]), one row per unit of layer "
    "l and one column per input (not transposed), and b{l} (layer_dims[l], 1)"
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
_HINT_IN_PLACE = (
    "X = X * a and X = X - step make new arrays, but X *= a, X -= step and "
    "X[mask] = 0 change the caller's array, which it may still need (copy "
    "first if you must: X = X.copy())"
)
_HINT_SUM_EXAMPLES = (
    "a row where a column is expected: sum over the examples, the columns, "
    "np.sum(..., axis=1, keepdims=True)"
)


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
            first, label, detail = f"✓ {self.name}", "note", self.message
        else:
            first, label, detail = f"✗ {self.name}: {self.message}", "hint", self.hint
        return [first, f"  {label}: {detail}"] if detail else [first]


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

    Each argument is copied on its own first (unless ``copy_args`` is
    false), so that no two share memory, and an array that ``fn`` changed
    in place fails the case. Replacing a dict's entries (``v[k] = ...``)
    is allowed.
    """
    given = tuple(copy.deepcopy(arg) for arg in args) if copy_args else args
    received = [_arrays(arg) for arg in given]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(*given)
        except Exception as error:
            raise _ReaderError() from error
    for i, (arg, arrays) in enumerate(zip(args, received, strict=True)):
        if copy_args and not all(map(np.array_equal, _arrays(arg), arrays)):
            raise _MismatchError(
                f"your function changed its argument {_arg_name(fn, i)} in place; "
                "compute into a new array",
                _HINT_IN_PLACE,
            )
    return result, caught


def _arrays(value: Any) -> list[NDArray]:
    """The arrays in ``value``: an array, or dicts, tuples and lists of them."""
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, Mapping):
        value = list(value.values())
    if isinstance(value, tuple | list):
        return [A for item in value for A in _arrays(item)]
    return []


def _arg_name(fn: Callable, i: int) -> str:
    """The name of ``fn``'s argument number ``i`` (from 0), as the reader wrote it."""
    try:
        parameters = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):  # no signature to read
        parameters = []
    if i < len(parameters) and parameters[i].kind in (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    ):
        return parameters[i].name
    return f"number {i + 1}"


def _call(fn: Callable, *args: Any) -> Any:
    return _watch(fn, *args)[0]


def _fmt(x: float, digits: int = 4) -> str:
    return f"{x:.{digits}g}"


def _show(A: NDArray, precision: int = 4) -> str:
    text = np.array2string(
        np.asarray(A), precision=precision, separator=", ", suppress_small=True
    )
    return " ".join(text.split())


def _expected_got(what: str, expected: Any, got: Any, rtol: float = RTOL) -> str:
    """The message "expected what = ..., got ...", with more digits if needed."""
    show = _show if np.ndim(expected) else _fmt
    if show(expected) != show(got):
        return f"expected {what} = {show(expected)}, got {show(got)}"
    difference = np.max(np.abs(np.subtract(got, expected)))
    relative = difference / max(float(np.max(np.abs(expected))), ATOL)
    return (
        f"expected {what} = {show(expected, 10)}, got {show(got, 10)}: a relative "
        f"difference of {_fmt(relative)}, above the tolerance {rtol:g}"
    )


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


def _shape_hint(got: Any, expected: NDArray) -> str:
    """The hint for ``got``, whose shape is not ``expected``'s, or ""."""
    shape = np.shape(got)
    if len(shape) == 2 and _close(got, expected.T):
        return _HINT_ORDER
    if len(shape) == 2 and shape[0] == 1 and expected.shape[1:] == (1,):
        return _HINT_SUM_EXAMPLES
    if len(shape) == 1 and expected.ndim == 2 and shape == expected.shape[:1]:
        return (
            f"a 1-D array where a column of shape {expected.shape} is expected: "
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
            _diagnose(A, hints) or _shape_hint(A, expected),
        )
    if np.allclose(A, expected, rtol=RTOL, atol=ATOL):
        return
    if not np.all(np.isfinite(A)):
        message = f"{what} holds inf or nan"
    elif A.size <= 6:
        message = _expected_got(what, expected, A)
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


def _expect_number(
    got: Any,
    expected: float,
    what: str,
    variants: Variants,
    rtol: float = RTOL,
    atol: float = ATOL,
) -> str:
    value = _number(got, what)
    if not math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        hint = _diagnose(np.asarray(value), variants.get(what, ()))
        raise _MismatchError(_expected_got(what, expected, value, rtol), hint)
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
    have the same structure. ``variants`` maps a name (``what``, or
    ``what['key']`` for a dict's entry) to wrong results and the hint for
    each. Returns a note, or "".
    """
    if got is None:
        raise _MismatchError(f"{what} is None", _HINT_RETURN)
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            raise _MismatchError(f"{what} should be a dict, got {_kind(got)}")
        missing = [key for key in expected if key not in got]
        if missing:
            raise _MismatchError(f"{what} lacks the keys {missing}", _HINT_KEY)
        notes = [
            _expect(got[key], expected[key], _entry(what, key), variants)
            for key in expected
        ]
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


def _entry(what: str, key: str) -> str:
    """How messages name a dict's entry: ``v['dW1']``."""
    return f"{what}[{key!r}]"


def _unpack(got: Any, names: Sequence[str], what: str = "") -> tuple:
    """``got`` as a tuple of ``len(names)`` values, or a :class:`_MismatchError`.

    ``got`` is what the reader's function returned, or with ``what`` (e.g.
    ``"the cache of layer 1"``) a value inside it.
    """
    if len(names) == 1:
        return (got,)
    if isinstance(got, tuple | list) and len(got) == len(names):
        return tuple(got)
    tuple_of = f"a tuple ({', '.join(names)})"
    if isinstance(got, tuple | list):
        came = f"{len(got)} value{'' if len(got) == 1 else 's'}"
    else:
        came = _kind(got)
    if what:
        raise _MismatchError(f"{what} should be {tuple_of}, got {came}")
    if got is None:
        raise _MismatchError("your function returned None", _HINT_RETURN)
    raise _MismatchError(
        f"your function should return {tuple_of}, got {came}",
        f"end with: return {', '.join(names)}",
    )


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
    tuple); only those in ``compare`` (default: all) are compared, in that
    order, so that a wrong intermediate (a velocity) is named before what it
    spoils (the parameters). With
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
            _expect(
                gots[names.index(name)], expected[names.index(name)], name, variants
            )
            for name in compare or names
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
        if _close(first["W1"], init_params(dims, seed=0)["W1"]):
            return "your weights are exactly scratchnn.init_params's"
        return (
            "your weights differ from scratchnn.init_params(layer_dims, seed), "
            "which is fine if you drew or scaled them another way"
        )

    def other_seed() -> None:
        if _close(run(dims, 0)["W1"], run(dims, 1)["W1"]):
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
    if got is None:
        raise _MismatchError("your function returned None", _HINT_RETURN)
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
    case = _activation_case(
        fn,
        sigmoid,
        lambda Z: [
            (sigmoid(-Z)[0], "sigmoid(Z) = 1 / (1 + exp(-Z)): mind the sign"),
            (_not_finite, _HINT_OVERFLOW),
        ],
    )
    cases = _activation_cases("sigmoid", case, Z_row, _normal(0, 3, 4, scale=3))
    cases.insert(0, ("sigmoid(0) is 0.5", case(np.zeros((1, 1)))))
    cases.insert(
        3, ("no overflow for Z = -1000, 0, 1000", case(Z_big, "A", _HINT_OVERFLOW))
    )
    return _run_check("check_sigmoid", cases)


def _not_finite(A: NDArray) -> bool:
    return not np.all(np.isfinite(A))


def _activation_case(
    fn: Callable, reference: Callable, wrong_of: Callable[[NDArray], list]
) -> Callable[..., Callable[[], str]]:
    """Cases for an activation ``g(Z) -> (A, cache)``.

    Returns ``case(Z, compare="A", warning_hint="")``, the body of a case
    that compares ``A`` (or the cache) with ``reference``'s; ``wrong_of(Z)``
    lists the wrong ``A`` values to recognise, with their hints.
    """

    def case(Z: NDArray, compare: str = "A", warning_hint: str = "") -> Callable:
        wrong = {"A": wrong_of(Z), "cache": [(reference(Z)[0], _HINT_CACHE_IS_Z)]}
        names = ("A", "cache")
        return _agrees(fn, reference, (Z,), names, wrong, warning_hint, [compare])

    return case


def _activation_cases(
    name: str, case: Callable, Z_row: NDArray, Z_random: NDArray
) -> list[Case]:
    """The cases every activation gets: a row by hand, a random Z, the cache."""
    row = ", ".join(f"{z:g}" for z in Z_row.ravel())
    return [
        (f"{name} of [[{row}]]", case(Z_row)),
        (f"a seeded random Z of shape {Z_random.shape}", case(Z_random)),
        ("the cache is Z itself", case(Z_row, "cache")),
    ]


def _backward_case(
    fn: Callable,
    reference: Callable,
    wrong_of: Callable[[NDArray, NDArray], list],
    warning_hint: str = "",
) -> Callable[[NDArray, NDArray], Callable[[], str]]:
    """Cases for an activation's backward step ``g_backward(dA, Z) -> dZ``.

    Returns ``case(dA, Z)``; ``wrong_of(dA, Z)`` lists the wrong ``dZ``
    values to recognise, with their hints.
    """

    def case(dA: NDArray, Z: NDArray) -> Callable[[], str]:
        wrong = {"dZ": wrong_of(dA, Z)}
        return _agrees(fn, reference, (dA, Z), ("dZ",), wrong, warning_hint)

    return case


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

    def wrong(dA: NDArray, Z: NDArray) -> list:
        s = sigmoid(Z)[0]
        ss = sigmoid(s)[0]
        return [
            (dA * Z * (1 - Z), _HINT_Z_NOT_A),
            (dA * ss * (1 - ss), _HINT_Z_NOT_A),
            (s * (1 - s), _HINT_TIMES_DA),
            (_not_finite, _HINT_OVERFLOW),
        ]

    case = _backward_case(fn, sigmoid_backward, wrong, _HINT_OVERFLOW)
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
    Used in the chapter "Measure the error: the cost function".
    """

    case = _cost_case(fn, cost_function)
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
            (
                "AL = 0 for Y = 1 costs a lot, but not inf",
                _sure_and_wrong(fn, np.zeros((1, 1)), np.ones((1, 1))),
            ),
        ],
    )


def _cost_case(fn: Callable, reference: Callable) -> Callable[..., Callable[[], str]]:
    """Cases for a cost ``J(AL, Y) -> float``: returns ``case(AL, Y, atol)``."""

    def case(AL: NDArray, Y: NDArray, atol: float = ATOL) -> Callable[[], str]:
        J, m = reference(AL, Y), Y.shape[1]
        wrong = [
            (m * J, _HINT_ONE_OVER_M),
            (_near(-J), _HINT_SIGN),
            (_not_finite, _HINT_CLIP),
        ]
        if AL.shape[0] > 1:
            wrong.append((J / AL.shape[0], _HINT_PER_EXAMPLE))
        cost = {"cost": wrong}
        return lambda: _expect_number(_call(fn, AL, Y), J, "cost", cost, atol=atol)

    return case


def _sure_and_wrong(fn: Callable, AL: NDArray, Y: NDArray) -> Callable[[], None]:
    """A case: a sure prediction of the wrong class costs a lot, not inf."""

    def body() -> None:
        cost = _number(_call(fn, AL, Y), "cost")
        if not math.isfinite(cost):
            raise _MismatchError(f"the cost is {cost}", _HINT_CLIP)
        if cost < 10:
            raise _MismatchError(
                f"the cost is only {_fmt(cost)}; a sure wrong prediction should "
                "cost much more",
                "clip AL with a tiny eps, such as 1e-15, not a large one",
            )

    return body


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
    Used in the chapter "Backpropagation: send the error backwards".
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
                # W = 0 and b = 0 make Z = 0, so dZ = dA * 1/4 = 1 everywhere.
                case(
                    np.array([[4.0, 4.0]]),
                    np.array([[1.0, 2.0]]),
                    np.zeros((1, 1)),
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


_HINT_DA_OVER_M = (
    "yours is m times too small: dZ of the output layer is AL - Y; the 1/m "
    "belongs in dW and db only"
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
    Recognises a missing 1/m, a 1/m in dA, transposed gradients and a dA
    index off by one.

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
    Used in the chapter "Backpropagation: send the error backwards".
    """
    params, X, Y, AL, caches = _network([3, 4, 2, 1], 6)
    L = len(caches)
    grads = backprop(AL, Y, caches)
    wrong = _backprop_variants(grads, X.shape[1])
    dWdb = {key: value for key, value in grads.items() if not key.startswith("dA")}

    def run() -> Mapping:
        got = _call(fn, AL, Y, caches)
        if not isinstance(got, Mapping):
            raise _MismatchError(
                f"grads should be a dict, got {_kind(got)}",
                _HINT_RETURN if got is None else "",
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
        if not error <= 1e-7:  # nan too
            bad = next((k for k in dWdb if not _close(got[k], grads[k])), None)
            hint = (
                "" if bad is None else _diagnose(got[bad], wrong[_entry("grads", bad)])
            )
            raise _MismatchError(
                f"relative difference {_fmt(error)} from finite differences, "
                "where it should be below 1e-7",
                hint,
            )

    _, X1, Y1, AL1, caches1 = _network([2, 1], 4, seed=20)
    grads1 = backprop(AL1, Y1, caches1)
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
                _agrees(
                    fn,
                    backprop,
                    (AL1, Y1, caches1),
                    ("grads",),
                    _backprop_variants(grads1, X1.shape[1]),
                ),
            ),
        ],
    )


def _backprop_variants(grads: Mapping, m: int) -> dict:
    """The wrong gradients to recognise, keyed ``grads['dW1']`` and so on."""
    wrong = {}
    for key, value in grads.items():
        wrong[_entry("grads", key)] = [(m * value, _HINT_ONE_OVER_M)]
        if key.startswith("dA"):
            wrong[_entry("grads", key)].append((value / m, _HINT_DA_OVER_M))
    return wrong


def _expect_keys_and_shapes(
    got: Mapping, expected: Mapping, what: str, hint: str = ""
) -> None:
    for key, value in expected.items():
        if key not in got:
            raise _MismatchError(f"{what} lacks {key}", _HINT_KEY)
        shape = np.shape(got[key])
        if shape != value.shape:
            raise _MismatchError(
                f"expected {key} of shape {value.shape}, got {shape}",
                hint or _shape_hint(got[key], value),
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
    Used in the chapter "Gradient descent: step downhill".
    """

    def case(params: dict, grads: dict, learning_rate: float) -> Callable[[], str]:
        expected = update_parameters(params, grads, learning_rate)
        wrong = {
            _entry("params", k): [
                (2 * P - expected[k], _HINT_SUBTRACT),
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
    accuracy exceeds 90%. Then trains ``layer_dims [2, 3, 1]`` for 2
    iterations, four times, to check that ``layer_dims``,
    ``num_iterations`` (at most 2 costs), ``learning_rate`` and ``seed``
    are used. Your model may initialise differently from scratchnn's: a
    note says whether your final cost is the same as
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

    def train(*options: Any) -> tuple[Mapping, NDArray]:
        params, costs = _unpack(_call(fn, X, Y, *options), ("params", "costs"))
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

    def used() -> None:
        def vector(learning_rate: float, seed: int) -> NDArray:
            dims = [2, 3, 1]
            params, costs = train(dims, learning_rate, 2, seed)
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
            raise _MismatchError(
                "seeds 1 and 2 gave the same params",
                "your model ignores the seed: init_params(layer_dims, seed)",
            )
        if np.array_equal(first, vector(1.0, 1)):
            raise _MismatchError(
                "learning rates 0.5 and 1 gave the same params",
                "your model ignores learning_rate: pass it on to the update",
            )

    return _run_check(
        "check_model",
        [
            ("returns (params, costs) for layer_dims [2, 8, 1]", returns),
            ("the cost falls over 500 iterations", falls),
            ("training accuracy above 90% on XOR", learns),
            (
                "layer_dims, learning_rate, num_iterations and seed are used",
                used,
            ),
        ],
    )


# The "Going further" chapters' checkers.


def check_relu(fn: Callable) -> CheckResult:
    """Check your ``relu(Z) -> (A, cache)``.

    Cases: a row to check by hand, a seeded random ``Z``, the cache is ``Z``.

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
    Used in the chapter "Choose an activation function".
    """
    Z_row = np.array([[-2.0, -0.5, 0.5, 2.0]])
    case = _activation_case(
        fn,
        relu,
        lambda Z: [
            (np.abs(Z), "relu is max(0, Z): a negative Z gives 0, not |Z|"),
            (np.minimum(Z, 0), "relu is np.maximum(Z, 0), not np.minimum"),
        ],
    )
    return _run_check(
        "check_relu", _activation_cases("relu", case, Z_row, _normal(40, 3, 4))
    )


def check_leaky_relu(fn: Callable) -> CheckResult:
    """Check your ``leaky_relu(Z) -> (A, cache)``, slope 0.01 below zero.

    Cases: a row to check by hand, a seeded random ``Z``, the cache is ``Z``.

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
    Used in the chapter "Choose an activation function".
    """
    Z_row = np.array([[-2.0, -0.5, 0.5, 2.0]])
    case = _activation_case(
        fn,
        leaky_relu,
        lambda Z: [
            (
                relu(Z)[0],
                f"leaky ReLU keeps a small slope for negative Z: "
                f"np.where(Z > 0, Z, {LEAKY_SLOPE} * Z)",
            )
        ],
    )
    return _run_check(
        "check_leaky_relu",
        _activation_cases("leaky_relu", case, Z_row, _normal(41, 3, 4)),
    )


def check_relu_backward(fn: Callable) -> CheckResult:
    """Check your ``relu_backward(dA, cache) -> dZ``, where cache is Z.

    Cases: a row to check by hand, with the slope 0 at ``Z = 0``, and a
    seeded random ``dA`` and ``Z``. Recognises a forgotten ``dA``, the slope
    1 at ``Z = 0`` (``Z >= 0``) and other wrong slopes.

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
    Used in the chapter "Choose an activation function".
    """
    slope = "the slope of relu is 1 where Z > 0 and 0 elsewhere: dZ = dA * (Z > 0)"
    case = _backward_case(
        fn,
        relu_backward,
        lambda dA, Z: [
            ((Z > 0).astype(float), _HINT_TIMES_DA),
            (dA * relu(Z)[0], slope),
            (dA * (Z < 0), slope),
            (dA * (Z >= 0), "the slope at Z = 0 is 0: dZ = dA * (Z > 0), not Z >= 0"),
        ],
    )
    dA, Z = np.array([[1.0, 2.0, 3.0, 4.0, 5.0]]), np.array([[-2, -0.5, 0, 0.5, 2]])
    return _run_check(
        "check_relu_backward",
        [
            (
                "dA = [[1, 2, 3, 4, 5]] at Z = [[-2, -0.5, 0, 0.5, 2]] gives "
                "[[0, 0, 0, 4, 5]]",
                case(dA, Z),
            ),
            (
                "a seeded random dA and Z of shape (3, 4)",
                case(_normal(42, 3, 4), _normal(43, 3, 4)),
            ),
        ],
    )


def check_tanh_backward(fn: Callable) -> CheckResult:
    """Check your ``tanh_backward(dA, cache) -> dZ``, where cache is Z.

    Cases: ``dZ = dA`` at ``Z = 0`` and a seeded random ``dA`` and ``Z``.
    Recognises the slope computed from A instead of Z.

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
    Used in the chapter "Choose an activation function".
    """

    def wrong(dA: NDArray, Z: NDArray) -> list:
        T = np.tanh(Z)
        TT = np.tanh(T)
        return [
            (dA * (1 - Z**2), _HINT_Z_NOT_A),
            (dA * (1 - TT**2), _HINT_Z_NOT_A),
            (1 - T**2, _HINT_TIMES_DA),
            (dA * (1 - T), "the slope of tanh is 1 - tanh(Z)**2: square it"),
        ]

    case = _backward_case(fn, tanh_backward, wrong)
    return _run_check(
        "check_tanh_backward",
        [
            ("dZ is dA at Z = 0", case(np.array([[1.0, -2.0]]), np.zeros((1, 2)))),
            (
                "a seeded random dA and Z of shape (3, 4)",
                case(_normal(44, 3, 4), _normal(45, 3, 4)),
            ),
        ],
    )


_HINT_AXIS = (
    "normalise each column (one example each): sum over axis=0 with "
    "keepdims=True, not over the rows nor the whole array"
)


def check_softmax(fn: Callable) -> CheckResult:
    """Check your ``softmax(Z) -> (A, cache)``, over each column.

    Cases: one column to check by hand, a seeded random ``Z`` with several
    columns, no overflow for logits near 1000, the cache is ``Z``.
    Recognises a sum over the wrong axis and the missing max-shift.

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
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    overflow = (
        "your softmax overflows for large logits: subtract each column's max "
        "first, np.exp(Z - Z.max(axis=0, keepdims=True)), which changes nothing "
        "mathematically"
    )

    def wrong(Z: NDArray) -> list:
        E = np.exp(Z - Z.max())
        return [
            (E / E.sum(axis=1, keepdims=True), _HINT_AXIS),
            (E / E.sum(), _HINT_AXIS),
            (_not_finite, overflow),
        ]

    case = _activation_case(fn, softmax, wrong)
    Z_big = np.array([[1000.0, 0.0], [1001.0, 1.0], [999.0, 2.0]])
    return _run_check(
        "check_softmax",
        [
            (
                "softmax of one column [[1], [2], [3]]",
                case(np.array([[1.0], [2.0], [3.0]])),
            ),
            ("a seeded random Z of shape (4, 5)", case(_normal(46, 4, 5, scale=2))),
            ("no overflow for logits near 1000", case(Z_big, "A", overflow)),
            ("the cache is Z itself", case(Z_big, "cache")),
        ],
    )


def check_categorical_cross_entropy(fn: Callable) -> CheckResult:
    """Check your ``categorical_cross_entropy(AL, Y) -> float``.

    Cases: two examples of three classes to check by hand, a seeded random
    case, a cost of 0 (to within 1e-6, which an eps in the clip or the log
    may add) when ``AL`` holds exact 0 and 1, and a cost above 10 but
    finite for one sure and wrong prediction. Recognises a missing 1/m, an
    average over classes, a missing minus sign and an unclipped log(0).

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(AL, Y)``, ``Y`` one-hot.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    case = _cost_case(fn, categorical_cross_entropy)
    AL_hand = np.array([[0.7, 0.2], [0.2, 0.5], [0.1, 0.3]])
    Y_hand = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    J_hand = _fmt(categorical_cross_entropy(AL_hand, Y_hand))
    AL_rand = softmax(_normal(47, 4, 6))[0]
    Y_rand = np.eye(4)[:, np.random.default_rng(48).integers(0, 4, 6)]
    exact = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    return _run_check(
        "check_categorical_cross_entropy",
        [
            (f"two examples of three classes cost {J_hand}", case(AL_hand, Y_hand)),
            ("a seeded random AL and Y: 4 classes, 6 examples", case(AL_rand, Y_rand)),
            ("finite when AL holds exact 0 and 1", case(exact, exact, atol=1e-6)),
            (
                "AL = 0 for the true class costs a lot, but not inf",
                _sure_and_wrong(fn, exact[:, :1], exact[::-1, :1]),
            ),
        ],
    )


def check_gradient_check(fn: Callable) -> CheckResult:
    """Check your ``gradient_check(params, X, Y, epsilon=1e-6, grads=None)``.

    Your function returns ``||g - n|| / (||g|| + ||n||)`` for the analytic
    gradients g (``grads``, or backprop's when None) and the centred
    differences n. Cases, on a seeded network ``[2, 3, 1]``: right
    gradients give a difference below 1e-7, with and without ``grads``;
    wrong gradients and a large epsilon give scratchnn.gradient_check's
    value. Recognises a one-sided difference (by its value), a missing 2
    in ``2 epsilon`` and another formula for the relative difference, and
    otherwise lists the likely causes.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(params, X, Y, epsilon, grads)`` and
        as ``fn(params, X, Y)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

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


_HINT_RELATIVE = "the relative difference is ||g - n|| / (||g|| + ||n||)"


def _near(value: float) -> Callable[[NDArray], bool]:
    """A predicate: is a number within 1e-3 (relative) of ``value``?"""
    return lambda got: math.isclose(float(got), value, rel_tol=1e-3)


def check_random_mini_batches(fn: Callable) -> CheckResult:
    """Check your ``random_mini_batches(X, Y, batch_size, seed)``.

    It returns a list of ``(X_batch, Y_batch)`` pairs. Cases: the batch
    sizes when ``batch_size`` does and does not divide m; every example in
    exactly one batch; examples still paired with their labels (each
    ``Y_batch`` a row of shape ``(1, batch size)``); shuffled; the same
    seed giving the same batches.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(X, Y, batch_size, seed)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

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

    def order() -> NDArray:
        return np.concatenate([Xb[0] for Xb, _ in batches(10, 4)])

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

    def same_seed() -> str:
        first, second = order(), order()
        if not np.array_equal(first, second):
            raise _MismatchError(
                "two calls with seed 0 gave different batches",
                "your function ignores the seed: rng = np.random.default_rng(seed)",
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
        ],
    )


def _optimizer_state(seed: int) -> tuple[dict, dict, dict, dict]:
    """A seeded network's params and grads, and two non-zero moment dicts."""
    params, _, Y, AL, caches = _network([3, 4, 1], 5, seed=seed)
    grads = {k: v for k, v in backprop(AL, Y, caches).items() if k[1] != "A"}
    rng = np.random.default_rng(seed + 2)
    v = {k: 0.1 * rng.standard_normal(G.shape) for k, G in grads.items()}
    s = {k: 0.01 * rng.random(G.shape) for k, G in grads.items()}
    return params, grads, v, s


def check_update_parameters_with_momentum(fn: Callable) -> CheckResult:
    """Check your ``update_parameters_with_momentum(params, grads, v,
    learning_rate, beta) -> (params, v)``.

    Cases: a first step from zero velocities, and a step from non-zero
    ones (learning rate 0.1, beta 0.9). Recognises a missing or misplaced
    ``(1 - beta)`` and adding the step.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(params, grads, v, learning_rate, beta)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

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
            ]
            added = 2 * params[k[1:]] - new_params[k[1:]]
            wrong[_entry("params", k[1:])] = [(added, _HINT_SUBTRACT)]
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


_HINT_BIAS_CORRECTION = (
    "divide v and s by (1 - beta1**t) and (1 - beta2**t) before the step: "
    "the bias correction, since both start at 0"
)
_HINT_SQUARE = "s averages the squared gradients: (1 - beta2) * dW**2"


def check_update_parameters_with_adam(fn: Callable) -> CheckResult:
    """Check your ``update_parameters_with_adam(params, grads, v, s, t,
    learning_rate, beta1, beta2, epsilon) -> (params, v, s)``.

    Cases: the first step (``t = 1``) from zero moments, and a third step
    from non-zero ones (learning rate 0.01, the usual betas and epsilon).
    Recognises a missing bias correction, a missing ``(1 - beta1)``, beta2
    in ``v``, a gradient not squared in ``s`` and adding the step.

    Parameters
    ----------
    fn : callable
        Your function, called as
        ``fn(params, grads, v, s, t, learning_rate, beta1, beta2, epsilon)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

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
            ]
            wrong[_entry("v", k)] = [
                (beta1 * v[k] + G, "v = beta1 * v + (1 - beta1) * dW"),
                (
                    beta2 * v[k] + (1 - beta2) * G,
                    "v = beta1 * v + (1 - beta1) * dW: beta1 for v, beta2 for s",
                ),
            ]
            wrong[_entry("s", k)] = [(beta2 * s[k] + (1 - beta2) * G, _HINT_SQUARE)]
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


def check_l2_penalty(fn: Callable) -> CheckResult:
    """Check your ``l2_penalty(params, lambd, m) -> float``.

    The penalty is ``lambd / (2 m) * sum_l ||W{l}||^2``. Cases: a network
    to check by hand, a seeded one, and ``lambd = 0``. Recognises penalised
    biases, a missing 1/2 and a missing 1/m.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(params, lambd, m)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "Regularise: L2 and dropout".
    """

    def case(params: dict, lambd: float, m: int) -> Callable:
        J = l2_penalty(params, lambd, m)
        b_squares = sum(float(np.sum(P**2)) for k, P in params.items() if k[0] == "b")
        wrong = [
            (
                J + lambd / (2 * m) * b_squares,
                "the biases are not penalised: sum over W{l} only",
            ),
            (2 * J, "the factor is lambd / (2 m): the 1/2 is missing"),
            (m * J, _HINT_ONE_OVER_M),
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


_HINT_KEEP_PROB = (
    "inverted dropout divides the mask by keep_prob, so that the kept units "
    "make up for the dropped ones"
)


def check_dropout_mask(fn: Callable) -> CheckResult:
    """Check your ``dropout_mask(shape, keep_prob, rng) -> D``.

    ``D`` holds ``1 / keep_prob`` for a kept unit and 0 for a dropped one.
    Cases: the shape and values; about ``keep_prob`` of the units kept;
    every unit kept when ``keep_prob = 1``; the draws taken from ``rng``.
    Recognises a mask not divided by ``keep_prob`` and the comparison the
    wrong way round.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(shape, keep_prob, rng)`` with ``rng`` a
        :class:`numpy.random.Generator`.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

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
                D, [(lambda D: np.all(np.isin(D, [0, 1])), _HINT_KEEP_PROB)]
            )
            raise _MismatchError(
                f"expected only 0 and 1 / keep_prob = 1.25, got {_show(np.unique(D))}",
                hint,
            )

    def fraction() -> None:
        kept = float(np.mean(mask((200, 100), 0.8) != 0))
        if abs(kept - 0.8) > 0.02:
            hint = (
                "keep a unit where rng.random(shape) < keep_prob, not >"
                if abs(kept - 0.2) < 0.02
                else ""
            )
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
    )


def check_one_hot(fn: Callable) -> CheckResult:
    """Check your ``one_hot(labels, n_classes=None) -> Y`` of shape (n_classes, m).

    Cases: labels ``[0, 2, 1, 2]`` to check by hand, labels as a row
    ``(1, m)``, an explicit ``n_classes`` larger than the labels need, and
    labels given as floats.

    Parameters
    ----------
    fn : callable
        Your function, called as ``fn(labels)`` and ``fn(labels, n_classes)``.

    Returns
    -------
    CheckResult
        True exactly when every case passed.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """

    def case(*args: Any) -> Callable:
        Y = one_hot(*args)
        wrong = {
            "Y": [
                (
                    Y.T,
                    "one column per example: shape (n_classes, m), not (m, n_classes)",
                ),
            ]
        }
        if len(args) == 2:
            wrong["Y"].append((one_hot(args[0]), "give Y n_classes rows when asked"))
        return _agrees(fn, one_hot, args, ("Y",), wrong)

    return _run_check(
        "check_one_hot",
        [
            ("labels [0, 2, 1, 2]", case(np.array([0, 2, 1, 2]))),
            ("labels as a row [[1, 0, 3]]", case(np.array([[1, 0, 3]]))),
            ("labels [0, 2, 1, 2] with n_classes = 5", case(np.array([0, 2, 1, 2]), 5)),
            ("labels as floats [1.0, 0.0, 1.0]", case(np.array([1.0, 0.0, 1.0]))),
        ],
    )
