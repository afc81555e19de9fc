"""Forward propagation: from the input X to the output AL, keeping caches.

Explained in the chapter "Forward propagation".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ._validation import validated_by
from ._validation.steps import validate_forward_prop, validate_linear_forward
from .activations import ACTIVATIONS
from .regularization import dropout_mask

LinearCache = tuple[NDArray, NDArray, NDArray]


@validated_by(validate_linear_forward)
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


@validated_by(validate_forward_prop)
def forward_prop(
    X: NDArray,
    params: Mapping[str, NDArray],
    hidden_activation: str = "sigmoid",
    output_activation: str = "sigmoid",
    keep_prob: float = 1.0,
    seed: int | np.random.Generator | None = None,
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
    keep_prob : float, default 1.0
        Inverted dropout on the hidden layers' outputs: each unit is kept with
        this probability. 1.0 (the default) means no dropout; use it for
        predictions.
    seed : int, numpy.random.Generator or None
        Where dropout masks come from; unused when ``keep_prob`` is 1.

    Returns
    -------
    AL : ndarray of shape (n_L, m)
        The output layer's activations: for a sigmoid output, the
        probability that each example is of class 1.
    caches : list of tuple
        ``caches[l-1]`` is ``((A_prev, W, b), Z)`` for layer ``l``, what the
        backward step needs. With dropout, a hidden layer's cache holds its
        mask too: ``((A_prev, W, b), Z, D)``.

    Raises
    ------
    ValueError
        If X's row count differs from W1's column count, params is not a
        valid network, an activation name is unknown or keep_prob is not in
        (0, 1].

    Notes
    -----
    Explained in the chapter "Forward propagation".
    """
    L = len(params) // 2
    g_hidden = ACTIVATIONS[hidden_activation].forward
    g_output = ACTIVATIONS[output_activation].forward
    rng = np.random.default_rng(seed) if keep_prob < 1.0 else None

    A = X
    caches = []
    for l in range(1, L + 1):
        A_prev = A
        Z, linear_cache = linear_forward(A_prev, params[f"W{l}"], params[f"b{l}"])
        g = g_hidden if l < L else g_output
        A, activation_cache = g(Z)  # activation_cache is Z
        cache = (linear_cache, activation_cache)
        # --- dropout
        if l < L and keep_prob < 1.0:
            D = dropout_mask(A.shape, keep_prob, rng, A.dtype, like=A)
            A = A * D
            cache += (D,)
        # --- end
        caches.append(cache)
    return A, caches
