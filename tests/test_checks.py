"""The checking leaf's own machinery: binding, callables, results."""

from __future__ import annotations

import numpy as np
import pytest

import scratchnn as snn
from scratchnn._checks import (
    check_results,
    validate_callable,
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
