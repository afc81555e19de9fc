"""Checks on what enters scratchnn's public functions.

Each check runs once, where data enters, and raises a ``ValueError`` or
``TypeError`` that says what was expected, what came and how to fix it, so
that a learner never meets a numpy traceback from deep inside the network.
A training loop checks its data once, before the loop, and then runs the
loop inside :func:`trusted`, where the checks on the hot path return at
once: the public step functions keep their checks for every other caller.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from numbers import Integral, Real
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

T = TypeVar("T")

# A context variable, not a global flag: one thread's training loop must not
# switch off the checks of another thread's calls.
_TRUSTED: ContextVar[bool] = ContextVar("scratchnn_trusted", default=False)


@contextmanager
def trusted() -> Iterator[None]:
    """Skip the per-call checks inside this block.

    For a loop over data that was checked once before it, such as the
    mini-batches of :func:`scratchnn.model`.
    """
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


def lookup(table: Mapping[str, T], name: Any, what: str) -> T:
    """Return ``table[name]``, or explain which names exist."""
    if not isinstance(name, str):
        raise TypeError(
            f"{what} must be a name given as a string, one of {sorted(table)}; "
            f"got {name!r} of type {type(name).__name__}"
        )
    try:
        return table[name]
    except KeyError:
        known = ", ".join(repr(k) for k in table)
        raise ValueError(f"unknown {what} {name!r}; known: {known}") from None


def check_layer_dims(layer_dims: Any) -> list[int]:
    """Return ``layer_dims`` as a list of positive ints, or raise."""
    if isinstance(layer_dims, str | bytes) or not hasattr(layer_dims, "__len__"):
        raise TypeError(
            "layer_dims must be a list of layer sizes such as [2, 4, 1]; "
            f"got {layer_dims!r}"
        )
    dims = list(layer_dims)
    if len(dims) < 2:
        raise ValueError(
            "layer_dims needs at least two entries, the input size and the "
            f"output size (for example [2, 4, 1]); got {dims}"
        )
    for i, n in enumerate(dims):
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 1:
            raise ValueError(
                f"every entry of layer_dims must be a positive integer; "
                f"layer_dims[{i}] is {n!r}"
            )
    return [int(n) for n in dims]


def _as_float(value: Any, name: str) -> float:
    # type() first: the abstract Real check is slow, and this runs every step.
    if type(value) is not float and (
        isinstance(value, bool) or not isinstance(value, Real)
    ):
        raise TypeError(f"{name} must be a number; got {value!r}")
    try:
        return float(value)
    except OverflowError:  # an int beyond the float range, such as 10**400
        digits = len(str(abs(value)))
        raise ValueError(
            f"{name} must be finite; got an integer of {digits} digits"
        ) from None


def check_positive(value: Any, name: str, *, upper: float | None = None) -> float:
    """Return ``value`` as a float if it is finite and > 0 (and <= upper)."""
    if _TRUSTED.get():
        return value
    value = _as_float(value, name)
    if not math.isfinite(value) or value <= 0 or (upper is not None and value > upper):
        bound = f"in (0, {upper:g}]" if upper is not None else "finite and positive"
        raise ValueError(f"{name} must be {bound}; got {value!r}")
    return value


def check_non_negative(value: Any, name: str) -> float:
    """Return ``value`` as a float if it is finite and >= 0."""
    if _TRUSTED.get():
        return value
    value = _as_float(value, name)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be finite and >= 0; got {value!r}")
    return value


def check_positive_int(value: Any, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def check_numbers(A: Any, name: str) -> NDArray:
    """Return ``A`` as a float array if it holds numbers (integers or floats).

    Integers become float64: ``-abs(Z)`` wraps around in unsigned types, and
    numpy computes ``exp`` of small integer types in float16.
    """
    A = np.asarray(A)
    if A.dtype.kind in "iu":
        return A.astype(np.float64)
    if A.dtype.kind != "f":
        raise TypeError(
            f"{name} must hold numbers (integers or floats); got dtype {A.dtype}"
        )
    return A


def check_backward(dA: Any, Z: Any) -> tuple[NDArray, NDArray]:
    """Return ``dA`` and the cached ``Z`` as float arrays of one shape, or raise.

    Without it, a ``dA`` of another shape would broadcast against ``Z`` and
    give a wrong gradient of yet another shape.
    """
    if _TRUSTED.get():
        return dA, Z
    dA, Z = check_numbers(dA, "dA"), check_numbers(Z, "the cache Z")
    if dA.shape != Z.shape:
        raise ValueError(
            f"dA has shape {dA.shape} but the cache Z has shape {Z.shape}; they "
            "must match (is the cache from the same layer?)"
        )
    return dA, Z


def check_seed(seed: Any) -> Any:
    """Return ``seed`` if numpy.random.default_rng takes it: an int >= 0, a
    Generator or None."""
    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(
            "seed must be an int, a numpy.random.Generator or None; got "
            f"{seed!r} of type {type(seed).__name__}"
        )
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int; got {seed}")
    return int(seed)


def check_dtype(dtype: Any) -> np.dtype:
    """Return ``np.dtype(dtype)`` if it is a floating type, or raise."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.kind != "f":
        raise TypeError(
            "dtype must be a floating type such as np.float64 (the default) or "
            f"np.float32; got {dtype!r}"
        )
    return dt


def check_matrix(A: Any, name: str) -> NDArray:
    """Return ``A`` as a 2-D numeric array, or raise."""
    if _TRUSTED.get():
        return A
    if type(A) is not np.ndarray:
        A = np.asarray(A)
    if A.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array with one column per example; got an "
            f"array of shape {A.shape}. Reshape a single example x with "
            "x.reshape(-1, 1), a vector of m labels y with y.reshape(1, -1)"
        )
    if A.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers; got dtype {A.dtype}")
    if A.shape[1] == 0:
        raise ValueError(f"{name} has no columns: there are no examples")
    return A


def check_finite(
    A: NDArray, name: str, hint: str = "clean or impute them first"
) -> None:
    """Raise if ``A`` holds NaN or infinity."""
    # min and max see any NaN or infinity, without a temporary as big as A.
    if A.size and not (np.isfinite(A.min()) and np.isfinite(A.max())):
        raise ValueError(f"{name} contains NaN or infinite values; {hint}")


def check_params(params: Any) -> int:
    """Check that ``params`` is a valid network and return its depth L.

    A valid network has keys ``W1, b1, ..., WL, bL`` and nothing else, with
    ``W{l}`` of shape ``(n_l, n_{l-1})`` and ``b{l}`` of shape ``(n_l, 1)``.
    """
    if _TRUSTED.get():
        return len(params) // 2
    if not isinstance(params, dict | Mapping):
        raise TypeError(
            f"params must be a dict like {{'W1': ..., 'b1': ...}}; got "
            f"{type(params).__name__}"
        )
    L = len(params) // 2
    if (
        L < 1
        or any(f"W{l}" not in params or f"b{l}" not in params for l in range(1, L + 1))
        or len(params) != 2 * L
    ):
        raise ValueError(
            f"params must have keys W1, b1, ..., WL, bL; got {sorted(params)}"
        )
    n_prev = None
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        if not isinstance(W, np.ndarray) or not isinstance(b, np.ndarray):
            raise TypeError(
                f"W{l} and b{l} must be numpy arrays; got {type(W).__name__} and "
                f"{type(b).__name__}"
            )
        if W.dtype.kind != "f" or b.dtype.kind != "f":
            raise TypeError(
                f"W{l} and b{l} must hold floats (init_params makes them); got "
                f"dtypes {W.dtype} and {b.dtype}"
            )
        if W.ndim != 2:
            raise ValueError(f"W{l} must be 2-D; got shape {W.shape}")
        if b.shape != (W.shape[0], 1):
            raise ValueError(
                f"b{l} must have shape ({W.shape[0]}, 1) to match W{l} of "
                f"shape {W.shape}; got {b.shape}"
            )
        if n_prev is not None and W.shape[1] != n_prev:
            raise ValueError(
                f"W{l} has {W.shape[1]} columns but W{l - 1} has {n_prev} rows; "
                "they must match"
            )
        n_prev = W.shape[0]
    return L


def check_inputs(X: Any, n_x: int | None = None) -> NDArray:
    """Return ``X`` as a 2-D array of shape ``(n_x, m)``, or raise."""
    if _TRUSTED.get():
        return X
    X = check_matrix(X, "X")
    if n_x is not None and X.shape[0] != n_x:
        raise ValueError(
            f"X has {X.shape[0]} rows but the network expects {n_x} inputs "
            f"(layer_dims[0], the columns of W1); X must have shape (n_x, m), "
            "one column per example: did you pass X.T?"
        )
    return X


def check_labels(Y: Any, m: int | None = None) -> NDArray:
    """Return binary labels ``Y`` of shape ``(1, m)``, or raise."""
    if _TRUSTED.get():
        return Y
    Y = check_matrix(Y, "Y")
    if Y.shape[0] != 1:
        raise ValueError(
            f"Y must have shape (1, m), one 0/1 label per column; got {Y.shape}"
        )
    if m is not None and Y.shape[1] != m:
        raise ValueError(
            f"X has {m} examples (columns) but Y has {Y.shape[1]}; they must match"
        )
    if not ((Y == 0) | (Y == 1)).all():
        bad = Y[(Y != 0) & (Y != 1)].ravel()[:3]
        raise ValueError(f"Y must hold labels 0 and 1 only; found {bad.tolist()}")
    return Y


def check_one_hot(Y: Any, m: int | None = None) -> NDArray:
    """Return one-hot labels ``Y`` of shape ``(n_classes, m)``, or raise."""
    if _TRUSTED.get():
        return Y
    Y = check_matrix(Y, "Y")
    if m is not None and Y.shape[1] != m:
        raise ValueError(
            f"X has {m} examples (columns) but Y has {Y.shape[1]}; they must match"
        )
    if not np.all((Y == 0) | (Y == 1)) or not np.all(Y.sum(axis=0) == 1):
        raise ValueError(
            "Y must be one-hot, shape (n_classes, m), each column holding a "
            "single 1; build it from class indices with scratchnn.one_hot"
        )
    return Y


def check_probabilities(AL: Any, Y: NDArray) -> NDArray:
    """Return ``AL`` if it is a finite array of probabilities shaped like Y."""
    if _TRUSTED.get():
        return AL
    AL = check_matrix(AL, "AL")
    if AL.shape != Y.shape:
        raise ValueError(
            f"AL and Y must have the same shape; got AL {AL.shape} and Y {Y.shape}"
        )
    # One pass for min and one for max also catch NaN: comparisons with NaN
    # are False.
    if not (AL.min() >= 0 and AL.max() <= 1):
        if np.isnan(AL).any():
            raise ValueError(
                "AL contains NaN; the forward pass overflowed (a learning rate "
                "that is too large is the usual cause)"
            )
        raise ValueError(
            f"AL must hold probabilities in [0, 1]; got values in "
            f"[{AL.min():.4g}, {AL.max():.4g}]"
        )
    return AL


def check_distributions(AL: NDArray) -> None:
    """Raise unless every column of ``AL`` sums to 1, up to rounding."""
    if _TRUSTED.get():
        return
    # A softmax column sums to 1 up to rounding: about n_classes roundings of
    # at most eps/2 in the softmax's own sum and as many in this one. Four
    # times that bound never fires on a real softmax output, in any dtype,
    # but a softmax over the wrong axis is off by far more.
    sums = AL.sum(axis=0)
    eps = np.finfo(AL.dtype if AL.dtype.kind == "f" else np.float64).eps
    tol = 4 * AL.shape[0] * eps
    low, high = sums.min(), sums.max()
    if not (low >= 1 - tol and high <= 1 + tol):
        off = max(abs(low - 1), abs(high - 1))
        raise ValueError(
            "each column of AL must sum to 1, a distribution over the classes; "
            f"got column sums in [{low:.6g}, {high:.6g}], up to {off:.2g} away "
            "from 1. Take the softmax over axis 0, each column, as "
            "scratchnn.softmax does"
        )


def check_grads(
    params: Mapping[str, NDArray],
    grads: Mapping[str, NDArray],
    L: int,
    name: str = "grads",
    made_by: str = "scratchnn.backprop",
) -> None:
    """Check that ``grads`` has ``dW{l}``, ``db{l}`` shaped like ``params``.

    The optimisers' running averages are keyed and shaped like the gradients;
    ``name`` and ``made_by`` let the messages speak of them.
    """
    if _TRUSTED.get():
        return None
    if not isinstance(grads, dict | Mapping):
        raise TypeError(f"{name} must be a dict like {{'dW1': ...}}; got {grads!r}")
    missing = [f"d{k}" for k in params if f"d{k}" not in grads]
    if missing:
        raise ValueError(
            f"{name} lacks {missing}; it needs dW1, db1, ..., dW{L}, db{L} "
            f"(the keys {made_by} returns)"
        )
    for key, P in params.items():
        G = grads[f"d{key}"]
        if not isinstance(G, np.ndarray) or G.dtype.kind not in "iuf":
            got = f"dtype {G.dtype}" if isinstance(G, np.ndarray) else type(G).__name__
            raise TypeError(
                f"{name} entry d{key} must be a numpy array of numbers; got {got}"
            )
        if G.shape != P.shape:
            raise ValueError(
                f"{name} entry d{key} has shape {G.shape} but {key} has shape "
                f"{P.shape}; each entry must have its parameter's shape"
            )
