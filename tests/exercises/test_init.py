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


def test_init_with_another_scale_passes_with_a_note(capsys):
    def init(layer_dims, seed):
        return snn.init_params(layer_dims, seed, method="small")

    assert ex.check_init_params(init)
    assert "fine if you drew or scaled them another way" in capsys.readouterr().out


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
