"""The checking layer: what enters scratchnn's public functions, and what
comes out.

A leaf: it imports nothing of the package. Every public function checks its
arguments once, at its door, through one guard: the decorator
``@validated_by(_validate_<name>)``. Its validator sits in the function's own
module, just above the function, and is built from the blocks below; it
raises a ``ValueError`` or ``TypeError`` that says what was expected, what
came and how to fix it, so that a learner never meets a numpy traceback from
deep inside the network. Then the body runs once, with the checks skipped
inside it (``forward_prop`` calling ``linear_forward`` for every layer,
``model`` calling the four steps at every iteration), under numpy's error
state :data:`RAISE`, and its results are checked for NaN and infinity: an
overflow is caught where it happens, never predicted.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from numbers import Integral, Real
from typing import Any, Literal, TypedDict, TypeVar

import numpy as np
from numpy.typing import NDArray

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

#: What a validator returns: the arguments it converted, by name, which the
#: guard passes to the body in place of the ones given.
Arguments = dict[str, Any]

_ErrAction = Literal["ignore", "warn", "raise", "call", "print", "log"]


class ErrState(TypedDict):
    """numpy's error state as ``np.geterr()`` returns it and ``np.errstate``
    takes it: what happens on each kind of floating-point error."""

    divide: _ErrAction
    over: _ErrAction
    under: _ErrAction
    invalid: _ErrAction


#: numpy's error state inside a checked body: an overflow, a 0 / 0 or a
#: division by zero raises at once (on the CPU); a value below the smallest
#: float is 0, harmlessly (exp(-1000), the square of a tiny gradient).
RAISE: ErrState = {
    "over": "raise",
    "invalid": "raise",
    "divide": "raise",
    "under": "ignore",
}

# Context variables, not global flags: one thread's checked call must not
# switch off the checks of another thread's calls. _CALLER holds numpy's
# error state as the user set it, for the user's own code called from a body.
_SKIPPED: ContextVar[bool] = ContextVar("scratchnn_checks_skipped", default=False)
_CALLER: ContextVar[ErrState | None] = ContextVar(
    "scratchnn_caller_errstate", default=None
)

#: What a step's overflow most often means, unless its guard says better.
OVERFLOW_CAUSE = "scale the inputs (standardize X) and keep the weights moderate"


@contextmanager
def _skip_validation(skip: bool = True) -> Iterator[None]:
    token = _SKIPPED.set(skip)
    try:
        yield
    finally:
        _SKIPPED.reset(token)


def validated_by(
    validate: Callable[..., Mapping[str, Any] | None], *, cause: str = OVERFLOW_CAUSE
) -> Callable[[F], F]:
    """Check a public function's arguments at its door, then its results.

    ``validate`` takes the function's arguments by name (defaults filled in)
    and raises if one is wrong; it returns the arguments it converted (for
    example a list turned into an array), which replace the originals. It
    only checks and converts: the body resolves its own defaults and runs
    the algorithm. The body runs once, with the package's checks skipped
    inside it (so ``forward_prop`` does not re-check each layer's
    ``linear_forward``) and under numpy's error state :data:`RAISE`; then
    what it returned is checked for NaN and infinity (:func:`check_results`),
    which also catches an overflow where error states do nothing (on a GPU,
    in a BLAS thread). Either way the error names the function and
    ``cause``, the likely reason.
    """

    def decorate(fn: F) -> F:
        signature = inspect.signature(fn)
        plain = _takes_plain_parameters(signature)
        bind = _binder(signature, plain)

        @functools.wraps(fn)
        def door(*args: Any, **kwargs: Any) -> Any:
            if _SKIPPED.get():  # called from inside a checked body
                return fn(*args, **kwargs)
            arguments = bind(args, kwargs)
            # A validator computes nothing that could overflow for real: a sum
            # that overflows only sends it to its exact check (all_finite).
            with np.errstate(all="ignore"):
                arguments.update(validate(**arguments) or {})
            if plain:
                return run_checked(fn.__name__, cause, fn, **arguments)
            call = inspect.BoundArguments(signature, arguments)  # *args, say
            return run_checked(fn.__name__, cause, fn, *call.args, **call.kwargs)

        door.__scratchnn_check__ = validate  # type: ignore[attr-defined]
        return door  # type: ignore[return-value]

    return decorate


def _takes_plain_parameters(signature: inspect.Signature) -> bool:
    """True if every parameter can be passed by name (no ``*args``,
    ``**kwargs`` or positional-only ones)."""
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return all(p.kind in kinds for p in signature.parameters.values())


def _binder(
    signature: inspect.Signature, plain: bool
) -> Callable[[tuple, dict], dict[str, Any]]:
    """``bind(args, kwargs)``: the arguments of a call by name, with the
    defaults filled in, as ``inspect.Signature.bind`` gives them.

    Most of scratchnn's functions take plain parameters, and a step is called
    thousands of times: for them the arguments are matched by hand, and
    Python's own binding (with its exact TypeError) runs only for a call
    that does not fit or a function with ``*args``.
    """
    params = list(signature.parameters.values())
    positional = [p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD]
    defaults = {p.name: p.default for p in params if p.default is not p.empty}
    names = {p.name for p in params}

    def slow(args: tuple, kwargs: dict) -> dict[str, Any]:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return dict(bound.arguments)

    def fast(args: tuple, kwargs: dict) -> dict[str, Any]:
        if len(args) > len(positional) or not kwargs.keys() <= names:
            return slow(args, kwargs)
        arguments = dict(zip(positional, args, strict=False))  # args may be fewer
        if kwargs.keys() & arguments.keys():
            return slow(args, kwargs)
        arguments.update(kwargs)
        if len(arguments) < len(names):
            for name, default in defaults.items():
                arguments.setdefault(name, default)
            if len(arguments) < len(names):  # a required argument is missing
                return slow(args, kwargs)
        return arguments

    return fast if plain else slow


def run_checked(
    name: str, cause: str, fn: Callable[..., T], /, *args: Any, **kwargs: Any
) -> T:
    """Run ``fn`` as a checked body: checks skipped inside, overflow raising,
    its results checked for NaN and infinity; a failure names ``name``.

    The one mechanism behind every public function's door and behind
    ``model``'s divergence guard.
    """
    skipped, caller = _SKIPPED.set(True), _CALLER.set(_CALLER.get() or np.geterr())
    try:
        with np.errstate(**RAISE):
            result = fn(*args, **kwargs)
            # Under the same error state: a sum in all_finite that overflows
            # then raises, silently, rather than warn under the caller's.
            check_results(result, name, cause, given=(args, kwargs))
    except FloatingPointError as error:
        if type(error) is not FloatingPointError or _from_user(error):
            raise  # already explained, or raised by the user's own code
        raise ValueError(f"{name} overflowed ({error}); {cause}") from None
    finally:
        _SKIPPED.reset(skipped)
        _CALLER.reset(caller)
    return result


def check_results(
    result: Any, name: str, cause: str = OVERFLOW_CAUSE, given: Any = ()
) -> None:
    """Raise if a float array or float in ``result`` (nested in tuples, lists
    and dicts, as caches and gradients are) holds NaN or infinity.

    Arrays of ``given`` (the arguments) that come back as they are, such as
    the ``Z`` an activation keeps as its cache, are what the caller passed,
    not what the function computed: they are not checked again. And where
    an argument itself holds NaN or infinity (an activation takes any
    array), a NaN that comes out was passed on, not made: no error.
    """
    if type(result) is np.ndarray and result.dtype.kind not in "fc":
        return  # labels, indices: nothing to overflow
    where = _not_finite(result, "", set())
    if where is not None:  # rare: only then see what was passed through
        passed_through: set[int] = set()
        _collect_arrays(given, passed_through)
        where = _not_finite(result, "", passed_through)
    if where is not None and _not_finite(given, "", set()) is None:
        raise ValueError(
            f"{name} overflowed: {where or 'its result'} holds NaN or infinity; {cause}"
        )


def _collect_arrays(value: Any, ids: set[int]) -> None:
    if isinstance(value, tuple | list):
        for item in value:
            _collect_arrays(item, ids)
    elif isinstance(value, Mapping):
        for item in value.values():
            _collect_arrays(item, ids)
    elif is_array(value):
        ids.add(id(value))


def _not_finite(value: Any, where: str, skip: set[int]) -> str | None:
    """Where in ``value`` a NaN or infinity sits, or None."""
    if isinstance(value, float):
        return None if math.isfinite(value) else where
    if isinstance(value, tuple | list | Mapping):
        items = value.items() if isinstance(value, Mapping) else enumerate(value)
        for key, item in items:
            label = f"[{key!r}]" if isinstance(value, Mapping) else f"[{key}]"
            found = _not_finite(item, where + label, skip)
            if found is not None:
                return found
        return None
    if (
        is_array(value)
        and id(value) not in skip
        and value.dtype.kind in "fc"
        and not all_finite(value)
    ):
        return where
    return None


def all_finite(A: Any) -> bool:
    """True if the array ``A`` holds no NaN and no infinity.

    One elementwise test and one reduction, both where A lives: an array on a
    GPU sends one boolean to the host. The temporary holds one byte per entry
    (an eighth of a float64 A), and this is faster than A's least and largest
    entries, whose reductions must watch for NaN at every step. A numpy
    float array is first summed (:func:`sums_finite`), which needs no
    temporary and one call instead of two.
    """
    return sums_finite((A,)) or bool(np.isfinite(A).all())


def sums_finite(arrays: Any) -> bool:
    """True if every entry of these numpy float arrays, summed, is finite:
    then none of them is NaN or infinite. False says only "look closer".

    A NaN or an infinity in an array makes its sum NaN or infinite, in any
    order of addition, so a finite total proves them all finite, with no
    temporary as large as an array; small arrays (a small network's
    parameters) are summed together, in one call. A total that is not finite
    proves nothing (large finite entries can overflow the sum; under an
    error state that raises, the overflow raises and is caught here): the
    exact test (``np.isfinite``) decides then, as it does for another array
    type (CuPy's) or dtype. Call it with numpy's errors ignored or raising
    (a guard's or a checked body's state), never warning.
    """
    total, small = 0.0, []
    try:
        for A in arrays:
            if type(A) is not np.ndarray or A.dtype.kind != "f":
                return False
            if A.size <= _SMALL:
                small.append(A.ravel())
            else:
                total += float(np.add.reduce(A, axis=None))  # a Python float: inf
        if small:
            total += float(np.add.reduce(np.concatenate(small)))
    except FloatingPointError:
        return False
    return math.isfinite(total)


#: Arrays up to this many entries are copied together and summed in one call:
#: a call costs more than copying them.
_SMALL = 4096


def call_checked(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a user's function from a checked body, as if from outside.

    A callback, a prediction function handed to a plot, a learner's code:
    whatever the user wrote runs with scratchnn's checks on and numpy's error
    state as the user set it, and what it raises is reported as its own.
    """
    caller = _CALLER.get()
    with _skip_validation(False), np.errstate(**(caller or np.geterr())):
        try:
            return fn(*args, **kwargs)
        except FloatingPointError as error:
            error.__scratchnn_user__ = True  # type: ignore[attr-defined]
            raise


def _from_user(error: BaseException) -> bool:
    return getattr(error, "__scratchnn_user__", False)


def largest(A: Any) -> float:
    """The largest absolute entry of ``A``, 0.0 if empty, as a Python float."""
    A = as_array(A)  # a GPU array stays on its device: two scalars come back
    # min and max rather than abs: no temporary as big as A.
    return max(abs(float(A.max())), abs(float(A.min()))) if A.size else 0.0


def validate_callable(fn: Any, name: str, call: str, n_args: int) -> None:
    """Raise unless ``fn`` is a plain function that can be called with
    ``n_args`` positional arguments, as ``call`` (``"callback(i, cost,
    params)"``) says it will be.

    A generator or ``async`` function would be accepted by a bare
    ``callable`` test and then never run its body: refused too.
    """
    if not callable(fn):
        shown = repr(fn) if len(repr(fn)) <= 40 else type(fn).__name__
        raise TypeError(f"{name} must be a function called as {call}; got {shown}")
    plain = inspect.unwrap(fn)
    if (
        inspect.isgeneratorfunction(plain)
        or inspect.iscoroutinefunction(plain)
        or inspect.isasyncgenfunction(plain)
    ):
        raise TypeError(
            f"{name} must be a plain function called as {call}; {fn!r} is a "
            "generator or async function, whose body would never run"
        )
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # a builtin without a signature: trust it
        return
    try:
        signature.bind(*range(n_args))
    except TypeError:
        raise TypeError(
            f"{name} is called as {call}, with {n_args} arguments, but "
            f"{getattr(fn, '__name__', fn)!r} takes {signature}"
        ) from None


def lookup(table: Mapping[str, T], name: Any, what: str, argument: str = "") -> T:
    """Return ``table[name]``, or explain which names exist; ``argument`` is
    the parameter that gave the name, when ``what`` does not say it."""
    where = f"{argument}: " if argument else ""
    if not isinstance(name, str):
        raise TypeError(
            f"{where}{what} must be a name given as a string, one of "
            f"{sorted(table)}; got {name!r} of type {type(name).__name__}"
        )
    try:
        return table[name]
    except KeyError:
        known = ", ".join(repr(k) for k in table)
        raise ValueError(f"{where}unknown {what} {name!r}; known: {known}") from None


def validate_layer_dims(layer_dims: Any) -> list[int]:
    """Return ``layer_dims`` as a list of positive ints, or raise."""
    if isinstance(layer_dims, str | bytes) or not hasattr(layer_dims, "__len__"):
        raise TypeError(
            "layer_dims must be a list of layer sizes such as [2, 4, 1]; "
            f"got {layer_dims!r}"
        )
    if isinstance(layer_dims, set | frozenset | Mapping):
        raise TypeError(
            "layer_dims must be a list of layer sizes in order, input first, "
            f"such as [2, 4, 1]; got a {type(layer_dims).__name__}, which has no "
            "order"
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


def validate_positive(value: Any, name: str, *, upper: float | None = None) -> float:
    """Return ``value`` as a float if it is finite and > 0 (and <= upper)."""
    value = _as_float(value, name)
    if not math.isfinite(value) or value <= 0 or (upper is not None and value > upper):
        bound = f"in (0, {upper:g}]" if upper is not None else "finite and positive"
        raise ValueError(f"{name} must be {bound}; got {value!r}")
    return value


def validate_non_negative(value: Any, name: str) -> float:
    """Return ``value`` as a float if it is finite and >= 0."""
    value = _as_float(value, name)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be finite and >= 0; got {value!r}")
    return value


def validate_positive_int(value: Any, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def is_array(A: Any) -> bool:
    """True for a numpy array, or for another array type that numpy's own
    functions dispatch to (NEP 18 ``__array_function__``), such as CuPy's.

    Such an array stays what it is, on its device: scratchnn's formulas call
    ``np.exp(Z)``, ``W @ A`` and ``np.sum(dZ, axis=1)``, which run on it.
    """
    return isinstance(A, np.ndarray) or (
        hasattr(type(A), "__array_function__")
        and hasattr(A, "shape")
        and hasattr(A, "dtype")
    )


def as_array(A: Any, name: str = "the input") -> NDArray:
    """Return an array as it is (numpy's or another type, see :func:`is_array`),
    anything else (a list, a number) as a numpy array; ``name`` is the
    argument, for the messages.

    Never ``np.asarray`` on a CuPy array: it refuses to copy itself to the
    host behind the caller's back. An ``np.matrix`` is refused: it stays 2-D
    whatever is done to it and its ``*`` multiplies matrices, so the formulas
    would silently compute something else. A ragged list is refused by name.
    """
    if isinstance(A, np.matrix):
        raise TypeError(
            f"{name} is an np.matrix, whose * and ** are matrix products and "
            f"which stays 2-D whatever is done to it; pass np.asarray({name}) "
            "instead"
        )
    if is_array(A):
        return A
    try:
        return np.asarray(A)
    except ValueError as error:
        if "inhomogeneous" not in str(error) and "sequence" not in str(error):
            raise
        raise ValueError(
            f"{name} is a ragged list: its rows have different lengths, so it "
            "is no array; give every row the same number of entries"
        ) from None


def array_kind(A: Any) -> str:
    """``"numpy"`` for a numpy array, else the array type's name
    (``"cupy.ndarray"``): where its data live, as a message can say it."""
    if isinstance(A, np.ndarray):
        return "numpy"
    return f"{type(A).__module__.partition('.')[0]}.{type(A).__name__}"


def validate_numbers(A: Any, name: str) -> NDArray:
    """Return ``A`` as a float array if it holds numbers (integers or floats).

    Integers become float64: ``-abs(Z)`` wraps around in unsigned types, and
    numpy computes ``exp`` of small integer types in float16.
    """
    validate_not_masked(A, name)
    A = as_array(A, name)
    if A.dtype.kind in "iu":
        return A.astype(np.float64)
    if A.dtype.kind != "f":
        raise TypeError(
            f"{name} must hold numbers (integers or floats); got dtype {A.dtype}"
        )
    return A


def validate_backward(dA: Any, Z: Any) -> tuple[NDArray, NDArray]:
    """Return ``dA`` and the cached ``Z`` as float arrays of one shape, or raise.

    Without it, a ``dA`` of another shape would broadcast against ``Z`` and
    give a wrong gradient of yet another shape.
    """
    dA, Z = validate_numbers(dA, "dA"), validate_numbers(Z, "the cache Z")
    if dA.shape != Z.shape:
        raise ValueError(
            f"dA has shape {dA.shape} but the cache Z has shape {Z.shape}; they "
            "must match (is the cache from the same layer?)"
        )
    # An infinite dA times a slope of 0 would be NaN.
    validate_finite(dA, "dA", hint="did training diverge?")
    return dA, Z


def validate_seed(seed: Any, name: str = "seed") -> Any:
    """Return ``seed`` if numpy.random.default_rng takes it: an int >= 0, a
    Generator or None; ``name`` is the argument, for the messages."""
    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(
            f"{name} must be an int, a numpy.random.Generator or None; got "
            f"{seed!r} of type {type(seed).__name__}"
        )
    if seed < 0:
        raise ValueError(f"{name} must be a non-negative int; got {seed}")
    return int(seed)


def validate_bool(value: Any, name: str) -> bool:
    """Return ``value`` if it is True or False (numpy's too), or raise: a
    string such as "no" would count as True."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def validate_like(like: Any) -> None:
    """Raise unless ``like`` is None or an array (see :func:`is_array`)."""
    if like is not None and not is_array(like):
        raise TypeError(
            "like must be an array whose type the parameters should take (a "
            f"numpy or CuPy array, such as X), or None; got {type(like).__name__}"
        )


def validate_dtype(dtype: Any) -> np.dtype:
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


def validate_matrix(A: Any, name: str) -> NDArray:
    """Return ``A`` as a 2-D numeric array, or raise."""
    if type(A) is not np.ndarray:
        validate_not_masked(A, name)
        A = as_array(A, name)
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


def validate_not_masked(A: Any, name: str) -> None:
    # np.asarray would drop the mask and compute with the hidden values.
    if isinstance(A, np.ma.MaskedArray):
        raise TypeError(
            f"{name} is a masked array, and scratchnn would compute with the "
            "values under its mask; drop the masked examples, or fill them "
            f"with {name}.filled(value), first"
        )


@dataclasses.dataclass(frozen=True)
class Limits:
    """The caps on every size a user can set, fixed so that what scratchnn
    does never depends on the machine's memory.

    A request beyond a cap fails at once, before anything is allocated, with
    the number and the cap in the message; raise a cap for a block of code
    with :func:`set_limits`. The defaults:

    memory : 1 GiB
        Bytes of one array scratchnn allocates: a network's parameters, a
        layer's activations, a mask, a grid of points, a file's arrays.
    file_bytes : 1 GiB
        Bytes :func:`scratchnn.load_params` reads from one file.
    snapshots : 10,000
        Snapshots one :class:`~scratchnn.figures.recording.Recorder` keeps.
    snapshot_bytes : 1 GiB
        Bytes of parameters one Recorder keeps, all snapshots together.
    frames : 120
        Frames an animation draws: a longer recording is sampled down to this
        many, evenly spread, first and last included.
    dpi : 1,000
        Dots per inch of a figure or animation (and its canvas, width times
        height in pixels, 4 bytes each, must fit in ``memory``).
    inches : 100
        Width and height of a figure, in inches.
    resolution : 1,000
        Grid points along each axis of a decision-boundary plot.
    ncols : 50
        Columns (and rows) of panels in one figure.
    """

    memory: int = 2**30
    file_bytes: int = 2**30
    snapshots: int = 10_000
    snapshot_bytes: int = 2**30
    frames: int = 120
    dpi: float = 1000
    inches: float = 100
    resolution: int = 1000
    ncols: int = 50


# Frozen, so a shared default is safe; a ContextVar, so a thread's set_limits
# block does not change another thread's caps.
_LIMITS: ContextVar[Limits] = ContextVar("scratchnn_limits", default=Limits())  # noqa: B039


def limits() -> Limits:
    """The caps in force (see :class:`Limits`)."""
    return _LIMITS.get()


class set_limits:  # noqa: N801 (used as a function, like np.errstate)
    """Raise (or lower) some of scratchnn's caps (see :class:`Limits`).

    Takes effect at once, for the rest of the session, and as a context
    manager only inside its block: ``with scratchnn.set_limits(memory=8 *
    2**30): params = init_params([2, 46000, 46000, 1])``.

    Raises
    ------
    TypeError
        If a name is not one of :class:`Limits`' fields.
    ValueError
        If a cap is not a positive number.
    """

    def __init__(self, **caps: float) -> None:
        known = {f.name for f in dataclasses.fields(Limits)}
        # Any: the caps are floats (dpi, inches) and ints (the rest).
        changes: dict[str, Any] = caps
        for name, value in caps.items():
            if name not in known:
                known_names = ", ".join(sorted(known))
                raise TypeError(
                    f"set_limits: unknown cap {name!r}; known: {known_names}"
                )
            caps[name] = validate_positive(value, name)
            if name not in ("dpi", "inches"):
                changes[name] = int(caps[name])
        self._token = _LIMITS.set(dataclasses.replace(_LIMITS.get(), **changes))

    def __enter__(self) -> Limits:
        return _LIMITS.get()

    def __exit__(self, *exc: object) -> None:
        _LIMITS.reset(self._token)


class LimitError(ValueError):
    """A size beyond one of the caps of :class:`Limits`."""


def _gib(n_bytes: float) -> str:
    if n_bytes >= 2**30:
        return f"{n_bytes / 2**30:.3g} GiB"
    return f"{n_bytes / 2**20:.3g} MiB"


def validate_size(n_elements: int, what: str, itemsize: int = 8) -> None:
    """Raise if an array of ``n_elements`` numbers of ``itemsize`` bytes is
    beyond the ``memory`` cap (:class:`Limits`), before it is allocated."""
    validate_bytes(int(n_elements) * int(itemsize), what)


def validate_bytes(n_bytes: int, what: str, cap: str = "memory") -> None:
    """Raise if ``n_bytes`` is beyond the cap named ``cap`` (:class:`Limits`)."""
    limit = getattr(limits(), cap)
    if n_bytes > limit:
        need = _gib(n_bytes)
        if need == _gib(limit):  # just above: say by how much
            need += f" ({n_bytes} bytes)"
        raise LimitError(
            f"{what} would need {need}, more than scratchnn's limit of "
            f"{_gib(limit)}; is a size mistyped? To allow it, raise the limit: "
            f"scratchnn.set_limits({cap}=...)"
        )


def validate_at_most(value: Any, name: str, cap: str) -> None:
    """Raise if ``value`` (of argument ``name``) is above the cap named
    ``cap`` (:class:`Limits`)."""
    limit = getattr(limits(), cap)
    if value > limit:
        raise LimitError(
            f"{name} is {_number(value)}, above scratchnn's limit of at most "
            f"{_number(limit)}; to allow it, raise the limit: "
            f"scratchnn.set_limits({cap}=...)"
        )


def validate_count(value: Any, name: str, cap: str, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is an integer >= ``minimum`` and
    within the cap named ``cap`` (:class:`Limits`)."""
    value = validate_positive_int(value, name, minimum)
    validate_at_most(value, name, cap)
    return value


def validate_dpi(dpi: Any, name: str = "dpi") -> float:
    """Return ``dpi`` as a float if it is positive and within the ``dpi`` cap."""
    dpi = validate_positive(dpi, name)
    validate_at_most(dpi, name, "dpi")
    return dpi


def validate_figsize(figsize: Any, name: str = "figsize") -> tuple[float, float]:
    """Return ``figsize`` as a pair of positive floats, each side within the
    ``inches`` cap (:class:`Limits`)."""
    if not isinstance(figsize, tuple | list) or len(figsize) != 2:
        raise TypeError(
            f"{name} must be a pair (width, height) in inches, such as (6, 4); "
            f"got {figsize!r}"
        )
    sides = []
    for side, what in zip(figsize, ("width", "height"), strict=True):
        side = validate_positive(side, f"{name}'s {what}")
        validate_at_most(side, f"{name}'s {what}", "inches")
        sides.append(side)
    return sides[0], sides[1]


def validate_canvas(figsize: tuple[float, float], dpi: float) -> None:
    """Raise if a figure of ``figsize`` inches at ``dpi`` would need a canvas
    (4 bytes a pixel) beyond the ``memory`` cap."""
    width, height = (math.ceil(side * dpi) for side in figsize)
    validate_size(
        width * height,
        f"a figure of {figsize[0]:g} x {figsize[1]:g} inches at dpi={dpi:g} "
        f"({width} x {height} pixels)",
        itemsize=4,
    )


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def validate_cache(cache: Any, name: str = "cache", masked: bool = False) -> None:
    """Raise unless ``cache`` is ``((A_prev, W, b), Z)`` of 2-D arrays that
    fit together, as forward_prop makes it; with ``masked``, ``((A_prev, W,
    b), Z, D)``, a hidden layer's cache of the dropout forward pass."""
    size = 3 if masked else 2
    fits = (
        isinstance(cache, tuple)
        and len(cache) == size
        and _is_linear_cache(cache[0])
        and all(getattr(A, "ndim", None) == 2 for A in cache[1:])
    )
    if fits:
        (A_prev, W, _), Z = cache[0], cache[1]
        fits = all(A.shape == Z.shape for A in cache[2:])
        fits = fits and Z.shape == (W.shape[0], A_prev.shape[1])
    if fits:
        return
    if masked:
        raise ValueError(
            f"{name} must be ((A_prev, W, b), Z, D), with Z and the mask D of "
            "shape (W rows, A_prev columns): a hidden layer's cache that "
            f"forward_prop_with_dropout returned; got {_structure(cache)}"
        )
    with_mask = isinstance(cache, tuple) and len(cache) == 3
    raise ValueError(
        f"{name} must be ((A_prev, W, b), Z), with Z of shape (W rows, A_prev "
        f"columns): a cache that forward_prop returned; got {_structure(cache)}"
        + (
            "; a third entry is a dropout mask: go back through it with "
            "backprop_with_dropout (one_layer_backward_with_dropout for a layer)"
            if with_mask
            else ""
        )
    )


def validate_linear_cache(linear_cache: Any, name: str = "linear_cache") -> None:
    """Raise unless ``linear_cache`` is ``(A_prev, W, b)`` of 2-D arrays."""
    if not _is_linear_cache(linear_cache):
        raise ValueError(
            f"{name} must be (A_prev, W, b), three 2-D arrays with W of shape "
            "(n, n_prev) and A_prev of shape (n_prev, m): the first entry of a "
            f"cache that forward_prop returned; got {_structure(linear_cache)}"
        )


def _is_linear_cache(cache: Any) -> bool:
    return (
        isinstance(cache, tuple)
        and len(cache) == 3
        and all(getattr(A, "ndim", None) == 2 for A in cache)
        and cache[1].shape[1] == cache[0].shape[0]
        and cache[2].shape == (cache[1].shape[0], 1)
    )


def _structure(value: Any) -> str:
    """A short picture of nested tuples of arrays, for a message."""
    if isinstance(value, tuple | list):
        inner = ", ".join(_structure(v) for v in value[:4])
        more = ", ..." if len(value) > 4 else ""
        return f"({inner}{more})" if isinstance(value, tuple) else f"[{inner}{more}]"
    if hasattr(value, "shape"):
        return f"array of shape {tuple(value.shape)}"
    return type(value).__name__


def validate_finite(
    A: NDArray, name: str, hint: str = "clean or impute them first"
) -> None:
    """Raise if ``A`` holds NaN or infinity."""
    if not all_finite(A):
        raise ValueError(f"{name} contains NaN or infinite values; {hint}")


def validate_finite_params(params: Mapping[str, Any], name: str = "params") -> None:
    """Raise if an entry of ``params`` (or of gradients, ``name``) holds NaN
    or infinity."""
    if sums_finite(params.values()):  # all of them at once, the usual case
        return
    for key, P in params.items():
        validate_finite(P, f"{name} entry {key}", hint="did training diverge?")


def validate_finite_inputs(X: Any, params: Mapping[str, Any]) -> None:
    """Raise if X or an entry of ``params`` holds NaN or infinity, as
    :func:`validate_finite` and :func:`validate_finite_params` do (and with
    their messages), in one pass over them all when they are finite."""
    if sums_finite((X, *params.values())):
        return
    validate_finite(X, "X")
    validate_finite_params(params)


def validate_same_device(X: Any, params: Mapping[str, Any]) -> None:
    """Raise unless X and every parameter live on one device: numpy and CuPy
    arrays cannot meet in one operation."""
    if type(X) is np.ndarray and all(type(P) is np.ndarray for P in params.values()):
        return  # all on the host, the usual case
    for key, P in params.items():
        if array_kind(P) != array_kind(X):
            raise TypeError(
                f"X is a {array_kind(X)} array but params entry {key} is a "
                f"{array_kind(P)} array; move them to one device, for example "
                "params = {k: np.asarray(P, like=X) for k, P in params.items()} "
                "(for CuPy: cupy.asarray(P))"
            )


#: The two activations a network records, in the order of every pair.
ACTIVATION_PARAMETERS = ("hidden_activation", "output_activation")


def recorded_activations(params: Any) -> tuple[str | None, str | None]:
    """The activations a network records (a :class:`scratchnn.Network` has
    them as attributes), or ``(None, None)`` for a plain dict."""
    if type(params) is dict or not isinstance(params, dict):
        return None, None  # the usual plain dict, answered at once
    hidden = getattr(params, "hidden_activation", None)
    output = getattr(params, "output_activation", None)
    if isinstance(hidden, str) and isinstance(output, str):
        return hidden, output
    return None, None


#: What a step whose activations default to "sigmoid" tells the user when
#: a network records others: leaving them out does not use the network's.
STEP_REMEDY = (
    'pass {name}={kept!r} (left out, it is "sigmoid"), or compute on '
    "dict(params) to use another"
)


def validate_recorded_activations(
    recorded: tuple[str | None, str | None],
    given: tuple[str | None, str | None],
    who: str,
    *,
    whose: str = "the network",
    remedy: str = "leave it out to use the network's",
) -> None:
    """Raise if an activation ``who`` was given is not the one the network
    records: computing a network with another activation than it was trained
    with gives a wrong answer silently. None, given or recorded, agrees with
    anything."""
    if given == (None, None) or recorded == (None, None):
        return  # nothing to contradict: the usual call, answered at once
    for name, asked, kept in zip(ACTIVATION_PARAMETERS, given, recorded, strict=True):
        if asked is not None and kept is not None and asked != kept:
            raise ValueError(
                f"{who} was given {name}={asked!r} but {whose} records "
                f"{name}={kept!r}; {remedy.format(name=name, kept=kept)}"
            )


def validate_params(params: Any, name: str = "params") -> int:
    """Check that ``params`` is a valid network and return its depth L.

    A valid network has keys ``W1, b1, ..., WL, bL`` and nothing else, with
    ``W{l}`` of shape ``(n_l, n_{l-1})`` and ``b{l}`` of shape ``(n_l, 1)``;
    ``name`` is the argument that gave it, for the messages.
    """
    if not isinstance(params, dict | Mapping):
        raise TypeError(
            f"{name} must be a dict like {{'W1': ..., 'b1': ...}}; got "
            f"{type(params).__name__}"
        )
    L = max((len(params) + 1) // 2, 1)  # an odd count lacks a key, not holds one
    expected = _network_keys(L)
    if params.keys() != set(expected):
        missing = [k for k in expected if k not in params]
        extra = sorted(map(str, set(params) - set(expected)))
        what = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unexpected {', '.join(extra)}" if extra else "",
            )
            if part
        )
        raise ValueError(
            f"{name} must have keys W1, b1, ..., WL, bL; got {sorted(map(str, params))}"
            f" ({what})"
        )
    n_prev = None
    for l in range(1, L + 1):
        W, b = params[expected[2 * l - 2]], params[expected[2 * l - 1]]
        if not is_array(W) or not is_array(b):
            raise TypeError(
                f"{name}: W{l} and b{l} must be arrays (numpy's, or CuPy's on a "
                f"GPU); got {type(W).__name__} and {type(b).__name__}"
            )
        if W.dtype.kind != "f" or b.dtype.kind != "f":
            raise TypeError(
                f"{name}: W{l} and b{l} must hold floats (init_params makes them); "
                f"got dtypes {W.dtype} and {b.dtype}"
            )
        if W.ndim != 2:
            raise ValueError(f"{name}: W{l} must be 2-D; got shape {W.shape}")
        if 0 in W.shape:  # as init_params refuses a layer of 0 units
            raise ValueError(
                f"{name}: W{l} has shape {W.shape}; every layer needs at least "
                "one unit and one input"
            )
        if b.shape != (W.shape[0], 1):
            raise ValueError(
                f"{name}: b{l} must have shape ({W.shape[0]}, 1) to match W{l} of "
                f"shape {W.shape}; got {b.shape}"
            )
        if n_prev is not None and W.shape[1] != n_prev:
            raise ValueError(
                f"{name}: W{l} has {W.shape[1]} columns but W{l - 1} has {n_prev} "
                "rows; they must match"
            )
        n_prev = W.shape[0]
    return L


@functools.lru_cache(maxsize=32)
def _network_keys(L: int) -> tuple[str, ...]:
    """``("W1", "b1", ..., "WL", "bL")``, made once per depth: a network's
    keys are checked at every call of predict."""
    return tuple(f"{p}{l}" for l in range(1, L + 1) for p in "Wb")


def validate_inputs(X: Any, n_x: int | None = None) -> NDArray:
    """Return ``X`` as a 2-D array of shape ``(n_x, m)``, or raise."""
    X = validate_matrix(X, "X")
    if n_x is not None and X.shape[0] != n_x:
        raise ValueError(
            f"X has {X.shape[0]} rows but the network expects {n_x} inputs "
            f"(layer_dims[0], the columns of W1); X must have shape (n_x, m), "
            "one column per example: did you pass X.T?"
        )
    return X


def validate_labels(Y: Any, m: int | None = None) -> NDArray:
    """Return binary labels ``Y`` of shape ``(1, m)``, or raise."""
    Y = validate_matrix(Y, "Y")
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


def validate_one_hot(Y: Any, m: int | None = None) -> NDArray:
    """Return one-hot labels ``Y`` of shape ``(n_classes, m)``, or raise."""
    Y = validate_matrix(Y, "Y")
    if m is not None and Y.shape[1] != m:
        raise ValueError(
            f"X has {m} examples (columns) but Y has {Y.shape[1]}; they must match"
        )
    if not np.all((Y == 0) | (Y == 1)) or not np.all(Y.sum(axis=0) == 1):
        raise ValueError(
            "Y must be one-hot, shape (n_classes, m), each column holding a "
            f"single 1; got shape {Y.shape}. Build it from class indices with "
            "scratchnn.one_hot"
        )
    return Y


def validate_probabilities(AL: Any, Y: NDArray) -> NDArray:
    """Return ``AL`` if it is a finite array of probabilities shaped like Y."""
    AL = validate_matrix(AL, "AL")
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
            f"[{float(AL.min()):.4g}, {float(AL.max()):.4g}]"
        )
    return AL


def validate_distributions(AL: NDArray) -> None:
    """Raise unless every column of ``AL`` sums to 1, up to rounding."""
    # A softmax column sums to 1 up to rounding: about n_classes roundings of
    # at most eps/2 in the softmax's own sum and as many in this one. Four
    # times that bound never fires on a real softmax output, in any dtype,
    # but a softmax over the wrong axis is off by far more.
    sums = AL.sum(axis=0)
    eps = np.finfo(AL.dtype if AL.dtype.kind == "f" else np.float64).eps
    tol = 4 * AL.shape[0] * eps
    low, high = float(sums.min()), float(sums.max())
    if not (low >= 1 - tol and high <= 1 + tol):
        off = max(abs(low - 1), abs(high - 1))
        raise ValueError(
            "each column of AL must sum to 1, a distribution over the classes; "
            f"got column sums in [{low:.6g}, {high:.6g}], up to {off:.2g} away "
            "from 1. Take the softmax over axis 0, each column, as "
            "scratchnn.softmax does"
        )


def validate_grads(
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
        if not is_array(G) or G.dtype.kind not in "iuf":
            got = f"dtype {G.dtype}" if is_array(G) else type(G).__name__
            raise TypeError(
                f"{name} entry d{key} must be an array of numbers; got {got}"
            )
        if G.shape != P.shape:
            raise ValueError(
                f"{name} entry d{key} has shape {G.shape} but {key} has shape "
                f"{P.shape}; each entry must have its parameter's shape"
            )


def validate_keep_prob(keep_prob: float) -> float:
    """Return ``keep_prob`` as a float if it lies in (0, 1].

    Raise ``TypeError`` if it is not a number, ``ValueError`` if it is a
    number outside (0, 1].
    """
    return validate_positive(keep_prob, "keep_prob", upper=1.0)


def validate_optimizer_options(options: Mapping[str, float]) -> dict[str, float]:
    """Check the hyperparameters in ``options``, a dict that maps some of
    ``beta``, ``beta1`` and ``beta2`` (each in [0, 1)) and ``epsilon`` (finite
    and positive) to their values; return a copy.

    Raises
    ------
    ValueError
        If a beta is not in [0, 1) or ``epsilon`` is not finite and positive.
    TypeError
        If a value is not a number.
    """
    for name, value in options.items():
        if name == "epsilon":
            validate_positive(value, name)  # 0 would give 0 / 0
        elif not 0 <= validate_non_negative(value, name) < 1:
            raise ValueError(f"{name} must be in [0, 1); got {value!r}")
    return dict(options)
