"""Tests for scratchnn.gradcheck: flattening and the gradient check itself."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnn.activations import sigmoid
from scratchnn.backprop import backprop
from scratchnn.devices import convert_params
from scratchnn.forward import forward_prop
from scratchnn.gradcheck import (
    _relative_difference,
    gradient_check,
    params_to_vector,
    vector_to_params,
)
from scratchnn.init import init_params
from scratchnn.network import Network
from scratchnn.regularization import backprop_with_dropout, forward_prop_with_dropout


def problem(layer_dims=(3, 4, 1), seed=0, m=5):
    rng = np.random.default_rng(seed)
    params = init_params(list(layer_dims), seed=rng)
    for l in range(1, len(layer_dims)):
        params[f"b{l}"] = rng.standard_normal(params[f"b{l}"].shape)
    X = rng.standard_normal((layer_dims[0], m))
    Y = rng.integers(0, 2, (1, m)).astype(float)
    return params, X, Y


def _one_hot_like(A):
    E = np.zeros_like(A)
    E[0, 0] = 1.0
    return E


def scratchnn_grads(params, X, Y):
    AL, caches = forward_prop(X, params)
    return backprop(AL, Y, caches)


# Flattening.


def test_params_to_vector_order_by_hand():
    params = {
        "W2": np.array([[7.0, 8.0]]),
        "b2": np.array([[9.0]]),
        "W1": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "b1": np.array([[5.0], [6.0]]),
    }
    theta = params_to_vector(params)
    assert np.array_equal(theta, np.arange(1, 10))
    assert theta.dtype == np.float64


@settings(max_examples=30, deadline=None)
@given(layer_dims=st.lists(st.integers(1, 5), min_size=2, max_size=5))
def test_vector_to_params_inverts_params_to_vector(layer_dims):
    params = convert_params(init_params(layer_dims, seed=1), np.float32)
    theta = params_to_vector(params)
    n = sum(a * b + a for a, b in zip(layer_dims[1:], layer_dims[:-1], strict=True))
    assert theta.shape == (n,)
    back = vector_to_params(theta, params)
    assert set(back) == set(params)
    for k in params:
        assert back[k].shape == params[k].shape
        assert np.array_equal(back[k], params[k])


def test_vector_to_params_too_long():
    params = init_params([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match=r"a vector of 9 entries, .*shape \(10,\)"):
        vector_to_params(np.zeros(10), params)


def test_vector_to_params_too_short():
    params = init_params([2, 2, 1], seed=0)
    with pytest.raises(ValueError):
        vector_to_params(np.zeros(8), params)


# The check itself.


@pytest.mark.parametrize("seed", range(4))
def test_correct_gradients_give_about_zero(seed):
    params, X, Y = problem(seed=seed)
    assert gradient_check(params, X, Y) < 1e-8
    assert gradient_check(params, X, Y, grads=scratchnn_grads(params, X, Y)) < 1e-8


def test_a_readers_grads_dict_with_only_dW_and_db_is_accepted():
    params, X, Y = problem((2, 3, 1), seed=5)
    grads = {k: v.copy() for k, v in scratchnn_grads(params, X, Y).items()}
    grads = {k: v for k, v in grads.items() if not k.startswith("dA")}
    assert gradient_check(params, X, Y, grads=grads) < 1e-8


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda g: g.update(dW1=2 * g["dW1"]),
        lambda g: g.update(dW2=-g["dW2"]),
        lambda g: g.update(db2=g["db2"] + 0.1),
        lambda g: g.update(dW1=g["dW1"] + _one_hot_like(g["dW1"])),
    ],
    ids=["dW1_doubled", "dW2_sign_flipped", "db2_shifted", "one_entry_wrong"],
)
def test_wrong_gradients_give_a_large_error(corrupt):
    params, X, Y = problem(seed=6)
    grads = dict(scratchnn_grads(params, X, Y))
    corrupt(grads)
    assert gradient_check(params, X, Y, grads=grads) > 1e-2


def test_sign_flip_of_everything_gives_one():
    params, X, Y = problem(seed=7)
    grads = {k: -v for k, v in scratchnn_grads(params, X, Y).items()}
    assert gradient_check(params, X, Y, grads=grads) == pytest.approx(1.0, abs=1e-7)


def test_catches_the_articles_sigmoid_backward_bug():
    """A reader's backprop that uses A * (1 - A) with the cache taken as A (the
    original article's bug) fails the check; the correct one passes."""
    params, X, Y = problem((3, 4, 1), seed=8)
    AL, caches = forward_prop(X, params)
    (A0, W1, b1), Z1 = caches[0]
    (A1, W2, b2), _ = caches[1]
    m = X.shape[1]
    dZ2 = AL - Y
    dA1 = W2.T @ dZ2
    grads = {"dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}
    for slope, expect_ok in [
        (sigmoid(Z1)[0] * (1 - sigmoid(Z1)[0]), True),
        (Z1 * (1 - Z1), False),
    ]:
        dZ1 = dA1 * slope
        grads["dW1"] = dZ1 @ A0.T / m
        grads["db1"] = dZ1.sum(axis=1, keepdims=True) / m
        error = gradient_check(params, X, Y, grads=grads)
        assert (error < 1e-7) is expect_ok, error


def test_float32_params_are_checked_in_float64():
    params, X, Y = problem(seed=9)
    p32 = {k: v.astype(np.float32) for k, v in params.items()}
    assert gradient_check(p32, X.astype(np.float32), Y) < 1e-7


def test_epsilon_controls_the_truncation_error():
    params, X, Y = problem(seed=10)
    coarse = gradient_check(params, X, Y, epsilon=1e-1)
    fine = gradient_check(params, X, Y, epsilon=1e-5)
    assert 1e-6 < coarse < 1e-2
    assert fine < coarse / 100


def test_dropout_check_needs_the_same_masks():
    """The masks come from the seed: gradients from another seed's masks fail."""
    params, X, Y = problem((3, 6, 1), seed=11)
    assert gradient_check(params, X, Y, keep_prob=0.5, seed=3) < 1e-7
    AL, caches = forward_prop_with_dropout(X, params, keep_prob=0.5, seed=4)
    other = backprop_with_dropout(AL, Y, caches)
    assert gradient_check(params, X, Y, grads=other, keep_prob=0.5, seed=3) > 1e-2


@pytest.mark.parametrize(
    "seed", [np.random.default_rng(0), None], ids=["generator", "none"]
)
def test_dropout_check_with_a_generator_or_none_uses_one_set_of_masks(seed):
    """Regression: a Generator or None drew new masks in every forward pass, so
    correct gradients gave about 1.0 instead of about 1e-10."""
    params, X, Y = problem((3, 6, 1), seed=11)
    assert gradient_check(params, X, Y, keep_prob=0.5, seed=seed) < 1e-7


def test_dropout_check_rejects_a_bad_seed_or_keep_prob():
    params, X, Y = problem(seed=11)
    with pytest.raises(TypeError, match="seed must be an int, a numpy.random"):
        gradient_check(params, X, Y, keep_prob=0.5, seed=1.5)
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0, 1\]; got 1.5"):
        gradient_check(params, X, Y, keep_prob=1.5)


def test_l2_check_needs_the_l2_term():
    params, X, Y = problem(seed=12)
    assert gradient_check(params, X, Y, lambd=2.0) < 1e-7
    assert (
        gradient_check(params, X, Y, grads=scratchnn_grads(params, X, Y), lambd=2.0)
        > 1e-2
    )


def test_all_zero_gradients_give_zero():
    """Regression: a saturated network, where both gradients are exactly zero,
    made gradient_check compute 0 / 0 (a RuntimeWarning and NaN)."""
    params = {"W1": np.array([[1000.0]]), "b1": np.array([[0.0]])}
    assert gradient_check(params, np.array([[1.0]]), np.array([[1.0]])) == 0.0


# Errors: every documented one.


def test_shape_mismatched_grads():
    params, X, Y = problem(seed=13)
    grads = dict(scratchnn_grads(params, X, Y))
    grads["dW1"] = grads["dW1"][:, :2]
    with pytest.raises(
        ValueError, match=r"dW1 has shape \(4, 2\) but W1 has shape \(4, 3\)"
    ):
        gradient_check(params, X, Y, grads=grads)


def test_missing_grads():
    params, X, Y = problem(seed=13)
    grads = dict(scratchnn_grads(params, X, Y))
    del grads["db1"]
    with pytest.raises(ValueError, match=r"grads lacks \['db1'\]"):
        gradient_check(params, X, Y, grads=grads)


def test_grads_holding_nan_are_refused_not_called_an_overflow():
    """A NaN gradient has no difference to measure: the door says which
    entry, rather than that gradient_check overflowed."""
    params, X, Y = problem(seed=13)
    grads = dict(scratchnn_grads(params, X, Y))
    grads["dW1"] = np.full_like(grads["dW1"], np.nan)
    with pytest.raises(ValueError, match="grads entry dW1 contains NaN or infinite"):
        gradient_check(params, X, Y, grads=grads)


@pytest.mark.parametrize("epsilon", [0, -1e-6, float("nan")])
def test_epsilon_must_be_positive(epsilon):
    params, X, Y = problem(seed=13)
    with pytest.raises(ValueError, match="epsilon must be finite and positive"):
        gradient_check(params, X, Y, epsilon=epsilon)


def test_inputs_must_fit_the_network():
    params, X, Y = problem(seed=13)
    with pytest.raises(
        ValueError, match="X has 2 rows but the network expects 3 inputs"
    ):
        gradient_check(params, X[:2], Y)


def test_params_must_be_a_network():
    _, X, Y = problem(seed=13)
    with pytest.raises(ValueError, match="params must have keys W1, b1"):
        gradient_check({"W1": np.ones((1, 3))}, X, Y)


def test_vector_to_params_refuses_a_theta_of_the_wrong_size():
    params = init_params([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=r"a vector of 13 entries, .*shape \(3,\)"):
        vector_to_params(np.zeros(3), params)


def test_gradient_check_checks_at_its_door_what_its_inner_steps_trust():
    """Its forward passes, costs and backprop run unchecked: the guard checks
    the activations, the labels and lambd for them."""
    params = init_params([2, 3, 1], seed=0)
    X = np.ones((2, 4))
    Y = np.array([[0, 1, 1, 0]])
    with pytest.raises(ValueError, match="unknown activation 'relu6'"):
        gradient_check(params, X, Y, hidden_activation="relu6")
    with pytest.raises(ValueError, match="Y must hold labels 0 and 1 only"):
        gradient_check(params, X, 2 * Y)
    with pytest.raises(ValueError, match=r"X has 4 examples \(columns\) but Y has 3"):
        gradient_check(params, X, Y[:, :3])
    with pytest.raises(ValueError, match="Y has 3 rows but the output layer has 1"):
        gradient_check(
            params, X, np.eye(3)[:, [0, 1, 2, 0]], output_activation="softmax"
        )
    with pytest.raises(ValueError, match="lambd must be finite and >= 0"):
        gradient_check(params, X, Y, lambd=-1.0)


# Saturated outputs: no false alarms (issue 12).


def test_no_false_alarm_with_a_weight_of_30():
    """Regression: the clipped log of AL is flat where AL rounds to 1, so the
    check returned 1.0 (and 1.9e-4 at z = 30) on a correct network."""
    params = {"W1": np.array([[30.0]]), "b1": np.array([[0.0]])}
    for X, Y in [([[2.0, 1.5]], [[1.0, 1.0]]),
                 ([[1.0, -1.0, 0.5, 0.8]], [[1.0, 0.0, 1.0, 1.0]]),
                 ([[2.0, 1.5, -0.1]], [[1.0, 1.0, 0.0]])]:  # fmt: skip
        assert gradient_check(params, np.array(X), np.array(Y)) < 1e-7


def _saturated(Y_row):
    """A network whose outputs have pre-activations between 19 and 20."""
    rng = np.random.default_rng(0)
    params = init_params([2, 4, 1], seed=0)
    X = rng.standard_normal((2, 5))
    A1, _ = forward_prop(X, {"W1": params["W1"], "b1": params["b1"]})
    params["W2"] = np.full((1, 4), 0.25)
    params["b2"] = np.array([[19.5 - (params["W2"] @ A1).mean()]])
    Z2 = params["W2"] @ A1 + params["b2"]
    assert 19 < Z2.min() and Z2.max() < 20
    return params, X, np.array([Y_row], dtype=float)


@pytest.mark.parametrize("Y_row", [[1, 1, 1, 1, 1], [0, 1, 1, 1, 1]])
def test_no_false_alarm_at_pre_activations_19_to_20(Y_row):
    """Regression: 2.4e-3 to 4.6e-3, above the "almost surely a bug" line."""
    assert gradient_check(*_saturated(Y_row)) < 1e-7


def test_a_bug_in_a_saturated_network_is_still_found():
    params, X, Y = _saturated([1, 1, 1, 1, 1])
    grads = scratchnn_grads(params, X, Y)
    grads["db2"] = grads["db2"] * 1.05
    assert gradient_check(params, X, Y, grads=grads) > 1e-3


def test_no_false_alarm_with_saturated_softmax():
    params = {"W1": np.array([[20.0], [-20.0], [0.0]]), "b1": np.zeros((3, 1))}
    X = np.array([[1.0, 1.5, -2.0]])
    Y = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    assert gradient_check(params, X, Y, output_activation="softmax") < 1e-7


def test_vector_to_params_names_like_in_its_errors():
    with pytest.raises(ValueError, match=r"^like must have keys .*\(missing b1\)"):
        vector_to_params(np.zeros(2), {"W1": np.zeros((1, 2))})


def test_relative_difference_by_hand():
    """||g - n|| / (||g|| + ||n||) on 3-4-5 triangles, and the rounding bound."""
    g, n = np.array([3.0, 4.0]), np.array([0.0, 0.0])
    assert _relative_difference(g, n) == 1.0  # 5 / (5 + 0)
    assert _relative_difference(g, g) == 0.0
    assert _relative_difference(np.zeros(2), np.zeros(2)) == 0.0  # no 0 / 0
    n = np.array([3.0, 0.0])  # ||g - n|| = 4, ||g|| + ||n|| = 5 + 3
    assert _relative_difference(g, n) == 0.5
    assert _relative_difference(g, n, within=3.0) == pytest.approx(1 / 8)
    assert _relative_difference(g, n, within=4.0) == 0.0


# A network from model records its activations, and the check uses them.


def test_a_network_is_checked_with_the_activations_it_records():
    params, X, Y = problem()
    relu = Network(params, "relu", "sigmoid")
    AL, caches = forward_prop(X, params, "relu")
    relu_grads = backprop(AL, Y, caches, "relu")
    # Told nothing: a plain dict is a sigmoid network, and ReLU gradients fail.
    assert gradient_check(params, X, Y, grads=relu_grads) > 1e-2
    d = gradient_check(relu, X, Y, grads=relu_grads)
    assert d < 1e-7
    assert d == gradient_check(params, X, Y, grads=relu_grads, hidden_activation="relu")
    with pytest.raises(
        ValueError,
        match="^gradient_check was given hidden_activation='sigmoid' but the "
        "network records hidden_activation='relu'; leave it out to use the "
        "network's$",
    ):
        gradient_check(relu, X, Y, hidden_activation="sigmoid")
