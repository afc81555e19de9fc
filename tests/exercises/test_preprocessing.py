"""Tests of the checkers in scratchnn.exercises.preprocessing."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex

from ._helpers import fails_with, hints


def _one_hot(transpose=False, use_n=True):
    def one_hot(labels, n_classes=None):
        labels = np.asarray(labels).astype(int).ravel()
        n = n_classes if (n_classes and use_n) else labels.max() + 1
        Y = np.eye(n)[:, labels]
        return Y.T if transpose else Y

    return one_hot


@pytest.mark.parametrize(
    "fn, word",
    [
        (_one_hot(), None),
        (_one_hot(transpose=True), "not (m, n_classes)"),
        (_one_hot(use_n=False), "n_classes rows"),
    ],
)
def test_one_hot(fn, word):
    if word is None:
        assert ex.check_one_hot(fn)
    else:
        fails_with(ex.check_one_hot, fn, word)


MISTAKES = [
    (
        "one_hot transposed",
        ex.check_one_hot,
        lambda labels, n=None: snn.one_hot(labels, n).T,
        "one column per example",
    ),
]


@pytest.mark.parametrize(
    "checker, fn, word", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_the_table_of_mistakes(checker, fn, word):
    result = checker(fn)
    assert not result
    assert word in hints(result), (word, result.cases)
