"""Gradient checking: compare backprop with centred finite differences.

Explained in the chapters "Backpropagation: send the error backwards" and
"Check your gradients".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ._validation import validated_by
from ._validation.extras import (
    validate_gradient_check,
    validate_params_to_vector,
    validate_vector_to_params,
)
from .backprop import backprop
from .cost import OUTPUT_COSTS
from .forward import forward_prop


def _keys(L: int) -> list[str]:
    """The parameter names in the order of the vector: W1, b1, ..., WL, bL."""
    return [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"]


@validated_by(validate_params_to_vector)
def params_to_vector(params: Mapping[str, NDArray]) -> NDArray:
    """All parameters as one float64 vector: ``W1, b1, ..., WL, bL`` flattened."""
    keys = _keys(len(params) // 2)
    return np.concatenate([np.ravel(params[k]) for k in keys]).astype(np.float64)


@validated_by(validate_vector_to_params)
def vector_to_params(theta: NDArray, like: Mapping[str, NDArray]) -> dict[str, NDArray]:
    """The inverse of :func:`params_to_vector`, with shapes taken from ``like``."""
    params, start = {}, 0
    for key in _keys(len(like) // 2):
        size = np.size(like[key])
        params[key] = theta[start : start + size].reshape(np.shape(like[key]))
        start += size
    return params


@validated_by(validate_gradient_check)
def gradient_check(
    params: Mapping[str, NDArray],
    X: NDArray,
    Y: NDArray,
    epsilon: float = 1e-6,
    grads: Mapping[str, NDArray] | None = None,
    *,
    hidden_activation: str = "sigmoid",
    output_activation: str = "sigmoid",
    lambd: float = 0.0,
    keep_prob: float = 1.0,
    seed: int | np.random.Generator | None = 0,
) -> float:
    """The relative difference between analytic and numerical gradients.

    Each parameter ``theta_i`` in turn is nudged by ``+epsilon`` and
    ``-epsilon``, and ``(J(theta + e_i) - J(theta - e_i)) / (2 epsilon)``
    approximates ``dJ/dtheta_i`` with an error of order ``epsilon**2``.

    Parameters
    ----------
    params : dict of str to ndarray
        The network at which to compare, ``W1, b1, ..., WL, bL``.
    X : ndarray of shape (n_x, m)
        A few inputs (the check costs two forward passes per parameter).
    Y : ndarray of shape (n_L, m)
        Their labels.
    epsilon : float, default 1e-6
        The nudge.
    grads : dict of str to ndarray, optional
        The analytic gradients to check, with keys ``dW1, db1, ...``: pass
        your own backprop's result to check it. By default scratchnn's
        :func:`scratchnn.backprop` is used.
    hidden_activation, output_activation : str
        The network's activations, as in :func:`scratchnn.forward_prop`.
    lambd : float, default 0.0
        L2 strength, in both the cost and the gradients.
    keep_prob : float, default 1.0
        Dropout; every pass draws the same masks from ``seed``, so the cost
        is one fixed function of the parameters.
    seed : int, numpy.random.Generator or None, default 0
        Seed of the dropout masks. An int seeds every pass, as
        ``forward_prop(..., seed=seed)`` does; from a Generator or None one
        int is drawn first and then seeds every pass.

    Returns
    -------
    float
        ``||g - n|| / (||g|| + ||n||)`` over all parameters flattened
        together, g analytic and n numerical. Below about 1e-7 in float64
        the gradients agree; above 1e-3 there is almost surely a bug.

    Raises
    ------
    ValueError
        If epsilon is not positive, keep_prob is not in (0, 1], seed is a
        negative int or the inputs do not fit the network.
    TypeError
        If epsilon or keep_prob is not a number, or seed is not an int, a
        Generator or None.

    Notes
    -----
    Explained in the chapter "Check your gradients". Everything is computed in
    float64, whatever the parameters' dtype, since float32's rounding error
    would swamp the differences.
    """
    if keep_prob < 1 and not isinstance(seed, int):
        # A Generator or None would draw new masks in every pass.
        seed = int(np.random.default_rng(seed).integers(2**63))
    compute_cost = OUTPUT_COSTS[output_activation]
    theta = params_to_vector(params)
    settings = (hidden_activation, output_activation, keep_prob)

    def cost_at(theta: NDArray) -> float:
        p = vector_to_params(theta, params)
        AL, _ = forward_prop(X, p, *settings, seed=seed)
        return compute_cost(AL, Y, p, lambd)

    if grads is None:
        p = vector_to_params(theta, params)
        AL, caches = forward_prop(X, p, *settings, seed=seed)
        grads = backprop(AL, Y, caches, hidden_activation, output_activation, lambd)
    g = params_to_vector({k[1:]: grads[k] for k in (f"d{key}" for key in params)})

    n = np.empty_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        n[i] = (cost_at(plus) - cost_at(minus)) / (2 * epsilon)
    denominator = np.linalg.norm(g) + np.linalg.norm(n)
    if denominator == 0:  # both exactly zero (a saturated network): they agree
        return 0.0
    return float(np.linalg.norm(g - n) / denominator)
