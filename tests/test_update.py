"""Tests for scratchnn.update: one step of gradient descent."""

import numpy as np
import pytest

import scratchnn
from scratchnn.init import init_params
from scratchnn.optimizers import write_into
from scratchnn.update import update_parameters


def tiny():
    params = {
        "W1": np.array([[1.0, 2.0]]),
        "b1": np.array([[3.0]]),
        "W2": np.array([[-1.0]]),
        "b2": np.array([[0.0]]),
    }
    grads = {
        "dW1": np.array([[0.5, -1.0]]),
        "db1": np.array([[2.0]]),
        "dW2": np.array([[4.0]]),
        "db2": np.array([[-3.0]]),
    }
    return params, grads


def test_one_step_by_hand():
    params, grads = tiny()
    new = update_parameters(params, grads, 0.1)
    np.testing.assert_allclose(new["W1"], [[0.95, 2.1]], rtol=1e-15)
    np.testing.assert_allclose(new["b1"], [[2.8]], rtol=1e-15)
    np.testing.assert_allclose(new["W2"], [[-1.4]], rtol=1e-15)
    np.testing.assert_allclose(new["b2"], [[0.3]], rtol=1e-15)
    assert set(new) == {"W1", "b1", "W2", "b2"}


def test_params_are_not_changed():
    params, grads = tiny()
    before = {k: v.copy() for k, v in params.items()}
    new = update_parameters(params, grads, 1.0)
    for k in params:
        assert np.array_equal(params[k], before[k])
        assert new[k] is not params[k]


def test_extra_grads_such_as_dA0_are_ignored():
    params, grads = tiny()
    grads["dA0"] = np.ones((2, 5))
    grads["dA1"] = np.ones((1, 5))
    new = update_parameters(params, grads, 0.1)
    assert set(new) == set(params)


@pytest.mark.parametrize("learning_rate", [1, np.float32(0.5), np.float64(2.0)])
def test_integer_and_numpy_learning_rates(learning_rate):
    params, grads = tiny()
    new = update_parameters(params, grads, learning_rate)
    lr = float(learning_rate)
    np.testing.assert_allclose(new["W1"], params["W1"] - lr * grads["dW1"])


def test_float32_stays_float32():
    params, grads = tiny()
    params = {k: v.astype(np.float32) for k, v in params.items()}
    grads = {k: v.astype(np.float32) for k, v in grads.items()}
    new = update_parameters(params, grads, 0.1)
    assert all(P.dtype == np.float32 for P in new.values())


# Errors: every documented one.


@pytest.mark.parametrize("learning_rate", [0, 0.0, -0.1, float("inf"), float("nan")])
def test_learning_rate_must_be_finite_and_positive(learning_rate):
    params, grads = tiny()
    with pytest.raises(ValueError, match="learning_rate must be finite and positive"):
        update_parameters(params, grads, learning_rate)


@pytest.mark.parametrize("learning_rate", ["0.1", None, True, [0.1]])
def test_learning_rate_must_be_a_number(learning_rate):
    params, grads = tiny()
    with pytest.raises(TypeError, match="learning_rate must be a number"):
        update_parameters(params, grads, learning_rate)


def test_missing_gradient():
    params, grads = tiny()
    del grads["db2"]
    with pytest.raises(ValueError, match=r"grads lacks \['db2'\]; it needs dW1, db1"):
        update_parameters(params, grads, 0.1)


def test_gradient_of_the_wrong_shape():
    params, grads = tiny()
    grads["dW1"] = grads["dW1"].T
    with pytest.raises(ValueError, match=r"dW1 has shape \(2, 1\) but W1 has shape"):
        update_parameters(params, grads, 0.1)


def test_invalid_params():
    params, grads = tiny()
    params["b1"] = np.zeros((2, 1))
    with pytest.raises(ValueError, match=r"b1 must have shape \(1, 1\)"):
        update_parameters(params, grads, 0.1)


def test_gradients_that_are_not_a_dict_are_refused():
    params = init_params([2, 2, 1], seed=0)
    with pytest.raises(TypeError, match="grads must be a dict"):
        update_parameters(params, [1, 2], 0.1)


@pytest.mark.parametrize(
    ("gradient", "got"),
    [
        ([[0.5, -1.0]], "got list"),  # used to fail with "can't multiply sequence"
        ([["a", "b"]], "got list"),
        (np.array([[True, False]]), "got dtype bool"),
        (np.array([["a", "b"]]), "got dtype <U1"),
    ],
)
def test_gradients_must_be_arrays_of_numbers(gradient, got):
    params, grads = tiny()
    grads["dW1"] = gradient
    with pytest.raises(
        TypeError, match=f"grads entry dW1 must be an array of numbers; {got}"
    ):
        update_parameters(params, grads, 0.1)


def test_write_into_writes_an_update_into_the_same_arrays():
    """What model's optimisers do with the parameters they own (0.2.0's
    inplace=True, deprecated)."""
    params = init_params([2, 2, 1], seed=0)
    grads = {f"d{k}": np.ones_like(P) for k, P in params.items()}
    expected = update_parameters(params, grads, 0.5)
    arrays = dict(params)
    new = write_into(params, update_parameters(params, grads, 0.5))
    for k in params:
        assert new[k] is arrays[k]
        np.testing.assert_array_equal(new[k], expected[k])


def test_the_update_is_W_minus_learning_rate_times_dW_in_new_arrays():
    params = init_params([2, 2, 1], seed=0)
    grads = {f"d{k}": np.full_like(P, 0.25) for k, P in params.items()}
    new = update_parameters(params, grads, 0.5)
    for k, P in params.items():
        assert new[k] is not P
        assert np.array_equal(new[k], P - 0.5 * grads[f"d{k}"])


def test_default_update_leaves_params_unchanged():
    params = init_params([2, 2, 1], seed=0)
    before = {k: P.copy() for k, P in params.items()}
    grads = {f"d{k}": np.ones_like(P) for k, P in params.items()}
    update_parameters(params, grads, 0.5)
    assert all(np.array_equal(params[k], before[k]) for k in params)


def _grads(params):
    return {f"d{k}": np.ones_like(v) for k, v in params.items()}


def test_inplace_must_be_a_bool():
    """Regression: inplace="no" updated in place (the deprecated option)."""
    params = init_params([2, 1], seed=0)
    with (
        pytest.warns(DeprecationWarning, match="inplace"),
        pytest.raises(TypeError, match="inplace must be True or False; got 'no'"),
    ):
        scratchnn.update_parameters(params, _grads(params), 0.1, inplace="no")


def test_writing_refuses_read_only_parameters_by_name():
    """Regression: numpy's 'output array is read-only', naming nothing."""
    params = init_params([2, 1], seed=0)
    params["b1"].flags.writeable = False
    new = update_parameters(params, _grads(params), 0.1)
    assert new["b1"].flags.writeable
    with pytest.raises(ValueError, match="params entry b1 is read-only"):
        write_into(params, new)
    with (
        pytest.warns(DeprecationWarning),
        pytest.raises(ValueError, match="params entry b1 is read-only"),
    ):
        scratchnn.update_parameters(params, _grads(params), 0.1, inplace=True)


def test_write_into_wants_the_same_network():
    params = init_params([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match="new must hold every parameter"):
        write_into(params, init_params([2, 3, 1], seed=0))
