"""Cost functions: binary and categorical cross-entropy.

Explained in the chapters "Measure the error: the cost function" and
"Many classes: softmax on handwritten digits".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    lookup,
    validate_distributions,
    validate_finite,
    validate_labels,
    validate_non_negative,
    validate_one_hot,
    validate_params,
    validate_probabilities,
    validated_by,
)
from .activations import ACTIVATIONS
from .regularization import l2_penalty


def _clip_eps(AL: NDArray) -> float:
    # Machine epsilon, the gap between 1 and the next larger float: 2.2e-16 in
    # float64, 1.2e-7 in float32. 1 - eps is safely below 1, and log(eps) is a
    # large but finite cost.
    return float(np.finfo(AL.dtype).eps) if AL.dtype.kind == "f" else 1e-15


def _validate_cost_function(AL, Y, params, lambd):
    Y = validate_labels(Y)
    return {"Y": Y, "AL": validate_probabilities(AL, Y), **_l2(params, lambd)}


def _l2(params, lambd):
    lambd = validate_non_negative(lambd, "lambd")
    if lambd > 0:
        if params is None:
            raise ValueError("lambd > 0 needs the network: pass params=params")
        validate_params(params)
        for key, P in params.items():
            validate_finite(P, f"params entry {key}", hint="the weights must be finite")
    return {"lambd": lambd}


@validated_by(_validate_cost_function)
def cost_function(
    AL: NDArray,
    Y: NDArray,
    params: Mapping[str, NDArray] | None = None,
    lambd: float = 0.0,
) -> float:
    """Binary cross-entropy, averaged over the m examples.

    ``J = -1/m * sum(Y * log(AL) + (1 - Y) * log(1 - AL))``

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        The predicted probabilities of class 1, the network's output.
    Y : ndarray of shape (1, m)
        The true labels, 0 or 1.
    params : dict of str to ndarray, optional
        The network's parameters; needed only with ``lambd > 0``.
    lambd : float, default 0.0
        L2 regularisation strength; adds ``lambd/(2m) * sum ||W||^2``.

    Returns
    -------
    float
        The cost, a Python float, finite for any AL in [0, 1].

    Raises
    ------
    ValueError
        If AL or Y is not a 2-D array with at least one column, they differ
        in shape, Y holds labels other than 0 and 1, AL holds NaN or values
        outside [0, 1], lambd is negative or not finite, lambd > 0 without
        params, or params is not a valid network.
    TypeError
        If AL or Y does not hold numbers, or lambd is not a number.

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
    # --- l2
    return float(cost) + (l2_penalty(params, lambd, m) if lambd > 0 else 0.0)


def _validate_categorical_cross_entropy(AL, Y, params, lambd):
    Y = validate_one_hot(Y)
    AL = validate_probabilities(AL, Y)
    validate_distributions(AL)
    return {"Y": Y, "AL": AL, **_l2(params, lambd)}


@validated_by(_validate_categorical_cross_entropy)
def categorical_cross_entropy(
    AL: NDArray,
    Y: NDArray,
    params: Mapping[str, NDArray] | None = None,
    lambd: float = 0.0,
) -> float:
    """Categorical cross-entropy, averaged over the m examples.

    ``J = -1/m * sum(Y * log(AL))``, summed over classes and examples.

    Parameters
    ----------
    AL : ndarray of shape (n_classes, m)
        Predicted class probabilities, each column summing to 1 (a softmax
        output).
    Y : ndarray of shape (n_classes, m)
        One-hot true labels: each column holds a single 1.
    params : dict of str to ndarray, optional
        The network's parameters; needed only with ``lambd > 0``.
    lambd : float, default 0.0
        L2 regularisation strength, as in :func:`cost_function`.

    Returns
    -------
    float
        The cost, finite even where the true class has probability 0.

    Raises
    ------
    ValueError
        If AL or Y is not a 2-D array with at least one column, the shapes
        differ, Y is not one-hot, AL holds NaN or values outside [0, 1], a
        column of AL does not sum to 1 (up to rounding), lambd is negative or
        not finite, lambd > 0 without params, or params is not a valid
        network.
    TypeError
        If AL or Y does not hold numbers, or lambd is not a number.

    Notes
    -----
    Explained in the chapter "Many classes: softmax on handwritten digits".
    With two classes it equals :func:`cost_function` on the second row.
    """
    m = Y.shape[1]
    P = AL.clip(_clip_eps(AL), 1.0)
    cost = -np.sum(Y * np.log(P)) / m
    # --- l2
    return float(cost) + (l2_penalty(params, lambd, m) if lambd > 0 else 0.0)


#: The cost that goes with each output activation. For both pairs the
#: gradient of the cost with respect to the output's Z is simply AL - Y.
OUTPUT_COSTS: dict[str, Callable[..., float]] = {
    "sigmoid": cost_function,
    "softmax": categorical_cross_entropy,
}


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
