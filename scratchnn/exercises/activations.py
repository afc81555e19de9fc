"""Checkers for the exercises of :mod:`scratchnn.activations`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ..activations import (
    LEAKY_SLOPE,
    leaky_relu,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    tanh_backward,
)
from ._harness import (
    Alt,
    Case,
    CheckResult,
    _agrees,
    _close,
    _diagnosed,
    _normal,
    _not_finite,
    _run_check,
    checker,
)
from ._hints import (
    _HINT_Z_NOT_A,
)

_HINT_TIMES_DA = "multiply by dA: the chain rule gives dZ = dA * g'(Z)"
_HINT_CACHE_IS_Z = "return Z as the cache, not A: the backward step needs Z"
_HINT_OVERFLOW = (
    "your sigmoid overflows for large |Z|; see 'What goes wrong': let exp only "
    "ever see -|Z|, e.g. np.exp(-np.abs(Z)), and use exp(Z) / (1 + exp(Z)) "
    "for Z < 0"
)
_HINT_MAX = (
    "np.max(Z, 0) is the largest entry of each column, one number per column; "
    "the entry-by-entry maximum of Z and 0 is np.maximum(Z, 0)"
)
_HINT_TANH_OVERFLOW = (
    "your tanh overflows for large |Z|: (exp(Z) - exp(-Z)) / (exp(Z) + exp(-Z)) "
    "gives inf / inf; np.tanh(Z) never does"
)
_HINT_ELEMENTWISE = (
    "the chain rule of an activation multiplies element-wise (entry by entry), "
    "dZ = dA * g'(Z): np.dot(dA, ...) or dA @ ... is a matrix product, which "
    "needs matching inner sizes"
)
_HINT_AXIS = (
    "normalise each column (one example each): sum over axis=0 with "
    "keepdims=True, not over the rows nor the whole array"
)


@checker
def check_sigmoid(fn: Callable) -> CheckResult:
    """Check your ``sigmoid(Z) -> (A, cache)``.

    Cases: ``sigmoid(0) = 0.5``; a row of small values; a seeded random
    array; no overflow (nor warning) for ``Z = ±1000``; the cache is ``Z``.

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
            *_quiet(
                lambda: [
                    (
                        1 + np.exp(-Z),
                        "operator precedence: 1 / 1 + np.exp(-Z) is 1 + exp(-Z); "
                        "write 1 / (1 + np.exp(-Z)), with brackets",
                    ),
                    (
                        1 / (1 - np.exp(-Z)),
                        "sigmoid(Z) = 1 / (1 + exp(-Z)): a plus in the "
                        "denominator, not a minus",
                    ),
                    (
                        np.exp(-Z) / (1 + np.exp(-Z)),
                        "that is 1 - sigmoid(Z): sigmoid(Z) = 1 / (1 + exp(-Z))",
                    ),
                ]
            ),
            (_not_finite, _HINT_OVERFLOW),
        ],
    )
    Z_random = _normal(0, 3, 4, scale=3)
    cases = _activation_cases("sigmoid", case, Z_row, Z_random)
    cases.insert(
        0, ("sigmoid(0) is 0.5", _diagnosed(case(np.zeros((1, 1))), case(Z_random)))
    )
    cases.insert(
        3, ("no overflow for Z = -1000, 0, 1000", case(Z_big, "A", _HINT_OVERFLOW))
    )
    return _run_check("check_sigmoid", cases)


@checker
def check_sigmoid_backward(fn: Callable) -> CheckResult:
    """Check your ``sigmoid_backward(dA, cache) -> dZ``, where cache is Z.

    Cases: ``dZ = dA / 4`` at ``Z = 0``; a seeded random ``dA`` and ``Z``;
    ``dZ = 0`` without overflow for ``Z = ±1000``. Recognises the slope
    computed from A instead of Z, and a forgotten ``dA``.

    Notes
    -----
    Used in the chapter "The sigmoid activation".
    """

    def wrong(dA: NDArray, Z: NDArray) -> list:
        s = sigmoid(Z)[0]
        return [
            *[(dZ, _HINT_Z_NOT_A) for dZ in _sigmoid_slopes_of_A(dA, Z)],
            (s * (1 - s), _HINT_TIMES_DA),
            (
                dA * s * (1 - Z),
                "(1 - Z) uses the cache Z where the slope needs s = sigmoid(Z): "
                "dZ = dA * s * (1 - s)",
            ),
            (_not_finite, _HINT_OVERFLOW),
            *_slope_mistakes(dA, s * (1 - s), Z, "s * (1 - s) with s = sigmoid(Z)"),
        ]

    case = _backward_case(fn, sigmoid_backward, wrong, _HINT_OVERFLOW)
    probe = case(_normal(1, 3, 4), _normal(2, 3, 4, scale=2))
    return _run_check(
        "check_sigmoid_backward",
        [
            (
                "dZ is dA / 4 at Z = 0",
                _diagnosed(case(np.array([[1.0, 2.0, -1.0]]), np.zeros((1, 3))), probe),
            ),
            ("a seeded random dA and Z of shape (3, 4)", probe),
            (
                "dZ is 0 without overflow for Z = -1000, 1000",
                case(np.ones((1, 2)), np.array([[-1000.0, 1000.0]])),
            ),
        ],
        _HINT_ELEMENTWISE,
    )


@checker
def check_relu(fn: Callable) -> CheckResult:
    """Check your ``relu(Z) -> (A, cache)``.

    Cases: a row to check by hand, a seeded random ``Z``, the cache is ``Z``.

    Notes
    -----
    Used in the chapter "Choose an activation function".
    """
    return _check_rectifier(
        fn,
        relu,
        lambda Z: [
            (np.abs(Z), "relu is max(0, Z): a negative Z gives 0, not |Z|"),
            (np.minimum(Z, 0), "relu is np.maximum(Z, 0), not np.minimum"),
            (np.max(Z, axis=0), _HINT_MAX),
            (
                (Z > 0).astype(float),
                "relu returns Z itself where Z > 0, not 1 (1 is its slope, for "
                "the backward step): np.maximum(Z, 0)",
            ),
            (np.maximum(Z, 0.01 * Z), "that is leaky relu: relu is np.maximum(Z, 0)"),
        ],
        seed=40,
    )


@checker
def check_leaky_relu(fn: Callable) -> CheckResult:
    """Check your ``leaky_relu(Z) -> (A, cache)``, slope 0.01 below zero.

    Cases: a row to check by hand, a seeded random ``Z``, the cache is ``Z``.

    Notes
    -----
    Used in the chapter "Choose an activation function".
    """
    return _check_rectifier(
        fn,
        leaky_relu,
        lambda Z: [
            (
                relu(Z)[0],
                f"leaky ReLU keeps a small slope for negative Z: "
                f"np.where(Z > 0, Z, {LEAKY_SLOPE} * Z)",
            ),
            (
                np.where(Z > 0, LEAKY_SLOPE * Z, Z),
                f"the slope {LEAKY_SLOPE} is on the wrong side: it applies where "
                f"Z < 0, np.where(Z > 0, Z, {LEAKY_SLOPE} * Z)",
            ),
            (
                _other_leak(Z),
                f"the slope below zero is {LEAKY_SLOPE}: np.where(Z > 0, Z, "
                f"{LEAKY_SLOPE} * Z)",
            ),
        ],
        seed=41,
    )


@checker
def check_relu_backward(fn: Callable) -> CheckResult:
    """Check your ``relu_backward(dA, cache) -> dZ``, where cache is Z.

    Cases: a row to check by hand, with the slope 0 at ``Z = 0``, and a
    seeded random ``dA`` and ``Z``. Recognises a forgotten ``dA``, ``dA``
    returned unchanged, the slope 1 at ``Z = 0`` (``Z >= 0``) and other
    wrong slopes.

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
            (
                dA,
                "dZ is dA unchanged: zero it where the unit was off, dZ = dA * (Z > 0)",
            ),
            (dA * relu(Z)[0], slope),
            (dA * (Z < 0), slope),
            (dA * (Z >= 0), "the slope at Z = 0 is 0: dZ = dA * (Z > 0), not Z >= 0"),
            (
                dA * (Z[0] > 0),
                "the cache is Z itself, not a tuple: cache[0] is Z's first row, "
                "which numpy then repeats for every row; use Z = cache",
            ),
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
        _HINT_ELEMENTWISE,
    )


@checker
def check_tanh_backward(fn: Callable) -> CheckResult:
    """Check your ``tanh_backward(dA, cache) -> dZ``, where cache is Z.

    Cases: ``dZ = dA`` at ``Z = 0``, a seeded random ``dA`` and ``Z``, and
    ``dZ = 0`` without overflow for ``Z = ±1000``. Recognises the slope
    computed from A instead of Z and a tanh written with exp that overflows.

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
            (_not_finite, _HINT_TANH_OVERFLOW),
            *_slope_mistakes(dA, 1 - T**2, Z, "1 - t**2 with t = np.tanh(Z)"),
        ]

    case = _backward_case(fn, tanh_backward, wrong, _HINT_TANH_OVERFLOW)
    probe = case(_normal(44, 3, 4), _normal(45, 3, 4))
    return _run_check(
        "check_tanh_backward",
        [
            (
                "dZ is dA at Z = 0",
                _diagnosed(case(np.array([[1.0, -2.0]]), np.zeros((1, 2))), probe),
            ),
            ("a seeded random dA and Z of shape (3, 4)", probe),
            (
                "dZ is 0 without overflow for Z = -1000, 1000",
                case(np.ones((1, 2)), np.array([[-1000.0, 1000.0]])),
            ),
        ],
        _HINT_ELEMENTWISE,
    )


@checker
def check_softmax(fn: Callable) -> CheckResult:
    """Check your ``softmax(Z) -> (A, cache)``, over each column.

    Cases: one column to check by hand, a seeded random ``Z`` with several
    columns, no overflow for logits near 1000, the cache is ``Z``.
    Recognises a sum over the wrong axis, the missing max-shift, the log of
    the probabilities, a sigmoid per entry, a division by the sum of Z and
    a missing normalisation.

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
        with np.errstate(all="ignore"):
            return _softmax_mistakes(Z)

    def _softmax_mistakes(Z: NDArray) -> list:
        E = np.exp(Z - Z.max())
        A = E / E.sum(axis=0, keepdims=True)
        return [
            (E / E.sum(axis=1, keepdims=True), _HINT_AXIS),
            (E / E.sum(), _HINT_AXIS),
            (_not_finite, overflow),
            Alt(
                np.log(A),
                "that is the log of the probabilities (log-softmax): "
                "softmax returns exp(Z) / sum of exp(Z), without a log",
            ),
            Alt(
                sigmoid(Z)[0],
                "that is a sigmoid per entry: softmax divides "
                "np.exp(Z) by each column's sum of np.exp(Z)",
            ),
            Alt(
                Z / Z.sum(axis=0, keepdims=True),
                "take np.exp first: softmax "
                "divides np.exp(Z) by the column sums of np.exp(Z), not Z by "
                "the sums of Z",
            ),
            Alt(
                E / Z.sum(axis=0, keepdims=True),
                "divide by the sum of np.exp(Z) over each column, not by the sum of Z",
            ),
            Alt(
                np.exp(Z) / Z.sum(),
                "divide by the sum of np.exp(Z) over each column, not by the sum of Z",
            ),
            Alt(
                np.exp(Z) / Z.sum(axis=0, keepdims=True),
                "divide by the sum of np.exp(Z) over each column, not by the sum of Z",
            ),
            Alt(
                np.exp(Z),
                "normalise: divide np.exp(Z) by each column's sum, "
                "np.sum(..., axis=0, keepdims=True)",
            ),
        ]

    case = _activation_case(fn, softmax, wrong)
    probe = case(_normal(46, 4, 5, scale=2))
    Z_big = np.array([[1000.0, 0.0], [1001.0, 1.0], [999.0, 2.0]])
    return _run_check(
        "check_softmax",
        [
            (
                "softmax of one column [[1], [2], [3]]",
                _diagnosed(case(np.array([[1.0], [2.0], [3.0]])), probe),
            ),
            ("a seeded random Z of shape (4, 5)", probe),
            ("no overflow for logits near 1000", case(Z_big, "A", overflow)),
            ("the cache is Z itself", case(Z_big, "cache")),
        ],
    )


def _slope_mistakes(dA: NDArray, slope: NDArray, Z: NDArray, right: str) -> list:
    """The wrong ``dZ`` of an activation's backward step, whatever the activation.

    ``slope`` is g'(Z) and ``right`` says how to compute it. Candidates: the
    slope of another activation (sigmoid's, tanh's, relu's), the chain rule
    applied with + or @ instead of the entry-by-entry product, and the
    slope's parts combined wrongly.
    """
    s, t = sigmoid(Z)[0], np.tanh(Z)

    def other(name: str) -> str:
        return f"dZ uses {name} where this activation's slope is {right}"

    wrong: list = [
        Alt(
            dA + slope,
            "the chain rule multiplies: dZ = dA * g'(Z), not dA + g'(Z); "
            f"g'(Z) = {right}",
            "dA + g'(Z)",
        ),
    ]
    for name, candidate in (
        ("sigmoid's slope s * (1 - s)", s * (1 - s)),
        ("tanh's slope 1 - t**2", 1 - t**2),
        ("relu's slope (Z > 0)", (Z > 0).astype(float)),
        ("1 - t with t = tanh(Z), not squared", 1 - t),
        ("(1 - t)**2, the square of a difference (1 - t**2 is meant)", (1 - t) ** 2),
        ("1 + t**2, a sign slip (1 - t**2 is meant)", 1 + t**2),
        ("t * (1 - t), sigmoid's form applied to t = tanh(Z)", t * (1 - t)),
        ("1 - s**2, tanh's form applied to s = sigmoid(Z)", 1 - s**2),
        ("s = sigmoid(Z) itself, not its slope", s),
        ("t = tanh(Z) itself, not its slope", t),
    ):
        if not _close(candidate, slope):
            wrong.append(Alt(dA * candidate, other(name), f"dA times {name}"))
    if dA.shape[0] == dA.shape[1] == slope.shape[0]:
        wrong.append(
            Alt(
                dA @ slope,
                "dA @ g'(Z) (np.dot) is a matrix product: the chain rule here "
                "multiplies entry by entry, dZ = dA * g'(Z)",
                "dA @ g'(Z)",
            )
        )
    return wrong


def _quiet(make: Callable[[], list]) -> list:
    """Candidates computed without numpy's warnings (they may overflow)."""
    with np.errstate(all="ignore"):
        return make()


def _other_leak(Z: NDArray) -> Callable[[NDArray], bool]:
    """A predicate: Z where Z > 0 and another constant slope below zero."""

    def fits(A: NDArray) -> bool:
        below = Z < 0
        if A.shape != Z.shape or not below.any():
            return False
        slopes = A[below] / Z[below]
        return (
            _close(A[~below], np.maximum(Z[~below], 0))
            and np.ptp(slopes) < 1e-9
            and not np.isclose(slopes[0], LEAKY_SLOPE)
        )

    return fits


def _sigmoid_slopes_of_A(dA: NDArray, Z: NDArray) -> tuple[NDArray, NDArray]:
    """The two wrong ``dZ`` of a sigmoid that treat the cache Z (or sigmoid(Z)) as A."""
    ss = sigmoid(sigmoid(Z)[0])[0]
    return dA * Z * (1 - Z), dA * ss * (1 - ss)


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


def _check_rectifier(
    fn: Callable, reference: Callable, wrong_of: Callable, seed: int
) -> CheckResult:
    """The checker of relu or leaky_relu: a row by hand, a random Z, the cache."""
    case = _activation_case(fn, reference, wrong_of)
    Z_row, name = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]]), reference.__name__
    cases = _activation_cases(name, case, Z_row, _normal(seed, 3, 4))
    return _run_check(f"check_{name}", cases)


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
