"""Tests of the checkers in scratchnn.exercises.activations."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex

from ._helpers import fails_with, hints


def test_sigmoid_overflow_is_named_and_no_warning_leaks():
    result = fails_with(
        ex.check_sigmoid, lambda Z: (1 / (1 + np.exp(-Z)), Z), "overflows"
    )
    assert result.n_passed == result.n_cases - 1


def test_sigmoid_mistakes():
    fails_with(ex.check_sigmoid, lambda Z: (snn.sigmoid(Z)[0],) * 2, "not A")
    fails_with(ex.check_sigmoid, lambda Z: (snn.sigmoid(-Z)[0], Z), "sign")
    fails_with(ex.check_sigmoid, lambda Z: snn.sigmoid(Z)[0], "return A, cache")
    fails_with(ex.check_sigmoid, lambda Z: None, "return statement")


def test_sigmoid_overflow_is_caught_under_a_strict_errstate():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        fails_with(ex.check_sigmoid, lambda Z: (1 / (1 + np.exp(-Z)), Z), "overflows")


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda dA, Z: dA * Z * (1 - Z), "Z, not A"),
        (
            lambda dA, Z: (
                dA
                * snn.sigmoid(snn.sigmoid(Z)[0])[0]
                * (1 - snn.sigmoid(snn.sigmoid(Z)[0])[0])
            ),
            "Z, not A",
        ),
        (lambda dA, Z: snn.sigmoid(Z)[0] * (1 - snn.sigmoid(Z)[0]), "multiply by dA"),
        (lambda dA, Z: dA / (1 + np.exp(-Z)) * (1 - 1 / (1 + np.exp(-Z))), "overflow"),
    ],
)
def test_sigmoid_backward_mistakes(fn, word):
    fails_with(ex.check_sigmoid_backward, fn, word)


def _softmax(axis=0, shift=True):
    def softmax(Z):
        E = np.exp(Z - Z.max(axis=axis, keepdims=True) if shift else Z)
        return E / E.sum(axis=axis, keepdims=True), Z

    return softmax


@pytest.mark.parametrize(
    "fn, word",
    [
        (_softmax(axis=1), "axis=0"),
        (_softmax(axis=None), "axis=0"),
        (_softmax(shift=False), "subtract each column's max"),
    ],
)
def test_softmax_mistakes(fn, word):
    fails_with(ex.check_softmax, fn, word)


def _tanh_by_exp(dA, Z):
    T = (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z))
    return dA * (1 - T**2)


def _sigmoid_backward_of_A(dA, Z):
    return dA * Z * (1 - Z)


MISTAKES = [
    (
        "relu_backward returns dA",
        ex.check_relu_backward,
        lambda dA, Z: dA,
        "dA unchanged",
    ),
    ("relu with np.max", ex.check_relu, lambda Z: (np.max(Z, 0), Z), "np.maximum"),
    ("tanh_backward by exp", ex.check_tanh_backward, _tanh_by_exp, "overflows"),
    (
        "sigmoid_backward of A",
        ex.check_sigmoid_backward,
        _sigmoid_backward_of_A,
        "the cache holds Z",
    ),
    (
        "softmax wrong axis",
        ex.check_softmax,
        lambda Z: (np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True), Z),
        "axis=0",
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
    (
        "relu_backward by copy",
        ex.check_relu_backward,
        lambda dA, Z: np.where(Z > 0, dA, 0.0),
    ),
]


@pytest.mark.parametrize(
    "checker, fn", [r[1:] for r in RIGHT], ids=[r[0] for r in RIGHT]
)
def test_right_answers_in_other_styles_pass(checker, fn):
    assert checker(fn)


# Hints measured as misleading before the comparison engine (issue 14, item 1).


def test_np_dot_in_sigmoid_backward_is_not_called_a_transpose():
    def dot(dA, Z):
        s = snn.sigmoid(Z)[0]
        return np.dot(dA, s * (1 - s))

    result = fails_with(ex.check_sigmoid_backward, dot, "element-wise")
    assert "transpose" not in hints(result)


def test_returning_dZ_with_the_cache_is_called_a_tuple_not_a_list():
    result = fails_with(
        ex.check_sigmoid_backward,
        lambda dA, Z: (snn.sigmoid_backward(dA, Z), Z),
        "should be the array alone, not a tuple",
    )
    assert "np.array" not in hints(result)


def test_s_times_one_minus_Z_is_not_an_m_times_error():
    def mixed(dA, Z):
        s = snn.sigmoid(Z)[0]
        return dA * s * (1 - Z)

    result = fails_with(ex.check_sigmoid_backward, mixed, "(1 - Z) uses the cache Z")
    assert "m times" not in hints(result)
    # At Z = 0 the mistake is exactly twice the right value: the hand case
    # takes its hint from the asymmetric probe, and its message keeps no
    # relation that holds only there.
    assert "times" not in result.cases[0].message


@pytest.mark.parametrize(
    "slope, word",
    [
        (lambda s, t, Z: 1 - t**2, "tanh's slope"),
        (lambda s, t, Z: 1 + s * (1 - s), "dA + g'(Z)"),
    ],
)
def test_another_slope_is_named_by_the_table_of_slopes(slope, word):
    def backward(dA, Z):
        s, t = snn.sigmoid(Z)[0], np.tanh(Z)
        value = slope(s, t, Z)
        return dA + s * (1 - s) if word == "dA + g'(Z)" else dA * value

    result = ex.check_sigmoid_backward(backward)
    assert not result
    assert word in " ".join(c.hint + c.message for c in result.cases)


def test_a_transposed_leaky_relu_is_named_a_transpose_not_another_slope():
    # The shape differs, so the "another slope below zero" candidate must step
    # aside (it does not apply) and the transpose be named.
    def leaky_relu(Z):
        return np.where(Z > 0, Z, 0.01 * Z).T, Z

    result = fails_with(ex.check_leaky_relu, leaky_relu, "transpose")
    assert "slope below zero" not in hints(result)


def test_a_sigmoid_averaged_over_the_examples_is_a_column_where_a_row_is_expected():
    # Z of shape (1, 5): the mean over axis=1 leaves (1, 1), a column.
    def sigmoid(Z):
        A = 1 / (1 + np.exp(-Z))
        return np.mean(A, axis=1, keepdims=True), Z

    result = fails_with(
        ex.check_sigmoid, sigmoid, "a column where a row is expected", "axis=0"
    )
    assert "expected A of shape (1, 5), got (1, 1)" in str(result)
