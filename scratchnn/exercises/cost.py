"""Checkers for the exercises of :mod:`scratchnn.cost`."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ..activations import softmax
from ..cost import categorical_cross_entropy, cost_function
from ._harness import (
    ATOL,
    CheckResult,
    _call,
    _diagnosed,
    _expect_number,
    _fmt,
    _MismatchError,
    _near,
    _normal,
    _not_finite,
    _number,
    _ReaderError,
    _run_check,
    checker,
)
from ._hints import (
    _HINT_CLIP,
    _HINT_ONE_OVER_M,
)

_HINT_PER_EXAMPLE = (
    "yours is the expected cost divided by the number of classes: average over "
    "the m examples only, sum over the classes"
)
_HINT_SIGN = "the cost is never negative: did you drop the minus sign in front?"
_HINT_SWAPPED = (
    "the log terms are swapped: Y goes with log(AL) and (1 - Y) with log(1 - AL)"
)
_HINT_BINARY_TERM = (
    "with many classes the cost is -np.sum(Y * np.log(AL)) / m: the one-hot Y "
    "already picks the true class, so the binary (1 - Y) * log(1 - AL) term "
    "does not belong"
)
#: The largest clip (or eps added inside the log) that the checkers accept.
EPS_MAX = 1e-6
_HINT_BIG_EPS = (
    f"your clip eps looks larger than {EPS_MAX:g}: the cost of a sure, wrong "
    "prediction is -log(eps), so keep eps tiny, e.g. np.clip(AL, 1e-15, 1 - 1e-15)"
)
# A clip np.clip(AL, eps, 1 - eps) or a log(AL + eps) with eps <= EPS_MAX moves
# a cost of these cases by less than this, relative or absolute.
_COST_TOL = 1e-4


@checker
def check_cost_function(fn: Callable) -> CheckResult:
    """Check your ``cost_function(AL, Y) -> float``, binary cross-entropy.

    Cases: a two-example cost to check by hand, a seeded random one, a
    finite cost when ``AL`` holds exact 0 and 1, and a large but finite
    cost for a sure and wrong prediction. Recognises a missing 1/m, a
    missing minus sign, swapped log terms, a missing (1 - Y) term, log2 or
    log10, arguments swapped (by calling your function as ``fn(Y, AL)``), a
    row-by-column product, an unclipped log(0) and a clip too large (only
    when your ordinary costs agree with that clip). Any clip
    ``np.clip(AL, eps, 1 - eps)``, or ``eps`` added inside the logs, with
    ``eps`` up to 1e-6 passes, and any number type (a note says when it is
    not a plain float).

    Notes
    -----
    Used in the chapter "Measure the error: the cost function".
    """

    case = _cost_case(fn, cost_function)
    rng = np.random.default_rng(9)
    AL_hand, Y_hand = np.array([[0.8, 0.1]]), np.array([[1.0, 0.0]])
    J_hand = _fmt(cost_function(AL_hand, Y_hand))
    AL_rand, Y_rand = rng.random((1, 10)), (rng.random((1, 10)) < 0.5).astype(float)
    probe = case(AL_rand, Y_rand)
    return _run_check(
        "check_cost_function",
        [
            (
                f"AL = [[0.8, 0.1]], Y = [[1, 0]] costs {J_hand}",
                _diagnosed(case(AL_hand, Y_hand), probe),
            ),
            ("a seeded random AL and Y, 10 examples", probe),
            (
                "finite when AL holds exact 0 and 1",
                case(np.array([[0.0, 1.0, 0.5]]), np.array([[0.0, 1.0, 1.0]])),
            ),
            (
                "AL = 0 for Y = 1 costs a lot, but not inf",
                _sure_and_wrong(
                    fn,
                    np.zeros((1, 1)),
                    np.ones((1, 1)),
                    probe,
                    cost_function,
                    (AL_rand, Y_rand),
                ),
            ),
        ],
    )


@checker
def check_categorical_cross_entropy(fn: Callable) -> CheckResult:
    """Check your ``categorical_cross_entropy(AL, Y) -> float``.

    ``Y`` is one-hot. Cases: two examples of three classes to check by hand, a
    seeded random case, a cost of 0 (to within 1e-6, which an eps in the clip
    or the log may add) when ``AL`` holds exact 0 and 1, and a cost above 10
    but finite for one sure and wrong prediction. Recognises a missing 1/m, an
    average over classes, a missing minus sign and an unclipped log(0).

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
    probe = case(AL_rand, Y_rand)
    return _run_check(
        "check_categorical_cross_entropy",
        [
            (
                f"two examples of three classes cost {J_hand}",
                _diagnosed(case(AL_hand, Y_hand), probe),
            ),
            ("a seeded random AL and Y: 4 classes, 6 examples", probe),
            ("finite when AL holds exact 0 and 1", case(exact, exact, atol=1e-6)),
            (
                "AL = 0 for the true class costs a lot, but not inf",
                _sure_and_wrong(
                    fn,
                    exact[:, :1],
                    exact[::-1, :1],
                    probe,
                    categorical_cross_entropy,
                    (AL_rand, Y_rand),
                ),
            ),
        ],
    )


def _cost_case(fn: Callable, reference: Callable) -> Callable[..., Callable[[], str]]:
    """Cases for a cost ``J(AL, Y) -> float``: returns ``case(AL, Y, atol)``."""

    def case(AL: NDArray, Y: NDArray, atol: float = ATOL) -> Callable[[], str]:
        J, m = reference(AL, Y), Y.shape[1]
        P = np.clip(AL, 1e-15, 1 - 1e-15)
        binary = -float(np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P))) / m
        logs_swapped = -float(np.sum(Y * np.log(1 - P) + (1 - Y) * np.log(P))) / m
        wrong = [
            (m * J, _HINT_ONE_OVER_M),
            (_near(-J), _HINT_SIGN),
            (_not_finite, _HINT_CLIP),
        ]
        with np.errstate(all="ignore"):
            Q = np.clip(Y, 1e-15, 1 - 1e-15)
            reversed_args = (
                -float(np.sum(AL * np.log(Q) + (1 - AL) * np.log(1 - Q))) / m
            )
            outer = (
                -float(
                    np.sum(Y) * np.sum(np.log(P))
                    + np.sum(1 - Y) * np.sum(np.log(1 - P))
                )
                / m
            )
        wrong += [
            (
                _near(J / np.log(2)),
                "np.log is the natural logarithm, which the "
                "cost uses: np.log2 (or np.log10) changes it by a constant factor",
            ),
            (
                _near(J / np.log(10)),
                "np.log is the natural logarithm, which the "
                "cost uses: np.log10 (or np.log2) changes it by a constant factor",
            ),
            (
                _near(reversed_args),
                "AL and Y are swapped: the function takes "
                "(AL, Y), the predictions first, and takes the logs of AL",
            ),
            (
                _near(outer),
                "a product of a row by a column (np.dot(Y, "
                "np.log(AL).T) with the wrong transpose) multiplies every example "
                "with every other: use the entry-by-entry Y * np.log(AL) and sum",
            ),
        ]
        if AL.shape[0] > 1:
            with np.errstate(all="ignore"):
                reversed_cce = -float(np.sum(AL * np.log(Q))) / m
            wrong += [
                (J / AL.shape[0], _HINT_PER_EXAMPLE),
                (binary, _HINT_BINARY_TERM),
                (
                    _near(reversed_cce),
                    "AL and Y are swapped: the function takes (AL, Y), the "
                    "predictions first, and takes the log of AL",
                ),
            ]
        else:
            wrong.append((logs_swapped, _HINT_SWAPPED))
            only_y = -float(np.sum(Y * np.log(P))) / m
            wrong.append(
                (
                    lambda got: math.isclose(got, only_y, rel_tol=1e-2),
                    "the (1 - Y) * np.log(1 - AL) term is missing: binary "
                    "cross-entropy also charges the examples whose label is 0",
                )
            )
        # Above J by at most what a clip of 1e-4 adds: a clip too large.
        wrong.append((lambda got: J < got < J + 1e-4 * (1 + m), _HINT_BIG_EPS))
        cost = {"cost": wrong}
        tol = max(atol, _COST_TOL)

        def swapped() -> bool:
            """Whether your function gives the right cost called as fn(Y, AL)."""
            with np.errstate(all="ignore"):
                try:
                    value = _number(_call(fn, Y, AL), "cost")
                except Exception:  # noqa: BLE001 - then it is not that
                    return False
            return math.isclose(value, J, rel_tol=tol, abs_tol=tol)

        hint_swapped = (
            "AL and Y are swapped: called with (Y, AL) your function gives the "
            "right cost; the signature is (AL, Y), the predictions first"
        )

        def body() -> str:
            try:
                got = _call(fn, AL, Y)
            except _ReaderError:
                if swapped():
                    raise _MismatchError(
                        "your function raised an error for (AL, Y)", hint_swapped
                    ) from None
                raise
            try:
                return _expect_number(got, J, "cost", cost, tol, tol)
            except _MismatchError as failure:
                if failure.hint or not swapped():
                    raise
                raise _MismatchError(failure.message, hint_swapped) from None

        return body

    return case


def _sure_and_wrong(
    fn: Callable,
    AL: NDArray,
    Y: NDArray,
    sane: Callable[[], object],
    reference: Callable,
    ordinary: tuple[NDArray, NDArray],
) -> Callable[[], None]:
    """A case: a sure prediction of the wrong class costs a lot, not inf.

    A sure wrong prediction costs -log(eps) with a clip at eps. ``sane`` is the
    case of the ``ordinary`` inputs: when it fails too, the low cost here is a
    clip only if the cost of those inputs clipped at that eps is yours.
    """

    def clipped_at(eps: float) -> bool:
        P, T = ordinary
        with np.errstate(all="ignore"):
            try:
                mine = _number(_call(fn, P, T), "cost")
            except Exception:  # noqa: BLE001 - then it is not that
                return False
            expected = reference(np.clip(P, eps, 1 - eps), T)
        return math.isclose(mine, expected, rel_tol=1e-2)

    def body() -> None:
        cost = _number(_call(fn, AL, Y), "cost")
        if not math.isfinite(cost):
            raise _MismatchError(f"the cost is {cost}", _HINT_CLIP)
        if cost < -math.log(EPS_MAX) - _COST_TOL and cost > 1:
            try:
                sane()
            except _MismatchError as failure:
                if not clipped_at(math.exp(-cost)):
                    raise _MismatchError(
                        f"the cost is only {_fmt(cost)}, where a sure wrong "
                        f"prediction should cost at least {_fmt(-math.log(EPS_MAX))}",
                        failure.hint
                        or "your cost is wrong on ordinary inputs too (the cases "
                        "above)",
                    ) from None
        if cost < -math.log(EPS_MAX) - _COST_TOL:
            raise _MismatchError(
                f"the cost is only {_fmt(cost)}; a sure wrong prediction should "
                f"cost at least -log({EPS_MAX:g}) = {_fmt(-math.log(EPS_MAX))}",
                _HINT_BIG_EPS
                if cost > 1
                else "a sure, wrong prediction (AL = 0 where Y = 1) must cost a "
                "lot: is the log of AL taken where Y = 1?",
            )

    return body
