"""Tests for scratchnn.cost: binary and categorical cross-entropy."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import scratchnn
from scratchnn.activations import softmax
from scratchnn.cost import (
    OUTPUT_COSTS,
    categorical_cross_entropy,
    cost_function,
    get_cost,
)
from scratchnn.regularization import cost_with_l2


def test_binary_cross_entropy_by_hand():
    cost = cost_function(np.array([[0.8, 0.1]]), np.array([[1, 0]]))
    assert cost == pytest.approx(-(math.log(0.8) + math.log(0.9)) / 2, rel=1e-14)
    assert type(cost) is float


def test_binary_cross_entropy_of_a_coin_is_ln_2():
    assert cost_function(
        np.full((1, 4), 0.5), np.array([[0, 1, 1, 0]])
    ) == pytest.approx(math.log(2), rel=1e-15)


def test_l2_term_by_hand():
    params = {
        "W1": np.array([[1.0, 2.0]]),
        "b1": np.array([[5.0]]),
        "W2": np.array([[3.0]]),
        "b2": np.array([[7.0]]),
    }
    AL, Y = np.array([[0.8, 0.1]]), np.array([[1, 0]])
    plain = cost_function(AL, Y)
    # lambd / (2 m) * (1 + 4 + 9) = 0.5 / 4 * 14; biases are not penalised
    assert cost_with_l2(AL, Y, params, lambd=0.5) == pytest.approx(
        plain + 1.75, rel=1e-14
    )
    assert cost_with_l2(
        np.array([[0.8, 0.1], [0.2, 0.9]]),
        np.array([[1, 1], [0, 0]]),
        params,
        0.5,
        "softmax",
    ) == pytest.approx(-math.log(0.8) / 2 - math.log(0.1) / 2 + 1.75, rel=1e-14)


def test_lambd_zero_is_the_plain_cost():
    AL, Y = np.array([[0.8, 0.1]]), np.array([[1, 0]])
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[5.0]])}
    assert cost_with_l2(AL, Y, params, lambd=0) == cost_function(AL, Y)


def test_categorical_cross_entropy_by_hand():
    AL = np.array([[0.7, 0.2], [0.2, 0.5], [0.1, 0.3]])
    Y = np.array([[1, 0], [0, 0], [0, 1]])
    assert categorical_cross_entropy(AL, Y) == pytest.approx(
        -(math.log(0.7) + math.log(0.3)) / 2, rel=1e-14
    )


@settings(max_examples=40, deadline=None)
@given(
    p=hnp.arrays(np.float64, (1, 6), elements=st.floats(0.001, 0.999)),
    y=hnp.arrays(np.int64, (1, 6), elements=st.integers(0, 1)),
)
def test_two_class_categorical_equals_binary_on_the_second_row(p, y):
    binary = cost_function(p, y)
    categorical = categorical_cross_entropy(
        np.vstack([1 - p, p]), np.vstack([1 - y, y])
    )
    assert categorical == pytest.approx(binary, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(p=hnp.arrays(np.float64, (1, 5), elements=st.floats(0.0, 1.0)))
def test_cost_is_finite_and_non_negative(p):
    Y = np.array([[0, 1, 1, 0, 1]])
    cost = cost_function(p, Y)
    assert math.isfinite(cost) and cost >= 0


# Extremes: exact 0 and 1 predictions cost a large but finite amount.


def test_exact_zero_and_one_predictions_are_finite():
    wrong = cost_function(np.array([[0.0, 1.0]]), np.array([[1, 0]]))
    assert wrong == pytest.approx(-math.log(np.finfo(np.float64).eps), rel=1e-12)
    right = cost_function(np.array([[1.0, 0.0]]), np.array([[1, 0]]))
    assert 0 <= right < 1e-15


def test_exact_zero_and_one_predictions_in_float32():
    AL = np.array([[0.0, 1.0, 1.0]], dtype=np.float32)
    cost = cost_function(AL, np.array([[1, 0, 1]], dtype=np.float32))
    eps32 = float(np.finfo(np.float32).eps)
    assert cost == pytest.approx(-2 * math.log(eps32) / 3, rel=1e-5)


def test_integer_and_boolean_predictions_are_finite():
    assert math.isfinite(cost_function(np.array([[0, 1]]), np.array([[1, 1]])))
    assert cost_function(np.array([[True, False]]), np.array([[1, 0]])) < 1e-14


def test_categorical_zero_probability_on_true_class_is_finite():
    AL = np.array([[0.0, 0.5], [1.0, 0.5]])
    Y = np.array([[1, 0], [0, 1]])
    cost = categorical_cross_entropy(AL, Y)
    eps = np.finfo(np.float64).eps
    assert cost == pytest.approx((-math.log(eps) - math.log(0.5)) / 2, rel=1e-12)


def test_get_cost_pairs_outputs_with_costs():
    assert get_cost("sigmoid") is cost_function
    assert get_cost("softmax") is categorical_cross_entropy
    assert set(OUTPUT_COSTS) == {"sigmoid", "softmax"}


# Errors: every documented one.


def test_get_cost_unknown_output_lists_known_ones():
    with pytest.raises(
        ValueError,
        match="unknown output activation 'relu'; known: 'sigmoid', 'softmax'",
    ):
        get_cost("relu")


@pytest.mark.parametrize("bad", [2, -1, 0.5, np.nan])
def test_labels_other_than_0_and_1(bad):
    with pytest.raises(ValueError, match="Y must hold labels 0 and 1 only; found"):
        cost_function(np.array([[0.5, 0.5]]), np.array([[1, bad]]))


def test_labels_must_be_one_row():
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\)"):
        cost_function(np.full((2, 2), 0.5), np.array([[1, 0], [0, 1]]))


def test_shape_mismatch():
    with pytest.raises(
        ValueError,
        match=r"AL and Y must have the same shape; got AL \(1, 3\) and Y \(1, 2\)",
    ):
        cost_function(np.full((1, 3), 0.5), np.array([[1, 0]]))


def test_nan_in_AL_mentions_the_learning_rate():
    with pytest.raises(ValueError, match="AL contains NaN.*learning rate"):
        cost_function(np.array([[np.nan, 0.5]]), np.array([[1, 0]]))


@pytest.mark.parametrize("bad", [-0.1, 1.5, np.inf])
def test_AL_outside_0_1(bad):
    with pytest.raises(ValueError, match=r"AL must hold probabilities in \[0, 1\]"):
        cost_function(np.array([[bad, 0.5]]), np.array([[1, 0]]))


@pytest.mark.parametrize(
    "cost", [scratchnn.cost_function, scratchnn.categorical_cross_entropy]
)
def test_lambd_without_params(cost):
    """The deprecated option of 0.2.0 still explains itself."""
    with (
        pytest.warns(DeprecationWarning, match="cost_with_l2"),
        pytest.raises(
            ValueError, match="lambd > 0 needs the network: pass params=params"
        ),
    ):
        cost(np.array([[1.0, 1.0]]), np.array([[1, 1]]), lambd=0.1)


@pytest.mark.parametrize("lambd", [-0.1, np.inf, np.nan])
def test_lambd_must_be_finite_and_non_negative(lambd):
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    with pytest.raises(ValueError, match="lambd must be finite and >= 0"):
        cost_with_l2(np.array([[0.5]]), np.array([[1]]), params, lambd=lambd)


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_lambd_must_be_a_number(output):
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    with pytest.raises(TypeError, match="lambd must be a number; got '0.1'"):
        cost_with_l2(np.array([[1.0]]), np.array([[1]]), params, "0.1", output)


@pytest.mark.parametrize(
    "Y",
    [
        np.array([[1, 0], [1, 0]]),  # a column sums to 2
        np.array([[0, 0], [0, 1]]),  # a column sums to 0
        np.array([[0.5, 0], [0.5, 1]]),  # sums to 1 but not 0/1
    ],
)
def test_categorical_needs_one_hot(Y):
    with pytest.raises(ValueError, match="Y must be one-hot.*scratchnn.one_hot"):
        categorical_cross_entropy(np.full((2, 2), 0.5), Y)


def test_categorical_shape_nan_and_range():
    Y = np.array([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="AL and Y must have the same shape"):
        categorical_cross_entropy(np.full((3, 2), 1 / 3), Y)
    with pytest.raises(ValueError, match="AL contains NaN"):
        categorical_cross_entropy(np.array([[np.nan, 0.5], [0.5, 0.5]]), Y)
    with pytest.raises(ValueError, match=r"AL must hold probabilities in \[0, 1\]"):
        categorical_cross_entropy(np.array([[1.2, 0.5], [-0.2, 0.5]]), Y)


def test_AL_of_strings_is_a_type_error():
    with pytest.raises(TypeError, match="AL must hold numbers"):
        cost_function(np.array([["a", "b"]]), np.array([[1, 0]]))


def test_no_examples_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="no columns: there are no examples"):
        cost_function(np.zeros((1, 0)), np.zeros((1, 0)))


# The columns of AL must sum to 1, up to the rounding of a real softmax.


def test_categorical_columns_must_sum_to_1():
    with pytest.raises(
        ValueError,
        match=r"each column of AL must sum to 1.*got column sums in \[3, 3\], up "
        r"to 2 away from 1\. Take the softmax over axis 0",
    ):
        categorical_cross_entropy(np.ones((3, 3)), np.eye(3))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_categorical_refuses_a_softmax_over_the_wrong_axis(dtype):
    Z = np.random.default_rng(0).normal(size=(10, 10)).astype(dtype)
    wrong = softmax(Z.T)[0].T  # each row sums to 1, not each column
    with pytest.raises(ValueError, match="each column of AL must sum to 1"):
        categorical_cross_entropy(wrong, np.eye(10, dtype=dtype))


@pytest.mark.parametrize(
    ("dtype", "off"), [(np.float64, 1e-12), (np.float32, 1e-4), (np.float16, 0.0625)]
)
def test_categorical_tolerance_is_far_below_a_wrong_sum(dtype, off):
    AL = np.array([[0.5, 0.25], [0.5, 0.75 - off]], dtype=dtype)
    with pytest.raises(ValueError, match=f"up to {off:.2g} away from 1"):
        categorical_cross_entropy(AL, np.eye(2))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("n_classes", [2, 10, 100, 1000])
@pytest.mark.parametrize("scale", [0.0, 1.0, 30.0, 1e4, 1e30])
def test_categorical_accepts_every_real_softmax(dtype, n_classes, scale):
    """Rounding in softmax never trips the check, in any dtype and size."""
    rng = np.random.default_rng(n_classes)
    with np.errstate(over="ignore"):
        Z = (rng.normal(size=(n_classes, 50)) * scale).astype(dtype)
    big = np.finfo(dtype).max  # 1e30 overflows float16: use its extremes
    Z = np.nan_to_num(Z, posinf=big, neginf=-big)
    AL, _ = softmax(Z)
    labels = rng.integers(0, n_classes, 50)
    Y = np.eye(n_classes)[:, labels]
    P = np.maximum(AL[labels, np.arange(50)], np.finfo(dtype).eps)
    assert categorical_cross_entropy(AL, Y) == pytest.approx(
        -np.mean(np.log(P.astype(np.float64))), rel=1e-3
    )


def test_categorical_accepts_columns_that_sum_to_1_up_to_rounding():
    AL = np.array([[0.7], [0.2], [0.1]])  # sums to 0.9999999999999999
    assert AL.sum() != 1
    assert categorical_cross_entropy(AL, np.eye(3)[:, :1]) == pytest.approx(
        -math.log(0.7), rel=1e-15
    )
