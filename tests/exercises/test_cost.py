"""Tests of the checkers in scratchnn.exercises.cost."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex

from ._helpers import fails_saying, fails_with, hints


def _cost(scale=1.0, clip=True):
    def cost_function(AL, Y):
        m = Y.shape[1]
        P = np.clip(AL, 1e-15, 1 - 1e-15) if clip else AL
        return scale * float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m)

    return cost_function


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda AL, Y: Y.shape[1] * snn.cost_function(AL, Y), "1/m"),
        (lambda AL, Y: -snn.cost_function(AL, Y), "minus sign"),
        (_cost(clip=False), "clip"),
        (
            # a large clip, and the (1 - Y) term left out: the term is named
            lambda AL, Y: float(np.mean(-Y * np.log(np.clip(AL, 1e-3, 1)))),
            "(1 - Y) * np.log(1 - AL) term is missing",
        ),
        (lambda AL, Y: AL * 0 + 1, "single number"),
        (
            lambda AL, Y: snn.cost_function(AL, Y) * Y.shape[1] / Y.shape[0],
            "m = Y.shape[1]",
        ),
    ],
)
def test_cost_mistakes(fn, word):
    fails_with(ex.check_cost_function, fn, word)


def test_cost_that_is_not_a_number():
    fails_saying(ex.check_cost_function, lambda AL, Y: "half", "should be a number")


def test_cost_with_a_python_float_passes():
    assert ex.check_cost_function(_cost())


def _cce(scale=1.0, clip=True, per_entry=False, eps=1e-15):
    def categorical_cross_entropy(AL, Y):
        P = np.clip(AL, eps, 1) if clip else AL
        total = -np.sum(Y * np.log(P))
        return scale * float(total / (Y.size if per_entry else Y.shape[1]))

    return categorical_cross_entropy


@pytest.mark.parametrize(
    "fn, word",
    [
        (_cce(), None),
        (_cce(eps=1e-7), None),
        (_cce(eps=1e-8), None),
        (lambda AL, Y: float(-np.sum(Y * np.log(AL + 1e-8)) / Y.shape[1]), None),
        (
            lambda AL, Y: float(
                -np.sum(Y * np.log(np.clip(AL, 1e-7, 1 - 1e-7))) / Y.shape[1]
            ),
            None,
        ),
        (_cce(eps=1e-4), "eps looks larger"),
        (lambda AL, Y: Y.shape[1] * _cce()(AL, Y), "1/m"),
        (_cce(scale=-1), "minus sign"),
        (_cce(clip=False), "clip"),
        (_cce(per_entry=True), "number of classes"),
    ],
)
def test_categorical_cross_entropy(fn, word):
    if word is None:
        assert ex.check_categorical_cross_entropy(fn)
    else:
        fails_with(ex.check_categorical_cross_entropy, fn, word)


def test_a_slightly_negative_cost_is_not_blamed_on_the_sign():
    result = fails_saying(
        ex.check_categorical_cross_entropy,
        lambda AL, Y: _cce()(AL, Y) - 1e-3,
        "expected cost = 0, got -0.001",
    )
    assert "minus sign" not in hints(result)


def _cost_swapped(AL, Y):
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    return float(-np.mean(Y * np.log(1 - AL) + (1 - Y) * np.log(AL)))


def _cost_eps(eps, inside=False):
    def cost(AL, Y):
        if inside:
            return float(
                -np.mean(Y * np.log(AL + eps) + (1 - Y) * np.log(1 - AL + eps))
            )
        AL = np.clip(AL, eps, 1 - eps)
        return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))

    return cost


MISTAKES = [
    ("cost swapped logs", ex.check_cost_function, _cost_swapped, "swapped"),
    ("cost clip 1e-3", ex.check_cost_function, _cost_eps(1e-3), "eps looks larger"),
    (
        "cost eps 1e-4 inside",
        ex.check_cost_function,
        _cost_eps(1e-4, inside=True),
        "eps looks larger",
    ),
    (
        "cce binary term",
        ex.check_categorical_cross_entropy,
        lambda AL, Y: _cost_eps(1e-15)(AL, Y) * AL.shape[0],
        "does not belong",
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
    ("cost clipped at 1e-6", ex.check_cost_function, _cost_eps(1e-6)),
    (
        "cost with 1e-8 inside the log",
        ex.check_cost_function,
        _cost_eps(1e-8, inside=True),
    ),
    ("cost clipped at 1e-15", ex.check_cost_function, _cost_eps(1e-15)),
]


@pytest.mark.parametrize(
    "checker, fn", [r[1:] for r in RIGHT], ids=[r[0] for r in RIGHT]
)
def test_right_answers_in_other_styles_pass(checker, fn):
    assert checker(fn)


def test_a_cost_divided_by_the_classes_is_not_blamed_on_the_clip():
    result = fails_with(
        ex.check_categorical_cross_entropy,
        lambda AL, Y: snn.categorical_cross_entropy(AL, Y) / AL.shape[0],
        "divided by the number of classes",
    )
    assert "eps" not in hints(result)


def test_swapped_arguments_are_named_by_calling_them_the_other_way():
    def cost(Y, AL):  # the learner's own order
        return snn.cost_function(AL, Y)

    fails_with(ex.check_cost_function, cost, "AL and Y are swapped")


def test_a_large_clip_alone_is_named_as_such():
    def cost(AL, Y):
        P = np.clip(AL, 1e-3, 1 - 1e-3)
        return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / Y.shape[1])

    fails_with(ex.check_cost_function, cost, "eps looks larger")


def test_a_clipped_cost_that_is_never_summed_fails_on_the_sure_wrong_case():
    # Two mistakes at once: clipped at a large eps (1e-3) and no np.sum, so the
    # cost is an array; of one number only for the single sure, wrong example.
    def cost_function(AL, Y):
        AL = np.clip(AL, 1e-3, 1 - 1e-3)
        return -(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1]

    result = ex.check_cost_function(cost_function)
    assert not result
    failed = [case for case in result.cases if not case.passed]
    sure = [case for case in failed if "not inf" in case.name]
    assert len(sure) == 1, result.cases
    assert "where a sure wrong prediction should cost at least" in sure[0].message
    assert "np.sum" in sure[0].hint
