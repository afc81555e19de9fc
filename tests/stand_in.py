"""A strict stand-in for a GPU array type, so that dispatch is tested without a GPU.

:class:`StandIn` wraps a numpy array and behaves, as far as scratchnn can
tell, like a CuPy array: numpy's functions and ufuncs dispatch to it through
NEP 13 (``__array_ufunc__``) and NEP 18 (``__array_function__``), array
creation reaches it through NEP 35 (``np.asarray(data, like=A)``), and it
refuses every way numpy has of turning it into a numpy array behind the
caller's back. Its rules, each what CuPy does:

- ``np.asarray(A)``, ``np.array(A)``, ``np.ascontiguousarray(A)`` raise
  ``TypeError``: ``__array__`` and ``__array_interface__`` raise, and there is
  no buffer protocol (``memoryview(A)`` raises).
- A numpy array may not meet a stand-in in an operation (``A * D`` with ``D``
  a numpy array raises ``TypeError``); Python and numpy scalars may. Indexing
  with a numpy array of indices is allowed, as in CuPy.
- Reductions return 0-d stand-ins, never numpy scalars. ``float``, ``int``
  and ``bool`` work on arrays of one element only (a copy of one value to the
  host); ``format`` with a format spec does not (``f"{A.max():.3g}"`` raises).
- ``np.asarray(data, like=A)`` and the other creation functions with
  ``like=A`` copy numpy data into a new stand-in (a copy to the device).
- ``A.get()`` is the explicit copy to the host, as in CuPy.

Every operation runs numpy on the wrapped array, so results can be compared
with numpy's to the last bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin

REFUSAL = (
    "Implicit conversion to a NumPy array is not allowed. "
    "Please use `.get()` to construct a NumPy array explicitly."
)

#: Methods a CuPy array has that scratchnn, its tests or its benchmarks call.
METHODS = frozenset(
    {"all", "any", "argmax", "astype", "clip", "copy", "max", "mean", "min", "ravel",
     "reshape", "sum", "transpose"}
)  # fmt: skip

#: numpy functions that build an array from host data (with ``like=``).
CREATION = frozenset(
    {np.asarray, np.array, np.asanyarray, np.ascontiguousarray, np.zeros,
     np.ones, np.empty, np.full, np.arange}
)  # fmt: skip


class StandIn(NDArrayOperatorsMixin):
    """A numpy array in disguise that refuses implicit conversion, as CuPy's does."""

    __slots__ = ("_data",)

    def __init__(self, data: np.ndarray) -> None:
        if not isinstance(data, np.ndarray):
            raise TypeError(f"StandIn wraps a numpy array; got {type(data).__name__}")
        self._data = data

    # --- what numpy may not do with it
    def __array__(self, *args: Any, **kwargs: Any):
        raise TypeError(REFUSAL)

    @property
    def __array_interface__(self):
        raise TypeError(REFUSAL)

    def __buffer__(self, flags: int):  # Python >= 3.12; none before
        raise TypeError(REFUSAL)

    # --- dispatch
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if any(_foreign(x) for x in inputs + (kwargs.get("out") or ())):
            return NotImplemented  # numpy then raises TypeError, as with CuPy
        out = kwargs.get("out")
        if out is not None:
            kwargs["out"] = tuple(_unwrap(o) for o in out)
        result = getattr(ufunc, method)(*_unwrap(inputs), **kwargs)
        if out is not None and len(out) == 1:
            return out[0]  # in place: the very object the caller passed
        return _wrap(result)

    def __array_function__(self, func, types, args, kwargs):
        if not all(issubclass(t, StandIn | np.ndarray) for t in types):
            return NotImplemented
        if func not in CREATION and _any_foreign((args, kwargs)):
            return NotImplemented
        result = func(*_unwrap(args), **_unwrap(kwargs))
        if func in CREATION and isinstance(result, np.ndarray):
            result = result.copy()  # host to device: never shares host memory
        return _wrap(result)

    # --- attributes and methods
    shape = property(lambda self: self._data.shape)
    dtype = property(lambda self: self._data.dtype)
    ndim = property(lambda self: self._data.ndim)
    size = property(lambda self: self._data.size)
    nbytes = property(lambda self: self._data.nbytes)
    T = property(lambda self: StandIn(self._data.T))

    def __getattr__(self, name: str):
        if name not in METHODS:
            raise AttributeError(f"StandIn has no attribute {name!r}")
        method = getattr(self._data, name)
        return lambda *args, **kwargs: _wrap(method(*_unwrap(args), **kwargs))

    def get(self) -> np.ndarray:
        """The explicit copy to the host, as ``cupy.ndarray.get``."""
        return self._data.copy()

    def item(self):
        return self._data.item()

    def tolist(self):
        return self._data.tolist()

    def __getitem__(self, key):
        return _wrap(self._data[_unwrap(key)])

    def __setitem__(self, key, value):
        if _foreign(value):
            raise TypeError(REFUSAL)
        self._data[_unwrap(key)] = _unwrap(value)

    def __len__(self) -> int:
        return len(self._data)

    def __float__(self) -> float:
        return float(self._one())

    def __int__(self) -> int:
        return int(self._one())

    def __bool__(self) -> bool:
        return bool(self._one())

    def _one(self):
        if self._data.size != 1:
            raise TypeError(
                f"only an array of one element converts to a Python scalar; "
                f"got shape {self._data.shape}"
            )
        return self._data.reshape(()).item()

    def __repr__(self) -> str:
        return f"StandIn({self._data!r})"


def _foreign(x: Any) -> bool:
    """A numpy array: it may not meet a stand-in in an operation."""
    return isinstance(x, np.ndarray)


def _any_foreign(x: Any) -> bool:
    if isinstance(x, list | tuple):
        return any(_any_foreign(v) for v in x)
    if isinstance(x, dict):
        return any(_any_foreign(v) for v in x.values())
    return _foreign(x)


def _unwrap(x: Any) -> Any:
    if isinstance(x, StandIn):
        return x._data
    if isinstance(x, list | tuple):
        return type(x)(_unwrap(v) for v in x)
    if isinstance(x, dict):
        return {k: _unwrap(v) for k, v in x.items()}
    return x


def _wrap(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return StandIn(x)
    if isinstance(x, np.generic):  # CuPy's reductions give 0-d arrays
        return StandIn(np.asarray(x))
    if isinstance(x, list | tuple):
        return type(x)(_wrap(v) for v in x)
    return x


def to_device(A: np.ndarray) -> StandIn:
    """A copy of a numpy array on the stand-in "device"."""
    return StandIn(np.array(A, copy=True))


def to_host(A: Any) -> Any:
    """A stand-in's data as a numpy array (dicts and tuples of them too)."""
    if isinstance(A, StandIn):
        return A.get()
    if isinstance(A, dict):
        return {k: to_host(v) for k, v in A.items()}
    if isinstance(A, list | tuple):
        return type(A)(to_host(v) for v in A)
    return A
