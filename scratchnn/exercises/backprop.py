"""Checkers for the exercises of :mod:`scratchnn.backprop`."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import NDArray

from ..activations import sigmoid_backward
from ..backprop import backprop, linear_backward, one_layer_backward
from ..forward import forward_prop, linear_forward
from ..gradcheck import gradient_check
from ..regularization import backprop_with_l2
from ._harness import (
    Alt,
    CheckResult,
    Partial,
    _agrees,
    _call,
    _close,
    _diagnose,
    _entry,
    _expect,
    _expect_keys_and_shapes,
    _fmt,
    _key_hint,
    _kind,
    _MismatchError,
    _network,
    _normal,
    _refuse_extra_keys,
    _run_check,
    checker,
)
from ._hints import (
    _HINT_ONE_OVER_M,
    _HINT_RETURN,
    _HINT_Z_NOT_A,
)
from .activations import _sigmoid_slopes_of_A, _slope_mistakes
from .forward import _as_numpy

_HINT_DA_OVER_M = (
    "yours is m times too small: dZ of the output layer is AL - Y; the 1/m "
    "belongs in dW and db only"
)
_HINT_SIGN = (
    "your gradients have the wrong sign: dZ of the output layer is AL - Y (not "
    "Y - AL), from dAL = -(Y / AL - (1 - Y) / (1 - AL))"
)
_HINT_SLOPE_TWICE = (
    "AL - Y is already dZ of the output layer, the sigmoid's slope included: "
    "start from it without multiplying by AL * (1 - AL) again (or start from "
    "dAL = -(Y / AL - (1 - Y) / (1 - AL)) and apply the slope once)"
)
_HINT_L2_MISSING = "add the L2 gradient lambd / m * W{l} to every dW{l}"
_HINT_L2_DB = (
    "the L2 term is for the weights only: add lambd / m * W to dW, and leave "
    "db as without L2 (the biases are not penalised)"
)
_HINT_L2_M = "the L2 gradient is lambd / m * W: divide by m, as the penalty does"
_HINT_L2_FACTOR = (
    "the derivative of lambd / (2 m) * ||W||**2 is lambd / m * W: the 2 of the "
    "square cancels the 1/2, no factor is left"
)
_HINT_OFF_BY_ONE = (
    "the dA index is off by one: layer l's backward step returns dA_prev, the "
    "gradient of layer l-1's output, which goes in grads[f'dA{l-1}']"
)


@checker
def check_one_layer_backward(fn: Callable) -> CheckResult:
    """Check your ``one_layer_backward(dA, cache) -> (dA_prev, dW, db)``.

    The layer is a sigmoid layer, ``cache`` is ``((A_prev, W, b), Z)`` and
    your function takes no activation argument.
    Cases: a one-unit layer to check by hand, a seeded random layer, and a
    square one (where a missing transpose still runs). Recognises a
    missing 1/m, a missing transpose, a product in the wrong order and the
    slope computed from A instead of Z.

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
        for bad_dZ in _sigmoid_slopes_of_A(dA, Z):
            for name, value in zip(
                ("dA_prev", "dW", "db"),
                linear_backward(bad_dZ, linear_cache),
                strict=True,
            ):
                wrong[name].append((value, _HINT_Z_NOT_A))
        s = 1 / (1 + np.exp(-Z))
        for candidate in _slope_mistakes(dA, s * (1 - s), Z, "s * (1 - s)"):
            if isinstance(candidate, Alt) and np.shape(candidate.value) == dA.shape:
                for name, value in zip(
                    ("dA_prev", "dW", "db"),
                    linear_backward(candidate.value, linear_cache),
                    strict=True,
                ):
                    wrong[name].append((value, candidate.hint))
        wrong["dA_prev"].append(
            (W.T @ dA, "dA_prev = W.T @ dZ: multiply by dZ, not by dA")
        )
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

    def random_layer(seed: int, n: int, n_prev: int, m: int) -> tuple:
        """dA, A_prev, W and b of a layer, each drawn from its own seed."""
        shapes = ((n, m), (n_prev, m), (n, n_prev), (n, 1))
        return tuple(_normal(seed + i, *shape) for i, shape in enumerate(shapes))

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
                case(*random_layer(10, n=3, n_prev=4, m=5)),
            ),
            (
                "a square layer: 3 units, 3 inputs, 3 examples",
                case(*random_layer(14, n=3, n_prev=3, m=3)),
            ),
        ],
        "dW = dZ @ A_prev.T / m and dA_prev = W.T @ dZ: check the order of each "
        "product and which factor is transposed",
    )


@checker
def check_backprop(fn: Callable, lambd: float | None = None) -> CheckResult:
    """Check your ``backprop(AL, Y, caches) -> grads`` for a sigmoid network.

    Cases, on a seeded network ``[3, 4, 2, 1]``: the keys ``dW{l}``,
    ``db{l}`` and ``dA{l-1}`` (``dA0`` may be left out, as scratchnn's
    backprop leaves it out: no parameter needs it); the values of ``dW`` and
    ``db``; the values of ``dA``; agreement with finite differences (via
    :func:`scratchnn.gradient_check`); and a one-layer network ``[2, 1]``.
    Recognises a missing 1/m, a 1/m in dA, transposed gradients, a dA
    index off by one, the slope computed from A instead of Z, gradients of
    the wrong sign and the output's slope applied twice. With ``lambd``
    (e.g. ``check_backprop(my_backprop, lambd=0.7)``), your function is
    called as ``fn(AL, Y, caches, lambd)`` and must add the L2 gradient
    ``lambd / m * W{l}`` to each ``dW{l}``; recognised then: the term
    missing, added to ``db``, without its 1/m or with a factor 2 or 1/2.

    Notes
    -----
    Used in the chapter "Backpropagation: send the error backwards".
    """
    params, X, Y, AL, caches = _network([3, 4, 2, 1], 6)
    L = len(caches)
    extra = () if lambd is None else (lambd,)
    grads = _expected_grads(params, AL, Y, caches, lambd)
    wrong = _backprop_variants(grads, AL, Y, caches, lambd or 0.0)
    dWdb = Partial(
        {key: value for key, value in grads.items() if not key.startswith("dA")}
    )

    def run() -> Mapping:
        got = _call(fn, AL, Y, caches, *extra)
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
                f"grads has dA1 to dA{L}, expected dA1 to dA{L - 1} (and dA0, if "
                "you compute it)",
                _HINT_OFF_BY_ONE,
            )
        _refuse_extra_keys(got, grads, "grads")  # dA0 is in grads: it may be given
        # dA0 may be left out: then it is not expected, nor blamed in a hint.
        expected = {k: v for k, v in grads.items() if k != "dA0" or k in got}
        missing = sorted(set(expected) - set(got))
        if missing:
            raise _MismatchError(
                f"grads lacks {missing}", _key_hint(got, expected, missing)
            )

    def gradients_dA() -> None:
        got = run()
        if all(_close(got.get(f"dA{l}"), grads[f"dA{l - 1}"]) for l in range(1, L + 1)):
            raise _MismatchError(
                f"grads['dA{L}'] holds what belongs in grads['dA{L - 1}'], and so on",
                _HINT_OFF_BY_ONE,
            )
        given = {k for k in got if k != "dA0"} | ({"dA0"} & set(got))
        _expect(
            got,
            Partial(
                {k: v for k, v in grads.items() if k.startswith("dA") and k in given}
            ),
            "grads",
            wrong,
        )

    def numerical() -> None:
        got = run()
        _expect_keys_and_shapes(got, dWdb, "grads")
        given = {k: np.asarray(got[k], dtype=float) for k in dWdb}
        # gradient_check refuses NaN gradients: their difference is NaN.
        finite = all(np.isfinite(G).all() for G in given.values())
        error = (
            gradient_check(params, X, Y, grads=given, lambd=lambd or 0.0)
            if finite
            else float("nan")
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

    params1, X1, Y1, AL1, caches1 = _network([2, 1], 4, seed=20)

    def reference(AL: NDArray, Y: NDArray, caches: list, *extra: float) -> dict:
        # dW1 and db1: dA0, the one dA here, may be left out.
        grads = _expected_grads(params1, AL, Y, caches, lambd)
        return Partial({k: v for k, v in grads.items() if k != "dA0"})

    grads1 = _expected_grads(params1, AL1, Y1, caches1, lambd)
    return _run_check(
        "check_backprop",
        [
            (f"grads has dW1..dW{L}, db1..db{L} and dA1..dA{L - 1}", keys),
            (
                "dW and db for a seeded network [3, 4, 2, 1], 6 examples",
                lambda: _expect(run(), dWdb, "grads", wrong),
            ),
            ("dA1 and dA2 (and dA0, if given) for that network", gradients_dA),
            ("dW and db agree with finite differences (gradient_check)", numerical),
            (
                "a one-layer network [2, 1]",
                _agrees(
                    fn,
                    reference,
                    (AL1, Y1, caches1, *extra),
                    ("grads",),
                    _backprop_variants(grads1, AL1, Y1, caches1, lambd or 0.0),
                ),
            ),
        ],
    )


def _expected_grads(
    params: dict, AL: NDArray, Y: NDArray, caches: list, lambd: float | None
) -> dict:
    """scratchnn's gradients (with the L2 term for a ``lambd``) and ``dA0``,
    which its backprop leaves out but an exercise's may well give."""
    if lambd is None:
        grads = backprop(AL, Y, caches)
    else:
        grads = backprop_with_l2(AL, Y, caches, params, lambd)
    if len(caches) == 1:  # the output layer is layer 1: dZ = AL - Y
        dA0 = linear_backward(AL - Y, caches[0][0])[0]
    else:
        dA0 = one_layer_backward(grads["dA1"], caches[0])[0]
    return {"dA0": dA0, **grads}


def _backprop_variants(
    grads: Mapping, AL: NDArray, Y: NDArray, caches: list, lambd: float
) -> dict:
    """The wrong gradients to recognise, keyed ``grads['dW1']`` and so on."""
    m = AL.shape[1]
    wrong: dict[str, list] = {_entry("grads", key): [] for key in grads}

    def add(variant: Mapping, hint: str) -> None:
        for key, value in variant.items():
            wrong[_entry("grads", key)].append((value, hint))

    if lambd:  # the L2 mistakes first: the rest of the gradient is right
        unregularised = _by_hand(AL, Y, caches)
        add(unregularised, _HINT_L2_MISSING)
        add(_by_hand(AL, Y, caches, lambd=lambd, l2_in_db=True), _HINT_L2_DB)
        add(_by_hand(AL, Y, caches, lambd=lambd * m), _HINT_L2_M)
        add(_by_hand(AL, Y, caches, lambd=2 * lambd), _HINT_L2_FACTOR)
        add(_by_hand(AL, Y, caches, lambd=lambd / 2), _HINT_L2_FACTOR)
        add(
            _by_hand(AL, Y, caches, lambd=-lambd),
            "the L2 gradient is added: dW = dZ @ A_prev.T / m + lambd / m * W, "
            "with a plus (it pulls the weights towards 0 in the update)",
        )
        add(
            _by_hand(AL, Y, caches, lambd=lambd**2),
            "the L2 gradient is lambd / m * W, with lambd itself, not lambd**2",
        )
    for key, value in grads.items():
        wrong[_entry("grads", key)].append((m * value, _HINT_ONE_OVER_M))
        if key.startswith("dA"):
            wrong[_entry("grads", key)].append((value / m, _HINT_DA_OVER_M))
    for i in (0, 1):

        def slope(dA: NDArray, Z: NDArray, i: int = i) -> NDArray:
            return _sigmoid_slopes_of_A(dA, Z)[i]

        add(_by_hand(AL, Y, caches, lambd=lambd, slope=slope), _HINT_Z_NOT_A)
    add({key: -value for key, value in grads.items()}, _HINT_SIGN)
    s = AL * (1 - AL)
    add(_by_hand(AL, Y, caches, lambd=lambd, dZL=(AL - Y) * s), _HINT_SLOPE_TWICE)
    return wrong


def _by_hand(
    AL: NDArray,
    Y: NDArray,
    caches: list,
    lambd: float = 0.0,
    slope: Callable = sigmoid_backward,
    dZL: NDArray | None = None,
    l2_in_db: bool = False,
) -> dict:
    """Backprop with one piece swapped for a learner's mistake."""
    L, m = len(caches), AL.shape[1]
    grads: dict[str, NDArray] = {}
    dZ = AL - Y if dZL is None else dZL
    for l in range(L, 0, -1):
        (A_prev, W, b), Z = caches[l - 1][:2]
        if l < L:
            dZ = slope(grads[f"dA{l}"], Z)
        grads[f"dW{l}"] = dZ @ A_prev.T / m + lambd / m * W
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if l2_in_db:
            grads[f"db{l}"] = grads[f"db{l}"] + lambd / m * b
        grads[f"dA{l - 1}"] = W.T @ dZ
    return grads


@checker
def check_loop_dW(fn: Callable) -> CheckResult:
    """Check your ``loop_dW(dZ, A_prev) -> dW``, the sum of outer products.

    ``dW = (1/m) sum_i dz_i a_i^T`` must equal the ``dW`` of
    :func:`scratchnn.linear_backward`, however you loop. Cases: one example
    to check by hand, random arrays of shapes (5, 40) and (3, 40) and a
    single example of a wider layer. Recognises a missing 1/m, the outer
    product in the wrong order and a loop that skips an example.

    Notes
    -----
    Used in the chapter "Make it fast".
    """

    def case(dZ: NDArray, A_prev: NDArray) -> Callable[[], str]:
        m = dZ.shape[1]
        dW = dZ @ A_prev.T / m
        wrong = {
            "dW": [
                (m * dW, _HINT_ONE_OVER_M),
                (
                    dZ[:, :-1] @ A_prev[:, :-1].T / m,
                    "your loop skips an example: for i in range(m) visits all m",
                ),
            ]
        }

        def reference(dZ: NDArray, A_prev: NDArray) -> NDArray:
            W = np.zeros((dZ.shape[0], A_prev.shape[0]))
            return linear_backward(dZ, (A_prev, W, np.zeros((dZ.shape[0], 1))))[1]

        return _agrees(fn, reference, (dZ, A_prev), ("dW",), wrong)

    rng = np.random.default_rng(0)
    return _run_check(
        "check_loop_dW",
        [
            (
                "one example: dz = [[1], [2]], a = [[3], [4], [5]]",
                case(np.array([[1.0], [2.0]]), np.array([[3.0], [4.0], [5.0]])),
            ),
            (
                "random dZ of shape (5, 40) and A_prev of shape (3, 40)",
                case(rng.standard_normal((5, 40)), rng.standard_normal((3, 40))),
            ),
            (
                "one example of a layer of 4 units and 6 inputs",
                case(rng.standard_normal((4, 1)), rng.standard_normal((6, 1))),
            ),
        ],
        "each example adds the outer product np.outer(dZ[:, i], A_prev[:, i]) of "
        "shape (n, n_prev), dz first; np.dot of two vectors is one number",
    )


#: The function of scratchnn that check_loop_dW compares with.
check_loop_dW.checks = "linear_backward"  # type: ignore[attr-defined]


@checker
def check_torch_gradients(fn: Callable) -> CheckResult:
    """Check your ``torch_gradients(X, Y, params, hidden_activation) -> grads``.

    Cases: a seeded network ``[3, 4, 1]`` with sigmoid hidden units, one
    ``[2, 5, 3, 1]`` with relu and one ``[2, 3, 1]`` with tanh. Your
    function computes the cost in a
    framework (PyTorch's autograd) and returns the gradients of every
    parameter in the book's names and shapes, ``dW1, db1, ..., dWL, dbL``,
    ``db{l}`` of shape ``(n_l, 1)``, as numpy arrays or as tensors
    (compared through ``.detach().numpy()``); they must equal
    :func:`scratchnn.backprop`'s. Recognises a bias gradient left in the
    framework's shape ``(n_l,)``, a summed cost (gradients m times too
    large) and gradients of the negated cost.

    Notes
    -----
    Used in the chapter "The same network in PyTorch".
    """

    def case(layer_dims: list[int], hidden: str, seed: int):
        params, X, Y, _, _ = _network(layer_dims, 6, seed=seed)
        AL, caches = forward_prop(X, params, hidden)
        full = backprop(AL, Y, caches, hidden)
        # dW and db alone: grads may hold more, as backprop's holds dA
        expected = Partial({f"d{k}": full[f"d{k}"] for k in params})
        m = X.shape[1]

        def body() -> str:
            got = _call(fn, X, Y, params, hidden)
            if isinstance(got, Mapping):
                got = {k: _as_numpy(v) for k, v in got.items()}
            wrong = {
                _entry("grads", k): [
                    (
                        G[:, 0],
                        f"{k} has the framework's shape ({G.shape[0]},): "
                        f"reshape it to ({G.shape[0]}, 1), as backprop returns",
                    ),
                    (m * G, _HINT_ONE_OVER_M),
                    (
                        -G,
                        "the sign is flipped: differentiate the cost itself, "
                        "the mean cross-entropy, not its negative",
                    ),
                ]
                for k, G in expected.items()
            }
            return _expect(got, expected, "grads", wrong)

        return body

    return _run_check(
        "check_torch_gradients",
        [
            (
                "a seeded network [3, 4, 1], sigmoid hidden",
                case([3, 4, 1], "sigmoid", 42),
            ),
            (
                "a seeded network [2, 5, 3, 1], relu hidden",
                case([2, 5, 3, 1], "relu", 43),
            ),
            (
                "a seeded network [2, 3, 1], tanh hidden",
                case([2, 3, 1], "tanh", 44),
            ),
        ],
    )


#: The function of scratchnn that check_torch_gradients compares with.
check_torch_gradients.checks = "backprop"  # type: ignore[attr-defined]
