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
    _seed_hint,
    _show,
    _unpack,
    checker,
)
from ._hints import _HINT_DROP_SWAPPED, _HINT_KEEP_PROB, _HINT_SHAPES

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


_HINT_MASK_IN_CACHE = (
    "append the mask to each hidden layer's cache, ((A_prev, W, b), Z, D): the "
    "backward step must drop the same units as the forward pass"
)
_HINT_OUTPUT_MASK = (
    "dropout is for the hidden layers only: leave the output layer unmasked, "
    "AL = sigmoid(ZL), with the cache ((A_prev, W, b), Z)"
)
_HINT_MASK_AFTER = (
    "the mask multiplies the activation, after it: A = sigmoid(Z) * D; "
    "Z = W @ A_prev + b is cached unmasked"
)
_HINT_SEED = (
    "draw the masks from one generator made from the seed before the loop, "
    "rng = np.random.default_rng(seed), not from np.random"
)
_HINT_RNG_PER_LAYER = (
    "make one generator, before the loop: a new default_rng(seed) in every "
    "layer draws the same numbers for each layer's mask"
)


def _replay(X: NDArray, params: dict, masks: list) -> tuple[NDArray, list]:
    """AL and caches of a sigmoid network with the given hidden-layer masks."""
    A, L, caches = X, len(params) // 2, []
    for l in range(1, L + 1):
        A_prev, W, b = A, params[f"W{l}"], params[f"b{l}"]
        Z = W @ A_prev + b
        A = sigmoid(Z)[0]
        cache: tuple = ((A_prev, W, b), Z)
        if l < L:
            A = A * masks[l - 1]
            cache += (masks[l - 1],)
        caches.append(cache)
    return A, caches


@checker
def check_forward_prop_with_dropout(fn: Callable) -> CheckResult:
    """Check your ``forward_prop_with_dropout(X, params, keep_prob, seed)``.

    It returns ``(AL, caches)`` of a sigmoid network with inverted dropout
    on its hidden layers: layer ``l < L`` computes ``A = sigmoid(Z) * D``
    with a mask ``D`` of 0 and ``1 / keep_prob`` drawn from
    ``np.random.default_rng(seed)``, and caches ``((A_prev, W, b), Z, D)``;
    the output layer is not masked. Your masks
    need not be scratchnn's: the cases check the caches' form, the masks'
    values, ``AL`` and the caches against a forward pass with your own
    masks, the share of units kept, that each mask has one entry per unit
    and example (the shape of its ``A``), that the seed fixes the masks
    (another seed, other masks), and ``keep_prob = 1``. Recognises a mask
    not divided by ``keep_prob``, a mask of shape ``(1, m)`` or ``(n, 1)``,
    a mask on the output layer, keep and drop swapped, a mask not cached or
    not applied, a mask applied before the activation, and masks not drawn
    from one generator made from the seed.

    Notes
    -----
    Used in the chapter "Regularise: L2 and dropout".
    """
    params, X, *_ = _network([3, 4, 2, 1], 5, seed=40)
    big, X_big, *_ = _network([4, 60, 40, 1], 25, seed=50)
    L = len(params) // 2

    def run(X: NDArray, params: dict, keep_prob: float, seed: int) -> tuple:
        AL, caches = _unpack(_call(fn, X, params, keep_prob, seed), ("AL", "caches"))
        L = len(params) // 2
        if not isinstance(caches, list | tuple) or len(caches) != L:
            count = len(caches) if isinstance(caches, list | tuple) else _kind(caches)
            raise _MismatchError(
                f"expected a list of {L} caches, one per layer, got {count}",
                "append one cache per layer inside the loop",
            )
        for l, cache in enumerate(caches, 1):
            size = len(cache) if isinstance(cache, tuple | list) else 0
            if l < L and size == 2:
                raise _MismatchError(
                    f"the cache of hidden layer {l} has 2 items, expected "
                    "((A_prev, W, b), Z, D)",
                    _HINT_MASK_IN_CACHE,
                )
            if l == L and size == 3:
                raise _MismatchError(
                    "the output layer's cache holds a mask", _HINT_OUTPUT_MASK
                )
            names = ("linear_cache", "Z", "D")[: 3 if l < L else 2]
            _unpack(cache, names, f"the cache of layer {l}")
        masks = [np.asarray(cache[2], dtype=float) for cache in caches[:-1]]
        m = X.shape[1]
        for l, D in enumerate(masks, 1):
            n = params[f"W{l}"].shape[0]
            if D.shape != (n, m):
                raise _MismatchError(
                    f"the mask of layer {l} has shape {D.shape}, expected "
                    f"{(n, m)}, the shape of its A",
                    "draw one mask entry per unit and example, rng.random(A.shape): "
                    "a mask of shape (1, m) drops whole examples, one of shape "
                    "(n, 1) the same units for every example",
                )
        return AL, caches, masks

    def form() -> None:
        run(X, params, 0.8, 0)

    def values() -> None:
        _, caches, masks = run(X, params, 0.8, 0)
        for l, D in enumerate(masks, 1):
            if np.all(np.isin(D, [0.0, 1.25])):
                continue
            hint = ""
            if np.all(np.isin(D, [0.0, 1.0])):
                hint = _HINT_KEEP_PROB
                A = np.asarray(caches[l][0][0], dtype=float)
                if _close(A, sigmoid(caches[l - 1][1])[0] * D / 0.8):
                    hint = (
                        "your A is right, but the cache holds the 0/1 mask: cache "
                        "D = keep / keep_prob, the mask that multiplied A, since "
                        "the backward step multiplies dA by it"
                    )
            raise _MismatchError(
                f"the mask of layer {l} holds {_show(np.unique(D)[:6])}, expected "
                "only 0 and 1 / keep_prob = 1.25",
                hint,
            )

    def agrees() -> None:
        AL, caches, masks = run(X, params, 0.8, 0)
        expected_AL, expected = _replay(X, params, masks)
        for l, (cache, (linear, Z, *_)) in enumerate(
            zip(caches, expected, strict=True), 1
        ):
            A_prev = f"A_prev in the cache of layer {l}"
            wrong: dict = {A_prev: [], f"Z in the cache of layer {l}": []}
            if l < L:
                wrong[f"Z in the cache of layer {l}"] = [
                    (Z * masks[l - 1], _HINT_MASK_AFTER)
                ]
            if l == 1:
                wrong[A_prev] = [
                    (
                        lambda got: bool(np.any((got == 0) & (X != 0))),
                        "dropout is for the hidden layers' outputs only: layer "
                        "1's A_prev is X itself, unmasked",
                    )
                ]
            else:
                Z_prev, D_prev = expected[l - 2][1], masks[l - 2]
                wrong[A_prev] = [
                    (
                        sigmoid(Z_prev)[0],
                        "multiply A by the mask, A = sigmoid(Z) * D: your mask "
                        "is drawn but not applied",
                    ),
                    (sigmoid(Z_prev * D_prev)[0], _HINT_MASK_AFTER),
                ]
            names = ("A_prev", "W", "b")
            parts = _unpack(cache[0], names, f"the linear cache of layer {l}")
            for part, value, name in zip(parts, linear, names, strict=True):
                _expect(part, value, f"{name} in the cache of layer {l}", wrong)
            _expect(cache[1], Z, f"Z in the cache of layer {l}", wrong)

        def masked(got: NDArray) -> bool:
            if got.shape != expected_AL.shape:
                return False
            ratio = got / sigmoid(expected[-1][1])[0]
            return not _close(ratio, np.ones_like(ratio)) and bool(
                np.all(np.isclose(ratio, 0) | np.isclose(ratio, 1.25))
            )

        _expect(AL, expected_AL, "AL", {"AL": [(masked, _HINT_OUTPUT_MASK)]})

    def fraction() -> None:
        masks = run(X_big, big, 0.8, 1)[2]
        kept = float(np.mean(np.concatenate([D.ravel() for D in masks]) != 0))
        if abs(kept - 0.8) > 0.03:
            hint = _HINT_DROP_SWAPPED if abs(kept - 0.2) < 0.03 else ""
            raise _MismatchError(
                f"kept {kept:.1%} of the hidden units with keep_prob 0.8", hint
            )

    def seeded() -> str:
        first = run(X_big, big, 0.5, 3)[2]
        again, other = run(X_big, big, 0.5, 3)[2], run(X_big, big, 0.5, 4)[2]
        same = all(map(np.array_equal, first, again))
        if not same:
            raise _MismatchError(
                "two calls with seed 3 gave different masks",
                _seed_hint(
                    lambda seed: (
                        not all(
                            map(
                                np.array_equal,
                                run(X_big, big, 0.5, seed)[2],
                                run(X_big, big, 0.5, seed)[2],
                            )
                        )
                    )
                ),
            )
        if all(map(np.array_equal, first, other)):
            raise _MismatchError(
                "seeds 3 and 4 gave the same masks",
                "your function ignores the seed it is given (a fixed seed "
                "inside?): " + _HINT_SEED,
            )
        fresh = [(np.random.default_rng(3).random(D.shape) < 0.5) / 0.5 for D in first]
        if all(map(np.array_equal, first, fresh)):
            raise _MismatchError(
                "the masks of layers 1 and 2 start from the same random numbers",
                _HINT_RNG_PER_LAYER,
            )
        ours = forward_prop(X_big, big, keep_prob=0.5, seed=3)[1]
        if all(
            np.array_equal(D, cache[2])
            for D, cache in zip(first, ours[:-1], strict=True)
        ):
            return "your masks are exactly scratchnn.forward_prop's"
        return "your masks differ from scratchnn's, which is fine"

    def no_dropout() -> None:
        AL, _ = _unpack(_call(fn, X, params, 1.0, 0), ("AL", "caches"))
        _expect(AL, forward_prop(X, params)[0], "AL")

    return _run_check(
        "check_forward_prop_with_dropout",
        [
            (
                "a seeded network [3, 4, 2, 1], keep_prob 0.8: hidden caches "
                "((A_prev, W, b), Z, D), the output's without D",
                form,
            ),
            ("each hidden layer's mask holds 0 and 1 / 0.8 = 1.25", values),
            ("AL and the caches agree with a forward pass with your masks", agrees),
            ("about 80% of the hidden units kept with keep_prob 0.8", fraction),
            ("the seed fixes the masks", seeded),
            ("keep_prob 1 gives forward_prop's AL", no_dropout),
        ],
        _HINT_SHAPES,
        {
            (ValueError, "could not be broadcast"): "a mask has another layer's "
            "shape: draw a new mask for each hidden layer, of the shape of its A "
            "(rng.random(A.shape) < keep_prob), not one mask for all layers",
        },
    )


#: The function of scratchnn that check_forward_prop_with_dropout compares with.
check_forward_prop_with_dropout.checks = "forward_prop"  # type: ignore[attr-defined]
