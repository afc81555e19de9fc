"""Cost functions: binary and categorical cross-entropy.

Explained in the chapters "Measure the error: the cost function" and
"Many classes: softmax on handwritten digits".
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    lookup,
    validate_distributions,
    validate_labels,
    validate_one_hot,
    validate_probabilities,
    validated_by,
)
from .activations import ACTIVATIONS


def _clip_eps(AL: NDArray) -> float:
    # Machine epsilon, the gap between 1 and the next larger float: 2.2e-16 in
    # float64, 1.2e-7 in float32. 1 - eps is safely below 1, and log(eps) is a
    # large but finite cost.
    return _eps(AL.dtype) if AL.dtype.kind == "f" else 1e-15


@functools.lru_cache(maxsize=8)
def _eps(dtype: np.dtype) -> float:
    # Once per dtype: np.finfo costs about a microsecond, at every step.
    return float(np.finfo(dtype).eps)


def _validate_cost_function(AL, Y):
    Y = validate_labels(Y)
    return {"Y": Y, "AL": validate_probabilities(AL, Y)}


@validated_by(_validate_cost_function)
def cost_function(AL: NDArray, Y: NDArray) -> float:
    """Binary cross-entropy, averaged over the m examples.

    ``J = -1/m * sum(Y * log(AL) + (1 - Y) * log(1 - AL))``

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        The predicted probabilities of class 1, the network's output.
    Y : ndarray of shape (1, m)
        The true labels, 0 or 1.

    Returns
    -------
    float
        The cost, a Python float, finite for any AL in [0, 1].

    Raises
    ------
    ValueError
        If AL or Y is not a 2-D array with at least one column, they differ
        in shape, Y holds labels other than 0 and 1, or AL holds NaN or
        values outside [0, 1].
    TypeError
        If AL or Y does not hold numbers.

    Notes
    -----
    Explained in the chapter "Measure the error: the cost function". ``AL``
    is clipped to ``[eps, 1 - eps]`` inside the logarithms, so a prediction of exactly 0
    or 1 costs a large but finite amount instead of ``log(0) = -inf``.
    """
    m = Y.shape[1]
    eps = _clip_eps(AL)
    P = AL.clip(eps, 1 - eps)
    cost = -np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m
    return float(cost)


def _validate_categorical_cross_entropy(AL, Y):
    Y = validate_one_hot(Y)
    AL = validate_probabilities(AL, Y)
    validate_distributions(AL)
    return {"Y": Y, "AL": AL}


@validated_by(_validate_categorical_cross_entropy)
def categorical_cross_entropy(AL: NDArray, Y: NDArray) -> float:
    """Categorical cross-entropy, averaged over the m examples.

    ``J = -1/m * sum(Y * log(AL))``, summed over classes and examples.

    Parameters
    ----------
    AL : ndarray of shape (n_classes, m)
        Predicted class probabilities, each column summing to 1 (a softmax
        output).
    Y : ndarray of shape (n_classes, m)
        One-hot true labels: each column holds a single 1.

    Returns
    -------
    float
        The cost, finite even where the true class has probability 0.

    Raises
    ------
    ValueError
        If AL or Y is not a 2-D array with at least one column, the shapes
        differ, Y is not one-hot, AL holds NaN or values outside [0, 1], or
        a column of AL does not sum to 1 (up to rounding).
    TypeError
        If AL or Y does not hold numbers.

    Notes
    -----
    Explained in the chapter "Many classes: softmax on handwritten digits".
    With two classes it equals :func:`cost_function` on the second row.
    """
    m = Y.shape[1]
    P = AL.clip(_clip_eps(AL), 1.0)
    # Y * -log(P), not -(Y * log(P)): a perfect fit costs 0.0, not -0.0.
    cost = np.sum(Y * -np.log(P)) / m
    return float(cost)


#: The cost that goes with each output activation. For both pairs the
#: gradient of the cost with respect to the output's Z is simply AL - Y.
OUTPUT_COSTS: dict[str, Callable[..., float]] = {
    "sigmoid": cost_function,
    "softmax": categorical_cross_entropy,
}


def validate_cost_inputs(AL, Y, output_activation) -> dict:
    """Check AL and Y as the cost of ``output_activation`` takes them and
    return them as arrays (by name): for the compositions of
    :mod:`scratchnn.regularization`, whose bodies call the cost unchecked."""
    validate = {
        "sigmoid": _validate_cost_function,
        "softmax": _validate_categorical_cross_entropy,
    }[output_activation]
    return validate(AL, Y)


def validate_activation_names(hidden_activation, output_activation) -> None:
    """Raise unless both names are activations, and the output one has a
    paired cost (only those have ``dZ = AL - Y`` in backprop)."""
    lookup(ACTIVATIONS, hidden_activation, "activation", "hidden_activation")
    lookup(ACTIVATIONS, output_activation, "activation", "output_activation")
    lookup(OUTPUT_COSTS, output_activation, "output activation", "output_activation")


def _validate_get_cost(output_activation):
    lookup(OUTPUT_COSTS, output_activation, "output activation")


@validated_by(_validate_get_cost)
def get_cost(output_activation: str) -> Callable[..., float]:
    """Return the cost function that pairs with ``output_activation``.

    Raises
    ------
    ValueError
        If the output activation has no cost here; the message lists those
        that do ("sigmoid", "softmax").
    TypeError
        If ``output_activation`` is not a string.
    """
    return OUTPUT_COSTS[output_activation]
