"""Tests for scratchnn.forward: the linear step, the full pass and its caches."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnn.devices import convert_params
from scratchnn.forward import forward_prop, linear_forward
from scratchnn.init import init_params
from scratchnn.regularization import forward_prop_with_dropout


def test_linear_forward_by_hand():
    A_prev = np.array([[5, 6], [7, 8]])
    W = np.array([[1, 2], [3, 4]])
    b = np.array([[1], [-1]])
    Z, cache = linear_forward(A_prev, W, b)
    # [[1*5 + 2*7, 1*6 + 2*8], [3*5 + 4*7, 3*6 + 4*8]] + b
    assert np.array_equal(Z, [[20, 23], [42, 49]])
    assert cache[0] is A_prev and cache[1] is W and cache[2] is b


def test_linear_forward_rejects_mismatched_W():
    with pytest.raises(ValueError, match="W has 3 columns but A_prev has 2 rows"):
        linear_forward(np.ones((2, 4)), np.ones((1, 3)), np.ones((1, 1)))


def test_linear_forward_rejects_wrong_b_shape():
    with pytest.raises(
        ValueError, match=r"b must have shape \(2, 1\) to match W; got \(1, 2\)"
    ):
        linear_forward(np.ones((3, 4)), np.ones((2, 3)), np.ones((1, 2)))


def hand_params():
    return {
        "W1": np.array([[1.0, -1.0], [2.0, 0.0]]),
        "b1": np.array([[0.0], [-1.0]]),
        "W2": np.array([[math.log(3) / 2, 0.0]]),
        "b2": np.array([[0.0]]),
    }


def test_two_layer_forward_by_hand_relu():
    X = np.array([[1.0, 2.0], [1.0, 0.0]])
    AL, caches = forward_prop(X, hand_params(), hidden_activation="relu")
    # Z1 = W1 X + b1 = [[0, 2], [1, 3]]; relu keeps it; Z2 = [[0, ln 3]].
    np.testing.assert_allclose(caches[0][1], [[0.0, 2.0], [1.0, 3.0]])
    np.testing.assert_allclose(caches[1][1], [[0.0, math.log(3)]], rtol=1e-15)
    np.testing.assert_allclose(AL, [[0.5, 0.75]], rtol=1e-15)


def test_two_layer_forward_by_hand_sigmoid_default():
    X = np.array([[1.0, 2.0], [1.0, 0.0]])
    AL, caches = forward_prop(X, hand_params())

    def s(z):
        return 1 / (1 + math.exp(-z))

    # column 1: Z1 = (0, 1); column 2: Z1 = (2, 3); Z2 = (ln 3 / 2) * s(Z1[0])
    expected = [s(math.log(3) / 2 * s(0.0)), s(math.log(3) / 2 * s(2.0))]
    np.testing.assert_allclose(AL, [expected], rtol=1e-15)
    np.testing.assert_allclose(
        caches[1][0][0], [[0.5, s(2.0)], [s(1.0), s(3.0)]], rtol=1e-15
    )


def test_softmax_output_by_hand():
    params = {"W1": np.array([[1.0], [2.0], [3.0]]), "b1": np.zeros((3, 1))}
    AL, _ = forward_prop(np.array([[1.0, 0.0]]), params, output_activation="softmax")
    total = math.e + math.e**2 + math.e**3
    np.testing.assert_allclose(
        AL[:, 0], [math.e / total, math.e**2 / total, math.e**3 / total], rtol=1e-14
    )
    np.testing.assert_allclose(AL[:, 1], [1 / 3] * 3, rtol=1e-15)


dims = st.lists(st.integers(1, 6), min_size=2, max_size=5)


@settings(max_examples=40, deadline=None)
@given(
    layer_dims=dims,
    m=st.integers(1, 7),
    hidden=st.sampled_from(["sigmoid", "relu", "leaky_relu", "tanh"]),
    output=st.sampled_from(["sigmoid", "softmax"]),
)
def test_output_shape_and_cache_structure(layer_dims, m, hidden, output):
    rng = np.random.default_rng(0)
    params = init_params(layer_dims, seed=rng)
    X = rng.standard_normal((layer_dims[0], m))
    AL, caches = forward_prop(X, params, hidden, output)
    L = len(layer_dims) - 1
    assert AL.shape == (layer_dims[-1], m)
    assert len(caches) == L
    for l in range(1, L + 1):
        (A_prev, W, b), Z = caches[l - 1]
        assert A_prev.shape == (layer_dims[l - 1], m)
        assert W is params[f"W{l}"] and b is params[f"b{l}"]
        assert Z.shape == (layer_dims[l], m)
        np.testing.assert_allclose(Z, W @ A_prev + b, rtol=1e-12)
    assert caches[0][0][0] is X
    for l in range(1, L):
        # the A_prev of layer l+1 is the A of layer l: g(Z_l)
        A_l = caches[l][0][0]
        g = {
            "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
            "relu": lambda z: np.maximum(z, 0),
            "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
            "tanh": np.tanh,
        }[hidden]
        np.testing.assert_allclose(A_l, g(caches[l - 1][1]), rtol=1e-12)
    if output == "softmax":
        np.testing.assert_allclose(AL.sum(axis=0), 1.0)


def test_the_plain_pass_draws_nothing_and_keeps_two_part_caches():
    rng = np.random.default_rng(1)
    params = init_params([3, 4, 4, 1], seed=rng)
    X = rng.standard_normal((3, 5))
    AL1, caches = forward_prop(X, params)
    AL2, _ = forward_prop(X, params)
    assert np.array_equal(AL1, AL2)
    assert all(len(c) == 2 for c in caches)


def test_dropout_masks_hidden_layers_only_and_rescales():
    rng = np.random.default_rng(2)
    params = init_params([3, 50, 40, 1], seed=rng)
    X = rng.standard_normal((3, 6))
    keep_prob = 0.8
    AL, caches = forward_prop_with_dropout(
        X, params, "tanh", keep_prob=keep_prob, seed=3
    )
    assert [len(c) for c in caches] == [3, 3, 2]
    for l in (1, 2):
        D = caches[l - 1][2]
        assert D.shape == (params[f"W{l}"].shape[0], 6)
        assert set(np.unique(D)) <= {0.0, 1 / keep_prob}
        assert 0 < (D == 0).sum() < D.size
        # the next layer sees tanh(Z) * D
        np.testing.assert_allclose(
            caches[l][0][0], np.tanh(caches[l - 1][1]) * D, rtol=1e-15
        )
    # same seed, same masks; another seed, other masks
    AL_again, caches_again = forward_prop_with_dropout(
        X, params, "tanh", keep_prob=keep_prob, seed=3
    )
    assert np.array_equal(AL, AL_again)
    assert np.array_equal(caches[0][2], caches_again[0][2])
    _, other = forward_prop_with_dropout(X, params, "tanh", keep_prob=keep_prob, seed=4)
    assert not np.array_equal(caches[0][2], other[0][2])


def test_float32_network_computes_in_float32():
    params = convert_params(init_params([2, 3, 1], seed=0), np.float32)
    AL, caches = forward_prop(np.ones((2, 4), dtype=np.float32), params, "relu")
    assert AL.dtype == np.float32
    assert caches[0][1].dtype == np.float32


# Errors: every documented one.


def test_wrong_row_count_names_both_sizes():
    params = init_params([4, 2, 1], seed=0)
    with pytest.raises(
        ValueError, match="X has 3 rows but the network expects 4 inputs"
    ):
        forward_prop(np.ones((3, 5)), params)


def test_one_dimensional_X_is_refused_with_a_hint():
    params = init_params([3, 1], seed=0)
    with pytest.raises(
        ValueError, match=r"X must be a 2-D array.*shape \(3,\).*reshape\(-1, 1\)"
    ):
        forward_prop(np.ones(3), params)


def test_X_of_strings_is_a_type_error():
    params = init_params([2, 1], seed=0)
    with pytest.raises(TypeError, match="X must hold numbers"):
        forward_prop(np.array([["a", "b"], ["c", "d"]]), params)


def test_invalid_params_are_refused():
    with pytest.raises(ValueError, match="params must have keys W1, b1, ..., WL, bL"):
        forward_prop(np.ones((2, 1)), {"W1": np.ones((1, 2))})


@pytest.mark.parametrize("which", ["hidden_activation", "output_activation"])
def test_unknown_activation(which):
    params = init_params([2, 2, 1], seed=0)
    with pytest.raises(
        ValueError, match="unknown activation 'softplus'; known: 'sigmoid'"
    ):
        forward_prop(np.ones((2, 1)), params, **{which: "softplus"})


@pytest.mark.parametrize("keep_prob", [0, 0.0, -0.5, 1.5, float("nan"), float("inf")])
def test_keep_prob_out_of_range(keep_prob):
    params = init_params([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0, 1\]"):
        forward_prop_with_dropout(np.ones((2, 1)), params, keep_prob=keep_prob)


def test_linear_forward_refuses_a_flat_A_prev_that_would_broadcast():
    """A 1-D A_prev of n_prev entries passed the column check and broadcast
    with b into an (n, n) Z."""
    W, b = np.ones((3, 2)), np.zeros((3, 1))
    with pytest.raises(ValueError, match=r"A_prev must be a 2-D array.*x.reshape"):
        linear_forward(np.ones(2), W, b)


def test_linear_forward_refuses_a_flat_W_and_takes_lists():
    with pytest.raises(ValueError, match=r"W must be a 2-D array \(n, n_prev\)"):
        linear_forward(np.ones((2, 1)), np.ones(2), np.zeros((1, 1)))
    Z, _ = linear_forward([[1.0], [2.0]], [[1.0, 1.0]], [[0.5]])
    assert Z.tolist() == [[3.5]]


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, bool, object])
def test_params_must_hold_floats(dtype):
    """Integer weights wrap around in the L2 term (int8 16**2 is 0) and cannot
    be saved and loaded as a network; every function that takes params
    refuses them."""
    params = {"W1": np.array([[16, 1]], dtype=dtype), "b1": np.zeros((1, 1))}
    with pytest.raises(TypeError, match="W1 and b1 must hold floats"):
        forward_prop(np.ones((2, 3)), params)


@pytest.mark.parametrize("output", ["relu", "tanh"])
def test_forward_prop_refuses_an_output_without_a_cost(output):
    """Regression: a relu or tanh output ran, as model and predict refuse."""
    with pytest.raises(
        ValueError, match=f"output_activation: unknown output activation '{output}'"
    ):
        forward_prop(np.ones((2, 3)), init_params([2, 1]), output_activation=output)


def test_a_missing_key_is_named():
    params = init_params([2, 3, 1], seed=0)
    del params["b2"]
    with pytest.raises(ValueError, match=r"params must have keys .* \(missing b2\)"):
        forward_prop(np.ones((2, 3)), params)
