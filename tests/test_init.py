"""Tests for scratchnn.init: shapes, scales, seeding and errors (dtypes and
devices: tests/test_devices.py)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnn.init import INIT_SCALES, init_params

layer_dims_strategy = st.lists(st.integers(1, 12), min_size=2, max_size=6)


@settings(max_examples=40, deadline=None)
@given(layer_dims=layer_dims_strategy, method=st.sampled_from(sorted(INIT_SCALES)))
def test_shapes_keys_and_zero_biases(layer_dims, method):
    params = init_params(layer_dims, seed=0, method=method)
    L = len(layer_dims) - 1
    assert set(params) == {f"{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    for l in range(1, L + 1):
        assert params[f"W{l}"].shape == (layer_dims[l], layer_dims[l - 1])
        assert params[f"b{l}"].shape == (layer_dims[l], 1)
        assert params[f"W{l}"].dtype == np.float64
        assert not params[f"b{l}"].any()


def test_docstring_example():
    params = init_params([2, 4, 1], seed=0)
    shapes = params["W1"].shape, params["b1"].shape, params["W2"].shape
    assert shapes == ((4, 2), (4, 1), (1, 4))


@pytest.mark.parametrize(
    ("method", "expected_std"),
    [
        ("xavier", 1 / math.sqrt(400)),
        ("he", math.sqrt(2 / 400)),
        ("small", 0.01),
    ],
)
def test_scale_of_the_weights(method, expected_std):
    # 400 x 500 = 200 000 draws: the sample std is within 1% of the scale.
    W = init_params([400, 500], seed=1, method=method)["W1"]
    assert W.std() == pytest.approx(expected_std, rel=0.01)
    assert abs(W.mean()) < 0.02 * expected_std


def test_scales_are_those_of_the_standard_normal_draws():
    """Every method draws the same standard normals and only rescales them."""
    base = init_params([3, 5, 2], seed=7, method="small")
    he = init_params([3, 5, 2], seed=7, method="he")
    np.testing.assert_allclose(he["W1"], base["W1"] / 0.01 * math.sqrt(2 / 3))
    np.testing.assert_allclose(he["W2"], base["W2"] / 0.01 * math.sqrt(2 / 5))


def test_zeros_are_all_positive_zeros():
    """0.0 * a negative draw is -0.0; the method must return +0.0 everywhere."""
    params = init_params([4, 6, 3], seed=0, method="zeros")
    for P in params.values():
        assert not P.any()
        assert not np.signbit(P).any()


def test_same_seed_same_params_different_seed_different():
    a = init_params([3, 4, 1], seed=5)
    b = init_params([3, 4, 1], seed=5)
    c = init_params([3, 4, 1], seed=6)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["W1"], c["W1"])


def test_generator_seed_is_used_and_advanced():
    rng = np.random.default_rng(5)
    first = init_params([3, 4, 1], seed=rng)
    second = init_params([3, 4, 1], seed=rng)
    assert np.array_equal(first["W1"], init_params([3, 4, 1], seed=5)["W1"])
    assert not np.array_equal(first["W1"], second["W1"])


def test_accepts_numpy_integers_and_tuples():
    params = init_params((np.int64(3), np.int32(2)), seed=0)
    assert params["W1"].shape == (2, 3)
    assert type(params["W1"].shape[0]) is int


# Errors: every documented one.


@pytest.mark.parametrize("layer_dims", [[], [3], (4,)])
def test_fewer_than_two_entries(layer_dims):
    with pytest.raises(ValueError, match="at least two entries"):
        init_params(layer_dims)


@pytest.mark.parametrize(
    ("layer_dims", "bad"),
    [
        ([2, 0, 1], "layer_dims\\[1\\] is 0"),
        ([2, -3], "layer_dims\\[1\\] is -3"),
        ([2.0, 1], "layer_dims\\[0\\] is 2.0"),
        ([2, 1.5], "layer_dims\\[1\\] is 1.5"),
        ([2, True], "layer_dims\\[1\\] is True"),
        ([2, "4"], "layer_dims\\[1\\] is '4'"),
        ([2, None], "layer_dims\\[1\\] is None"),
    ],
)
def test_entries_must_be_positive_integers(layer_dims, bad):
    with pytest.raises(ValueError, match="must be a positive integer") as info:
        init_params(layer_dims)
    assert info.match(bad)


@pytest.mark.parametrize("layer_dims", ["241", b"21", 5, None])
def test_layer_dims_must_be_a_list(layer_dims):
    with pytest.raises(TypeError, match="layer_dims must be a list of layer sizes"):
        init_params(layer_dims)


def test_unknown_method_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown initialisation method 'glorot'") as e:
        init_params([2, 1], method="glorot")
    for name in INIT_SCALES:
        assert repr(name) in str(e.value)


def test_method_must_be_a_string():
    with pytest.raises(TypeError, match="initialisation method must be a name"):
        init_params([2, 1], method=None)


@pytest.mark.parametrize(
    ("seed", "error", "message"),
    [
        (-1, ValueError, "seed must be a non-negative int; got -1"),
        ("a", TypeError, "seed must be an int, a numpy.random.Generator or None"),
        (1.5, TypeError, "got 1.5 of type float"),
        (True, TypeError, "got True of type bool"),
    ],
)
def test_bad_seed(seed, error, message):
    with pytest.raises(error, match=message):
        init_params([2, 3, 1], seed=seed)


def test_the_weights_are_normal_draws_with_the_methods_scale():
    """W{l} is rng.normal(0, scale(n_prev)): the scale times the standard
    normal draws of the same generator, bit for bit (what 0.2.0 drew)."""
    for method, scale in INIT_SCALES.items():
        params = init_params([5, 4, 3], seed=2, method=method)
        rng = np.random.default_rng(2)
        for l, n_prev in ((1, 5), (2, 4)):
            n = params[f"W{l}"].shape[0]
            expected = scale(n_prev) * rng.standard_normal((n, n_prev))
            assert np.array_equal(params[f"W{l}"], expected), method
