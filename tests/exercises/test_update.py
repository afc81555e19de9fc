"""Tests of the checkers in scratchnn.exercises.update."""

import pytest

import scratchnn as snn
from scratchnn import exercises as ex

from ._helpers import fails_with, hints


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda p, g, lr: {k: v + lr * g[f"d{k}"] for k, v in p.items()}, "subtract"),
        (lambda p, g, lr: {k: v - g[f"d{k}"] for k, v in p.items()}, "learning_rate"),
        (
            lambda p, g, lr: {
                k: v - lr * g[f"d{k}"] * (k[0] == "W") for k, v in p.items()
            },
            "did not change",
        ),
    ],
)
def test_update_mistakes(fn, word):
    fails_with(ex.check_update_parameters, fn, word)


def _update(learning_rate_power=1):
    def update(params, grads, learning_rate):
        step = learning_rate**learning_rate_power
        return {k: P - step * grads[f"d{k}"] for k, P in params.items()}

    return update


MISTAKES = [
    ("update lr twice", ex.check_update_parameters, _update(2), "applied twice"),
    ("update no lr", ex.check_update_parameters, _update(0), "learning rate"),
]


@pytest.mark.parametrize(
    "checker, fn, word", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_the_table_of_mistakes(checker, fn, word):
    result = checker(fn)
    assert not result
    assert word in hints(result), (word, result.cases)


RIGHT = [
    ("update by loop", ex.check_update_parameters, _update(1)),
]


@pytest.mark.parametrize(
    "checker, fn", [r[1:] for r in RIGHT], ids=[r[0] for r in RIGHT]
)
def test_right_answers_in_other_styles_pass(checker, fn):
    assert checker(fn)


def test_a_key_deleted_from_the_params_passed_in_is_caught():
    def deleting(params, grads, learning_rate):
        new = snn.update_parameters(params, grads, learning_rate)
        del params["W1"]
        return new

    result = ex.check_update_parameters(deleting)
    assert not result
    assert all("deleted or added keys" in case.message for case in result.cases)
