"""The harness every checker runs on: cases, your function's call, comparisons.

A checker is a list of cases, each a name and a body, given to
:func:`_run_check`. A body calls your function through :func:`_watch` (which
copies the arguments and fails the case if your function changes one in place)
and compares what came back with scratchnn's own result through
:func:`_expect` or :func:`_agrees`; a mismatch raises :class:`_MismatchError`
with a message and, when the wrong value matches a known mistake, its hint.
"""

from __future__ import annotations

import copy
import inspect
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..forward import forward_prop
from ..init import init_params
from ._hints import (
    _HINT_IN_PLACE,
    _HINT_KEY,
    _HINT_ORDER,
    _HINT_RETURN,
    _HINT_SUM_EXAMPLES,
)
from ._result import CaseResult, CheckResult
from ._runner import (
    Case,
    _kind,
    _MismatchError,
    _ReaderError,
    _run_check,
    checker,
)

__all__ = [  # what the checker modules use from here besides the helpers below
    "Case",
    "CaseResult",
    "CheckResult",
    "_MismatchError",
    "_kind",
    "_run_check",
    "checker",
]

#: How close your numbers must be to scratchnn's in float64: rounding, no more.
RTOL, ATOL = 1e-6, 1e-9
#: The dicts whose keys must be exactly scratchnn's: an extra key in params
#: would be trained, saved and counted by L = len(params) // 2.
_EXACT_KEYS = ("params", "v", "s")


def _tolerances(got: Any) -> tuple[float, float]:
    """(rtol, atol) for a result in ``got``'s precision.

    float64 gets RTOL and ATOL; a lower precision (float32: about 7 digits)
    gets tolerances a thousand and a hundred times its machine epsilon, so
    that a network computed in float32 passes and a wrong formula still fails.
    """
    dtype = getattr(got, "dtype", None)
    if dtype is None or not np.issubdtype(dtype, np.floating):
        return RTOL, ATOL
    eps = float(np.finfo(dtype).eps)
    return max(RTOL, 1000 * eps), max(ATOL, 100 * eps)


Variants = Mapping[str, Sequence[tuple[Any, str]]]


_NO_VARIANTS: Variants = MappingProxyType({})


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


def _call_in_place(fn: Callable, *args: Any) -> Any:
    return _watch(fn, *args, copy_args=False)[0]


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


def _close(got: Any, expected: Any) -> bool:
    rtol, atol = _tolerances(got)
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    expected = np.asarray(expected, dtype=float)
    return got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=rtol, atol=atol)
    )


def _near(value: float) -> Callable[[NDArray], bool]:
    """A predicate: is a number within 1e-3 (relative) of ``value``?"""
    return lambda got: math.isclose(float(got), value, rel_tol=1e-3)


def _not_finite(A: NDArray) -> bool:
    return not np.all(np.isfinite(A))


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
    if len(shape) == 0 and expected.shape[1:] == (1,):
        return (
            "one number where a column is expected: np.sum(dZ) adds every entry; "
            "sum over the examples only, np.sum(..., axis=1, keepdims=True)"
        )
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
    if isinstance(got, list | tuple):
        raise _MismatchError(
            f"{what} should be a numpy array, got a {type(got).__name__} "
            f"(of {len(got)} items)",
            "compute with numpy arrays throughout, or turn the list into one at "
            "the end: np.array(...)",
        )
    rtol, atol = _tolerances(got)
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
    if np.allclose(A, expected, rtol=rtol, atol=atol):
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
    low_rtol, low_atol = _tolerances(got)
    rtol, atol = max(rtol, low_rtol), max(atol, low_atol)
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
        _refuse_extra_keys(got, expected, what)
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


def _refuse_extra_keys(got: Mapping, expected: Mapping, what: str) -> None:
    extra = [key for key in got if key not in expected]
    if what in _EXACT_KEYS and extra:
        raise _MismatchError(
            f"{what} has keys that scratchnn's has not: {sorted(map(str, extra))}",
            f"keep only {', '.join(expected)} in {what}: other code counts the "
            "layers with L = len(params) // 2 and updates every entry; keep "
            "intermediate values in local variables or in the caches",
        )


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


def _expect_keys_and_shapes(
    got: Mapping, expected: Mapping, what: str, hint: str = ""
) -> None:
    _refuse_extra_keys(got, expected, what)
    for key, value in expected.items():
        if key not in got:
            raise _MismatchError(f"{what} lacks {key}", _HINT_KEY)
        if isinstance(got[key], list | tuple):
            raise _MismatchError(
                f"{key} should be a numpy array, got a {type(got[key]).__name__}",
                "make each parameter an array: np.zeros((n, 1)), rng.standard_normal"
                "((n, n_prev)) or np.array(...)",
            )
        shape = np.shape(got[key])
        if shape != value.shape:
            raise _MismatchError(
                f"expected {key} of shape {value.shape}, got {shape}",
                hint or _shape_hint(got[key], value),
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
