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
