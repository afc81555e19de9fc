"""Tests of the checkers in scratchnn.exercises.init."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex

from ._helpers import fails_with, hints


def _init(W, b=np.zeros):
    def init(layer_dims, seed=None):
        params = {}
        for l in range(1, len(layer_dims)):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            params[f"W{l}"] = W(n, n_prev, seed)
            params[f"b{l}"] = b((n, 1))
        return params

    return init


@pytest.mark.parametrize(
    "fn, word",
    [
        (_init(lambda n, k, seed: np.zeros((n, k))), "symmetr"),
        (_init(lambda n, k, seed: np.full((n, k), 0.01)), "symmetr"),
        (
            _init(lambda n, k, seed: np.random.default_rng(seed).random((k, n))),
            "transpose",
        ),
        (
            _init(
                lambda n, k, seed: np.random.default_rng(seed).random((n, k)), np.ones
            ),
            "zero",
        ),
        (_init(lambda n, k, seed: np.random.default_rng().random((n, k))), "seed"),
        (_init(lambda n, k, seed: np.random.default_rng(42).random((n, k))), "seed"),
        (lambda layer_dims, seed: {"W1": np.ones((4, 3))}, "L = len(params) // 2"),
    ],
)
def test_init_mistakes(fn, word):
    fails_with(ex.check_init_params, fn, word)


def test_init_with_another_scale_fails_and_names_it():
    def init(layer_dims, seed):
        return snn.init_params(layer_dims, seed, method="small")

    fails_with(ex.check_init_params, init, "0.01")


def _init_method(swap=False, draw="standard_normal"):
    def init(layer_dims, seed=None, method="he"):
        rng = np.random.default_rng(seed)
        if swap:
            method = {"he": "xavier", "xavier": "he"}[method]
        params = {}
        for l in range(1, len(layer_dims)):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            scale = np.sqrt(2 / n_prev) if method == "he" else 1 / np.sqrt(n_prev)
            params[f"W{l}"] = getattr(rng, draw)(size=(n, n_prev)) * scale
            params[f"b{l}"] = np.zeros((n, 1))
        return params

    return init


def test_he_and_xavier_are_both_checked_when_the_function_takes_a_method():
    assert ex.check_init_params(_init_method())
    result = fails_with(ex.check_init_params, _init_method(swap=True), "swapped")
    assert [case.passed for case in result.cases][-2:] == [False, False]


@pytest.mark.parametrize(
    "draw, word", [("random", "rng.random"), ("uniform", "uniform")]
)
def test_uniform_weights_fail(draw, word):
    fails_with(ex.check_init_params, _init_method(draw=draw), word)


def test_weights_scaled_by_the_layers_own_size_fail():
    def init(layer_dims, seed=None):
        rng = np.random.default_rng(seed)
        params = {}
        for l in range(1, len(layer_dims)):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            params[f"W{l}"] = rng.standard_normal((n, n_prev)) / np.sqrt(n)
            params[f"b{l}"] = np.zeros((n, 1))
        return params

    fails_with(ex.check_init_params, init, "sqrt(n[l])")


def _init_per_layer_rng(layer_dims, seed):
    params = {}
    for l in range(1, len(layer_dims)):
        rng = np.random.default_rng(seed)
        params[f"W{l}"] = 0.01 * rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def _init_zeros(layer_dims, seed):
    return {
        k: np.zeros_like(P) for k, P in snn.init_params(layer_dims, seed=seed).items()
    }


MISTAKES = [
    ("init per-layer rng", ex.check_init_params, _init_per_layer_rng, "one rng"),
    ("init zeros", ex.check_init_params, _init_zeros, "not random"),
]


@pytest.mark.parametrize(
    "checker, fn, word", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_the_table_of_mistakes(checker, fn, word):
    result = checker(fn)
    assert not result
    assert word in hints(result), (word, result.cases)


def test_if_seed_is_named_for_seed_zero():
    def init(layer_dims, seed=None):
        rng = np.random.default_rng(seed) if seed else np.random.default_rng()
        return {
            k: v
            for l in range(1, len(layer_dims))
            for k, v in (
                (
                    f"W{l}",
                    rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
                    / np.sqrt(layer_dims[l - 1]),
                ),
                (f"b{l}", np.zeros((layer_dims[l], 1))),
            )
        }

    result = fails_with(ex.check_init_params, init, "if seed is not None")
    assert "ignores the seed" not in hints(result)


def test_weights_drawn_uniformly_around_zero_fail_as_not_bell_shaped():
    # rng.uniform(-1, 1) is centred, so only the shape gives it away.
    def init(layer_dims, seed=None):
        rng = np.random.default_rng(seed)
        params = {}
        for l in range(1, len(layer_dims)):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            W = rng.uniform(-1, 1, (n, n_prev)) * np.sqrt(3) * np.sqrt(2 / n_prev)
            params[f"W{l}"] = W
            params[f"b{l}"] = np.zeros((n, 1))
        return params

    result = fails_with(ex.check_init_params, init, "uniform numbers", "rng.uniform")
    assert "not bell-shaped" in str(result)


def test_an_unknown_scale_gets_the_likely_causes():
    # Three times He's scale matches none of the known mistakes.
    def init(layer_dims, seed=None):
        rng = np.random.default_rng(seed)
        params = {}
        for l in range(1, len(layer_dims)):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            W = rng.standard_normal((n, n_prev)) * 3 * np.sqrt(2 / n_prev)
            params[f"W{l}"] = W
            params[f"b{l}"] = np.zeros((n, 1))
        return params

    fails_with(ex.check_init_params, init, "likely causes", "another scale")


def test_a_function_whose_signature_cannot_be_read_is_checked_without_method():
    calls = []

    def init(*args, **kwargs):
        calls.append(kwargs)
        return snn.init_params(*args, **kwargs)

    init.__signature__ = "unreadable"  # inspect.signature raises TypeError
    assert ex.check_init_params(init)
    assert calls and all("method" not in kwargs for kwargs in calls)
