"""Tests for scratchnn.backprop: hand values, keys and shapes, gradient checks."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scratchnn
from scratchnn.backprop import (
    backprop,
    layer_gradients,
    linear_backward,
    one_layer_backward,
)
from scratchnn.cost import cost_function
from scratchnn.forward import forward_prop, linear_forward
from scratchnn.gradcheck import gradient_check
from scratchnn.init import init_params
from scratchnn.update import update_parameters

HIDDEN = ["sigmoid", "relu", "leaky_relu", "tanh"]


def random_problem(layer_dims, seed, output="sigmoid", m=5):
    """A random network with random (non-zero) biases, inputs and labels.

    Random biases matter for the ReLU family: with zero biases a layer whose
    units are all dead feeds exact zeros forward, the next Z sits exactly on
    ReLU's kink, and finite differences and the subgradient disagree there.
    """
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        params[f"W{l}"] = rng.standard_normal((n, n_prev)) / math.sqrt(n_prev) * 1.5
        params[f"b{l}"] = rng.standard_normal((n, 1)) * 0.5
    X = rng.standard_normal((layer_dims[0], m))
    if output == "sigmoid":
        Y = rng.integers(0, 2, (1, m)).astype(float)
    else:
        Y = np.eye(layer_dims[-1])[:, rng.integers(0, layer_dims[-1], m)]
    return params, X, Y


# Hand-computed values.


def test_linear_backward_by_hand():
    A_prev = np.array([[1.0, 2.0], [3.0, 4.0]])
    W = np.array([[1.0, -1.0]])
    dZ = np.array([[0.5, -1.0]])
    dA_prev, dW, db = linear_backward(dZ, (A_prev, W, np.zeros((1, 1))))
    # dW = dZ A_prev^T / m = [[0.5 - 2, 1.5 - 4]] / 2
    np.testing.assert_allclose(dW, [[-0.75, -1.25]])
    np.testing.assert_allclose(db, [[-0.25]])
    np.testing.assert_allclose(dA_prev, [[0.5, -1.0], [-0.5, 1.0]])
    # The same dW and db, without dA_prev: what backprop computes for layer 1.
    dW1, db1 = layer_gradients(dZ, A_prev)
    assert np.array_equal(dW1, dW) and np.array_equal(db1, db)


def test_one_layer_backward_on_one_unit_by_hand():
    # One input, one unit: Z = ln3 * A_prev, so Z = [0, ln 3] and s = [0.5, 0.75].
    A_prev = np.array([[0.0, 1.0]])
    W, b = np.array([[math.log(3)]]), np.array([[0.0]])
    Z, linear_cache = linear_forward(A_prev, W, b)
    dA = np.array([[1.0, 2.0]])
    dA_prev, dW, db = one_layer_backward(dA, (linear_cache, Z), "sigmoid")
    # dZ = dA * s (1 - s) = [0.25, 2 * 0.1875] = [0.25, 0.375]
    np.testing.assert_allclose(dW, [[(0.25 * 0 + 0.375 * 1) / 2]], rtol=1e-14)
    np.testing.assert_allclose(db, [[(0.25 + 0.375) / 2]], rtol=1e-14)
    np.testing.assert_allclose(
        dA_prev, [[0.25 * math.log(3), 0.375 * math.log(3)]], rtol=1e-14
    )


def test_one_layer_backward_relu_by_hand():
    A_prev = np.array([[1.0, -1.0]])
    cache = linear_forward(A_prev, np.array([[2.0]]), np.array([[0.5]]))
    Z, linear_cache = cache  # Z = [2.5, -1.5]: only the first example passes
    dA_prev, dW, db = one_layer_backward(
        np.array([[3.0, 3.0]]), (linear_cache, Z), "relu"
    )
    np.testing.assert_allclose(dW, [[1.5]])
    np.testing.assert_allclose(db, [[1.5]])
    np.testing.assert_allclose(dA_prev, [[6.0, 0.0]])


def test_logistic_regression_gradient_by_hand():
    X = np.array([[1.0, 2.0, -1.0]])
    params = {"W1": np.array([[0.0]]), "b1": np.array([[0.0]])}
    Y = np.array([[1.0, 0.0, 1.0]])
    AL, caches = forward_prop(X, params)
    grads = backprop(AL, Y, caches)
    # AL = 0.5 everywhere, dZ = AL - Y = [-0.5, 0.5, -0.5]
    np.testing.assert_allclose(grads["dW1"], [[(-0.5 + 1.0 + 0.5) / 3]])
    np.testing.assert_allclose(grads["db1"], [[-0.5 / 3]])
    # Layer 1 has no layer below: no dA0; linear_backward gives it, W1.T @ dZ.
    assert set(grads) == {"dW1", "db1"}
    dA0, _, _ = linear_backward(AL - Y, caches[0][0])
    np.testing.assert_allclose(dA0, [[0.0, 0.0, 0.0]])


# Regression tests for the original article's bugs.


def test_grads_keys_are_what_update_parameters_reads():
    """Regression for the original article's bug: backprop stored its gradients
    under keys that update_parameters did not read. The result of backprop
    must feed update_parameters directly and change every parameter."""
    params, X, Y = random_problem([3, 4, 3, 1], seed=1)
    AL, caches = forward_prop(X, params)
    new = update_parameters(params, backprop(AL, Y, caches), 0.5)
    assert set(new) == set(params)
    for k in params:
        assert not np.any(new[k] == params[k]), k


@pytest.mark.parametrize(
    "layer_dims", [[2, 1], [3, 4, 1], [3, 4, 5, 1], [2, 3, 3, 2, 1]]
)
def test_dA_index_is_that_of_the_layer_input(layer_dims):
    """Regression for the original article's off-by-one: grads["dA{l-1}"] is the
    gradient with respect to layer l's input A_{l-1}, W_l.T @ dZ_l; so
    dA{L-1} has A_{L-1}'s shape and there is no dA{L}. Layer 1's input is X:
    no dA0, which one_layer_backward gives with X's shape."""
    params, X, Y = random_problem(layer_dims, seed=2)
    AL, caches = forward_prop(X, params, "tanh")
    grads = backprop(AL, Y, caches, "tanh")
    L = len(layer_dims) - 1
    assert f"dA{L}" not in grads and "dA0" not in grads
    dZ = AL - Y
    for l in range(L, 0, -1):
        (A_prev, W, _), Z = caches[l - 1]
        dA_prev = grads.get(f"dA{l - 1}")
        if l == 1:  # what backprop leaves out
            dA_prev = linear_backward(dZ, caches[0][0])[0]
        assert dA_prev.shape == A_prev.shape
        np.testing.assert_allclose(dA_prev, W.T @ dZ, rtol=1e-12)
        if l > 1:
            Z_prev = caches[l - 2][1]
            dZ = dA_prev * (1 - np.tanh(Z_prev) ** 2)


# Keys and shapes.


@settings(max_examples=40, deadline=None)
@given(
    layer_dims=st.lists(st.integers(1, 5), min_size=1, max_size=4).map(
        lambda d: [*d, 1]
    ),
    m=st.integers(1, 6),
)
def test_grads_keys_and_shapes(layer_dims, m):
    rng = np.random.default_rng(3)
    params = init_params(layer_dims, seed=rng)
    X = rng.standard_normal((layer_dims[0], m))
    Y = rng.integers(0, 2, (1, m))
    AL, caches = forward_prop(X, params, "relu")
    grads = backprop(AL, Y, caches, "relu")
    L = len(layer_dims) - 1
    expected = {f"d{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    expected |= {f"dA{l}" for l in range(1, L)}
    assert set(grads) == expected
    for l in range(1, L + 1):
        assert grads[f"dW{l}"].shape == params[f"W{l}"].shape
        assert grads[f"db{l}"].shape == params[f"b{l}"].shape
        if f"dA{l - 1}" in grads:
            assert grads[f"dA{l - 1}"].shape == (layer_dims[l - 1], m)


def test_backprop_is_the_layer_steps_from_L_down_to_1():
    """Skipping dA0 changes nothing else: each layer's gradients are those of
    one_layer_backward (linear_backward for the output layer), bit for bit."""
    params, X, Y = random_problem([3, 4, 2, 1], seed=4)
    AL, caches = forward_prop(X, params, "tanh")
    grads = backprop(AL, Y, caches, "tanh")
    dA, dW, db = linear_backward(AL - Y, caches[2][0])
    expected = {"dA2": dA, "dW3": dW, "db3": db}
    for l in (2, 1):
        dA, dW, db = one_layer_backward(dA, caches[l - 1], "tanh")
        expected |= {f"dA{l - 1}": dA, f"dW{l}": dW, f"db{l}": db}
    assert set(expected) - set(grads) == {"dA0"}
    for key, G in grads.items():
        assert np.array_equal(G, expected[key]), key


# Finite-difference gradient checks (float64, relative error < 1e-7).

DEPTHS = [[3, 1], [3, 4, 1], [2, 4, 3, 1], [3, 3, 4, 2, 1]]


@pytest.mark.parametrize("layer_dims", DEPTHS, ids=lambda d: f"L{len(d) - 1}")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_check_sigmoid_default(layer_dims, seed):
    params, X, Y = random_problem(layer_dims, seed)
    assert gradient_check(params, X, Y) < 1e-7


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("seed", [10, 11])
def test_gradient_check_every_activation_and_output(hidden, output, depth, seed):
    n_out = 1 if output == "sigmoid" else 3
    layer_dims = [3, 4, 3, 4][:depth] + [n_out]
    params, X, Y = random_problem(layer_dims, seed, output)
    error = gradient_check(
        params, X, Y, hidden_activation=hidden, output_activation=output
    )
    assert error < 1e-7


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_gradient_check_with_l2(hidden, output):
    n_out = 1 if output == "sigmoid" else 3
    params, X, Y = random_problem([3, 4, 3, n_out], 20, output)
    error = gradient_check(
        params, X, Y, hidden_activation=hidden, output_activation=output, lambd=0.8
    )
    assert error < 1e-7


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("seed", [0, 1])
def test_gradient_check_with_dropout(hidden, output, seed):
    n_out = 1 if output == "sigmoid" else 3
    params, X, Y = random_problem([3, 5, 4, n_out], 30 + seed, output, m=6)
    error = gradient_check(
        params,
        X,
        Y,
        hidden_activation=hidden,
        output_activation=output,
        keep_prob=0.7,
        seed=seed,
        lambd=0.3,
    )
    assert error < 1e-7


def test_gradient_check_dA0_is_the_gradient_with_respect_to_X():
    params, X, Y = random_problem([3, 4, 1], seed=6)
    AL, caches = forward_prop(X, params, "tanh")
    dA1 = backprop(AL, Y, caches, "tanh")["dA1"]
    dA0, _, _ = one_layer_backward(dA1, caches[0], "tanh")  # layer 1's dA_prev
    m, h = X.shape[1], 1e-6
    numerical = np.empty_like(X)
    for idx in np.ndindex(X.shape):
        plus, minus = X.copy(), X.copy()
        plus[idx] += h
        minus[idx] -= h
        numerical[idx] = (
            cost_function(forward_prop(plus, params, "tanh")[0], Y)
            - cost_function(forward_prop(minus, params, "tanh")[0], Y)
        ) / (2 * h)
    # the cost averages over m, dA0 does not: dA0 / m is dJ/dX
    np.testing.assert_allclose(dA0 / m, numerical, rtol=1e-6, atol=1e-10)


# Errors: every documented one.


def test_AL_and_Y_shape_mismatch():
    params, X, Y = random_problem([3, 1], seed=7)
    AL, caches = forward_prop(X, params)
    with pytest.raises(
        ValueError,
        match=r"AL and Y must have the same shape; got AL \(1, 5\) and Y \(1, 4\)",
    ):
        backprop(AL, Y[:, :4], caches)


def test_unknown_output_activation():
    params, X, Y = random_problem([3, 1], seed=7)
    AL, caches = forward_prop(X, params)
    with pytest.raises(
        ValueError,
        match="unknown output activation 'tanh'; known: 'sigmoid', 'softmax'",
    ):
        backprop(AL, Y, caches, output_activation="tanh")


def test_unknown_hidden_activation():
    params, X, Y = random_problem([3, 2, 1], seed=7)
    AL, caches = forward_prop(X, params)
    with pytest.raises(ValueError, match="unknown activation 'elu'"):
        backprop(AL, Y, caches, hidden_activation="elu")


def test_Y_of_strings():
    params, X, Y = random_problem([3, 1], seed=7)
    AL, caches = forward_prop(X, params)
    with pytest.raises(TypeError, match="Y must hold numbers"):
        backprop(AL, np.array([["a"] * 5]), caches)


def test_one_layer_backward_shape_mismatch():
    params, X, Y = random_problem([3, 2, 1], seed=7)
    AL, caches = forward_prop(X, params)
    with pytest.raises(
        ValueError, match=r"dA has shape \(1, 5\) but the layer's Z has shape \(2, 5\)"
    ):
        one_layer_backward(AL, caches[0])


def test_one_layer_backward_unknown_activation():
    params, X, Y = random_problem([3, 2, 1], seed=7)
    _, caches = forward_prop(X, params)
    with pytest.raises(
        ValueError, match="unknown activation 'swish'; known: 'sigmoid', 'relu'"
    ):
        one_layer_backward(np.ones((2, 5)), caches[0], "swish")


def test_unknown_hidden_activation_one_layer_network():
    """Regression: backprop looked the hidden activation up only for hidden
    layers, so a one-layer network accepted any name silently."""
    params, X, Y = random_problem([3, 1], seed=7)
    AL, caches = forward_prop(X, params)
    with pytest.raises(ValueError, match="unknown activation 'elu'"):
        backprop(AL, Y, caches, hidden_activation="elu")


@pytest.mark.parametrize("shape", [(3, 5), (2, 4), (5, 2)])
def test_linear_backward_names_a_dZ_of_the_wrong_shape(shape):
    """A dZ from another layer is a clear ValueError, not a matmul error."""
    rng = np.random.default_rng(0)
    cache = (rng.standard_normal((3, 5)), rng.standard_normal((2, 3)), np.zeros((2, 1)))
    with pytest.raises(
        ValueError,
        match=rf"dZ has shape \({shape[0]}, {shape[1]}\) but the layer has 2 units "
        r"and A_prev 5 examples; dZ must have shape \(2, 5\)",
    ):
        linear_backward(np.ones(shape), cache)


def test_the_plain_steps_refuse_a_cache_with_a_dropout_mask():
    """Called on a cache with a dropout mask, one_layer_backward would ignore
    the mask and give a wrong gradient: the plain steps refuse it and name the
    steps that apply it (scratchnn.regularization)."""
    X = np.random.default_rng(0).standard_normal((3, 8))
    Y = (X[:1] > 0).astype(float)
    params = init_params([3, 5, 1], seed=1)
    AL, caches = scratchnn.forward_prop_with_dropout(
        X, params, "relu", keep_prob=0.5, seed=2
    )
    assert len(caches[0]) == 3 and not caches[0][2].all()
    with pytest.raises(ValueError, match="caches\\[0\\] must be .*dropout mask.*"
                       "backprop_with_dropout"):  # fmt: skip
        backprop(AL, Y, caches, "relu")
    with pytest.raises(ValueError, match="one_layer_backward_with_dropout"):
        one_layer_backward(np.ones((5, 8)), caches[0], "relu")


def test_backward_steps_take_lists_and_refuse_what_would_broadcast():
    params = init_params([2, 3, 1], seed=0)
    X = np.array([[0.5, -1.0], [2.0, 0.0]])
    Y = np.array([[1.0, 0.0]])
    AL, caches = forward_prop(X, params)
    from_lists = backprop(AL.tolist(), Y.tolist(), caches)
    np.testing.assert_array_equal(from_lists["dW1"], backprop(AL, Y, caches)["dW1"])
    with pytest.raises(ValueError, match="caches is empty"):
        backprop(AL, Y, [])
    with pytest.raises(ValueError, match="dZ must be a 2-D array"):
        linear_backward(np.ones(2), caches[1][0])
    with pytest.raises(ValueError, match="dA must be a 2-D array"):
        one_layer_backward(np.ones(2), caches[0])


def test_compute_dA0_must_be_a_bool():
    """Regression: the string "no" counted as True (the deprecated option)."""
    params = init_params([2, 3, 1], seed=0)
    AL, caches = forward_prop(np.ones((2, 4)), params)
    with (
        pytest.warns(DeprecationWarning, match="compute_dA0"),
        pytest.raises(TypeError, match="compute_dA0 must be True or False; got 'no'"),
    ):
        scratchnn.backprop(AL, np.ones((1, 4)), caches, compute_dA0="no")


def test_layer_gradients_wants_one_layers_dZ_and_input():
    with pytest.raises(ValueError, match="dZ has 3 examples .* but A_prev has 2"):
        layer_gradients(np.ones((2, 3)), np.ones((4, 2)))
    with pytest.raises(ValueError, match="A_prev must be a 2-D array"):
        layer_gradients(np.ones((2, 3)), np.ones(3))
