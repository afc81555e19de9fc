"""Tests of the checkers in scratchnn.exercises.forward."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex

from ._helpers import fails_with, hints


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda A, W, b: (A @ W + b, (A, W, b)), "order"),
        (lambda A, W, b: (W.T @ A + b, (A, W, b)), "no transpose"),
        (lambda A, W, b: (W @ A, (A, W, b)), "add the bias"),
        (lambda A, W, b: (W @ A + b, (W, A, b)), ""),
    ],
)
def test_linear_forward_mistakes(fn, word):
    fails_with(ex.check_linear_forward, fn, word)


def _forward(last=True, stop_early=False, keep_A=False):
    def forward_prop(X, params):
        L = len(params) // 2
        A, caches = X, []
        for l in range(1, L + 1 - stop_early):
            Z, linear_cache = snn.linear_forward(A, params[f"W{l}"], params[f"b{l}"])
            A_new = snn.sigmoid(Z)[0] if (l < L or last) else Z
            caches.append((linear_cache, A_new if keep_A else Z))
            A = A_new
        return A, caches

    return forward_prop


@pytest.mark.parametrize(
    "fn, word",
    [
        (_forward(last=False), "did you return Z"),
        (_forward(stop_early=True), "one layer early"),
        (_forward(keep_A=True), "Z, not A"),
        (lambda X, params: (snn.forward_prop(X, params)[0], []), "one cache"),
    ],
)
def test_forward_prop_mistakes(fn, word):
    fails_with(ex.check_forward_prop, fn, word)


def test_forward_prop_with_a_key_error_is_reported():
    def forward_prop(X, params):
        return snn.forward_prop(X, {**params, "W9": params["W1"]})

    def forward_prop_L(X, params):
        A = X
        for l in range(1, len(params) + 1):
            A = snn.sigmoid(params[f"W{l}"] @ A + params[f"b{l}"])[0]
        return A, []

    fails_with(ex.check_forward_prop, forward_prop_L, "L = len(params) // 2")


def _fwd(hidden=snn.sigmoid, output=snn.sigmoid, dtype=None):
    def forward_prop(X, params):
        L = len(params) // 2
        A, caches = X if dtype is None else X.astype(dtype), []
        for l in range(1, L + 1):
            W, b = params[f"W{l}"], params[f"b{l}"]
            if dtype is not None:
                W, b = W.astype(dtype), b.astype(dtype)
            Z = W @ A + b
            caches.append(((A, W, b), Z))
            A = (hidden if l < L else output)(Z)[0]
        return A, caches

    return forward_prop


def _fwd_dropout(
    scale=True,
    output=False,
    output_cache_D=True,
    swap=False,
    cache_D=True,
    apply=True,
    before=False,
    rng_per_layer=False,
    global_rng=False,
    cache_unscaled=False,
    transposed_draw=False,
):
    """A learner's forward pass with dropout, right or with one mistake."""

    def forward_prop_with_dropout(X, params, keep_prob, seed):
        rng = np.random.default_rng(seed)
        L = len(params) // 2
        A, caches = X, []
        for l in range(1, L + 1):
            A_prev, W, b = A, params[f"W{l}"], params[f"b{l}"]
            Z = W @ A_prev + b
            A = snn.sigmoid(Z)[0]
            if l == L and not output:
                caches.append(((A_prev, W, b), Z))
                continue
            if rng_per_layer:
                rng = np.random.default_rng(seed)
            if global_rng:
                r = np.random.random(Z.shape)  # noqa: NPY002 - the mistake
            elif transposed_draw:
                r = rng.random(Z.shape[::-1]).T
            else:
                r = rng.random(Z.shape)
            keep = (r > keep_prob) if swap else (r < keep_prob)
            D = keep / keep_prob if scale else keep * 1.0
            if before:
                A = snn.sigmoid(Z * D)[0]
            elif apply:
                A = A * D
            if cache_unscaled:
                D = keep * 1.0
            if cache_D and (l < L or output_cache_D):
                caches.append(((A_prev, W, b), Z, D))
            else:
                caches.append(((A_prev, W, b), Z))
        return A, caches

    return forward_prop_with_dropout


MISTAKES = [
    (
        "float32 hidden linear",
        ex.check_forward_prop,
        _fwd(hidden=lambda Z: (Z, Z)),
        "left linear",
    ),
    (
        "dropout mask not rescaled",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(scale=False),
        "divides the mask by keep_prob",
    ),
    (
        "dropout on the output layer",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(output=True),
        "hidden layers only",
    ),
    (
        "dropout on the output layer, not cached",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(output=True, output_cache_D=False),
        "hidden layers only",
    ),
    (
        "dropout keep and drop swapped",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(swap=True),
        "< keep_prob, not >",
    ),
    (
        "dropout mask not cached",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(cache_D=False),
        "append the mask",
    ),
    (
        "dropout mask drawn, not applied",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(apply=False),
        "not applied",
    ),
    (
        "dropout mask before the activation",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(before=True),
        "after it",
    ),
    (
        "dropout rng per layer",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(rng_per_layer=True),
        "one generator",
    ),
    (
        "dropout from np.random",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(global_rng=True),
        "default_rng(seed)",
    ),
    (
        "dropout 0/1 mask cached",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(cache_unscaled=True),
        "the cache holds the 0/1 mask",
    ),
]


@pytest.mark.parametrize(
    "checker, fn, word", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_the_table_of_mistakes(checker, fn, word):
    result = checker(fn)
    assert not result
    assert word in hints(result), (word, result.cases)


RIGHT = [
    ("forward_prop in float32", ex.check_forward_prop, _fwd(dtype=np.float32)),
    (
        "dropout masks drawn in another order",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(transposed_draw=True),
    ),
    ("dropout by hand", ex.check_forward_prop_with_dropout, _fwd_dropout()),
]


@pytest.mark.parametrize(
    "checker, fn", [r[1:] for r in RIGHT], ids=[r[0] for r in RIGHT]
)
def test_right_answers_in_other_styles_pass(checker, fn):
    assert checker(fn)


@pytest.mark.parametrize(
    "cache_of, word",
    [
        (lambda A, W, b, Z: ((A, W, b), Z), "not wrapped"),
        (lambda A, W, b, Z: (A, W, b, Z), "leave the extra item out"),
    ],
    ids=["wrapped", "extended"],
)
def test_a_linear_cache_of_another_form_is_described(cache_of, word):
    def linear_forward(A, W, b):
        Z = W @ A + b
        return Z, cache_of(A, W, b, Z)

    fails_with(ex.check_linear_forward, linear_forward, word)
