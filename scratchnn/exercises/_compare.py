"""The comparison engine: what differs between your value and the right one.

Every checker compares what your function returned with scratchnn's result
through :func:`_relate`. When they differ, it says precisely what differs
(which entries, rows or columns, the shape, the dtype) and tries, in order,
the relations in a table of *candidates*: wrong results computed from the
same inputs as the right one (the result without the bias, with ``Z`` for
``A``, one layer off, ...), constant factors (``m``, ``keep_prob``, ...),
masks (where ``Z < 0``), terms left out or added (the bias,
``lambd / m * W``), followed by the relations every array can show: a
transpose, a sign, the value of a sibling (another key or output), integer
rounding, a constant factor. The first relation that holds exactly names
the mistake; when none does, the message says what differs and the hint
lists the likely causes the checker gave (:class:`Likely`).

The candidates are plain data, so that a checker lists what its exercise
can get wrong instead of special-casing each mistake.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ._hints import _HINT_ORDER as HINT_ORDER
from ._hints import _HINT_SUM_EXAMPLES

#: How close your numbers must be to scratchnn's in float64: rounding, no more.
RTOL, ATOL = 1e-6, 1e-9


class Alt(NamedTuple):
    """A wrong result: what the mistake ``hint`` names would have returned.

    ``value`` is an array or a number computed from the same inputs, or a
    predicate that takes your value and says whether it shows the mistake.
    ``label`` (optional) says what the value is, e.g. ``"Z"``; the message
    then reads "yours equals Z".
    """

    value: Any
    hint: str
    label: str = ""


class Factor(NamedTuple):
    """A constant factor: yours is ``value`` times the right result."""

    value: float
    label: str
    hint: str


class Where(NamedTuple):
    """A region: yours differs exactly where ``mask`` is true (e.g. Z < 0)."""

    mask: Any
    label: str
    hint: str


class Term(NamedTuple):
    """A term of the formula: yours lacks it (``missing``) or adds it (``extra``)."""

    value: Any
    label: str
    missing: str
    extra: str = ""


class Likely(NamedTuple):
    """The likely causes when no relation fits, most likely first."""

    causes: tuple[str, ...]


Candidate = Alt | Factor | Where | Term | Likely | tuple


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


def _close(got: Any, expected: Any) -> bool:
    """Whether ``got`` has ``expected``'s shape and values, to rounding."""
    rtol, atol = _tolerances(got)
    try:
        got = np.asarray(got, dtype=float)
        expected = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    if got.shape != expected.shape:
        return False
    with np.errstate(all="ignore"):
        # nan where the candidate has nan: a mistake that yields nan there too
        return bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True))


def _fmt(x: float, digits: int = 4) -> str:
    return f"{x:.{digits}g}"


def _show(A: Any, precision: int = 4) -> str:
    text = np.array2string(
        np.asarray(A), precision=precision, separator=", ", suppress_small=True
    )
    return " ".join(text.split())


def _indices(flags: NDArray, noun: str) -> str:
    """``rows 0, 2`` for the true entries of ``flags``."""
    where = [int(i) for i in np.flatnonzero(flags)]
    shown = ", ".join(map(str, where[:6])) + (", ..." if len(where) > 6 else "")
    return f"{noun}{'' if len(where) == 1 else 's'} {shown}"


def _where_it_differs(wrong: NDArray, what: str) -> str:
    """Which entries of a 2-D ``what`` differ: rows, columns or scattered."""
    if wrong.ndim != 2 or wrong.all():
        if wrong.all():
            return f"every entry of {what} differs"
        return f"{int(wrong.sum())} of the {wrong.size} entries of {what} differ"
    # any over one axis of a 2-D array: a 1-D array (numpy's stubs say "or a
    # bool" for any axis).
    rows, columns = np.asarray(wrong.any(axis=1)), np.asarray(wrong.any(axis=0))
    if (wrong == rows[:, None]).all() and not rows.all():
        return (
            f"{what} differs in {_indices(rows, 'row')} only (of {wrong.shape[0]}), "
            "every column"
        )
    if (wrong == columns[None, :]).all() and not columns.all():
        return (
            f"{what} differs in {_indices(columns, 'column')} only (of "
            f"{wrong.shape[1]}), the examples of those columns"
        )
    return f"{int(wrong.sum())} of the {wrong.size} entries of {what} differ"


def _ratio(A: NDArray, expected: NDArray) -> float | None:
    """The constant c with A = c * expected everywhere, or None."""
    big = np.abs(expected) > 1e-12 * max(1.0, float(np.max(np.abs(expected))))
    if not big.any():
        return None
    with np.errstate(all="ignore"):
        c = float(np.median(A[big] / expected[big]))
    if not math.isfinite(c) or c == 0:
        return None
    return c if _close(A, c * expected) else None


def _matches(A: NDArray, value: Any) -> bool:
    if callable(value):
        with np.errstate(all="ignore"):
            try:
                return bool(value(A))
            except Exception:  # noqa: BLE001 - a predicate that does not apply
                return False
    return _close(A, value)


def _relate(
    got: Any,
    expected: Any,
    what: str,
    candidates: Sequence[Candidate] = (),
    siblings: Mapping[str, Any] | None = None,
) -> tuple[str, str]:
    """(message, hint) for ``got``, an array or number that is not ``expected``.

    ``candidates`` are tried in order, then the relations every result can
    show (a transpose, a sign, a sibling's value, rounding, a factor).
    ``siblings`` maps the names of the other values of the same result
    (other keys of a dict, other outputs) to their right values.
    """
    A = np.asarray(got, dtype=float)
    E = np.asarray(expected, dtype=float)
    rtol, atol = _tolerances(got)
    scalar = E.ndim == 0
    with np.errstate(all="ignore"):
        if A.shape == E.shape:
            wrong = ~np.isclose(A, E, rtol=rtol, atol=atol)
        else:
            wrong = np.ones(E.shape, dtype=bool)
    if scalar:
        message = _expected_got(what, E.item(), A.item(), rtol)
    elif not np.all(np.isfinite(A)):
        bad = ~np.isfinite(A)
        message = f"{what} holds inf or nan in {int(bad.sum())} of {A.size} entries"
    elif A.size <= 6:
        message = _expected_got(what, E, A, rtol)
    else:
        largest = float(np.max(np.abs(A - E)))
        message = f"{_where_it_differs(wrong, what)}, by up to {_fmt(largest)}"
    likely: tuple[str, ...] = ()
    for candidate in candidates:
        if isinstance(candidate, Likely):
            likely = candidate.causes
            continue
        found = _fits(A, E, wrong, candidate)
        if found is not None:
            relation, hint = found
            return (f"{message}; {relation}" if relation else message), hint
    for name, value in (siblings or {}).items():
        if not isinstance(value, np.ndarray | float):
            continue
        varied = np.unique(np.asarray(value, dtype=float)).size >= 3
        if (
            varied
            and np.shape(value) == A.shape
            and not _close(E, value)
            and _close(A, value)
        ):
            return (
                f"{message}; yours equals the expected {name}",
                f"{what} holds the value that belongs in {name}: the two are "
                "swapped, or one is computed from the other's inputs (an index "
                "off by one?)",
            )
    if A.ndim == 2 and A.shape == E.shape[::-1] or A.shape == E.shape:
        if A.ndim == 2 and A.shape[0] == A.shape[1] and _close(A, E.T):
            return f"{message}; yours is its transpose", HINT_ORDER
    if not scalar and A.shape == E.shape and np.ptp(A) == 0 and np.ptp(E) > 0:
        return (
            f"{message}; every entry of yours is the same number, {_fmt(A.flat[0])}",
            "one number was spread over every entry: a sum or mean over the whole "
            "array (no axis) where one value per row is meant, np.sum(..., "
            "axis=1, keepdims=True)",
        )
    whole = np.all(np.isfinite(A)) and np.all(A == np.round(A))
    if (
        (whole or not scalar)
        and np.all(np.isfinite(A))
        and A.shape == E.shape
        and not np.all(E == np.round(E))
    ):
        if any(_close(A, rounded(E)) for rounded in (np.floor, np.trunc, np.round)):
            return (
                f"{message}; yours is the right value rounded to a whole number",
                "your result was rounded to whole numbers: floor division // "
                "(use /), int(...), or an integer array (np.zeros(shape, "
                "dtype=int), or one made from integer data) that keeps only "
                "whole numbers",
            )
    c = _ratio(A, E) if A.shape == E.shape else None
    if c is not None and math.isclose(c, -1, rel_tol=1e-6):
        return (
            f"{message}; yours is -1 times the expected value",
            f"the sign of {what} is wrong: a minus sign is missing or extra "
            "(subtract where you add, or the reverse)",
        )
    if c is not None and E.size >= 3:
        return (
            f"{message}; yours is {_fmt(c)} times the expected value everywhere",
            "a constant factor is off: a 1/m, a learning rate, a keep_prob or a "
            f"factor 2 missing or extra; yours is {_fmt(c)} times the right value",
        )
    if likely:
        return message, "likely causes: " + "; ".join(likely)
    return message, ""


def _fits(
    A: NDArray, E: NDArray, wrong: NDArray, candidate: Candidate
) -> tuple[str, str] | None:
    """(relation, hint) when ``A`` shows ``candidate``'s mistake, else None."""
    if isinstance(candidate, Factor):
        if A.shape == E.shape and _close(A, candidate.value * E):
            return f"yours is {candidate.label} times the expected", candidate.hint
        return None
    if isinstance(candidate, Where):
        if A.shape != E.shape:
            return None
        mask = np.broadcast_to(np.asarray(candidate.mask, dtype=bool), E.shape)
        if wrong.any() and (wrong <= mask).all() and wrong.sum() * 2 >= mask.sum():
            return f"it differs only where {candidate.label}", candidate.hint
        return None
    if isinstance(candidate, Term):
        term = np.asarray(candidate.value, dtype=float)
        with np.errstate(all="ignore"):
            try:
                lacks, adds = E - term, E + term
            except ValueError:
                return None
        if lacks.shape == A.shape and _close(A, lacks):
            return f"yours lacks {candidate.label}", candidate.missing
        if candidate.extra and adds.shape == A.shape and _close(A, adds):
            return f"yours adds {candidate.label}", candidate.extra
        return None
    value, hint, *rest = candidate
    label = rest[0] if rest else ""
    if _matches(A, value):
        return (f"yours equals {label}" if label else ""), hint
    return None


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


def _relate_shape(
    got: NDArray,
    expected: NDArray,
    what: str,
    candidates: Sequence[Candidate] = (),
) -> tuple[str, str]:
    """(message, hint) for ``got`` of another shape than ``expected``."""
    message = f"expected {what} of shape {expected.shape}, got {got.shape}"
    for candidate in candidates:
        if isinstance(candidate, Alt | tuple) and not isinstance(candidate, Likely):
            value, hint, *rest = candidate
            if not isinstance(value, Factor | Where | Term) and _matches(got, value):
                label = rest[0] if rest else ""
                return (message + (f"; yours equals {label}" if label else "")), hint
    shape, want = got.shape, expected.shape
    if len(shape) == 2 and _close(got, expected.T):
        return message + "; yours is its transpose", HINT_ORDER
    if got.size == 1 and want[1:] == (1,):
        return message, (
            "one number where a column is expected: a sum or mean without axis "
            "takes every entry; sum over the examples only, np.sum(..., axis=1, "
            "keepdims=True)"
        )
    if len(shape) == 1 and len(want) == 2 and shape[0] in want:
        return message, (
            f"a 1-D array where a 2-D array of shape {want} is expected: a sum "
            "or a slice dropped an axis; keep it with keepdims=True (np.sum(..., "
            "axis=1, keepdims=True)) or a slice such as X[:, i:i + 1]"
        )
    if len(shape) == 2 and len(want) == 2 and shape[0] == 1 and want[1] == 1:
        return message, _HINT_SUM_EXAMPLES
    if len(shape) == 2 and len(want) == 2 and want[0] == 1 and shape[1] == 1:
        return message, (
            "a column where a row is expected: sum over the rows, axis=0, not "
            "over the examples (axis=1)"
        )
    if len(shape) == 2 and len(want) == 2 and shape == want[::-1]:
        return message, (
            "rows and columns are swapped: one row per unit (or class) and one "
            "column per example; a .T is missing or extra, or a product's "
            "factors are in the wrong order"
        )
    if len(shape) == 2 and len(want) == 2 and want[1] == 1 and shape[0] == want[0]:
        return message, (
            f"{what} has one column per example where it needs one column: "
            "sum over the examples, np.sum(..., axis=1, keepdims=True)"
        )
    if len(shape) == len(want) and shape[:-1] == want[:-1]:
        fewer = want[-1] - shape[-1]
        return message, (
            f"{abs(fewer)} {'fewer' if fewer > 0 else 'more'} column"
            f"{'' if abs(fewer) == 1 else 's'} (examples) than expected: a slice "
            "or a loop over the examples stops early or goes too far (range(m), "
            "X[:, :m])"
        )
    if len(shape) > len(want):
        return message, (
            f"{what} has more axes than expected: an outer product or a "
            "broadcast between a column and a row, where an element-wise or "
            "matrix product of matching shapes is meant"
        )
    return message, ""
