"""Checkers for the exercises of :mod:`scratchnn.forward`."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ..activations import sigmoid
from ..forward import forward_prop, linear_forward
from ._harness import (
    Alt,
    CheckResult,
    Factor,
    Term,
    _agrees,
    _call,
    _close,
    _diagnosed,
    _expect,
    _kind,
    _MismatchError,
    _network,
    _normal,
    _run_check,
    _unpack,
    checker,
)

_HINT_ELEMENTWISE = (
    "W * A_prev multiplies entry by entry: the layer needs the matrix "
    "product, Z = W @ A_prev + b (np.dot(W, A_prev) + b)"
)


@checker
def check_linear_forward(fn: Callable) -> CheckResult:
    """Check your ``linear_forward(A_prev, W, b) -> (Z, cache)``.

    Cases: a one-unit layer to check by hand, a seeded random layer, a
    square layer (where a wrong transpose or product order still runs), and
    the cache ``(A_prev, W, b)``.

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
    square = (_normal(6, 3, 3), _normal(7, 3, 3), _normal(8, 3, 1))

    def wrong(A: NDArray, W: NDArray, b: NDArray) -> dict:
        Z = W @ A + b
        candidates = [
            Term(b, "the bias b", "add the bias: Z = W @ A_prev + b"),
            Alt(W * A if W.shape == A.shape else None, _HINT_ELEMENTWISE),
            Alt(
                W @ A + b.T if b.shape[0] == A.shape[1] else None,
                "b is a column of shape (n, 1), one bias per unit, added to every "
                "example: Z = W @ A_prev + b, without transposing b",
            ),
            Alt(
                W.T @ A + b if W.shape[0] == W.shape[1] else None,
                "W already has shape (n, n_prev): Z = W @ A_prev + b, with no "
                "transpose",
            ),
            Alt(
                A @ W + b if A.shape[1] == W.shape[0] else None,
                "the product is in the wrong order: Z = W @ A_prev + b, W on the left",
            ),
            Factor(-1.0, "-1", "Z = W @ A_prev + b: no minus sign"),
        ]
        return {
            "Z": [c for c in candidates if not (isinstance(c, Alt) and c.value is None)]
            + [
                Alt(
                    sigmoid(Z)[0],
                    "linear_forward returns Z itself: the activation "
                    "comes after, in forward_prop",
                    "sigmoid(Z)",
                )
            ],
            "cache": [],
        }

    def case(args: tuple, compare: str = "Z") -> Callable:
        names = ("Z", "cache")
        return _agrees(fn, linear_forward, args, names, wrong(*args), compare=[compare])

    return _run_check(
        "check_linear_forward",
        [
            (
                "Z for a one-unit layer (by hand: [[5.5, 2.5, -0.5]])",
                _diagnosed(case(hand), case(rand)),
            ),
            ("a seeded random layer: 4 units, 3 inputs, 5 examples", case(rand)),
            ("a square layer: 3 units, 3 inputs, 3 examples", case(square)),
            ("the cache is (A_prev, W, b)", case(rand, "cache")),
        ],
        "the product's shapes do not fit: check the order of the product, "
        "Z = W @ A_prev + b, W of shape (n, "
        "n_prev) on the left, A_prev of shape (n_prev, m) on the right; * is "
        "the entry-by-entry product, @ (np.dot) the matrix product",
        {(ValueError, "could not be broadcast"): _broadcast_hint},
    )


def _broadcast_hint(error: BaseException) -> str:
    """Which element-wise operation of linear_forward did not fit, from its shapes."""
    shapes = re.findall(r"\((\d+),(\d+)\)", str(error))
    # In W @ A_prev + b, b (or b.T) is the second operand; in W * A_prev, A_prev
    # has m >= 2 columns and more than one row in every probe.
    if any(shape[1] == "1" for shape in shapes) or (shapes and "1" in shapes[-1]):
        return (
            "adding b does not fit: b is a column of shape (n, 1), one bias per "
            "unit, that numpy adds to every column of W @ A_prev; do not "
            "transpose or reshape it"
        )
    return _HINT_ELEMENTWISE


def _linear_hidden(X: NDArray, params: dict) -> NDArray:
    """AL of a forward pass whose hidden layers have no activation."""
    A, L = X, len(params) // 2
    for l in range(1, L + 1):
        A = params[f"W{l}"] @ A + params[f"b{l}"]
    return sigmoid(A)[0]


@checker
def check_forward_prop(fn: Callable) -> CheckResult:
    """Check your ``forward_prop(X, params) -> (AL, caches)``, sigmoid everywhere.

    Cases: a one-layer network to check by hand, ``AL`` and the caches
    ``((A_prev, W, b), Z)`` of a seeded network ``[3, 4, 2, 1]``. Computing
    in float32 passes (the tolerance follows your dtype). Recognises ``Z``
    returned for ``AL``, a loop that stops a layer early, hidden layers
    left linear and ``A`` cached for ``Z``.

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
                sigmoid(AL)[0],
                "the sigmoid is applied twice at the output: AL = sigmoid(Z) of "
                "the last layer, once",
            ),
            (
                caches[-1][0][0],
                "your loop stops one layer early: for l in range(1, L + 1)",
            ),
            (
                _linear_hidden(X, params),
                "apply the activation in every layer, A = sigmoid(Z), not only "
                "in the last: the hidden layers are left linear (A = Z)",
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
        if (
            all(
                isinstance(mine, tuple | list)
                and len(mine) == 2
                and _close(np.asarray(mine[1], dtype=float), Z)
                for mine, (_, Z) in zip(got[::-1], caches, strict=True)
            )
            and L > 1
        ):
            raise _MismatchError(
                "your caches are in reverse order: the first holds layer L's",
                "append each layer's cache as the loop goes, so that caches[l - 1] "
                "is layer l's (backprop reads them from the end)",
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


def _as_numpy(value: object) -> object:
    """A framework's tensor as a numpy array, by duck typing: ``.detach()``
    (off autograd's graph) and ``.numpy()``; anything else unchanged. The
    checkers never import a framework."""
    if hasattr(value, "detach"):
        value = value.detach()
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        value = value.numpy()
    return value


@checker
def check_torch_forward(fn: Callable) -> CheckResult:
    """Check your ``torch_forward(X, params, hidden_activation) -> AL``.

    Cases: a seeded network ``[3, 4, 1]`` with sigmoid hidden units, one
    ``[2, 5, 3, 1]`` with relu and one ``[2, 3, 1]`` with tanh. Your
    function builds the network in a
    framework (PyTorch's ``nn.Sequential``) from ``params``, runs it on the
    examples and returns the output in the book's layout, shape
    ``(n_L, m)``, as a numpy array or as a tensor (compared through
    ``.detach().numpy()``). Recognises the framework's layout, one row per
    example, returned untransposed.

    Notes
    -----
    Used in the chapter "The same network in PyTorch".
    """

    def case(layer_dims: list[int], hidden: str, seed: int):
        params, X, _, _, _ = _network(layer_dims, 6, seed=seed)
        expected, _ = forward_prop(X, params, hidden)

        def body() -> str:
            got = _as_numpy(_call(fn, X, params, hidden))
            wrong = {
                "AL": [
                    (
                        expected.T,
                        "the framework puts one example per row: return the "
                        "output transposed, out.T, shape (n_L, m)",
                    )
                ]
            }
            return _expect(got, expected, "AL", wrong)

        return body

    return _run_check(
        "check_torch_forward",
        [
            (
                "a seeded network [3, 4, 1], sigmoid hidden",
                case([3, 4, 1], "sigmoid", 40),
            ),
            (
                "a seeded network [2, 5, 3, 1], relu hidden",
                case([2, 5, 3, 1], "relu", 41),
            ),
            (
                "a seeded network [2, 3, 1], tanh hidden",
                case([2, 3, 1], "tanh", 44),
            ),
        ],
    )


#: The function of scratchnn that check_torch_forward compares with.
check_torch_forward.checks = "forward_prop"  # type: ignore[attr-defined]
