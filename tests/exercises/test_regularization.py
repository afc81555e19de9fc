"""Tests of the checkers in scratchnn.exercises.regularization."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex

from ._helpers import fails_with, hints


def _l2(with_b=False, half=True, per_m=True):
    def l2_penalty(params, lambd, m):
        total = sum(np.sum(P**2) for k, P in params.items() if with_b or k[0] == "W")
        return lambd * total / ((2 if half else 1) * (m if per_m else 1))

    return l2_penalty


@pytest.mark.parametrize(
    "fn, word",
    [
        (_l2(with_b=True), "biases are not penalised"),
        (_l2(half=False), "the 1/2 is missing"),
        (_l2(per_m=False), "1/m"),
    ],
)
def test_l2_mistakes(fn, word):
    fails_with(ex.check_l2_penalty, fn, word)


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda shape, keep_prob, rng: rng.random(shape) < keep_prob, "keep_prob"),
        (
            lambda shape, keep_prob, rng: (rng.random(shape) > keep_prob) / keep_prob,
            "not >",
        ),
        (
            lambda shape, keep_prob, rng: (
                (np.random.default_rng().random(shape) < keep_prob) / keep_prob
            ),
            "draw from the rng argument",
        ),
        (lambda shape, keep_prob, rng: np.ones(shape[::-1]), ""),
    ],
)
def test_dropout_mistakes(fn, word):
    fails_with(ex.check_dropout_mask, fn, word)


def test_another_dropout_draw_passes_with_a_note(capsys):
    def dropout_mask(shape, keep_prob, rng):
        return (rng.random(shape[::-1]).T < keep_prob) / keep_prob

    assert ex.check_dropout_mask(dropout_mask)
    assert "differ from scratchnn's, which is fine" in capsys.readouterr().out


MISTAKES = [
    (
        "dropout not rescaled",
        ex.check_dropout_mask,
        lambda shape, p, rng: (rng.random(shape) < p).astype(float),
        "divides the mask",
    ),
    (
        "dropout reversed",
        ex.check_dropout_mask,
        lambda shape, p, rng: (rng.random(shape) > p) / p,
        "not >",
    ),
    (
        "l2 penalty with b",
        ex.check_l2_penalty,
        lambda params, lambd, m: (
            snn.l2_penalty(params, lambd, m)
            + lambd
            / (2 * m)
            * sum(float(np.sum(P**2)) for k, P in params.items() if k[0] == "b")
        ),
        "biases",
    ),
]


@pytest.mark.parametrize(
    "checker, fn, word", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_the_table_of_mistakes(checker, fn, word):
    result = checker(fn)
    assert not result
    assert word in hints(result), (word, result.cases)


def _forward_dropout(mask_shape=None, unseeded=False):
    """A learner's forward_prop_with_dropout (sigmoid), with one mistake planted."""

    def forward_prop_with_dropout(X, params, keep_prob, seed):
        rng = np.random.default_rng() if unseeded else np.random.default_rng(seed)
        L = len(params) // 2
        A, caches = X, []
        for l in range(1, L + 1):
            W, b = params[f"W{l}"], params[f"b{l}"]
            Z = W @ A + b
            A_prev, A = A, 1 / (1 + np.exp(-Z))
            if l == L:
                caches.append(((A_prev, W, b), Z))
                break
            shape = A.shape if mask_shape is None else mask_shape(A)
            D = (rng.random(shape) < keep_prob) / keep_prob
            A = A * D
            caches.append(((A_prev, W, b), Z, D))
        return A, caches

    return forward_prop_with_dropout


def test_a_dropout_mask_that_drops_whole_examples_fails_on_its_shape():
    fn = _forward_dropout(mask_shape=lambda A: (1, A.shape[1]))
    result = fails_with(ex.check_forward_prop_with_dropout, fn, "rng.random(A.shape)")
    assert "the mask of layer 1 has shape (1," in str(result)


def test_dropout_masks_that_ignore_the_seed_fail():
    result = ex.check_forward_prop_with_dropout(_forward_dropout(unseeded=True))
    assert not result
    assert "two calls with seed 3 gave different masks" in str(result)
