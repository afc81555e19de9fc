"""Tests for scratchnn._validation: every check, what it returns and what it says."""

import sys
import threading
from types import MappingProxyType

import numpy as np
import pytest

import scratchnn as snn
import scratchnn.cost
import scratchnn.forward
import scratchnn.optimizers
from scratchnn import _validation
from scratchnn._validation import (
    call_checked,
    lookup,
    validate_finite,
    validate_grads,
    validate_inputs,
    validate_labels,
    validate_layer_dims,
    validate_matrix,
    validate_non_negative,
    validate_one_hot,
    validate_params,
    validate_positive,
    validate_positive_int,
    validate_probabilities,
    validated_by,
)


def net(*dims):
    return {
        k: v
        for l in range(1, len(dims))
        for k, v in (
            (f"W{l}", np.ones((dims[l], dims[l - 1]))),
            (f"b{l}", np.zeros((dims[l], 1))),
        )
    }


# lookup


def test_lookup_returns_the_entry():
    assert lookup({"a": 1, "b": 2}, "b", "letter") == 2


def test_lookup_unknown_name_lists_known_ones_in_order():
    with pytest.raises(ValueError, match=r"^unknown letter 'c'; known: 'a', 'b'$"):
        lookup({"a": 1, "b": 2}, "c", "letter")


@pytest.mark.parametrize("name", [None, 3, ["a"]])
def test_lookup_needs_a_string(name):
    with pytest.raises(
        TypeError, match=r"letter must be a name given as a string, one of \['a', 'b'\]"
    ):
        lookup({"a": 1, "b": 2}, name, "letter")


# Layer sizes


def test_check_layer_dims_returns_plain_ints():
    dims = validate_layer_dims(np.array([3, 4, 1]))
    assert dims == [3, 4, 1] and all(type(n) is int for n in dims)
    assert validate_layer_dims(range(2, 5)) == [2, 3, 4]


@pytest.mark.parametrize("dims", [[], [5]])
def test_check_layer_dims_too_short(dims):
    with pytest.raises(
        ValueError, match=r"at least two entries.*for example \[2, 4, 1\]"
    ):
        validate_layer_dims(dims)


@pytest.mark.parametrize(
    "dims", [[2, 0], [2, -1], [2, 1.0], [2, False], [2, "3"], [np.float64(2), 1]]
)
def test_check_layer_dims_entries(dims):
    with pytest.raises(
        ValueError,
        match=r"entry of layer_dims must be a positive integer; layer_dims\[\d\] is",
    ):
        validate_layer_dims(dims)


@pytest.mark.parametrize("dims", ["2,4,1", b"\x02\x01", 3, 2.0, None])
def test_check_layer_dims_type(dims):
    with pytest.raises(
        TypeError, match="layer_dims must be a list of layer sizes such as"
    ):
        validate_layer_dims(dims)


# Numbers


def test_check_positive_returns_floats():
    assert validate_positive(2, "x") == 2.0 and type(validate_positive(2, "x")) is float
    assert validate_positive(np.float32(0.5), "x") == 0.5
    assert validate_positive(1.0, "x", upper=1.0) == 1.0


@pytest.mark.parametrize("value", [0, -1, float("inf"), float("-inf"), float("nan")])
def test_check_positive_refuses(value):
    with pytest.raises(ValueError, match="x must be finite and positive; got"):
        validate_positive(value, "x")


def test_check_positive_upper_bound():
    with pytest.raises(ValueError, match=r"x must be in \(0, 1\]; got 1.5"):
        validate_positive(1.5, "x", upper=1.0)


@pytest.mark.parametrize("value", ["1", None, True, np.array([1.0]), 1j])
def test_check_positive_needs_a_real_number(value):
    with pytest.raises(TypeError, match="x must be a number"):
        validate_positive(value, "x")


def test_check_non_negative():
    assert (
        validate_non_negative(0, "x") == 0.0
        and type(validate_non_negative(0, "x")) is float
    )
    for bad in (-1e-300, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="x must be finite and >= 0"):
            validate_non_negative(bad, "x")
    with pytest.raises(TypeError, match="x must be a number"):
        validate_non_negative(False, "x")


def test_check_positive_int():
    assert (
        validate_positive_int(np.int64(3), "n") == 3
        and type(validate_positive_int(np.int64(3), "n")) is int
    )
    for bad in (0, -2, 2.0, True, "3", None):
        with pytest.raises(ValueError, match="n must be an integer >= 1; got"):
            validate_positive_int(bad, "n")


# Arrays


def test_check_matrix_converts_lists_and_keeps_arrays():
    A = np.ones((2, 3))
    assert validate_matrix(A, "A") is A
    converted = validate_matrix([[1, 2], [3, 4]], "A")
    assert isinstance(converted, np.ndarray) and converted.shape == (2, 2)
    assert validate_matrix(np.array([[True, False]]), "A").dtype == bool


@pytest.mark.parametrize("A", [np.ones(3), np.ones((1, 2, 3)), 5.0])
def test_check_matrix_needs_2d(A):
    with pytest.raises(
        ValueError,
        match=r"A must be a 2-D array with one column per example; got an array of",
    ):
        validate_matrix(A, "A")


@pytest.mark.parametrize(
    "A",
    [np.array([["a", "b"]]), np.array([[None, 1]], dtype=object), np.array([[1 + 2j]])],
    ids=["str", "object", "complex"],
)
def test_check_matrix_needs_real_numbers(A):
    with pytest.raises(TypeError, match="A must hold numbers; got dtype"):
        validate_matrix(A, "A")


def test_check_finite():
    validate_finite(np.array([[1.0, -1e308]]), "X")
    for bad in (np.nan, np.inf, -np.inf):
        with pytest.raises(
            ValueError,
            match="X contains NaN or infinite values; clean or impute them first",
        ):
            validate_finite(np.array([[1.0, bad]]), "X")


def test_check_inputs():
    X = np.ones((3, 5))
    assert validate_inputs(X) is X
    assert validate_inputs(X, n_x=3) is X
    with pytest.raises(
        ValueError,
        match=r"X has 3 rows but the network expects 5 inputs .* did you pass X.T\?",
    ):
        validate_inputs(X, n_x=5)


# Networks


def test_check_params_returns_the_depth():
    assert validate_params(net(3, 1)) == 1
    assert validate_params(net(3, 4, 5, 1)) == 3
    assert validate_params(MappingProxyType(net(2, 2))) == 1


@pytest.mark.parametrize("params", [[np.ones((1, 1))], None, "W1"])
def test_check_params_needs_a_mapping(params):
    with pytest.raises(TypeError, match="params must be a dict like"):
        validate_params(params)


@pytest.mark.parametrize(
    "keys",
    [
        [],
        ["W1"],
        ["W1", "b1", "W2"],
        ["W1", "b1", "W3", "b3"],
        ["W1", "b1", "W2", "c2"],
        ["W0", "b0"],
    ],
)
def test_check_params_keys(keys):
    params = {k: np.ones((1, 1)) for k in keys}
    with pytest.raises(
        ValueError, match="params must have keys W1, b1, ..., WL, bL; got"
    ):
        validate_params(params)


def test_check_params_needs_arrays():
    with pytest.raises(
        TypeError,
        match=r"W1 and b1 must be arrays \(numpy.s, or CuPy.s on a GPU\); got list",
    ):
        validate_params({"W1": [[1.0, 2.0]], "b1": np.zeros((1, 1))})


def test_check_params_W_must_be_2d():
    with pytest.raises(ValueError, match=r"W1 must be 2-D; got shape \(3,\)"):
        validate_params({"W1": np.ones(3), "b1": np.zeros((3, 1))})


@pytest.mark.parametrize("b_shape", [(4,), (1, 4), (3, 1), (4, 2)])
def test_check_params_b_shape(b_shape):
    params = net(2, 4, 1)
    params["b1"] = np.zeros(b_shape)
    with pytest.raises(
        ValueError, match=r"b1 must have shape \(4, 1\) to match W1 of shape \(4, 2\)"
    ):
        validate_params(params)


def test_check_params_consecutive_W_must_fit():
    params = net(2, 4, 1)
    params["W2"] = np.ones((1, 3))
    with pytest.raises(
        ValueError, match="W2 has 3 columns but W1 has 4 rows; they must match"
    ):
        validate_params(params)


# Labels and probabilities


def test_check_labels():
    Y = np.array([[0, 1, 1]])
    assert validate_labels(Y, m=3) is Y
    assert validate_labels([[True, False]]).shape == (1, 2)
    with pytest.raises(
        ValueError,
        match=r"Y must have shape \(1, m\), one 0/1 label per column; got \(2, 3\)",
    ):
        validate_labels(np.zeros((2, 3)))
    with pytest.raises(
        ValueError, match=r"X has 4 examples \(columns\) but Y has 3; they must match"
    ):
        validate_labels(Y, m=4)
    with pytest.raises(
        ValueError, match=r"Y must hold labels 0 and 1 only; found \[2, -1, 3\]$"
    ):
        validate_labels(np.array([[0, 2, -1, 3, 5]]))


def test_check_one_hot():
    Y = np.eye(3)[:, [0, 2, 1, 2]]
    assert validate_one_hot(Y, m=4) is Y
    with pytest.raises(ValueError, match=r"X has 5 examples \(columns\) but Y has 4"):
        validate_one_hot(Y, m=5)
    for bad in (
        np.array([[1, 1], [1, 0]]),
        np.array([[0, 0], [1, 1], [0, 0.0]]) * 2,
        np.array([[0.5], [0.5]]),
    ):
        with pytest.raises(
            ValueError, match="Y must be one-hot, shape \\(n_classes, m\\)"
        ):
            validate_one_hot(bad)


def test_check_probabilities():
    Y = np.array([[1, 0]])
    AL = np.array([[0.0, 1.0]])
    assert validate_probabilities(AL, Y) is AL
    with pytest.raises(ValueError, match="AL and Y must have the same shape"):
        validate_probabilities(np.array([[0.5]]), Y)
    with pytest.raises(ValueError, match="AL contains NaN"):
        validate_probabilities(np.array([[np.nan, 2.0]]), Y)
    with pytest.raises(
        ValueError,
        match=r"AL must hold probabilities in \[0, 1\]; got values in \[-0.5, 0.5\]",
    ):
        validate_probabilities(np.array([[-0.5, 0.5]]), Y)


def test_check_grads():
    params = net(2, 3, 1)
    grads = {f"d{k}": np.zeros_like(v) for k, v in params.items()}
    assert validate_grads(params, grads, 2) is None
    with pytest.raises(
        ValueError,
        match=r"grads lacks \['dW1', 'db2'\]; it needs dW1, db1, ..., dW2, db2",
    ):
        validate_grads(
            params, {k: v for k, v in grads.items() if k not in ("dW1", "db2")}, 2
        )
    with pytest.raises(
        ValueError, match=r"db1 has shape \(1, 3\) but b1 has shape \(3, 1\)"
    ):
        validate_grads(params, {**grads, "db1": np.zeros((1, 3))}, 2)


# validated_by: checked once at the door, trusted inside


def _mismatched():
    """A linear step whose W does not fit A_prev: 3 columns for 2 rows."""
    return np.ones((2, 4)), np.ones((5, 3)), np.zeros((5, 1))


def test_a_public_step_called_from_outside_is_checked():
    with pytest.raises(ValueError, match="W has 3 columns but A_prev has 2 rows"):
        snn.linear_forward(*_mismatched())


def test_a_public_step_called_inside_a_validated_body_is_not_checked_again():
    @validated_by(lambda **arguments: None)
    def body():
        return snn.linear_forward(*_mismatched())

    # numpy's own error, not the guard's: the guard did not run.
    with pytest.raises(ValueError, match="matmul") as error:
        body()
    assert "A_prev" not in str(error.value)


def test_model_runs_its_steps_unchecked(monkeypatch):
    seen = []
    original = scratchnn.forward.linear_forward

    def spy(*args):
        seen.append(_validation._SKIPPED.get())
        return original(*args)

    monkeypatch.setattr(scratchnn.forward, "linear_forward", spy)
    X = np.array([[0.0, 1.0, 2.0, 3.0]])
    snn.model(X, np.array([[0, 0, 1, 1]]), [1, 2, 1], num_iterations=3, seed=0)
    assert len(seen) == 2 * 3 and all(seen)
    assert not _validation._SKIPPED.get()


def test_the_validator_gets_every_argument_and_its_conversions_replace_them():
    received = {}

    def validate(a, b, c):
        received.update(a=a, b=b, c=c)
        return {"b": np.asarray(b)}

    @validated_by(validate)
    def f(a, b, c=3):
        return a, b, c

    a, b, c = f(1, [2.0])
    assert received == {"a": 1, "b": [2.0], "c": 3}
    assert isinstance(b, np.ndarray) and (a, c) == (1, 3)


def test_call_checked_checks_a_users_code_inside_a_validated_body():
    @validated_by(lambda **arguments: None)
    def body():
        return call_checked(snn.linear_forward, *_mismatched())

    with pytest.raises(ValueError, match="W has 3 columns but A_prev has 2 rows"):
        body()


def test_checks_are_back_after_a_body_raises():
    @validated_by(lambda **arguments: None)
    def body():
        raise RuntimeError("a diverging loop")

    with pytest.raises(RuntimeError):
        body()
    with pytest.raises(ValueError, match="W has 3 columns"):
        snn.linear_forward(*_mismatched())


def test_a_validated_body_in_one_thread_leaves_other_threads_checked():
    """A context variable, not a global: another thread's calls stay checked."""
    errors = []

    def other_thread():
        try:
            snn.linear_forward(*_mismatched())
        except ValueError as error:
            errors.append(error)

    @validated_by(lambda **arguments: None)
    def body():
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()

    body()
    assert len(errors) == 1 and "W has 3 columns" in str(errors[0])


def test_model_runs_its_part_2_steps_unchecked(monkeypatch):
    """Optimiser steps, dropout, L2, decay and batching: trusted inside model."""
    # scratchnn.model and scratchnn.backprop are the functions, not the modules.
    model_module = sys.modules["scratchnn.model"]
    backprop_module = sys.modules["scratchnn.backprop"]
    seen = {}

    def spy_on(module, name):
        original = getattr(module, name)

        def spy(*args, **kwargs):
            seen.setdefault(name, []).append(_validation._SKIPPED.get())
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)

    spy_on(scratchnn.optimizers, "update_parameters_with_momentum")
    spy_on(scratchnn.optimizers, "update_parameters_with_adam")
    spy_on(scratchnn.forward, "dropout_mask")
    spy_on(scratchnn.cost, "l2_penalty")
    spy_on(backprop_module, "l2_gradient")
    spy_on(model_module, "decayed_learning_rate")
    spy_on(model_module, "batch_indices")
    X = np.array([[0.0, 1.0, 2.0, 3.0]])
    Y = np.array([[0, 0, 1, 1]])
    for optimizer in ("momentum", "adam"):
        snn.model(
            X, Y, [1, 2, 1], num_iterations=3, seed=0, optimizer=optimizer,
            keep_prob=0.8, lambd=0.1, decay_rate=0.5, batch_size=2,
        )  # fmt: skip
    assert set(seen) == {
        "update_parameters_with_momentum", "update_parameters_with_adam",
        "dropout_mask", "l2_penalty", "l2_gradient", "decayed_learning_rate",
        "batch_indices",
    }  # fmt: skip
    # 3 epochs of 2 batches: 6 steps of each optimiser, each with one mask.
    assert len(seen["update_parameters_with_adam"]) == 6
    assert len(seen["dropout_mask"]) == 12
    assert all(all(flags) for flags in seen.values()), seen
    assert not _validation._SKIPPED.get()
