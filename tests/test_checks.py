"""Tests for scratchnn._checks: every check, what it returns and what it says."""

import threading
from types import MappingProxyType

import numpy as np
import pytest

from scratchnn._checks import (
    check_finite,
    check_grads,
    check_inputs,
    check_labels,
    check_layer_dims,
    check_matrix,
    check_non_negative,
    check_one_hot,
    check_params,
    check_positive,
    check_positive_int,
    check_probabilities,
    lookup,
    trusted,
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
    dims = check_layer_dims(np.array([3, 4, 1]))
    assert dims == [3, 4, 1] and all(type(n) is int for n in dims)
    assert check_layer_dims(range(2, 5)) == [2, 3, 4]


@pytest.mark.parametrize("dims", [[], [5]])
def test_check_layer_dims_too_short(dims):
    with pytest.raises(
        ValueError, match=r"at least two entries.*for example \[2, 4, 1\]"
    ):
        check_layer_dims(dims)


@pytest.mark.parametrize(
    "dims", [[2, 0], [2, -1], [2, 1.0], [2, False], [2, "3"], [np.float64(2), 1]]
)
def test_check_layer_dims_entries(dims):
    with pytest.raises(
        ValueError,
        match=r"entry of layer_dims must be a positive integer; layer_dims\[\d\] is",
    ):
        check_layer_dims(dims)


@pytest.mark.parametrize("dims", ["2,4,1", b"\x02\x01", 3, 2.0, None])
def test_check_layer_dims_type(dims):
    with pytest.raises(
        TypeError, match="layer_dims must be a list of layer sizes such as"
    ):
        check_layer_dims(dims)


# Numbers


def test_check_positive_returns_floats():
    assert check_positive(2, "x") == 2.0 and type(check_positive(2, "x")) is float
    assert check_positive(np.float32(0.5), "x") == 0.5
    assert check_positive(1.0, "x", upper=1.0) == 1.0


@pytest.mark.parametrize("value", [0, -1, float("inf"), float("-inf"), float("nan")])
def test_check_positive_refuses(value):
    with pytest.raises(ValueError, match="x must be finite and positive; got"):
        check_positive(value, "x")


def test_check_positive_upper_bound():
    with pytest.raises(ValueError, match=r"x must be in \(0, 1\]; got 1.5"):
        check_positive(1.5, "x", upper=1.0)


@pytest.mark.parametrize("value", ["1", None, True, np.array([1.0]), 1j])
def test_check_positive_needs_a_real_number(value):
    with pytest.raises(TypeError, match="x must be a number"):
        check_positive(value, "x")


def test_check_non_negative():
    assert (
        check_non_negative(0, "x") == 0.0 and type(check_non_negative(0, "x")) is float
    )
    for bad in (-1e-300, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="x must be finite and >= 0"):
            check_non_negative(bad, "x")
    with pytest.raises(TypeError, match="x must be a number"):
        check_non_negative(False, "x")


def test_check_positive_int():
    assert (
        check_positive_int(np.int64(3), "n") == 3
        and type(check_positive_int(np.int64(3), "n")) is int
    )
    for bad in (0, -2, 2.0, True, "3", None):
        with pytest.raises(ValueError, match="n must be an integer >= 1; got"):
            check_positive_int(bad, "n")


# Arrays


def test_check_matrix_converts_lists_and_keeps_arrays():
    A = np.ones((2, 3))
    assert check_matrix(A, "A") is A
    converted = check_matrix([[1, 2], [3, 4]], "A")
    assert isinstance(converted, np.ndarray) and converted.shape == (2, 2)
    assert check_matrix(np.array([[True, False]]), "A").dtype == bool


@pytest.mark.parametrize("A", [np.ones(3), np.ones((1, 2, 3)), 5.0])
def test_check_matrix_needs_2d(A):
    with pytest.raises(
        ValueError,
        match=r"A must be a 2-D array with one column per example; got an array of",
    ):
        check_matrix(A, "A")


@pytest.mark.parametrize(
    "A",
    [np.array([["a", "b"]]), np.array([[None, 1]], dtype=object), np.array([[1 + 2j]])],
    ids=["str", "object", "complex"],
)
def test_check_matrix_needs_real_numbers(A):
    with pytest.raises(TypeError, match="A must hold numbers; got dtype"):
        check_matrix(A, "A")


def test_check_finite():
    check_finite(np.array([[1.0, -1e308]]), "X")
    for bad in (np.nan, np.inf, -np.inf):
        with pytest.raises(
            ValueError,
            match="X contains NaN or infinite values; clean or impute them first",
        ):
            check_finite(np.array([[1.0, bad]]), "X")


def test_check_inputs():
    X = np.ones((3, 5))
    assert check_inputs(X) is X
    assert check_inputs(X, n_x=3) is X
    with pytest.raises(
        ValueError,
        match=r"X has 3 rows but the network expects 5 inputs .* did you pass X.T\?",
    ):
        check_inputs(X, n_x=5)


# Networks


def test_check_params_returns_the_depth():
    assert check_params(net(3, 1)) == 1
    assert check_params(net(3, 4, 5, 1)) == 3
    assert check_params(MappingProxyType(net(2, 2))) == 1


@pytest.mark.parametrize("params", [[np.ones((1, 1))], None, "W1"])
def test_check_params_needs_a_mapping(params):
    with pytest.raises(TypeError, match="params must be a dict like"):
        check_params(params)


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
        check_params(params)


def test_check_params_needs_arrays():
    with pytest.raises(
        TypeError, match="W1 and b1 must be numpy arrays; got list and ndarray"
    ):
        check_params({"W1": [[1.0, 2.0]], "b1": np.zeros((1, 1))})


def test_check_params_W_must_be_2d():
    with pytest.raises(ValueError, match=r"W1 must be 2-D; got shape \(3,\)"):
        check_params({"W1": np.ones(3), "b1": np.zeros((3, 1))})


@pytest.mark.parametrize("b_shape", [(4,), (1, 4), (3, 1), (4, 2)])
def test_check_params_b_shape(b_shape):
    params = net(2, 4, 1)
    params["b1"] = np.zeros(b_shape)
    with pytest.raises(
        ValueError, match=r"b1 must have shape \(4, 1\) to match W1 of shape \(4, 2\)"
    ):
        check_params(params)


def test_check_params_consecutive_W_must_fit():
    params = net(2, 4, 1)
    params["W2"] = np.ones((1, 3))
    with pytest.raises(
        ValueError, match="W2 has 3 columns but W1 has 4 rows; they must match"
    ):
        check_params(params)


# Labels and probabilities


def test_check_labels():
    Y = np.array([[0, 1, 1]])
    assert check_labels(Y, m=3) is Y
    assert check_labels([[True, False]]).shape == (1, 2)
    with pytest.raises(
        ValueError,
        match=r"Y must have shape \(1, m\), one 0/1 label per column; got \(2, 3\)",
    ):
        check_labels(np.zeros((2, 3)))
    with pytest.raises(
        ValueError, match=r"X has 4 examples \(columns\) but Y has 3; they must match"
    ):
        check_labels(Y, m=4)
    with pytest.raises(
        ValueError, match=r"Y must hold labels 0 and 1 only; found \[2, -1, 3\]$"
    ):
        check_labels(np.array([[0, 2, -1, 3, 5]]))


def test_check_one_hot():
    Y = np.eye(3)[:, [0, 2, 1, 2]]
    assert check_one_hot(Y, m=4) is Y
    with pytest.raises(ValueError, match=r"X has 5 examples \(columns\) but Y has 4"):
        check_one_hot(Y, m=5)
    for bad in (
        np.array([[1, 1], [1, 0]]),
        np.array([[0, 0], [1, 1], [0, 0.0]]) * 2,
        np.array([[0.5], [0.5]]),
    ):
        with pytest.raises(
            ValueError, match="Y must be one-hot, shape \\(n_classes, m\\)"
        ):
            check_one_hot(bad)


def test_check_probabilities():
    Y = np.array([[1, 0]])
    AL = np.array([[0.0, 1.0]])
    assert check_probabilities(AL, Y) is AL
    with pytest.raises(ValueError, match="AL and Y must have the same shape"):
        check_probabilities(np.array([[0.5]]), Y)
    with pytest.raises(ValueError, match="AL contains NaN"):
        check_probabilities(np.array([[np.nan, 2.0]]), Y)
    with pytest.raises(
        ValueError,
        match=r"AL must hold probabilities in \[0, 1\]; got values in \[-0.5, 0.5\]",
    ):
        check_probabilities(np.array([[-0.5, 0.5]]), Y)


def test_check_grads():
    params = net(2, 3, 1)
    grads = {f"d{k}": np.zeros_like(v) for k, v in params.items()}
    assert check_grads(params, grads, 2) is None
    with pytest.raises(
        ValueError,
        match=r"grads lacks \['dW1', 'db2'\]; it needs dW1, db1, ..., dW2, db2",
    ):
        check_grads(
            params, {k: v for k, v in grads.items() if k not in ("dW1", "db2")}, 2
        )
    with pytest.raises(
        ValueError, match=r"db1 has shape \(1, 3\) but b1 has shape \(3, 1\)"
    ):
        check_grads(params, {**grads, "db1": np.zeros((1, 3))}, 2)


# trusted(): the training loop's switch for the per-call checks


def test_trusted_skips_the_checks_inside_and_restores_them_after():
    with trusted():
        assert check_positive(-1.0, "x") == -1.0
        assert check_non_negative(-1.0, "x") == -1.0
        assert check_matrix("not an array", "A") == "not an array"
        assert check_params({"W1": None, "b1": None}) == 1
        assert check_labels(np.array([[2]])).tolist() == [[2]]
    with pytest.raises(ValueError, match="x must be finite and positive"):
        check_positive(-1.0, "x")


def test_trusted_is_restored_after_an_exception():
    with pytest.raises(RuntimeError), trusted():
        raise RuntimeError("a diverging loop")
    with pytest.raises(ValueError, match="x must be finite and >= 0"):
        check_non_negative(-1.0, "x")


def test_trusted_nests():
    with trusted():
        with trusted():
            pass
        assert check_positive(-2.0, "x") == -2.0  # still inside the outer block
    with pytest.raises(ValueError):
        check_positive(-2.0, "x")


def test_trusted_in_one_thread_leaves_other_threads_checked():
    """A context variable, not a global: another thread's calls stay checked."""
    errors = []

    def other_thread():
        try:
            check_positive(-1.0, "x")
        except ValueError as error:
            errors.append(error)

    with trusted():
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
    assert len(errors) == 1
