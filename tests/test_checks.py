"""The checking leaf's own machinery: binding, callables, results."""

from __future__ import annotations

import numpy as np
import pytest

import scratchnn as snn
from scratchnn._checks import (
    RAISE,
    all_finite,
    check_results,
    run_checked,
    sums_finite,
    validate_callable,
    validate_finite_inputs,
    validated_by,
)


@validated_by(lambda a, b, c=3, *, d=4: None)
def _plain(a, b, c=3, *, d=4):
    return (a, b, c, d)


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((1, 2, 3, 4), {}, "too many positional arguments"),
        ((1, 2), {"e": 5}, "got an unexpected keyword argument 'e'"),
        ((1, 2), {"a": 5}, "multiple values for argument 'a'"),
        ((1,), {"c": 5}, "missing a required argument: 'b'"),
    ],
)
def test_a_call_that_does_not_fit_gets_pythons_own_message(args, kwargs, message):
    with pytest.raises(TypeError, match=message):
        _plain(*args, **kwargs)


def test_the_fast_binding_fills_defaults_as_python_does():
    assert _plain(1, 2) == (1, 2, 3, 4)
    assert _plain(1, b=2, d=5) == (1, 2, 3, 5)
    assert _plain(c=0, b=1, a=2) == (2, 1, 0, 4)


def test_a_builtin_without_a_signature_is_trusted_as_a_callable():
    validate_callable(dict.fromkeys, "fn", "fn(x)", 1)  # signature known: fits
    validate_callable(max, "fn", "fn(x, y)", 2)  # no signature to read


def test_results_that_were_passed_in_are_not_blamed():
    """An activation returns its Z as the cache: an infinite Z came in."""
    Z = np.array([[np.inf]])
    check_results((np.array([[1.0]]), Z), "sigmoid", given=((Z,), {}))
    with pytest.raises(ValueError, match=r"sigmoid overflowed: \[1\] holds NaN"):
        check_results((np.array([[1.0]]), np.array([[np.inf]])), "sigmoid")


def test_a_network_takes_valid_activations_and_shows_them():
    network = snn.Network(snn.init_params([2, 1], seed=0))
    network.hidden_activation = "relu"
    network.output_activation = "softmax"
    assert (network.hidden_activation, network.output_activation) == (
        "relu",
        "softmax",
    )
    assert repr(network).endswith(
        "hidden_activation='relu', output_activation='softmax')"
    )


@pytest.mark.parametrize("state", [{"all": "ignore"}, RAISE])
@pytest.mark.parametrize("n", [3, 5000])  # summed together, and one by one
def test_a_finite_sum_proves_finite_entries_and_any_other_looks_closer(state, n):
    ones = np.ones((2, n))
    with np.errstate(**state):
        assert sums_finite([ones, ones.astype(np.float32)])
        for bad in (np.nan, np.inf, -np.inf):
            A = ones.copy()
            A[1, -1] = bad
            assert not sums_finite([ones, A]) and not all_finite(A)
        huge = np.full((2, n), 1e308)  # finite, but its sum overflows (raises)
        assert not sums_finite([huge]) and all_finite(huge)
        both = np.array([[np.inf, -np.inf]])  # inf - inf: NaN, not finite
        assert not sums_finite([both]) and not all_finite(both)
    # Not a numpy float array (a list, CuPy's, integers): the exact test decides.
    assert not sums_finite([[1.0, 2.0]]) and all_finite([1.0, 2.0])
    assert not sums_finite([np.ones((2, 2), dtype=int)])


def test_large_finite_results_are_not_blamed_and_nothing_warns(recwarn):
    """A result whose sum overflows is finite: the sum, checked under the
    body's error state, sends it to the exact test, silently."""
    huge = np.full((2, 3), 1e308)
    with np.errstate(all="warn"):
        assert run_checked("f", "", lambda: huge * 1.0) is not huge
    assert not recwarn.list


def test_finite_inputs_are_blamed_by_name_as_before():
    params = snn.init_params([2, 1], seed=0)
    X = np.ones((2, 3))
    validate_finite_inputs(X, params)
    with pytest.raises(ValueError, match="^X contains NaN or infinite values"):
        validate_finite_inputs(np.full((2, 3), np.inf), params)
    params["b1"] = np.array([[np.nan]])
    with pytest.raises(ValueError, match="params entry b1 contains NaN"):
        validate_finite_inputs(X, params)
