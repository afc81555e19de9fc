"""Tests for scratchnn.network: the one rule for which activations to use."""

from __future__ import annotations

import pytest

from scratchnn.init import init_params
from scratchnn.network import Network, resolve_activations

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
