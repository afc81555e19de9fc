"""Tests for scratchnn._checks, the leaf: every check, what it returns and says."""

import sys
import threading
from types import MappingProxyType

import numpy as np
import pytest

import scratchnn as snn
import scratchnn.cost
import scratchnn.forward
import scratchnn.optimizers
from scratchnn import _checks
from scratchnn._checks import (
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
        seen.append(_checks._SKIPPED.get())
        return original(*args)

    monkeypatch.setattr(scratchnn.forward, "linear_forward", spy)
    X = np.array([[0.0, 1.0, 2.0, 3.0]])
    snn.model(X, np.array([[0, 0, 1, 1]]), [1, 2, 1], num_iterations=3, seed=0)
    assert len(seen) == 2 * 3 and all(seen)
    assert not _checks._SKIPPED.get()


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
    # scratchnn.model is the function, not the module.
    model_module = sys.modules["scratchnn.model"]
    seen = {}

    def spy_on(module, name):
        original = getattr(module, name)

        def spy(*args, **kwargs):
            seen.setdefault(name, []).append(_checks._SKIPPED.get())
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)

    spy_on(scratchnn.optimizers, "update_parameters_with_momentum")
    spy_on(scratchnn.optimizers, "update_parameters_with_adam")
    spy_on(scratchnn.regularization, "dropout_mask")
    spy_on(scratchnn.regularization, "l2_penalty")
    spy_on(scratchnn.regularization, "l2_gradient")
    spy_on(model_module, "decayed_learning_rate")
    spy_on(sys.modules["scratchnn._training"], "batch_indices")
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
    assert not _checks._SKIPPED.get()


# --- issue 12: inputs that reached numpy or matplotlib get a clear error


def _net_and_caches():
    params = snn.init_params([2, 3, 1], seed=0)
    AL, caches = snn.forward_prop(np.ones((2, 3)), params)
    return params, AL, caches


TOO_BIG = r"would need .* GiB, more than scratchnn's limit of 1 GiB; .*limits\(memory="


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: snn.init_params([2, 10**12, 1]),
         rf"a network with layer_dims \[2, 1000000000000, 1\] {TOO_BIG}"),
        (lambda: snn.make_moons(10**13),
         rf"10000000000000 points \(X and Y\) {TOO_BIG}"),
        (lambda: snn.make_circles(10**13), TOO_BIG),
        (lambda: snn.make_spirals(10**13), TOO_BIG),
        (lambda: snn.make_xor(10**13), TOO_BIG),
        (lambda: snn.one_hot([0, 10**12]),
         rf"one-hot labels for 1000000000001 classes {TOO_BIG}"),
        (lambda: snn.plot_decision_boundary(
            lambda grid: np.zeros((1, grid.shape[1])), np.ones((2, 2)), [[0, 1]],
            resolution=10**6),
         r"resolution is 1000000, above scratchnn's limit of at most 1000"),
    ],
    ids=["init_params", "make_moons", "make_circles", "make_spirals", "make_xor",
         "one_hot", "plot_decision_boundary"],
)  # fmt: skip
def test_sizes_beyond_the_limit_are_refused_before_allocating(call, message):
    """Regression: each raised MemoryError (or swapped) instead."""
    with pytest.raises(ValueError, match=message):
        call()


def test_a_size_at_the_limit_is_accepted():
    _checks.validate_size(2**27, "anything")  # 1 GiB of float64
    with pytest.raises(ValueError, match=r"anything would need 1 GiB \(1073741832 by"):
        _checks.validate_size(2**27 + 1, "anything")
    _checks.validate_size(2**28, "anything", itemsize=4)
    with pytest.raises(ValueError, match="would need 1.25 MiB, .* of 1 MiB"):
        with snn.set_limits(memory=2**20):
            _checks.validate_size(2**18 + 2**16, "anything", itemsize=4)


CACHE = r"must be \(\(A_prev, W, b\), Z\), with Z of shape \(W rows, A_prev columns\)"
# The plain steps (the names of scratchnn are their deprecated aliases, which
# send a cache of three entries to the dropout steps, with a warning).
steps = sys.modules["scratchnn.backprop"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p, AL, c: steps.backprop(AL, np.ones((1, 3)), [c[0], (1, 2)]),
         rf"caches\[1\] {CACHE}.*; got \(int, int\)"),
        (lambda p, AL, c: steps.backprop(AL, np.ones((1, 3)), [c[0], "ab"]),
         rf"caches\[1\] {CACHE}.*; got str"),
        (lambda p, AL, c: steps.backprop(AL, np.ones((1, 3)), [c[0], c[1][:1]]),
         rf"caches\[1\] {CACHE}.*; got \(\(array of shape \(3, 3\), array of "
         r"shape \(1, 3\), array of shape \(1, 1\)\)\)"),
        (lambda p, AL, c: steps.backprop(AL, np.ones((1, 3)), [c[1], c[0]]),
         r"caches\[1\] holds W of shape \(3, 2\) but caches\[0\] holds W of "
         r"shape \(1, 3\); pass the caches of one forward_prop, in layer order"),
        (lambda p, AL, c: steps.backprop(AL, np.ones((1, 3)), [c[0]]),
         r"the last cache's Z has shape \(3, 3\) but AL has shape \(1, 3\)"),
        (lambda p, AL, c: steps.backprop(AL, np.ones((1, 3)), (c[0], (*c[1], 1))),
         rf"caches\[1\] {CACHE}"),
        (lambda p, AL, c: steps.backprop(AL, np.ones((1, 3)), c[0]),
         rf"caches\[0\] {CACHE}.*; got \(array of shape \(2, 3\)"),
        (lambda p, AL, c: steps.one_layer_backward(
            np.ones((3, 3)), ((1, 2, 3),), "relu"),
         f"cache {CACHE}"),
        (lambda p, AL, c: snn.linear_backward(np.ones((1, 3)), (1, 2)),
         r"linear_cache must be \(A_prev, W, b\), three 2-D .*; got \(int, int\)"),
        (lambda p, AL, c: snn.linear_backward(np.ones((1, 3)), list(c[1][0])),
         r"linear_cache must be .*; got \[array of shape \(3, 3\)"),
    ],
    ids=["pair_of_ints", "string", "no_Z", "swapped_layers", "not_AL's",
         "four_entries",
         "one_cache_not_a_list", "one_layer", "linear_pair", "linear_list"],
)  # fmt: skip
def test_malformed_caches_are_refused(call, message):
    """Regression: IndexError or "not enough values to unpack"."""
    with pytest.raises(ValueError, match=message):
        call(*_net_and_caches())


def test_caches_that_are_not_a_list_are_refused():
    _, AL, caches = _net_and_caches()
    with pytest.raises(TypeError, match="caches must be the list of caches that"):
        snn.backprop(AL, np.ones((1, 3)), iter(caches))


def test_long_structures_are_shortened_in_the_message():
    _, AL, caches = _net_and_caches()
    with pytest.raises(ValueError, match=r"got \(int, int, int, int, \.\.\.\)"):
        snn.backprop(AL, np.ones((1, 3)), [caches[0], (1, 2, 3, 4, 5)])


def test_layer_dims_as_a_set_is_refused():
    """Regression: init_params({2, 4, 1}) built a network in the set's order."""
    with pytest.raises(TypeError, match="got a set, which has no order"):
        snn.init_params({2, 4, 1})
    with pytest.raises(TypeError, match="got a dict, which has no order"):
        snn.model(np.ones((2, 2)), np.ones((1, 2)), {2: 0, 1: 0})


MASKED = "is a masked array, and scratchnn would compute with the values under"


@pytest.mark.parametrize(
    "call",
    [
        lambda A: snn.forward_prop(A, snn.init_params([2, 1], seed=0)),
        lambda A: snn.sigmoid(A),
        lambda A: snn.standardize(A),
    ],
    ids=["forward_prop", "sigmoid", "standardize"],
)
def test_masked_arrays_are_refused(call):
    """Regression: the mask was dropped and the hidden values used."""
    A = np.ma.masked_array(np.ones((2, 3)), mask=[[1, 0, 0], [0, 0, 0]])
    with pytest.raises(TypeError, match=MASKED):
        call(A)


def test_complex_weights_are_refused():
    """Regression: complex W gave complex Z."""
    with pytest.raises(TypeError, match=r"W must hold numbers .*; got dtype complex"):
        snn.linear_forward(np.ones((2, 1)), np.ones((1, 2)) + 1j, np.ones((1, 1)))
    with pytest.raises(TypeError, match=r"b must hold numbers .*; got dtype complex"):
        snn.linear_forward(np.ones((2, 1)), np.ones((1, 2)), np.ones((1, 1)) + 0j)


@pytest.mark.parametrize(
    ("theta", "error", "message"),
    [
        (list(range(9)), TypeError,
         "theta must be a vector of floats.*dtype int64: convert it with "
         r"theta\.astype\(float\)"),
        (np.arange(9), TypeError, "convert it with theta.astype"),
        (np.array(list("abcdefghi")), TypeError, r"vector of floats, .*got dtype <U1$"),
        (np.ones((9, 1)), ValueError, r"a vector of 9 entries, .*got shape \(9, 1\)"),
    ],
    ids=["list_of_ints", "int_vector", "string_vector", "column"],
)  # fmt: skip
def test_vector_to_params_refuses_what_is_not_a_float_vector(theta, error, message):
    """Regression: integer and string vectors were accepted; a list failed."""
    with pytest.raises(error, match=message):
        snn.vector_to_params(theta, snn.init_params([2, 2, 1], seed=0))


def test_vector_to_params_takes_a_list_of_floats():
    params = snn.init_params([2, 2, 1], seed=0)
    back = snn.vector_to_params(list(snn.params_to_vector(params)), params)
    assert all(np.array_equal(back[k], params[k]) for k in params)


@pytest.mark.parametrize(
    ("figsize", "error", "message"),
    [
        ((-1, 2), ValueError, r"figsize's width must be finite and positive; got -1"),
        ((6, 1e6), ValueError,
         r"figsize's height is 1e\+06, above scratchnn's limit of at most 100; "
         r".*set_limits\(inches="),
        ((6, float("nan")), ValueError, "figsize's height must be finite"),
        ("ab", TypeError, r"figsize must be a pair \(width, height\) in inches"),
        ((6, 4, 2), TypeError, "figsize must be a pair"),
        ((6, "4"), TypeError, "figsize's height must be a number"),
    ],
    ids=["negative", "huge", "nan", "string", "triple", "string_side"],
)  # fmt: skip
def test_new_figure_refuses_bad_sizes(figsize, error, message):
    """Regression: matplotlib's own errors, or a TypeError from a ufunc."""
    with pytest.raises(error, match=message):
        snn.new_figure(figsize=figsize)


def test_new_figure_takes_a_list_as_figsize():
    import matplotlib.pyplot as plt

    fig, _ = snn.new_figure(figsize=[6, 4])
    assert tuple(fig.get_size_inches()) == (6.0, 4.0)
    plt.close(fig)


AX = "ax must be a matplotlib Axes, such as the second value of new_figure()"


@pytest.mark.parametrize(
    "call",
    [
        lambda: snn.plot_costs([1.0, 0.5], ax="x"),
        lambda: snn.plot_decision_boundary(
            lambda g: np.zeros((1, g.shape[1])), np.ones((2, 2)), [[0, 1]], ax=1),
        lambda: snn.plot_activation(snn.sigmoid, snn.sigmoid_backward, ax=[1]),
        lambda: snn.draw_network([2, 1], ax="x"),
        lambda: snn.plot_confusion_matrix([0, 1], [0, 1], ax="x"),
    ],
    ids=["plot_costs", "plot_decision_boundary", "plot_activation",
         "draw_network", "plot_confusion_matrix"],
)  # fmt: skip
def test_figures_refuse_an_ax_that_is_not_axes(call):
    """Regression: plot_costs(ax="x") raised AttributeError."""
    with pytest.raises(TypeError, match=AX):
        call()


def test_accuracy_refuses_an_ambiguous_column():
    """Regression: [[0], [0], [1]] against [[0], [1], [0]] was read as one
    one-hot example and gave 0.0; as three labels it is 1/3."""
    with pytest.raises(
        ValueError, match=r"Y_pred has shape \(3, 1\): a column of 3 labels, or one "
        r"one-hot example of 3 classes\? Pass labels as a row"
    ):  # fmt: skip
        snn.accuracy([[0], [0], [1]], [[0], [1], [0]])
    assert snn.accuracy([[0, 0, 1]], [[0, 1, 0]]) == pytest.approx(1 / 3)


def test_forward_prop_refuses_a_bad_seed_even_without_dropout():
    with (
        pytest.warns(DeprecationWarning, match="forward_prop_with_dropout"),
        pytest.raises(TypeError, match="seed must be an int, a numpy.random"),
    ):
        snn.forward_prop(
            np.ones((2, 1)), snn.init_params([2, 1]), keep_prob=1, seed="a"
        )
    with pytest.raises(TypeError, match="seed must be an int, a numpy.random"):
        snn.forward_prop_with_dropout(
            np.ones((2, 1)), snn.init_params([2, 1]), keep_prob=1, seed="a"
        )


# The limits (issue 20): one setting, fixed defaults, raised by the user.


def test_set_limits_works_for_a_block_and_for_the_session():
    assert snn.limits() == snn.Limits() and snn.limits().memory == 2**30
    with snn.set_limits(memory=2**34, frames=10) as caps:
        assert caps.memory == 2**34 and snn.limits().frames == 10
        _checks.validate_size(2**31, "16 GiB of float64")  # within the raised cap
    assert snn.limits() == snn.Limits()
    setting = snn.set_limits(dpi=2000)
    try:
        assert snn.limits().dpi == 2000
    finally:
        setting.__exit__(None, None, None)
    assert snn.limits().dpi == 1000


@pytest.mark.parametrize(
    ("caps", "error", "match"),
    [(dict(memroy=1), TypeError, "unknown cap 'memroy'; known: dpi, file_bytes"),
     (dict(memory=0), ValueError, "memory must be finite and positive; got 0"),
     (dict(dpi="high"), TypeError, "dpi must be a number")],
)  # fmt: skip
def test_set_limits_refuses_unknown_caps_and_bad_values(caps, error, match):
    with pytest.raises(error, match=match):
        snn.set_limits(**caps)
    assert snn.limits() == snn.Limits()


def test_a_network_too_large_for_memory_is_refused_by_bytes():
    """Regression: [2, 46000, 46000, 1] was within the 2**31-number limit and
    needed 15.8 GiB."""
    with pytest.raises(ValueError, match=r"46000, 1\] would need 15.8 GiB, .* 1 GiB"):
        snn.init_params([2, 46000, 46000, 1])
    with pytest.raises(ValueError, match=r"would need 6.71 GiB"):
        snn.init_params([3, 30000, 30000, 2])  # in float64, as init_params makes


@pytest.mark.parametrize(
    ("call", "match"),
    [(lambda: snn.predict_proba(np.zeros((2, 10**8), np.float32),
                                snn.init_params([2, 50, 1])),
      r"X of 100000000 examples through a layer of 50 units: the activations "
      r"would need 37.3 GiB"),
     (lambda: snn.dropout_mask((10**6, 10**6), 0.5, 0),
      r"a mask of shape \(1000000, 1000000\) would need"),
     (lambda: snn.confusion_matrix(np.array([0]), np.array([0]), n_classes=10**6),
      r"a confusion matrix of n_classes = 1000000 would need 7.45e\+03 GiB"),
     (lambda: snn.new_figure(10**6), r"ncols is 1000000, above .* at most 50"),
     (lambda: snn.new_figure(1, 51), r"nrows is 51, above .* at most 50"),
     (lambda: snn.plot_digits(np.zeros((64, 2)), ncols=10**9),
      r"ncols is 1000000000, above"),
     (lambda: snn.plot_decision_boundary(lambda P: P[:1] > 0, np.eye(2), [0, 1],
                                         resolution=20000),
      r"resolution is 20000, above scratchnn's limit of at most 1000")],
    ids=["predict", "dropout_mask", "confusion_matrix", "new_figure", "nrows",
         "plot_digits", "resolution"],
)  # fmt: skip
def test_sizes_beyond_the_limits_fail_before_allocating(call, match):
    """Regression: MemoryError (or a hang) after swapping."""
    with pytest.raises(ValueError, match=match):
        call()


def test_a_subnormal_keep_prob_is_refused_by_forward_prop():
    """Regression: 1 / 1e-320 overflowed silently into the masks."""
    with pytest.raises(ValueError, match=r"keep_prob = 9.99989e-321 is too small"):
        snn.forward_prop_with_dropout(
            np.ones((2, 3)), snn.init_params([2, 1]), keep_prob=1e-320
        )


@pytest.mark.parametrize(
    "call",
    [lambda X: snn.forward_prop(X, snn.init_params([2, 1])),
     lambda X: snn.standardize(X),
     lambda X: snn.predict(X, snn.init_params([2, 1])),
     lambda X: snn.cost_function(X[:1] * 0 + 0.5, np.array([[0, 1]]))],
    ids=["forward_prop", "standardize", "predict", "cost_function"],
)  # fmt: skip
def test_np_matrix_is_refused_with_a_clear_message(call):
    """Regression: numpy's PendingDeprecationWarning, then an error deep in numpy."""
    with pytest.warns(PendingDeprecationWarning):  # numpy's, on making one
        X = np.matrix([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(TypeError, match=r"is an np.matrix.*np.asarray"):
        call(X)


@pytest.mark.parametrize(
    ("call", "name"),
    [(lambda: snn.predict([[1.0, 2.0], [3.0]], snn.init_params([2, 1])), "X"),
     (lambda: snn.one_hot([[0, 1], [1]]), "labels"),
     (lambda: snn.standardize([[1.0, 2.0], [3.0]]), "X"),
     (lambda: snn.cost_function([[0.5, 0.5], [0.5]], [[0, 1]]), "AL")],
    ids=["predict", "one_hot", "standardize", "cost_function"],
)  # fmt: skip
def test_a_ragged_list_is_refused_by_name(call, name):
    """Regression: numpy's 'inhomogeneous shape' error, naming no argument."""
    with pytest.raises(ValueError, match=rf"^{name} is a ragged list"):
        call()


def test_one_hot_refuses_a_masked_label():
    """Regression: the value under the mask was encoded."""
    with pytest.raises(TypeError, match="labels is a masked array"):
        snn.one_hot(np.ma.masked_array([0, 1], mask=[0, 1]))


def test_as_array_passes_on_other_value_errors():
    class Broken:
        def __array__(self, dtype=None, copy=None):
            raise ValueError("broken on purpose")

    with pytest.raises(ValueError, match="^broken on purpose$"):
        _checks.as_array(Broken(), "X")
