"""Forward propagation: from the input X to the output AL, keeping caches.

Explained in the chapter "Forward propagation".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    STEP_REMEDY,
    as_array,
    limits,
    recorded_activations,
    validate_finite_inputs,
    validate_inputs,
    validate_matrix,
    validate_numbers,
    validate_params,
    validate_recorded_activations,
    validate_same_device,
    validate_size,
    validated_by,
)
from .activations import ACTIVATIONS
from .cost import validate_activation_names

LinearCache = tuple[NDArray, NDArray, NDArray]


def _validate_linear_forward(A_prev, W, b):
    A_prev = validate_matrix(A_prev, "A_prev")  # a 1-D A_prev would broadcast
    W, b = as_array(W, "W"), as_array(b, "b")
    validate_numbers(W, "W"), validate_numbers(b, "b")  # complex W: complex Z
    if W.ndim != 2:
        raise ValueError(f"W must be a 2-D array (n, n_prev); got shape {W.shape}")
    if W.shape[1] != A_prev.shape[0]:
        raise ValueError(
            f"W has {W.shape[1]} columns but A_prev has {A_prev.shape[0]} rows; "
            "W must have shape (n, n_prev) and A_prev shape (n_prev, m)"
        )
    if b.shape != (W.shape[0], 1):
        raise ValueError(
            f"b must have shape ({W.shape[0]}, 1) to match W; got {b.shape}"
        )
    return {"A_prev": A_prev, "W": W, "b": b}


@validated_by(_validate_linear_forward)
def linear_forward(
    A_prev: NDArray, W: NDArray, b: NDArray
) -> tuple[NDArray, LinearCache]:
    """The linear hypothesis of one layer, ``Z = W @ A_prev + b``.

    Parameters
    ----------
    A_prev : ndarray of shape (n_prev, m)
        Activations of the previous layer (``X`` for the first), one column
        per example.
    W : ndarray of shape (n, n_prev)
        The layer's weights.
    b : ndarray of shape (n, 1)
        The layer's biases, broadcast over the m columns.

    Returns
    -------
    Z : ndarray of shape (n, m)
        The layer's pre-activations.
    cache : tuple
        ``(A_prev, W, b)``, kept for the backward step.

    Raises
    ------
    ValueError
        If A_prev or W is not a 2-D array, W's column count differs from
        A_prev's row count, or b is not of shape ``(n, 1)``.

    Notes
    -----
    Explained in the chapter "Forward propagation".
    """
    Z = W @ A_prev + b
    return Z, (A_prev, W, b)


def validate_activations_fit(X: Any, params: Mapping[str, Any]) -> None:
    """Raise if the forward pass of X through params would allocate a layer's
    activations beyond the ``memory`` limit (:func:`scratchnn.set_limits`)."""
    widest = max(P.shape[0] for P in params.values())  # b{l} has W{l}'s rows
    dtype = params["W1"].dtype
    itemsize = (dtype if X.dtype == dtype else np.result_type(X.dtype, dtype)).itemsize
    if widest * X.shape[1] * itemsize <= limits().memory:
        return  # the usual case, without building the message below
    validate_size(
        widest * X.shape[1],
        f"X of {X.shape[1]} examples through a layer of {widest} units: the "
        "activations",
        itemsize,
    )


def validate_forward_inputs(
    X, params, hidden_activation, output_activation, who="forward_prop"
) -> NDArray:
    """Check what a forward pass takes (the network, X that fits it, the
    activations' names, the ones a network records) and return X as an
    array; :func:`forward_prop` and the dropout forward pass of
    :mod:`scratchnn.regularization` share it."""
    validate_params(params)
    given = hidden_activation, output_activation
    validate_recorded_activations(
        recorded_activations(params), given, who, remedy=STEP_REMEDY
    )
    X = validate_inputs(X, n_x=params["W1"].shape[1])
    validate_activations_fit(X, params)
    validate_same_device(X, params)
    validate_finite_inputs(X, params)
    # The output activation must have a paired cost, as for model and predict.
    validate_activation_names(hidden_activation, output_activation)
    return X


def _validate_forward_prop(X, params, hidden_activation, output_activation):
    X = validate_forward_inputs(X, params, hidden_activation, output_activation)
    return {"X": X}


@validated_by(_validate_forward_prop)
def forward_prop(
    X: NDArray,
    params: Mapping[str, NDArray],
    hidden_activation: str = "sigmoid",
    output_activation: str = "sigmoid",
) -> tuple[NDArray, list[tuple]]:
    """Run the network forward on every example at once.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        The inputs, one column per example.
    params : dict of str to ndarray
        ``W1, b1, ..., WL, bL`` as made by :func:`scratchnn.init_params`.
    hidden_activation : str, default "sigmoid"
        The activation of layers 1 to L-1, a name in
        :data:`scratchnn.activations.ACTIVATIONS`.
    output_activation : {"sigmoid", "softmax"}
        The activation of layer L.

    Returns
    -------
    AL : ndarray of shape (n_L, m)
        The output layer's activations: for a sigmoid output, the
        probability that each example is of class 1.
    caches : list of tuple
        ``caches[l-1]`` is ``((A_prev, W, b), Z)`` for layer ``l``, what the
        backward step needs.

    Raises
    ------
    ValueError
        If X's row count differs from W1's column count, params is not a
        valid network, an activation name is unknown, the output activation
        is not "sigmoid" or "softmax", a layer's activations for X would
        need more than the ``memory`` limit (:func:`scratchnn.set_limits`),
        or params is a :class:`scratchnn.Network` that records other
        activations than these (name them, or pass ``dict(params)``).

    Notes
    -----
    Explained in the chapter "Forward propagation".
    """
    L = len(params) // 2
    g_hidden = ACTIVATIONS[hidden_activation].forward
    g_output = ACTIVATIONS[output_activation].forward
    A = X
    caches = []
    for l in range(1, L + 1):
        A_prev = A
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z, linear_cache = linear_forward(A_prev, W, b)
        g = g_hidden if l < L else g_output
        A, activation_cache = g(Z)  # activation_cache is Z
        caches.append((linear_cache, activation_cache))
    return A, caches
