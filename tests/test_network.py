"""Tests for scratchnn.network: the one rule for which activations to use."""

from __future__ import annotations

import numpy as np
import pytest

import scratchnn as snn
from scratchnn.init import init_params
from scratchnn.network import Network, recorded_activations, resolve_activations

PARAMS = init_params([2, 3, 1], seed=0)
RELU = Network(PARAMS, "relu", "sigmoid")


@pytest.mark.parametrize(
    ("recorded", "given", "expected"),
    [
        (PARAMS, (None, None), ("sigmoid", "sigmoid")),  # a plain dict: defaults
        (PARAMS, ("tanh", "softmax"), ("tanh", "softmax")),  # its word is taken
        (RELU, (None, None), ("relu", "sigmoid")),  # what the network records
        (RELU, ("relu", None), ("relu", "sigmoid")),  # the same, said again
        (RELU, (None, "sigmoid"), ("relu", "sigmoid")),
        ((None, None), ("tanh", None), ("tanh", "sigmoid")),  # a recorder's pair
        (("relu", None), (None, None), ("relu", "sigmoid")),
        (("tanh", "softmax"), (None, None), ("tanh", "softmax")),
    ],
)
def test_given_else_recorded_else_sigmoid(recorded, given, expected):
    assert resolve_activations(recorded, *given, who="f") == expected


@pytest.mark.parametrize(
    ("recorded", "given", "message"),
    [
        (
            RELU,
            ("tanh", None),
            "f was given hidden_activation='tanh' but the network records "
            "hidden_activation='relu'; leave it out to use the network's",
        ),
        (
            RELU,
            (None, "softmax"),
            "f was given output_activation='softmax' but the network records "
            "output_activation='sigmoid'; leave it out to use the network's",
        ),
        (
            ("relu", None),
            ("", None),  # an empty name is given, not left out
            "f was given hidden_activation='' but the network records "
            "hidden_activation='relu'; leave it out to use the network's",
        ),
    ],
)
def test_a_contradiction_names_the_caller_the_parameter_and_both_values(
    recorded, given, message
):
    with pytest.raises(ValueError) as error:
        resolve_activations(recorded, *given, who="f")
    assert str(error.value) == message


def test_the_message_says_what_records_them():
    with pytest.raises(ValueError, match="^g was given .* but the run's network "):
        resolve_activations(RELU, "tanh", None, who="g", whose="the run's network")


def test_only_a_network_records_activations():
    class Other(dict):  # a dict of another kind records nothing
        hidden_activation = 3

    assert recorded_activations(RELU) == ("relu", "sigmoid")
    assert recorded_activations(PARAMS) == (None, None)
    assert recorded_activations(Other(PARAMS)) == (None, None)
    assert recorded_activations(("relu", "sigmoid")) == (None, None)


# The steps of the book default to "sigmoid": a network that records another
# activation is refused rather than computed wrong, and dict(network) or the
# recorded name computes it.
X = np.random.default_rng(0).standard_normal((2, 5))
Y = (X[:1] > 0).astype(float)


def _steps(params, **given):
    yield "forward_prop", lambda: snn.forward_prop(X, params, **given)
    yield (
        "forward_prop_with_dropout",
        lambda: snn.forward_prop_with_dropout(
            X, params, keep_prob=0.5, seed=0, **given
        ),
    )
    AL, caches = snn.forward_prop(X, dict(params), **given)
    yield (
        "backprop_with_l2",
        lambda: snn.backprop_with_l2(AL, Y, caches, params, 0.1, **given),
    )
    output = {"output_activation": given["output_activation"]} if given else {}
    yield "cost_with_l2", lambda: snn.cost_with_l2(AL, Y, params, 0.1, **output)


@pytest.mark.parametrize("step", ["forward_prop", "forward_prop_with_dropout",
                                  "backprop_with_l2"])  # fmt: skip
def test_a_step_refuses_a_network_that_records_other_activations(step):
    run = dict(_steps(RELU))[step]
    with pytest.raises(
        ValueError,
        match=rf"^{step} was given hidden_activation='sigmoid' but the network "
        r"records hidden_activation='relu'; pass hidden_activation='relu' \(left "
        r"out, it is \"sigmoid\"\), or compute on dict\(params\) to use another$",
    ):
        run()
    told = dict(_steps(RELU, hidden_activation="relu", output_activation="sigmoid"))
    plain = dict(_steps(dict(RELU), hidden_activation="relu",
                        output_activation="sigmoid"))  # fmt: skip
    assert _equal(told[step](), plain[step]())


def test_cost_with_l2_refuses_a_softmax_network_costed_as_sigmoid():
    softmax = Network(init_params([2, 3, 2], seed=0), "relu", "softmax")
    AL = snn.predict_proba(X, softmax)
    Y2 = np.vstack([1 - Y, Y])
    with pytest.raises(ValueError, match="^cost_with_l2 was given output_activa"):
        snn.cost_with_l2(AL, Y2, softmax, 0.1)
    told = snn.cost_with_l2(AL, Y2, softmax, 0.1, output_activation="softmax")
    assert told == snn.cost_with_l2(AL, Y2, dict(softmax), 0.1, "softmax")


def _equal(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)
    if isinstance(a, tuple):
        return _equal(a[0], b[0])
    return np.array_equal(a, b)
