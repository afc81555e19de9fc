"""Tests for scratchnn.regularization: the L2 penalty and inverted dropout."""

import re

import numpy as np
import pytest

from scratchnn._checks import validate_keep_prob
from scratchnn.activations import ACTIVATIONS
from scratchnn.backprop import backprop, linear_backward, one_layer_backward
from scratchnn.cost import cost_function
from scratchnn.forward import forward_prop, linear_forward
from scratchnn.init import init_params
from scratchnn.regularization import (
    backprop_with_dropout,
    backprop_with_l2,
    cost_with_l2,
    dropout_mask,
    forward_prop_with_dropout,
    l2_gradient,
    l2_penalty,
    one_layer_backward_with_dropout,
)


def test_l2_penalty_by_hand():
    params = {
        "W1": np.array([[1.0, 2.0]]),
        "b1": np.array([[100.0]]),
        "W2": np.array([[3.0]]),
        "b2": np.array([[-100.0]]),
    }
    # lambd / (2 m) * (1 + 4 + 9): biases are not penalised
    assert l2_penalty(params, 0.5, 2) == pytest.approx(1.75, rel=1e-15)
    assert l2_penalty(params, 0, 2) == 0.0
    assert type(l2_penalty(params, 0.5, 2)) is float


def test_l2_gradient_by_hand():
    W = np.array([[1.0, -2.0], [0.0, 4.0]])
    np.testing.assert_allclose(l2_gradient(W, 0.6, 3), 0.2 * W, rtol=1e-15)


def test_l2_gradient_is_the_gradient_of_the_penalty():
    rng = np.random.default_rng(0)
    params = init_params([3, 4, 2], seed=rng)
    lambd, m, h = 0.7, 5, 1e-6
    W2 = params["W2"]
    numerical = np.empty_like(W2)
    for idx in np.ndindex(W2.shape):
        plus = {**params, "W2": W2.copy()}
        minus = {**params, "W2": W2.copy()}
        plus["W2"][idx] += h
        minus["W2"][idx] -= h
        numerical[idx] = (l2_penalty(plus, lambd, m) - l2_penalty(minus, lambd, m)) / (
            2 * h
        )
    np.testing.assert_allclose(l2_gradient(W2, lambd, m), numerical, rtol=1e-7)


@pytest.mark.parametrize("lambd", [-0.5, float("inf"), float("nan")])
def test_l2_lambd_must_be_finite_and_non_negative(lambd):
    with pytest.raises(ValueError, match="lambd must be finite and >= 0"):
        l2_penalty(init_params([2, 1], seed=0), lambd, 4)


def test_l2_needs_a_valid_network():
    with pytest.raises(ValueError, match="params must have keys"):
        l2_penalty({"W1": np.ones((1, 2))}, 0.1, 4)


@pytest.mark.parametrize("keep_prob", [1, 1.0, 0.5, 1e-9])
def test_check_keep_prob_accepts_0_exclusive_to_1(keep_prob):
    assert validate_keep_prob(keep_prob) == keep_prob
    assert type(validate_keep_prob(keep_prob)) is float


@pytest.mark.parametrize("keep_prob", [0, -0.1, 1.0000001, 2, float("nan")])
def test_check_keep_prob_refuses_the_rest(keep_prob):
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0, 1\]"):
        validate_keep_prob(keep_prob)


def test_check_keep_prob_needs_a_number():
    with pytest.raises(TypeError, match="keep_prob must be a number"):
        validate_keep_prob("0.5")


def test_dropout_mask_values_rate_and_mean():
    keep_prob = 0.8
    D = dropout_mask((200, 500), keep_prob, np.random.default_rng(0))
    assert D.shape == (200, 500)
    assert set(np.unique(D)) == {0.0, 1 / keep_prob}
    # 100 000 draws: the kept fraction is within 1% of keep_prob
    assert (D > 0).mean() == pytest.approx(keep_prob, abs=0.01)
    assert D.mean() == pytest.approx(1.0, abs=0.0125)


def test_dropout_mask_is_seeded():
    a = dropout_mask((5, 7), 0.5, np.random.default_rng(1))
    b = dropout_mask((5, 7), 0.5, np.random.default_rng(1))
    c = dropout_mask((5, 7), 0.5, np.random.default_rng(2))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_dropout_mask_with_keep_prob_one_keeps_everything():
    assert np.array_equal(
        dropout_mask((3, 4), 1.0, np.random.default_rng(0)), np.ones((3, 4))
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dropout_mask_takes_the_activations_dtype(dtype):
    """A float64 mask once turned float32 training into float64."""
    D = dropout_mask((4, 50), 0.75, np.random.default_rng(0), dtype)
    assert D.dtype == dtype
    assert set(np.unique(D)) == {dtype(0), dtype(1 / 0.75)}
    default = dropout_mask((4, 50), 0.75, np.random.default_rng(0))
    assert default.dtype == np.float64
    assert np.array_equal(D, default.astype(dtype))


@pytest.mark.parametrize("m", [0, -3, 2.5, True])
def test_l2_penalty_needs_a_positive_whole_m(m):
    params = init_params([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=r"m must be an integer >= 1"):
        l2_penalty(params, 0.1, m)


@pytest.mark.parametrize("keep_prob", [0.0, 1.5, -0.2])
def test_dropout_mask_rejects_a_keep_prob_outside_0_1(keep_prob):
    with pytest.raises(ValueError, match="keep_prob"):
        dropout_mask((2, 3), keep_prob, np.random.default_rng(0))


def test_dropout_mask_takes_a_seed_or_a_generator_alike():
    from_seed = dropout_mask((4, 50), 0.7, 3)
    from_generator = dropout_mask((4, 50), 0.7, np.random.default_rng(3))
    np.testing.assert_array_equal(from_seed, from_generator)
    assert set(np.unique(from_seed)) == {0.0, 1 / 0.7}


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_l2_penalty_refuses_weights_that_are_not_finite(bad):
    params = init_params([2, 3, 1], seed=0)
    params["W2"][0, 1] = bad
    with pytest.raises(
        ValueError,
        match="params entry W2 contains NaN or infinite values; did training diverge",
    ):
        l2_penalty(params, 0.1, 4)


def test_l2_gradient_checks_its_arguments():
    W = np.ones((2, 2))
    with pytest.raises(ValueError, match="m must be an integer >= 1; got 0"):
        l2_gradient(W, 1.0, 0)
    with pytest.raises(ValueError, match="lambd must be finite and >= 0; got -1"):
        l2_gradient(W, -1, 3)
    with pytest.raises(TypeError, match="lambd must be a number; got '1'"):
        l2_gradient(W, "1", 3)
    with pytest.raises(TypeError, match="W must hold numbers"):
        l2_gradient([["a", "b"]], 1.0, 3)


def test_l2_gradient_takes_a_list():
    G = l2_gradient([[1, -2]], 0.5, 2)
    assert G.dtype == np.float64
    np.testing.assert_array_equal(G, [[0.25, -0.5]])


@pytest.mark.parametrize(
    ("rng", "error", "message"),
    [
        (-1, ValueError, "^rng must be a non-negative int; got -1"),
        (1.5, TypeError, "^rng must be an int, a numpy.random.Generator or None"),
        (True, TypeError, "got True of type bool"),
    ],
)
def test_dropout_mask_checks_rng(rng, error, message):
    with pytest.raises(error, match=message):
        dropout_mask((2, 3), 0.5, rng)


def test_dropout_mask_needs_a_floating_dtype():
    with pytest.raises(TypeError, match="dtype must be a floating type.*int64"):
        dropout_mask((2, 3), 0.5, 0, np.int64)


@pytest.mark.parametrize("shape", [5, (2, 3, 4), [2, 3], "23"])
def test_dropout_mask_shape_must_be_a_pair(shape):
    with pytest.raises(
        TypeError, match=r"shape must be a tuple of two integers \(n_l, m\)"
    ):
        dropout_mask(shape, 0.5, 0)


@pytest.mark.parametrize("shape", [(2, -3), (2.0, 3), (True, 3)])
def test_dropout_mask_shape_entries_must_be_whole_and_non_negative(shape):
    with pytest.raises(
        ValueError,
        match="each entry of shape must be an integer >= 0; got "
        + re.escape(str(shape)),
    ):
        dropout_mask(shape, 0.5, 0)


def test_dropout_mask_of_an_empty_shape_is_empty():
    assert dropout_mask((0, 3), 0.5, 0).shape == (0, 3)


@pytest.mark.parametrize(
    ("keep_prob", "dtype"),
    [(1e-5, np.float16), (1e-40, np.float32), (1e-310, np.float64)],
)
def test_dropout_mask_refuses_a_keep_prob_whose_reciprocal_overflows(keep_prob, dtype):
    with pytest.raises(
        ValueError,
        match=rf"keep_prob = {keep_prob:g} is too small for "
        rf"{np.dtype(dtype)}: 1 / keep_prob overflows it",
    ):
        dropout_mask((2, 3), keep_prob, 0, dtype)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_dropout_mask_accepts_the_smallest_keep_prob_that_fits(dtype):
    big = np.finfo(dtype).max
    keep_prob = float(np.nextafter(dtype(1) / big, dtype(1)))
    D = dropout_mask((1, 1), keep_prob, np.random.default_rng(0), dtype)
    assert D.dtype == dtype and np.isfinite(D).all()
    scale = np.divide(True, keep_prob, dtype=dtype)  # warnings are errors here
    assert np.isfinite(scale) and scale > big / 2
    smaller = float(np.nextafter(dtype(keep_prob), dtype(0)))
    smaller = float(np.nextafter(dtype(smaller), dtype(0)))
    with pytest.raises(ValueError, match="is too small for"):
        dropout_mask((1, 1), smaller, 0, dtype)


def test_l2_penalty_of_float16_weights_squares_in_float32():
    """Regression: 300**2 overflowed float16 though the penalty is 45,000."""
    params = {
        "W1": np.full((1, 1), 300, np.float16),
        "b1": np.zeros((1, 1), np.float16),
    }
    assert l2_penalty(params, 1.0, 1) == pytest.approx(45000)


def test_l2_gradient_refuses_a_factor_beyond_the_weights_dtype():
    """Regression: 'overflow encountered in cast', naming neither lambd nor dtype."""
    with pytest.raises(ValueError, match=r"lambd / m = 1e\+06 is beyond W's float16"):
        l2_gradient(np.ones((2, 2), np.float16), 1e6, 1)


def test_dropout_mask_refuses_a_huge_shape_before_allocating():
    with pytest.raises(ValueError, match=r"mask of shape \(1000000, 1000000\) would"):
        dropout_mask((10**6, 10**6), 0.5, 0)


def test_a_count_of_examples_beyond_the_float_range_gives_a_zero_term():
    """Found by the held-out fuzz set: m = 10**400 raised OverflowError."""
    params = init_params([2, 1], seed=0)
    assert l2_penalty(params, 0.1, 10**400) == 0.0
    assert not l2_gradient(np.ones((2, 2)), 0.1, 10**400).any()


# --- the composed steps: dropout and L2 on top of the plain ones


def random_problem(layer_dims, seed, m=5):
    """A network of init_params, random inputs and 0/1 labels."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((layer_dims[0], m))
    Y = rng.integers(0, 2, (1, m)).astype(float)
    return init_params(layer_dims, seed=rng), X, Y


def test_backprop_with_l2_adds_lambd_over_m_times_W():
    params, X, Y = random_problem([3, 4, 1], seed=0)
    AL, caches = forward_prop(X, params)
    plain = backprop(AL, Y, caches)
    reg = backprop_with_l2(AL, Y, caches, params, 0.7)
    for l in (1, 2):
        np.testing.assert_allclose(
            reg[f"dW{l}"], plain[f"dW{l}"] + 0.7 / 5 * params[f"W{l}"], rtol=1e-14
        )
        assert np.array_equal(reg[f"db{l}"], plain[f"db{l}"])
    assert np.array_equal(reg["dA1"], plain["dA1"])  # dA does not involve it


def test_cost_with_l2_adds_the_penalty():
    params, X, Y = random_problem([3, 4, 1], seed=0)
    AL, _ = forward_prop(X, params)
    J = cost_function(AL, Y)
    assert cost_with_l2(AL, Y, params, 0.7) == J + l2_penalty(params, 0.7, 5)
    assert cost_with_l2(AL, Y, params, 0.0) == J


@pytest.mark.parametrize("lambd", [-1.0, np.nan])
def test_negative_lambd(lambd):
    params, X, Y = random_problem([3, 1], seed=7)
    AL, caches = forward_prop(X, params)
    with pytest.raises(ValueError, match="lambd must be finite and >= 0"):
        backprop_with_l2(AL, Y, caches, params, lambd)
    with pytest.raises(ValueError, match="lambd must be finite and >= 0"):
        cost_with_l2(AL, Y, params, lambd)


def test_backprop_with_l2_wants_the_network_of_the_caches_and_a_backward_pass():
    params, X, Y = random_problem([3, 4, 1], seed=0)
    AL, caches = forward_prop(X, params)
    other, _, _ = random_problem([3, 2, 1], seed=1)
    with pytest.raises(ValueError, match="params must be the network whose forward"):
        backprop_with_l2(AL, Y, caches, other, 0.7)
    with pytest.raises(ValueError, match="backward must be scratchnn.backprop"):
        backprop_with_l2(AL, Y, caches, params, 0.7, backward=print)
    with pytest.raises(ValueError, match="must be ..A_prev, W, b., Z, D."):
        backprop_with_l2(AL, Y, caches, params, 0.7, backward=backprop_with_dropout)


def test_forward_prop_with_dropout_masks_hidden_layers_and_rescales():
    params, X, Y = random_problem([3, 40, 30, 1], seed=5, m=50)
    AL, caches = forward_prop_with_dropout(X, params, "tanh", keep_prob=0.8, seed=1)
    assert [len(c) for c in caches] == [3, 3, 2]
    for l in (1, 2):
        (_, _, _), Z, D = caches[l - 1]
        assert set(np.unique(D)) <= {0.0, 1.25}
        A = caches[l][0][0]  # the next layer's input is the masked A
        np.testing.assert_array_equal(A, np.tanh(Z) * D)
    assert abs(np.mean(caches[0][2] != 0) - 0.8) < 0.05
    again, _ = forward_prop_with_dropout(X, params, "tanh", keep_prob=0.8, seed=1)
    assert np.array_equal(AL, again)  # a seed fixes the masks


def test_keep_prob_one_keeps_every_unit():
    params, X, Y = random_problem([3, 4, 1], seed=5)
    AL, caches = forward_prop_with_dropout(X, params, keep_prob=1.0, seed=0)
    assert np.array_equal(AL, forward_prop(X, params)[0])
    assert np.all(caches[0][2] == 1)


@pytest.mark.parametrize("keep_prob", [0, 0.0, -0.5, 1.5, np.nan, np.inf])
def test_keep_prob_out_of_range(keep_prob):
    params, X, Y = random_problem([3, 4, 1], seed=5)
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0, 1\]"):
        forward_prop_with_dropout(X, params, keep_prob=keep_prob)


def test_keep_prob_is_required():
    params, X, Y = random_problem([3, 4, 1], seed=5)
    with pytest.raises(TypeError, match="keep_prob"):
        forward_prop_with_dropout(X, params)


def test_dropped_units_get_no_gradient():
    params, X, Y = random_problem([3, 30, 1], seed=5)
    AL, caches = forward_prop_with_dropout(X, params, "tanh", keep_prob=0.5, seed=0)
    D = caches[0][2]
    grads = backprop_with_dropout(AL, Y, caches, "tanh")
    # a unit dropped for every example gets no gradient on its weights or bias
    dead = np.all(D == 0, axis=1)
    assert dead.any()
    assert not grads["dW1"][dead].any() and not grads["db1"][dead].any()
    assert np.all(grads["dW1"][~dead] != 0)


def test_backprop_with_dropout_is_its_layer_steps():
    """Each hidden layer's gradients are one_layer_backward_with_dropout's on
    its cache, the output layer's linear_backward's of AL - Y."""
    X = np.random.default_rng(0).standard_normal((3, 8))
    Y = (X[:1] > 0).astype(float)
    params = init_params([3, 5, 4, 1], seed=1)
    AL, caches = forward_prop_with_dropout(X, params, "relu", keep_prob=0.5, seed=2)
    assert len(caches[0]) == 3 and not caches[0][2].all()
    grads = backprop_with_dropout(AL, Y, caches, "relu")
    dA, dW, db = linear_backward(AL - Y, caches[2][0])
    assert np.array_equal(grads["dW3"], dW) and np.array_equal(grads["dA2"], dA)
    for l in (2, 1):
        dA, dW, db = one_layer_backward_with_dropout(dA, caches[l - 1], "relu")
        assert np.array_equal(grads[f"dW{l}"], dW)
        assert np.array_equal(grads[f"db{l}"], db)
        assert np.array_equal(grads[f"dA{l - 1}"], dA)
    # Without its mask the step is one_layer_backward's, and differs.
    _, dW1_no_mask, _ = one_layer_backward(grads["dA1"], caches[0][:2], "relu")
    assert not np.allclose(dW1_no_mask, grads["dW1"])


def test_one_layer_backward_with_dropout_by_hand():
    """One sigmoid unit, Z = 0 (slope 1/4), dA = 4, D = [[2, 0]]:
    dZ = dA * D / 4 = [[2, 0]], dW = dZ @ A_prev.T / 2, db = 1."""
    A_prev, W, b = np.array([[1.0, 3.0]]), np.zeros((1, 1)), np.zeros((1, 1))
    Z, linear_cache = linear_forward(A_prev, W, b)
    cache = (linear_cache, Z, np.array([[2.0, 0.0]]))
    dA_prev, dW, db = one_layer_backward_with_dropout(np.array([[4.0, 4.0]]), cache)
    np.testing.assert_allclose(dW, [[1.0]])
    np.testing.assert_allclose(db, [[1.0]])
    np.testing.assert_allclose(dA_prev, [[0.0, 0.0]])


def test_one_layer_backward_with_dropout_checks_dA_and_the_cache():
    """A (1, m) dA would broadcast against the (n, m) mask: refused first."""
    X = np.random.default_rng(0).standard_normal((3, 5))
    params = init_params([3, 4, 1], seed=1)
    _, caches = forward_prop_with_dropout(X, params, "relu", keep_prob=0.5, seed=2)
    with pytest.raises(ValueError, match=r"dA has shape \(1, 5\) but the layer's Z"):
        one_layer_backward_with_dropout(np.ones((1, 5)), caches[0], "relu")
    with pytest.raises(ValueError, match=r"dA has shape \(5, 4\)"):
        one_layer_backward_with_dropout(np.ones((5, 4)), caches[0], "relu")
    with pytest.raises(ValueError, match=r"must be \(\(A_prev, W, b\), Z, D\)"):
        one_layer_backward_with_dropout(np.ones((1, 5)), caches[1], "relu")


@pytest.mark.parametrize("hidden", ["sigmoid", "relu", "tanh"])
def test_finite_differences_agree_with_the_dropout_backward_step(hidden):
    """The gradients of one masked layer: dJ/dW by centred differences, with
    the mask held fixed, against one_layer_backward_with_dropout's."""
    rng = np.random.default_rng(3)
    A_prev, W = rng.standard_normal((4, 6)), rng.standard_normal((3, 4))
    b, dA = rng.standard_normal((3, 1)), rng.standard_normal((3, 6))
    D = dropout_mask((3, 6), 0.7, 4)
    activation = ACTIVATIONS[hidden].forward

    def loss(W, b, A_prev):  # the summed loss whose gradient wrt A is dA
        Z, _ = linear_forward(A_prev, W, b)
        return float(np.sum(dA * activation(Z)[0] * D))

    def numerical(which, m):
        arrays = {"W": W, "b": b, "A_prev": A_prev}
        slope = np.empty_like(arrays[which])
        for idx in np.ndindex(slope.shape):
            plus, minus = dict(arrays), dict(arrays)
            plus[which], minus[which] = arrays[which].copy(), arrays[which].copy()
            plus[which][idx] += 1e-6
            minus[which][idx] -= 1e-6
            slope[idx] = (loss(**plus) - loss(**minus)) / 2e-6
        return slope / m  # dW and db are of the cost, the average over m

    Z, linear_cache = linear_forward(A_prev, W, b)
    dA_prev, dW, db = one_layer_backward_with_dropout(dA, (linear_cache, Z, D), hidden)
    m = A_prev.shape[1]
    np.testing.assert_allclose(dW, numerical("W", m), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(db, numerical("b", m), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dA_prev, numerical("A_prev", 1), rtol=1e-6, atol=1e-8)


def test_finite_differences_agree_with_backprop_with_l2_and_dropout():
    params, X, Y = random_problem([3, 5, 4, 1], seed=8, m=6)
    AL, caches = forward_prop_with_dropout(X, params, "tanh", keep_prob=0.7, seed=2)
    grads = backprop_with_l2(
        AL, Y, caches, params, 0.4, "tanh", backward=backprop_with_dropout
    )
    h = 1e-6

    def cost(p):
        AL, _ = forward_prop_with_dropout(X, p, "tanh", keep_prob=0.7, seed=2)
        return cost_with_l2(AL, Y, p, 0.4)

    for key in ("W1", "b2", "W3"):
        numerical = np.empty_like(params[key])
        for idx in np.ndindex(params[key].shape):
            plus = {**params, key: params[key].copy()}
            minus = {**params, key: params[key].copy()}
            plus[key][idx] += h
            minus[key][idx] -= h
            numerical[idx] = (cost(plus) - cost(minus)) / (2 * h)
        np.testing.assert_allclose(grads[f"d{key}"], numerical, rtol=1e-6, atol=1e-9)
