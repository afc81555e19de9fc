"""Checkers for the exercises of :mod:`scratchnn.regularization`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ..activations import sigmoid
from ..backprop import one_layer_backward
from ..forward import forward_prop, linear_forward
from ..regularization import (
    dropout_mask,
    forward_prop_with_dropout,
    l2_penalty,
    one_layer_backward_with_dropout,
)
from ._harness import (
    CheckResult,
    _agrees,
    _call,
    _close,
    _diagnose,
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
from ._hints import (
    _HINT_DROP_SWAPPED,
    _HINT_KEEP_PROB,
    _HINT_ONE_OVER_M,
    _HINT_RETURN,
    _HINT_SHAPES,
)


@checker
def check_l2_penalty(fn: Callable) -> CheckResult:
    """Check your ``l2_penalty(params, lambd, m) -> float``.

    The penalty is ``lambd / (2 m) * sum_l ||W{l}||^2``. Cases: a network
    to check by hand, a seeded one, and ``lambd = 0``. Recognises norms not
    squared, the square of a sum, ``lambd / 2 * m``, the last layer left
    out, penalised
    biases, a missing 1/2 and a missing 1/m.

    Notes
    -----
    Used in the chapter "Regularise: L2 and dropout".
    """

    def case(params: dict, lambd: float, m: int) -> Callable:
        J = l2_penalty(params, lambd, m)
        L = len(params) // 2
        weights = [params[f"W{l}"] for l in range(1, L + 1)]
        squares = sum(float(np.sum(W**2)) for W in weights)
        squares_but_last = squares - float(np.sum(weights[-1] ** 2))
        b_squares = sum(float(np.sum(P**2)) for k, P in params.items() if k[0] == "b")
        wrong = [
            (
                J + lambd / (2 * m) * b_squares,
                "the biases are not penalised: sum over W{l} only",
            ),
            (2 * J, "the factor is lambd / (2 m): the 1/2 is missing"),
            (m * J, _HINT_ONE_OVER_M),
            (
                lambd / 2 * m * squares,
                "lambd / 2 * m multiplies by m: write lambd / (2 * m), with brackets",
            ),
            (
                lambd / (2 * m) * sum(float(np.linalg.norm(W)) for W in weights),
                "square each norm: the penalty sums the squared entries, "
                "np.sum(W**2) (or np.linalg.norm(W)**2), not the norms",
            ),
            (
                lambd / (2 * m) * sum(float(np.sum(W)) ** 2 for W in weights),
                "square each entry, then sum: np.sum(W**2), not np.sum(W)**2",
            ),
            (
                lambd / (2 * m) * squares_but_last,
                "the last layer's weights are left out: sum over every W{l}, l = 1 "
                "to L, with L = len(params) // 2 (range(1, L + 1))",
            ),
        ]
        return _agrees(
            fn, l2_penalty, (params, lambd, m), ("penalty",), {"penalty": wrong}
        )

    hand = {
        "W1": np.array([[1.0, 2.0]]),
        "b1": np.array([[5.0]]),
        "W2": np.array([[3.0]]),
        "b2": np.array([[1.0]]),
    }
    seeded = _network([3, 4, 2, 1], 1, seed=80)[0]
    return _run_check(
        "check_l2_penalty",
        [
            ("W1 = [[1, 2]], W2 = [[3]], lambd 0.1, m 5: 0.14", case(hand, 0.1, 5)),
            ("a seeded network [3, 4, 2, 1], lambd 0.7, m 8", case(seeded, 0.7, 8)),
            ("lambd = 0 gives 0", case(seeded, 0.0, 8)),
        ],
    )


@checker
def check_dropout_mask(fn: Callable) -> CheckResult:
    """Check your ``dropout_mask(shape, keep_prob, rng) -> D``.

    ``rng`` is a :class:`numpy.random.Generator`; ``D`` holds ``1 / keep_prob`` for
    a kept unit and 0 for a dropped one.
    Cases: the shape and values; about ``keep_prob`` of the units kept;
    every unit kept when ``keep_prob = 1``; the draws taken from ``rng``.
    Recognises a mask not divided by ``keep_prob`` and the comparison the
    wrong way round.

    Notes
    -----
    Used in the chapter "Regularise: L2 and dropout".
    """

    def mask(shape: tuple, keep_prob: float, seed: int = 0) -> NDArray:
        D = _call(fn, shape, keep_prob, np.random.default_rng(seed))
        if D is None:
            raise _MismatchError("your function returned None", _HINT_RETURN)
        if np.shape(D) != shape:
            raise _MismatchError(f"expected a mask of shape {shape}, got {np.shape(D)}")
        return np.asarray(D, dtype=float)

    def values() -> None:
        D = mask((4, 5), 0.8)
        if not np.all(np.isin(D, [0.0, 1 / 0.8])):
            hint = _diagnose(
                D,
                [
                    (lambda D: np.all(np.isin(D, [0, 1])), _HINT_KEEP_PROB),
                    (
                        lambda D: np.all(np.isin(D, [0, 0.8])),
                        "multiplied by keep_prob where inverted dropout divides: "
                        "D = (rng.random(shape) < keep_prob) / keep_prob",
                    ),
                    (
                        lambda D: np.unique(D).size > 2,
                        "the mask holds the random numbers themselves: compare "
                        "them with keep_prob first, (rng.random(shape) < "
                        "keep_prob) / keep_prob",
                    ),
                ],
            )
            raise _MismatchError(
                f"expected only 0 and 1 / keep_prob = 1.25, got {_show(np.unique(D))}",
                hint,
            )

    def fraction() -> None:
        kept = float(np.mean(mask((200, 100), 0.8) != 0))
        if abs(kept - 0.8) > 0.02:
            hint = _HINT_DROP_SWAPPED if abs(kept - 0.2) < 0.02 else ""
            raise _MismatchError(
                f"kept {kept:.1%} of the units with keep_prob 0.8", hint
            )

    def all_kept() -> None:
        _expect(mask((3, 4), 1.0), np.ones((3, 4)), "the mask")

    def from_rng() -> str:
        first = mask((4, 5), 0.5)
        if not np.array_equal(first, mask((4, 5), 0.5)) or np.array_equal(
            first, mask((4, 5), 0.5, seed=1)
        ):
            raise _MismatchError(
                "the mask does not follow the rng it is given",
                "draw from the rng argument, rng.random(shape), not from np.random",
            )
        if np.array_equal(first, dropout_mask((4, 5), 0.5, np.random.default_rng(0))):
            return "your masks are exactly scratchnn.dropout_mask's"
        return "your masks differ from scratchnn's, which is fine"

    return _run_check(
        "check_dropout_mask",
        [
            ("shape (4, 5), keep_prob 0.8: values 0 and 1.25", values),
            ("about 80% kept with keep_prob 0.8", fraction),
            ("keep_prob 1 keeps every unit", all_kept),
            ("the mask comes from the rng", from_rng),
        ],
        _HINT_SHAPES,
        {
            (TypeError, ""): "rng.random takes the shape as one tuple, "
            "rng.random(shape), not rng.random(*shape) (np.random.rand's style)",
        },
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
        ours = forward_prop_with_dropout(X_big, big, keep_prob=0.5, seed=3)[1]
        if all(
            np.array_equal(D, cache[2])
            for D, cache in zip(first, ours[:-1], strict=True)
        ):
            return "your masks are exactly scratchnn.forward_prop_with_dropout's"
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


_HINT_MASK_NOT_APPLIED = (
    "multiply dA by the cached mask first, dA = dA * D with D = cache[2]: the "
    "units dropped in the forward pass get no gradient"
)
_HINT_MASK_RESCALED = (
    "D in the cache already holds 0 and 1 / keep_prob: multiply dA by D "
    "itself, without turning it back into 0 and 1"
)
_HINT_MASK_SWAPPED = (
    "multiply by D, which is 0 for a dropped unit: the dropped units get no "
    "gradient and the kept ones do, not the other way round"
)
_HINT_MASK_DRAWN = (
    "use the mask D from the cache: a new mask drawn in the backward step "
    "drops other units than the forward pass did"
)
_HINT_MASK_WRONG_LAYER = (
    "this layer's mask multiplies dA, the gradient of its output A, before the "
    "slope: not dA_prev, which the layer below masks with its own D"
)


@checker
def check_one_layer_backward_with_dropout(fn: Callable) -> CheckResult:
    """Check your ``one_layer_backward_with_dropout(dA, cache) -> (dA_prev, dW, db)``.

    A sigmoid layer with dropout: ``cache`` is ``((A_prev, W, b), Z, D)``,
    ``D`` the layer's inverted-dropout mask (0 and ``1 / keep_prob``) from
    the forward pass, and the step is :func:`check_one_layer_backward`'s
    with ``dA * D`` in place of ``dA``. Cases: a one-unit layer to check by
    hand, a seeded random layer with ``keep_prob`` 0.8 and a square one
    with 0.5. Recognises the mask not applied, turned back into 0 and 1,
    swapped (the kept units zeroed), applied to ``dA_prev`` and a new mask
    drawn instead of the cached one.

    Notes
    -----
    Used in the chapter "Regularise: L2 and dropout".
    """

    def case(
        dA: NDArray, A_prev: NDArray, W: NDArray, b: NDArray, D: NDArray
    ) -> Callable[[], str]:
        Z, linear_cache = linear_forward(A_prev, W, b)
        cache = (linear_cache, Z, D)
        names = ("dA_prev", "dW", "db")
        wrong: dict = {name: [] for name in names}
        for mask, hint in (
            (1.0, _HINT_MASK_NOT_APPLIED),
            (D != 0, _HINT_MASK_RESCALED),
            (D == 0, _HINT_MASK_SWAPPED),
            ((D == 0) * D.max(), _HINT_MASK_SWAPPED),
            (
                D * D,
                "the mask is applied twice: multiply dA by D once (D already "
                "holds the 1 / keep_prob)",
            ),
        ):
            grads = one_layer_backward(dA * mask, (linear_cache, Z))
            for name, value in zip(names, grads, strict=True):
                wrong[name].append((value, hint))
        if D.shape == A_prev.shape:  # a square layer: dA_prev * D still runs
            dA_prev = one_layer_backward(dA, (linear_cache, Z))[0]
            wrong["dA_prev"].append((dA_prev * D, _HINT_MASK_WRONG_LAYER))
        agrees = _agrees(fn, one_layer_backward_with_dropout, (dA, cache), names, wrong)

        def body() -> str:
            try:
                return agrees()
            except _MismatchError as failure:
                if failure.hint:
                    raise
                first, again = _call(fn, dA, cache), _call(fn, dA, cache)
                if isinstance(first, tuple) and not all(
                    _close(one, other) for one, other in zip(first, again, strict=False)
                ):
                    raise _MismatchError(failure.message, _HINT_MASK_DRAWN) from None
                raise

        return body

    def random_layer(seed: int, n: int, n_prev: int, m: int, keep_prob: float):
        """dA, A_prev, W, b and a mask D of a layer, each from its own seed."""
        shapes = ((n, m), (n_prev, m), (n, n_prev), (n, 1))
        arrays = [_normal(seed + i, *shape) for i, shape in enumerate(shapes)]
        return (*arrays, dropout_mask((n, m), keep_prob, seed + 4))

    probe = case(*random_layer(30, n=3, n_prev=4, m=6, keep_prob=0.8))
    return _run_check(
        "check_one_layer_backward_with_dropout",
        [
            (
                "one unit, Z = 0, dA = 4, D = [[2, 0]] (by hand: dW = [[1]], "
                "db = [[1]])",
                # Z = 0 makes the slope 1/4, so dZ = dA * D / 4 = [[2, 0]].
                _diagnosed(
                    case(
                        np.array([[4.0, 4.0]]),
                        np.array([[1.0, 3.0]]),
                        np.zeros((1, 1)),
                        np.zeros((1, 1)),
                        np.array([[2.0, 0.0]]),
                    ),
                    probe,
                ),
            ),
            (
                "a seeded random layer: 3 units, 4 inputs, 6 examples, keep_prob 0.8",
                probe,
            ),
            (
                "a square layer: 3 units, 3 inputs, 3 examples, keep_prob 0.5",
                case(*random_layer(40, n=3, n_prev=3, m=3, keep_prob=0.5)),
            ),
        ],
        "dA = dA * D (the cached mask) first, then dZ = dA * s * (1 - s) with "
        "s = sigmoid(Z), dW = dZ @ A_prev.T / m and dA_prev = W.T @ dZ; the "
        "likely causes: the mask, the order of a product or a missing transpose",
    )
