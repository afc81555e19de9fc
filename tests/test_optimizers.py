"""Tests for scratchnn.optimizers: mini-batches, decay, momentum and Adam."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnn._checks import validate_optimizer_options
from scratchnn.init import init_params
from scratchnn.optimizers import (
    OPTIMIZERS,
    batch_indices,
    decayed_learning_rate,
    get_optimizer,
    initialize_adam,
    initialize_velocity,
    random_mini_batches,
    update_parameters_with_adam,
    update_parameters_with_momentum,
)
from scratchnn.update import update_parameters


def tiny():
    params = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[0.5]])}
    grads = {"dW1": np.array([[0.2, -4.0]]), "db1": np.array([[0.0]])}
    return params, grads


# Mini-batches.


@settings(max_examples=50, deadline=None)
@given(m=st.integers(1, 60), batch_size=st.integers(1, 25), seed=st.integers(0, 2**32))
def test_random_mini_batches_partition_the_columns(m, batch_size, seed):
    X = np.vstack([np.arange(m), -np.arange(m)]).astype(float)  # column j holds j
    Y = (np.arange(m) * 10).reshape(1, m)
    batches = random_mini_batches(X, Y, batch_size, seed=seed)
    assert len(batches) == math.ceil(m / batch_size)
    sizes = [Xb.shape[1] for Xb, _ in batches]
    assert all(s == batch_size for s in sizes[:-1])
    assert sizes[-1] == (m % batch_size or batch_size)
    for Xb, Yb in batches:
        assert Xb.shape[0] == 2 and Yb.shape == (1, Xb.shape[1])
        assert np.array_equal(Yb[0], Xb[0] * 10)  # X and Y columns stay paired
        assert np.array_equal(Xb[1], -Xb[0])
    order = np.concatenate([Xb[0] for Xb, _ in batches])
    assert np.array_equal(np.sort(order), np.arange(m))  # a permutation


def test_mini_batches_shuffle_and_are_seeded():
    X = np.arange(20.0).reshape(1, 20)
    Y = np.zeros((1, 20))
    a = random_mini_batches(X, Y, 8, seed=3)
    b = random_mini_batches(X, Y, 8, seed=3)
    c = random_mini_batches(X, Y, 8, seed=4)
    first = np.concatenate([Xb[0] for Xb, _ in a])
    assert np.array_equal(first, np.concatenate([Xb[0] for Xb, _ in b]))
    assert not np.array_equal(first, np.concatenate([Xb[0] for Xb, _ in c]))
    assert not np.array_equal(first, np.arange(20.0))
    assert [Xb.shape[1] for Xb, _ in a] == [8, 8, 4]


def test_mini_batches_use_batch_indices():
    """One shuffling routine: the same seed gives the same batches in both."""
    X = np.arange(11.0).reshape(1, 11)
    batches = random_mini_batches(X, X, 4, seed=np.random.default_rng(9))
    indices = batch_indices(11, 4, np.random.default_rng(9))
    for (Xb, _), k in zip(batches, indices, strict=True):
        assert np.array_equal(Xb[0], k)


def test_default_batch_size_is_64():
    X = np.zeros((1, 130))
    assert [Xb.shape[1] for Xb, _ in random_mini_batches(X, X, seed=0)] == [64, 64, 2]


@pytest.mark.parametrize("batch_size", [0, -1, 2.5, True, "8"])
def test_batch_size_must_be_a_positive_integer(batch_size):
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        random_mini_batches(np.zeros((2, 5)), np.zeros((1, 5)), batch_size)


def test_X_and_Y_must_have_the_same_columns():
    with pytest.raises(ValueError, match=r"X has 5 examples \(columns\) but Y has 4"):
        random_mini_batches(np.zeros((2, 5)), np.zeros((1, 4)), 2)


def test_mini_batches_need_2d_arrays():
    with pytest.raises(ValueError, match="Y must be a 2-D array"):
        random_mini_batches(np.zeros((2, 5)), np.zeros(5), 2)


@pytest.mark.parametrize(
    ("seed", "error", "message"),
    [
        (-1, ValueError, "seed must be a non-negative int; got -1"),
        ("a", TypeError, "seed must be an int, a numpy.random.Generator or None"),
        (1.5, TypeError, "got 1.5 of type float"),
        (True, TypeError, "got True of type bool"),  # not taken as seed 1
    ],
)
def test_mini_batches_seed_is_checked(seed, error, message):
    X = np.zeros((1, 5))
    with pytest.raises(error, match=message):
        random_mini_batches(X, X, 2, seed=seed)


# Learning-rate decay.


def test_decayed_learning_rate_by_hand():
    assert decayed_learning_rate(0.1, 0, 1.0) == 0.1
    assert decayed_learning_rate(0.1, 4, 0.5) == pytest.approx(0.1 / 3, rel=1e-15)
    assert decayed_learning_rate(2.0, 9, 1.0) == pytest.approx(0.2, rel=1e-15)
    assert all(decayed_learning_rate(0.3, k, 0.0) == 0.3 for k in range(5))
    assert decayed_learning_rate(1, np.int64(1), 1) == 0.5


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((0.1, 10, -0.2), ValueError, "decay_rate must be finite and >= 0; got -0.2"),
        ((0.1, 1, float("nan")), ValueError, "decay_rate must be finite and >= 0"),
        ((0.1, 1, "0.1"), TypeError, "decay_rate must be a number"),
        ((0.1, -10, 0.1), ValueError, "epoch must be an integer >= 0; got -10"),
        ((0.1, 1.0, 0.1), ValueError, "epoch must be an integer >= 0; got 1.0"),
        ((0.1, True, 0.1), ValueError, "epoch must be an integer >= 0; got True"),
        ((0.0, 1, 0.1), ValueError, "learning_rate must be finite and positive"),
        (("a", 1, 0.1), TypeError, "learning_rate must be a number; got 'a'"),
        ((10**400, 1, 0.1), ValueError, "learning_rate must be finite; got an int"),
    ],
)
def test_decayed_learning_rate_checks_its_inputs(args, error, message):
    with pytest.raises(error, match=message):
        decayed_learning_rate(*args)


# Momentum.


def test_initialize_velocity_zeros_keyed_like_grads():
    params, _ = tiny()
    v = initialize_velocity(params)
    assert set(v) == {"dW1", "db1"}
    for k, P in params.items():
        assert v[f"d{k}"].shape == P.shape and not v[f"d{k}"].any()
    params32 = {k: P.astype(np.float32) for k, P in params.items()}
    assert initialize_velocity(params32)["dW1"].dtype == np.float32


@pytest.mark.parametrize("initialize", [initialize_velocity, initialize_adam])
def test_initializers_check_params(initialize):
    with pytest.raises(TypeError, match="params must be a dict like"):
        initialize([1, 2])
    with pytest.raises(ValueError, match=r"params must have keys W1, b1.*\['foo'\]"):
        initialize({"foo": 1})


def test_momentum_first_two_steps_by_hand():
    params, grads = tiny()
    v = initialize_velocity(params)
    p1, v1 = update_parameters_with_momentum(params, grads, v, 0.1, beta=0.9)
    # v1 = 0.1 g; p1 = p0 - 0.1 * 0.1 g
    np.testing.assert_allclose(v1["dW1"], [[0.02, -0.4]], rtol=1e-15)
    np.testing.assert_allclose(p1["W1"], [[1.0 - 0.002, -2.0 + 0.04]], rtol=1e-15)
    p2, v2 = update_parameters_with_momentum(p1, grads, v1, 0.1, beta=0.9)
    # v2 = 0.9 * 0.1 g + 0.1 g = 0.19 g
    np.testing.assert_allclose(v2["dW1"], [[0.038, -0.76]], rtol=1e-14)
    np.testing.assert_allclose(p2["W1"], [[0.998 - 0.0038, -1.96 + 0.076]], rtol=1e-14)
    np.testing.assert_allclose(p2["b1"], [[0.5]])
    assert not v["dW1"].any()  # inputs are not changed
    assert np.array_equal(params["W1"], [[1.0, -2.0]])


def test_momentum_with_beta_zero_is_gradient_descent():
    params, grads = tiny()
    p, _ = update_parameters_with_momentum(
        params, grads, initialize_velocity(params), 0.3, beta=0.0
    )
    expected = update_parameters(params, grads, 0.3)
    for k in params:
        np.testing.assert_allclose(p[k], expected[k], rtol=1e-15)


# Adam.


def test_initialize_adam_two_independent_zero_dicts():
    params, _ = tiny()
    v, s = initialize_adam(params)
    assert set(v) == set(s) == {"dW1", "db1"}
    assert v["dW1"] is not s["dW1"]
    assert not v["dW1"].any() and not s["dW1"].any()


def test_adam_first_step_is_learning_rate_times_sign():
    """Bias correction makes v_hat = g and s_hat = g**2 after one step, so the
    first step is learning_rate * g / (|g| + epsilon), about learning_rate * sign(g)."""
    params, grads = tiny()
    v, s = initialize_adam(params)
    p1, v1, s1 = update_parameters_with_adam(params, grads, v, s, 1, 0.01)
    np.testing.assert_allclose(v1["dW1"], [[0.02, -0.4]], rtol=1e-14)
    np.testing.assert_allclose(s1["dW1"], [[0.001 * 0.04, 0.001 * 16.0]], rtol=1e-12)
    np.testing.assert_allclose(
        p1["W1"] - params["W1"], -0.01 * np.sign(grads["dW1"]), rtol=1e-6
    )
    g = grads["dW1"]
    np.testing.assert_allclose(
        p1["W1"], params["W1"] - 0.01 * g / (np.abs(g) + 1e-8), rtol=1e-13
    )
    # a zero gradient moves nothing: epsilon keeps 0 / 0 away
    assert np.array_equal(p1["b1"], params["b1"])


def test_adam_second_step_with_the_same_gradient_by_hand():
    params, grads = tiny()
    v, s = initialize_adam(params)
    p1, v1, s1 = update_parameters_with_adam(params, grads, v, s, 1, 0.01)
    p2, v2, s2 = update_parameters_with_adam(p1, grads, v1, s1, 2, 0.01)
    g = grads["dW1"]
    v_hat = (0.9 * 0.1 * g + 0.1 * g) / (1 - 0.9**2)  # = g
    s_hat = (0.999 * 0.001 * g**2 + 0.001 * g**2) / (1 - 0.999**2)  # = g**2
    np.testing.assert_allclose(v_hat, g, rtol=1e-14)
    np.testing.assert_allclose(
        p2["W1"], p1["W1"] - 0.01 * v_hat / (np.sqrt(s_hat) + 1e-8), rtol=1e-13
    )
    assert not v["dW1"].any() and not s["dW1"].any()  # inputs are not changed


def test_adam_step_size_is_scale_free():
    """Scaling every gradient by 1000 leaves Adam's step (almost) unchanged."""
    params, grads = tiny()
    big = {k: 1000 * g for k, g in grads.items()}
    a = update_parameters_with_adam(params, grads, *initialize_adam(params), 1, 0.01)[0]
    b = update_parameters_with_adam(params, big, *initialize_adam(params), 1, 0.01)[0]
    np.testing.assert_allclose(a["W1"], b["W1"], rtol=1e-7)


# The table model uses.


def test_optimizer_table():
    assert set(OPTIMIZERS) == {"gd", "momentum", "adam"}
    assert get_optimizer("adam") is OPTIMIZERS["adam"]


@pytest.mark.parametrize("name", ["gd", "momentum", "adam"])
def test_each_table_step_matches_its_function(name):
    owned, grads = tiny()
    params = {k: P.copy() for k, P in owned.items()}
    options = {"beta": 0.8, "beta1": 0.7, "beta2": 0.99, "epsilon": 1e-6}
    opt = OPTIMIZERS[name]
    state = opt.init(owned)
    p1, state = opt.step(owned, grads, state, 0.05, options)
    p2, state = opt.step(p1, grads, state, 0.05, options)
    # model owns its parameters, so the table's steps update them in place
    assert all(p2[k] is owned[k] for k in owned)
    if name == "gd":
        assert state is None
        expected = update_parameters(
            update_parameters(params, grads, 0.05), grads, 0.05
        )
    elif name == "momentum":
        e1, v = update_parameters_with_momentum(
            params, grads, initialize_velocity(params), 0.05, 0.8
        )
        expected, _ = update_parameters_with_momentum(e1, grads, v, 0.05, 0.8)
    else:
        assert state[2] == 2  # the step counter t
        e1, v, s = update_parameters_with_adam(
            params, grads, *initialize_adam(params), 1, 0.05, 0.7, 0.99, 1e-6
        )
        expected = update_parameters_with_adam(
            e1, grads, v, s, 2, 0.05, 0.7, 0.99, 1e-6
        )[0]
    for k in params:
        np.testing.assert_allclose(p2[k], expected[k], rtol=1e-15)


def test_unknown_optimizer_lists_the_known_ones():
    with pytest.raises(
        ValueError, match="unknown optimizer 'sgd'; known: 'gd', 'momentum', 'adam'"
    ):
        get_optimizer("sgd")


def test_optimizer_name_must_be_a_string():
    with pytest.raises(TypeError, match="optimizer must be a name given as a string"):
        get_optimizer(OPTIMIZERS["adam"])


GOOD = {"beta": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}


def test_check_optimizer_options_returns_a_copy():
    checked = validate_optimizer_options(GOOD)
    assert checked == GOOD and checked is not GOOD
    assert validate_optimizer_options({**GOOD, "beta": 0, "beta1": 0.0})["beta"] == 0


@pytest.mark.parametrize("name", ["beta", "beta1", "beta2"])
@pytest.mark.parametrize("value", [1.0, 1.5])
def test_betas_must_be_below_one(name, value):
    with pytest.raises(ValueError, match=rf"{name} must be in \[0, 1\); got {value}"):
        validate_optimizer_options({**GOOD, name: value})


@pytest.mark.parametrize("name", ["beta", "beta1", "beta2", "epsilon"])
def test_options_must_be_non_negative_numbers(name):
    bound = "positive" if name == "epsilon" else ">= 0"
    with pytest.raises(ValueError, match=f"{name} must be finite and {bound}"):
        validate_optimizer_options({**GOOD, name: -0.1})
    with pytest.raises(TypeError, match=f"{name} must be a number"):
        validate_optimizer_options({**GOOD, name: "0.5"})


@pytest.mark.parametrize("epsilon", [0, 0.0, float("inf"), float("nan")])
def test_adam_epsilon_must_be_positive(epsilon):
    """epsilon = 0 would divide 0 by 0 wherever a gradient is exactly zero."""
    with pytest.raises(ValueError, match="epsilon must be finite and positive"):
        validate_optimizer_options({**GOOD, "epsilon": epsilon})


@pytest.mark.parametrize("t", [0, -1, 1.5, "1", True])
def test_adam_step_counts_from_one(t):
    params = init_params([2, 2, 1], seed=0)
    grads = {f"d{k}": np.ones_like(v) for k, v in params.items()}
    with pytest.raises(ValueError, match=f"t must be an integer >= 1; got {t!r}"):
        update_parameters_with_adam(params, grads, *initialize_adam(params), t, 0.1)


def test_check_optimizer_options_checks_only_the_given_ones():
    assert validate_optimizer_options({"beta": 0.5}) == {"beta": 0.5}
    assert validate_optimizer_options({}) == {}
    with pytest.raises(ValueError, match=r"beta2 must be in \[0, 1\); got 1"):
        validate_optimizer_options({"beta2": 1})


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"beta": float("nan")}, ValueError, "beta must be finite and >= 0; got nan"),
        ({"beta": 1.5}, ValueError, r"beta must be in \[0, 1\); got 1.5"),
        ({"beta": 1.0}, ValueError, r"beta must be in \[0, 1\); got 1.0"),
        ({"beta": "0.9"}, TypeError, "beta must be a number; got '0.9'"),
    ],
)
def test_momentum_checks_beta(options, error, message):
    """beta = nan used to make every weight NaN, and beta = 1.5 was taken."""
    params, grads = tiny()
    with pytest.raises(error, match=message):
        update_parameters_with_momentum(
            params, grads, initialize_velocity(params), 0.1, **options
        )


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"beta1": 1.0}, ValueError, r"beta1 must be in \[0, 1\); got 1.0"),
        ({"beta2": -1}, ValueError, "beta2 must be finite and >= 0; got -1"),
        ({"beta2": float("inf")}, ValueError, "beta2 must be finite and >= 0"),
        ({"epsilon": 0}, ValueError, "epsilon must be finite and positive; got 0"),
        ({"epsilon": None}, TypeError, "epsilon must be a number; got None"),
    ],
)
def test_adam_checks_its_hyperparameters(options, error, message):
    """beta1 = 1 and epsilon = 0 (with a zero gradient) used to give NaN
    weights and "invalid value" warnings; beta2 = -1 was taken."""
    params, grads = tiny()  # db1 is 0: epsilon = 0 would divide 0 by 0
    with pytest.raises(error, match=message):
        update_parameters_with_adam(
            params, grads, *initialize_adam(params), 1, 0.1, **options
        )


def test_adam_takes_numpy_integer_steps_and_extreme_betas():
    params, grads = tiny()
    v, s = initialize_adam(params)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p, _, _ = update_parameters_with_adam(
            params, grads, v, s, np.int64(10**6), 0.01, 0.0, 1 - 1e-12
        )
    assert all(np.isfinite(P).all() for P in p.values())
    assert np.array_equal(p["b1"], params["b1"])


def _momentum(params, grads, v):
    return update_parameters_with_momentum(params, grads, v, 0.1)


def _adam_v(params, grads, v):
    return update_parameters_with_adam(
        params, grads, v, initialize_velocity(params), 1, 0.1
    )


def _adam_s(params, grads, s):
    return update_parameters_with_adam(
        params, grads, initialize_velocity(params), s, 1, 0.1
    )


@pytest.mark.parametrize(
    ("step", "name", "made_by"),
    [
        (_momentum, "v", "initialize_velocity"),
        (_adam_v, "v", "initialize_adam"),
        (_adam_s, "s", "initialize_adam"),
    ],
)
def test_optimizers_name_a_missing_or_misshapen_entry(step, name, made_by):
    """A wrong gradient or running average is a clear ValueError before any
    arithmetic, not a KeyError or a broadcasting error from inside numpy."""
    params = init_params([2, 3, 1], seed=0)
    grads = {f"d{k}": np.ones_like(P) for k, P in params.items()}
    state = initialize_velocity(params)
    without_dW1 = {k: g for k, g in grads.items() if k != "dW1"}
    with pytest.raises(ValueError, match=r"grads lacks \['dW1'\]"):
        step(params, without_dW1, state)
    del state["db2"]
    with pytest.raises(ValueError, match=rf"{name} lacks \['db2'\].*{made_by}"):
        step(params, grads, state)
    state = {k: np.zeros((5, 5)) for k in grads}
    with pytest.raises(
        ValueError, match=rf"{name} entry dW1 has shape \(5, 5\) but W1 has shape"
    ):
        step(params, grads, state)


def test_batch_indices_checks_its_arguments_and_takes_a_seed():
    assert [k.tolist() for k in batch_indices(0, 4, np.random.default_rng(0))] == []
    seeded = batch_indices(7, 3, 5)
    generated = batch_indices(7, 3, np.random.default_rng(5))
    assert all(np.array_equal(a, b) for a, b in zip(seeded, generated, strict=True))
    with pytest.raises(ValueError, match="m must be an integer >= 0; got -1"):
        batch_indices(-1, 4, np.random.default_rng(0))
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1; got 0"):
        batch_indices(5, 0, np.random.default_rng(0))


def test_an_epoch_beyond_float_gives_a_rate_of_almost_0():
    """Regression: OverflowError (int too large to convert to float)."""
    assert 0 <= decayed_learning_rate(0.1, 10**400, 0.5) < 1e-300
    assert decayed_learning_rate(0.1, 10**400, 0.0) == 0.1
