"""Tests for scratchnn.activations: values, slopes, stability and the registry."""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from scratchnn.activations import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    get_activation,
    leaky_relu,
    leaky_relu_backward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    softmax_backward,
    tanh,
    tanh_backward,
)

ELEMENTWISE = ["sigmoid", "relu", "leaky_relu", "tanh"]
finite_floats = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
matrices = hnp.arrays(
    np.float64, hnp.array_shapes(min_dims=2, max_dims=2), elements=finite_floats
)


# Hand-computed values.


def test_sigmoid_hand_values():
    A, cache = sigmoid(np.array([[0.0, math.log(3), -math.log(3)]]))
    np.testing.assert_allclose(A, [[0.5, 0.75, 0.25]], rtol=1e-15)
    assert A.shape == (1, 3)


def test_sigmoid_docstring_example():
    A, _ = sigmoid(np.array([[-1000.0, 0.0, 1000.0]]))
    assert np.array_equal(A, [[0.0, 0.5, 1.0]])


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_cache_is_Z_itself(name):
    Z = np.array([[-1.5, 0.5], [2.0, -0.25]])
    _, cache = ACTIVATIONS[name].forward(Z)
    assert np.array_equal(cache, Z)


def test_relu_and_leaky_relu_hand_values():
    Z = np.array([[-2.0, 0.0, 3.0]])
    assert np.array_equal(relu(Z)[0], [[0.0, 0.0, 3.0]])
    assert np.array_equal(leaky_relu(Z)[0], [[-0.02, 0.0, 3.0]])
    assert LEAKY_SLOPE == 0.01


def test_tanh_hand_values():
    A, _ = tanh(np.array([[0.0, math.log(2)]]))
    # tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6
    np.testing.assert_allclose(A, [[0.0, 0.6]], rtol=1e-15)


def test_softmax_of_1_2_3():
    A, _ = softmax(np.array([[1.0], [2.0], [3.0]]))
    total = math.e + math.e**2 + math.e**3
    expected = [[math.e / total], [math.e**2 / total], [math.e**3 / total]]
    np.testing.assert_allclose(A, expected, rtol=1e-14)
    np.testing.assert_allclose(
        A.ravel(), [0.09003057, 0.24472847, 0.66524096], atol=1e-8
    )


def test_softmax_works_column_by_column():
    Z = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]])
    A, _ = softmax(Z)
    np.testing.assert_allclose(A[:, 0], softmax(Z[:, :1])[0].ravel(), rtol=1e-15)
    np.testing.assert_allclose(A[:, 1], [1 / 3, 1 / 3, 1 / 3], rtol=1e-15)


def test_sigmoid_backward_hand_values():
    dZ = sigmoid_backward(np.array([[1.0, 2.0]]), np.array([[0.0, math.log(3)]]))
    # s(0) = 0.5: slope 0.25; s(ln 3) = 0.75: slope 0.1875, times dA = 2.
    np.testing.assert_allclose(dZ, [[0.25, 0.375]], rtol=1e-15)


def test_relu_backward_hand_values_and_slope_zero_at_zero():
    dZ = relu_backward(np.array([[5.0, 5.0, 5.0]]), np.array([[-1.0, 0.0, 2.0]]))
    assert np.array_equal(dZ, [[0.0, 0.0, 5.0]])


def test_leaky_relu_backward_hand_values():
    dZ = leaky_relu_backward(np.array([[5.0, 5.0, 5.0]]), np.array([[-1.0, 0.0, 2.0]]))
    np.testing.assert_allclose(dZ, [[0.05, 0.05, 5.0]], rtol=1e-15)


def test_tanh_backward_hand_values():
    dZ = tanh_backward(np.array([[1.0, 2.0]]), np.array([[0.0, math.log(2)]]))
    np.testing.assert_allclose(dZ, [[1.0, 2 * (1 - 0.36)]], rtol=1e-14)


def test_softmax_backward_hand_values():
    # Two equal scores: S = [1/2, 1/2], Jacobian [[1/4, -1/4], [-1/4, 1/4]].
    dZ = softmax_backward(np.array([[1.0], [0.0]]), np.zeros((2, 1)))
    np.testing.assert_allclose(dZ, [[0.25], [-0.25]], rtol=1e-15)


def test_sigmoid_backward_uses_the_cache_as_Z_not_A():
    """Regression for the original article's bug: its sigmoid_backward read the
    cache as the activation A and computed A * (1 - A). The cache holds Z, so
    the slope is s(Z) * (1 - s(Z)). At Z = 2, A * (1 - A) with A := 2 gives -2.
    """
    Z = np.array([[2.0, 0.0, -3.0]])
    s = 1 / (1 + np.exp(-Z))
    dZ = sigmoid_backward(np.ones_like(Z), Z)
    np.testing.assert_allclose(dZ, s * (1 - s), rtol=1e-14)
    assert not np.allclose(dZ, Z * (1 - Z))
    np.testing.assert_allclose(dZ[0, 0], 0.10499358540350652, rtol=1e-14)


# Backward steps against finite differences.


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backward_matches_centred_difference(name, seed):
    rng = np.random.default_rng(seed)
    Z = rng.uniform(-4, 4, (3, 5))
    Z = np.where(np.abs(Z) < 1e-3, 0.5, Z)  # keep away from ReLU's kink
    dA = rng.standard_normal((3, 5))
    g = get_activation(name)
    h = 1e-6
    numerical = dA * (g.forward(Z + h)[0] - g.forward(Z - h)[0]) / (2 * h)
    np.testing.assert_allclose(g.backward(dA, Z), numerical, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_softmax_backward_is_the_jacobian_product(seed):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((4, 3)) * 2
    dA = rng.standard_normal((4, 3))
    dZ = softmax_backward(dA, Z)
    S = softmax(Z)[0]
    for j in range(Z.shape[1]):
        s = S[:, j]
        J = np.diag(s) - np.outer(s, s)  # dS_i/dZ_k = s_i (delta_ik - s_k)
        np.testing.assert_allclose(dZ[:, j], J.T @ dA[:, j], rtol=1e-12, atol=1e-15)
        # and J itself by centred differences
        h = 1e-6
        J_num = np.empty((4, 4))
        for k in range(4):
            e = np.zeros(4)
            e[k] = h
            J_num[:, k] = (
                softmax((Z[:, j] + e)[:, None])[0] - softmax((Z[:, j] - e)[:, None])[0]
            ).ravel() / (2 * h)
        np.testing.assert_allclose(J, J_num, atol=1e-9)


# Properties.


@settings(max_examples=50, deadline=None)
@given(Z=matrices)
def test_sigmoid_range_symmetry_and_shape(Z):
    A, _ = sigmoid(Z)
    assert A.shape == Z.shape
    assert np.all((A >= 0) & (A <= 1))
    np.testing.assert_allclose(sigmoid(-Z)[0], 1 - A, atol=1e-15)


@settings(max_examples=50, deadline=None)
@given(z=st.lists(finite_floats, min_size=2, max_size=30))
def test_sigmoid_is_monotone(z):
    z = np.sort(np.array(z))
    A, _ = sigmoid(z)
    assert np.all(np.diff(A) >= 0)


@settings(max_examples=50, deadline=None)
@given(
    Z=hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=2, max_dims=2),
        elements=st.floats(-300, 300),
    )
)
def test_softmax_columns_are_positive_distributions(Z):
    A, _ = softmax(Z)
    assert A.shape == Z.shape
    assert np.all(A > 0)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(
    Z=hnp.arrays(np.float64, (3, 4), elements=st.floats(-50, 50)),
    c=hnp.arrays(np.float64, (1, 4), elements=st.floats(-1000, 1000)),
)
def test_softmax_is_invariant_to_adding_a_constant_to_a_column(Z, c):
    np.testing.assert_allclose(softmax(Z + c)[0], softmax(Z)[0], rtol=1e-9, atol=1e-300)


@settings(max_examples=50, deadline=None)
@given(Z=matrices)
def test_relu_family_and_tanh_ranges(Z):
    assert np.all(relu(Z)[0] >= 0)
    assert np.array_equal(relu(Z)[0], np.maximum(Z, 0))
    assert np.all(np.abs(tanh(Z)[0]) <= 1)
    L = leaky_relu(Z)[0]
    assert np.array_equal(L > 0, Z > 0)
    assert np.array_equal(L[Z > 0], Z[Z > 0])


# Extreme values: finite, no warnings (warnings are errors), exact limits.

EXTREMES = np.array([[-1e308, -1000.0, 0.0, 1000.0, 1e308]])


def test_sigmoid_extremes_float64():
    A, _ = sigmoid(EXTREMES)
    assert np.array_equal(A, [[0.0, 0.0, 0.5, 1.0, 1.0]])
    assert np.array_equal(sigmoid(np.array([-np.inf, np.inf]))[0], [0.0, 1.0])


@pytest.mark.parametrize("z", [-745.0, -740.0, -700.0, -500.0, -100.0, -40.0, -1.0])
def test_sigmoid_tiny_values_are_exact(z):
    """For very negative z, sigmoid(z) = e^z / (1 + e^z) ~ e^z, never 0 too early."""
    A, _ = sigmoid(np.array([z]))
    expected = math.exp(z) / (1 + math.exp(z))
    assert A[0] > 0
    if z >= -700:  # normal (not subnormal) floats keep full precision
        assert A[0] == pytest.approx(expected, rel=1e-12)
    else:
        assert A[0] == pytest.approx(expected, rel=1e-3)


def test_sigmoid_near_one_rounds_to_one():
    A, _ = sigmoid(np.array([30.0, 40.0, 745.0]))
    assert A[0] == pytest.approx(1 - math.exp(-30), rel=1e-15)
    assert A[0] < 1.0
    assert A[1] == 1.0 and A[2] == 1.0


def test_tanh_relu_leaky_relu_extremes():
    assert np.array_equal(tanh(EXTREMES)[0], [[-1.0, -1.0, 0.0, 1.0, 1.0]])
    assert np.array_equal(relu(EXTREMES)[0], [[0.0, 0.0, 0.0, 1000.0, 1e308]])
    assert np.array_equal(
        leaky_relu(EXTREMES)[0], [[-1e306, -10.0, 0.0, 1000.0, 1e308]]
    )


@pytest.mark.parametrize("z", [1000.0, 1e308])
def test_softmax_extremes_in_one_direction(z):
    A, _ = softmax(np.array([[z, -z, z], [0.0, 0.0, z]]))
    assert np.all(np.isfinite(A))
    assert np.array_equal(A[:, :2], [[1.0, 0.0], [0.0, 1.0]])
    assert np.array_equal(A[:, 2], [0.5, 0.5])


def test_softmax_of_plus_and_minus_1000():
    A, _ = softmax(np.array([[1000.0], [-1000.0]]))
    assert np.array_equal(A, [[1.0], [0.0]])


def test_softmax_column_spanning_plus_and_minus_1e308():
    """The max-shift gives -inf for this column; exp(-inf) = 0 exactly, silently."""
    A, _ = softmax(np.array([[1e308], [-1e308]]))
    assert np.array_equal(A, [[1.0], [0.0]])


BIG32 = float(np.finfo(np.float32).max)
Z32 = np.array([[-BIG32, -1000.0, 0.0], [1000.0, BIG32, 1.0]], dtype=np.float32)


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_float32_forward_stays_float32_and_finite(name):
    A, _ = get_activation(name).forward(Z32)
    assert A.dtype == np.float32
    assert np.all(np.isfinite(A))


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_float32_backward_stays_float32_and_finite(name):
    """leaky_relu_backward once multiplied by a float64 slope table."""
    dZ = get_activation(name).backward(np.ones_like(Z32), Z32)
    assert np.all(np.isfinite(dZ))
    assert dZ.dtype == np.float32


def test_float32_sigmoid_limits_exact():
    A, _ = sigmoid(np.array([-1000.0, 0.0, 1000.0], dtype=np.float32))
    assert np.array_equal(A, np.array([0.0, 0.5, 1.0], dtype=np.float32))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_backward_at_extremes_is_finite(name):
    dZ = get_activation(name).backward(np.ones_like(EXTREMES), EXTREMES)
    assert np.all(np.isfinite(dZ))


def test_sigmoid_and_tanh_slopes_vanish_at_extremes():
    assert np.array_equal(
        sigmoid_backward(np.ones((1, 2)), np.array([[-1000.0, 1000.0]])), [[0.0, 0.0]]
    )
    assert np.array_equal(
        tanh_backward(np.ones((1, 2)), np.array([[-1000.0, 1000.0]])), [[0.0, 0.0]]
    )


def test_nan_propagates_without_warning():
    A, _ = sigmoid(np.array([np.nan, 0.0]))
    assert np.isnan(A[0]) and A[1] == 0.5


# The registry.


def test_registry_pairs_forward_with_backward():
    assert set(ACTIVATIONS) == {"sigmoid", "relu", "leaky_relu", "tanh", "softmax"}
    assert ACTIVATIONS["sigmoid"] == (sigmoid, sigmoid_backward)
    assert ACTIVATIONS["relu"].forward is relu
    assert ACTIVATIONS["relu"].backward is relu_backward
    assert ACTIVATIONS["leaky_relu"] == (leaky_relu, leaky_relu_backward)
    assert ACTIVATIONS["tanh"] == (tanh, tanh_backward)
    assert ACTIVATIONS["softmax"] == (softmax, softmax_backward)
    assert get_activation("tanh") is ACTIVATIONS["tanh"]


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'Relu'") as info:
        get_activation("Relu")
    for name in ACTIVATIONS:
        assert repr(name) in str(info.value)


def test_activation_name_must_be_a_string():
    with pytest.raises(TypeError, match="activation must be a name given as a string"):
        get_activation(relu)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize(
    ("Z", "dtype"),
    [(np.array([["a", "b"]]), "<U1"), (np.array([[True, False]]), "bool")],
)
def test_activations_name_input_that_is_not_numbers(name, Z, dtype):
    with pytest.raises(TypeError, match=rf"Z must hold numbers .*got dtype {dtype}"):
        ACTIVATIONS[name].forward(Z)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_take_integers_and_nested_lists(name):
    A_int, _ = ACTIVATIONS[name].forward(np.array([[-1, 0, 2]]))
    A_list, _ = ACTIVATIONS[name].forward([[-1.0, 0.0, 2.0]])
    np.testing.assert_allclose(A_int, A_list)


# Checked input.

BACKWARD = [g.backward for g in ACTIVATIONS.values()]


@pytest.mark.parametrize("backward", BACKWARD)
@pytest.mark.parametrize(
    ("dA_shape", "Z_shape"), [((1, 4), (3, 4)), ((3, 1), (3, 4)), ((3, 4), (3, 1))]
)
def test_backward_steps_reject_a_dA_of_another_shape(backward, dA_shape, Z_shape):
    """dA once broadcast against the cache and gave a dZ of a third shape."""
    expected = f"dA has shape {dA_shape} but the cache Z has shape {Z_shape};"
    with pytest.raises(ValueError, match=re.escape(expected)):
        backward(np.ones(dA_shape), np.ones(Z_shape))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_backward_steps_take_nested_lists_and_integers(name):
    """relu_backward([[1.]], [[1.]]) once failed with "'>' not supported"."""
    g = ACTIVATIONS[name]
    dA, Z = [[1.0, -2.0], [0.5, 3.0]], [[0.5, -1.0], [2.0, 0.0]]
    expected = g.backward(np.array(dA), np.array(Z))
    np.testing.assert_array_equal(g.backward(dA, Z), expected)
    np.testing.assert_array_equal(
        g.backward(np.array([[1, 2]]), np.array([[3, -1]])),
        g.backward(np.array([[1.0, 2.0]]), np.array([[3.0, -1.0]])),
    )


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_backward_steps_name_a_dA_that_is_not_numbers(name):
    with pytest.raises(TypeError, match="dA must hold numbers .*got dtype <U1"):
        ACTIVATIONS[name].backward(np.array([["a"]]), np.ones((1, 1)))


def test_integer_input_is_computed_in_float64():
    """uint8 once wrapped around in -abs(Z) and gave exp in float16."""
    Z = np.array([[0, 1, 5, 200]], np.uint8)
    A = sigmoid(Z)[0]
    assert A.dtype == np.float64
    assert np.array_equal(A, sigmoid(Z.astype(np.float64))[0])
    np.testing.assert_allclose(A, [[0.5, 0.7310585786300049, 0.9933071490757153, 1.0]])
    S = softmax(Z.T)[0]
    assert np.array_equal(S, softmax(Z.T.astype(np.float64))[0])
    np.testing.assert_allclose(
        S[:3, 0], [math.exp(-200), math.exp(-199), math.exp(-195)], rtol=1e-13
    )
    assert S[3, 0] == 1.0


# Underflow to 0 is the right answer: it must not raise even under errstate.


def test_sigmoid_underflow_is_silent_even_when_numpy_raises():
    Z = np.array([[-1000.0, -745.0, -709.5, 0.0, 1000.0]])
    with np.errstate(all="raise"):
        A, _ = sigmoid(Z)
        dZ = sigmoid_backward(np.ones_like(Z), Z)
    assert A[0, 0] == 0.0 and 0 < A[0, 1] < 1e-323 and A[0, 3] == 0.5
    assert A[0, 4] == 1.0
    np.testing.assert_allclose(A[0, 2], math.exp(-709.5), rtol=1e-12)
    assert dZ[0, 0] == 0.0 and dZ[0, 4] == 0.0


def test_softmax_underflow_is_silent_even_when_numpy_raises():
    with np.errstate(all="raise"):
        A, _ = softmax(np.array([[-1000.0], [0.0]]))
        # exp(-709.5) is subnormal, and halving it underflows again.
        B, _ = softmax(np.array([[-709.5], [0.0], [0.0]]))
        dZ = softmax_backward(np.ones((2, 1)), np.array([[-1000.0], [0.0]]))
    assert np.array_equal(A, [[0.0], [1.0]])
    np.testing.assert_allclose(B[0, 0], math.exp(-709.5) / 2, rtol=1e-12)
    np.testing.assert_allclose(B[1:, 0], [0.5, 0.5], rtol=1e-15)
    assert np.array_equal(dZ, [[0.0], [0.0]])


# Softmax's own input errors.


@pytest.mark.parametrize("Z", [np.zeros((0, 3)), np.zeros((0,)), np.float64(1.0)])
def test_softmax_needs_at_least_one_class(Z):
    shape = re.escape(str(np.shape(Z)))
    with pytest.raises(
        ValueError, match=rf"at least one class .*got Z of shape {shape}"
    ):
        softmax(Z)
    with pytest.raises(ValueError, match="at least one class"):
        softmax_backward(np.zeros_like(Z), Z)


def test_softmax_of_no_examples_is_empty():
    A, cache = softmax(np.zeros((3, 0)))
    assert A.shape == (3, 0) and cache.shape == (3, 0)
    assert softmax_backward(np.zeros((3, 0)), np.zeros((3, 0))).shape == (3, 0)


@pytest.mark.parametrize(
    ("Z", "got"),
    [
        ([[np.inf], [0.0]], "inf"),
        ([[1.0, 2.0], [0.0, np.inf]], "inf"),
        ([[np.inf], [np.inf]], "inf"),
        ([[0.0, -np.inf], [1.0, -np.inf]], "-inf"),
    ],
)
def test_softmax_rejects_an_infinite_largest_logit(Z, got):
    """These gave NaN with "invalid value encountered in subtract"."""
    with pytest.raises(
        ValueError, match=rf"finite logits; a column of Z has largest logit {got}$"
    ):
        softmax(np.array(Z))


def test_softmax_gives_minus_inf_beside_finite_logits_probability_zero():
    A, _ = softmax(np.array([[-np.inf, 1.0], [0.0, -np.inf], [0.0, -np.inf]]))
    assert np.array_equal(A, [[0.0, 1.0], [0.5, 0.0], [0.5, 0.0]])


def test_softmax_nan_propagates_without_warning():
    A, _ = softmax(np.array([[np.nan, 0.0], [0.0, 0.0]]))
    assert np.isnan(A[:, 0]).all()
    np.testing.assert_allclose(A[:, 1], [0.5, 0.5], rtol=1e-15)
