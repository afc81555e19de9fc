"""Gradient checking: compare backprop with centred finite differences.

:func:`gradient_check` is the algorithm: lay the parameters out in one
vector theta (:func:`params_to_vector`), nudge each entry by plus and minus
epsilon, take the centred difference of the cost, and compare the result
with the analytic gradient by their relative difference. Three private
helpers prepare and finish it: ``_cost_of_theta`` is the cost as a function
of theta (the cross-entropy from the output layer's pre-activation ``ZL``,
accurate where ``AL`` rounds to 0 or 1, plus the L2 penalty, with the same
dropout masks in every pass); ``_analytic_gradient`` flattens the gradients
to check (by default :func:`scratchnn.backprop`'s) in the same order and
bounds how far the rounding of ``AL`` can move a correct one
(``_rounding_in_backprop``); ``_relative_difference`` returns
``||g - n|| / (||g|| + ||n||)``, 0 for a difference within that bound.

Explained in the chapters "Backpropagation: send the error backwards" and
"Check your gradients".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    Arguments,
    as_array,
    validate_finite,
    validate_finite_params,
    validate_grads,
    validate_inputs,
    validate_keep_prob,
    validate_non_negative,
    validate_params,
    validate_positive,
    validate_seed,
    validated_by,
)
from .backprop import backprop
from .cost import validate_activation_names
from .forward import forward_prop
from .model import validate_targets
from .network import resolve_activations
from .regularization import (
    backprop_with_dropout,
    backprop_with_l2,
    forward_prop_with_dropout,
    l2_penalty,
)


def _keys(L: int) -> list[str]:
    """The parameter names in vector order: W1, b1, ..., WL, bL."""
    return [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"]


def _binary_cross_entropy(ZL: NDArray, Y: NDArray) -> NDArray:
    # -log(sigmoid(z)) = log(1 + e^-z) and -log(1 - sigmoid(z)) = log(1 + e^z),
    # computed by logaddexp without ever rounding sigmoid(z) to 1.
    return Y * np.logaddexp(0, -ZL) + (1 - Y) * np.logaddexp(0, ZL)


def _categorical_cross_entropy(ZL: NDArray, Y: NDArray) -> NDArray:
    # -log(softmax(z)_true) = log(sum(e^z)) - z_true = (M - z_true) +
    # log1p(the other terms e^(z - M)), M the max: log(1 + tiny), or M + tiny,
    # would round away the tiny cost of a saturated output.
    M = ZL.max(axis=0, keepdims=True)
    E = np.exp(ZL - M)
    E[ZL.argmax(axis=0), np.arange(ZL.shape[1])] = 0.0  # the max's e^0, the 1
    # M - z_true first: 0 exactly where the true class wins, before the tiny rest.
    return (M - np.sum(Y * ZL, axis=0, keepdims=True)) + np.log1p(
        E.sum(axis=0, keepdims=True)
    )


#: The cross-entropy of each output activation, per example, from the output
#: layer's pre-activation ZL: accurate where AL rounds to 0 or 1 and the
#: clipped log of AL in cost_function loses the cost's slope.
_LOSSES_FROM_Z = {
    "sigmoid": _binary_cross_entropy,
    "softmax": _categorical_cross_entropy,
}


def _rounding_in_backprop(
    AL: NDArray, caches: list, backward, hidden_activation: str, output_activation: str
) -> float:
    """How far a correct backprop's gradients can be off because AL is rounded.

    Backprop starts from AL - Y: where AL rounds to 1, an error of a few ulps
    of AL is all the gradient there is. Sent back with |A_prev| and |W|, every
    term of the backward pass is >= 0, so nothing cancels and the result
    bounds the change whatever the errors' signs.
    """
    absolute = [((np.abs(A), np.abs(W), b), *rest) for (A, W, b), *rest in caches]
    dZ = 4 * np.spacing(AL)
    ulps = backward(dZ, 0 * dZ, absolute, hidden_activation, output_activation)
    return _norm(np.array([_norm(G) for k, G in ulps.items() if k[1] != "A"]))


def _norm(v: NDArray) -> float:
    """``||v||``, computed on v over its largest entry: squares of 1e200 fit."""
    scale = float(np.max(np.abs(v), initial=0.0))
    return scale * float(np.linalg.norm(v / scale)) if scale > 0 else scale  # NaN


def _validate_params_to_vector(params) -> None:
    validate_params(params)


@validated_by(_validate_params_to_vector)
def params_to_vector(params: Mapping[str, NDArray]) -> NDArray:
    """W1, b1, ..., WL, bL flattened into one float64 vector."""
    keys = _keys(len(params) // 2)
    flat = [np.ravel(params[k]) for k in keys]
    return np.concatenate(flat).astype(np.float64)


def _validate_vector_to_params(theta, like) -> Arguments:
    validate_params(like, "like")
    theta = as_array(theta, "theta")  # a list of floats too
    if theta.dtype.kind != "f":
        raise TypeError(
            "theta must be a vector of floats, as params_to_vector returns; got "
            f"dtype {theta.dtype}"
            + (": convert it with theta.astype(float)" if theta.dtype.kind in "iu"
               else "")
        )  # fmt: skip
    n_params = sum(np.size(P) for P in like.values())
    if theta.ndim != 1 or theta.size != n_params:
        raise ValueError(
            f"theta must be a vector of {n_params} entries, one per parameter of "
            f"the network; got shape {theta.shape}"
        )
    return {"theta": theta}


@validated_by(_validate_vector_to_params)
def vector_to_params(
    theta: NDArray,
    like: Mapping[str, NDArray],
) -> dict[str, NDArray]:
    """The inverse of params_to_vector, with the shapes of ``like``."""
    params, start = {}, 0
    for key in _keys(len(like) // 2):
        shape, size = np.shape(like[key]), np.size(like[key])
        params[key] = theta[start : start + size].reshape(shape)
        start += size
    return params


def _cost_of_theta(
    params: Mapping[str, NDArray],
    X: NDArray,
    Y: NDArray,
    hidden_activation: str,
    output_activation: str,
    lambd: float,
    keep_prob: float,
    seed: int | np.random.Generator | None,
) -> Callable[[NDArray], float]:
    """The cost J as a function of the parameter vector theta.

    The cross-entropy comes from the output layer's pre-activation ZL, not
    from the clipped log(AL) of cost_function, which is flat where AL rounds
    to 1; every call draws the same dropout masks from ``seed``.
    """
    loss_from_Z, m = _LOSSES_FROM_Z[output_activation], X.shape[1]
    activations = (hidden_activation, output_activation)

    def cost_at(theta: NDArray) -> float:
        p = vector_to_params(theta, params)
        _, caches = _forward(X, p, activations, keep_prob, seed)
        ZL = caches[-1][1]  # the output layer's cache is ((A_prev, W, b), Z)
        penalty = l2_penalty(p, lambd, m) if lambd > 0 else 0.0
        return float(np.sum(loss_from_Z(ZL, Y)) / m) + penalty

    return cost_at


def _analytic_gradient(
    params: Mapping[str, NDArray],
    X: NDArray,
    Y: NDArray,
    grads: Mapping[str, NDArray] | None,
    hidden_activation: str,
    output_activation: str,
    lambd: float,
    keep_prob: float,
    seed: int | np.random.Generator | None,
) -> tuple[NDArray, float]:
    """The gradient to check as one vector, ordered as theta, and the size of
    the change that the rounding of AL can make in a correct one.

    ``grads`` by default: backprop's gradients at params, in float64.
    """
    activations = (hidden_activation, output_activation)
    p = vector_to_params(params_to_vector(params), params)  # in float64
    AL, caches = _forward(X, p, activations, keep_prob, seed)
    backward = backprop_with_dropout if keep_prob < 1 else backprop
    if grads is None and lambd > 0:
        grads = backprop_with_l2(
            AL, Y, caches, p, lambd, *activations, backward=backward
        )
    elif grads is None:
        grads = backward(AL, Y, caches, *activations)
    g = params_to_vector({k[1:]: grads[k] for k in (f"d{key}" for key in params)})
    rounding = _rounding_in_backprop(AL, caches, backward, *activations)
    return g, rounding


def _forward(X, params, activations, keep_prob, seed) -> tuple[NDArray, list]:
    """The forward pass, with dropout for keep_prob < 1: every pass draws the
    same masks from the same int seed."""
    if keep_prob < 1:
        return forward_prop_with_dropout(
            X, params, *activations, keep_prob=keep_prob, seed=seed
        )
    return forward_prop(X, params, *activations)


def _relative_difference(g: NDArray, n: NDArray, within: float = 0.0) -> float:
    """``||g - n|| / (||g|| + ||n||)``, or 0 if ``||g - n||`` is at most
    ``within`` (the rounding a correct gradient can carry)."""
    difference = max(_norm(g - n) - within, 0.0)
    if difference == 0:  # within rounding, or both exactly zero: they agree
        return 0.0
    return float(difference / (_norm(g) + _norm(n)))


def _validate_gradient_check(
    params,
    X,
    Y,
    epsilon,
    grads,
    *,
    hidden_activation,
    output_activation,
    lambd,
    keep_prob,
    seed,
) -> Arguments:
    epsilon = validate_positive(epsilon, "epsilon")
    if epsilon > 1:
        raise ValueError(
            "epsilon is the nudge of a finite difference and must be small, at "
            f"most 1 (1e-6 is usual); got {epsilon!r}"
        )
    keep_prob, seed = validate_keep_prob(keep_prob), validate_seed(seed)
    L = validate_params(params)
    X = validate_inputs(X, n_x=np.shape(params["W1"])[1])
    # The body's forward passes, costs and backprop run unchecked: check here
    # what they would check.
    validate_finite(X, "X")
    validate_finite_params(params)
    hidden, output = resolve_activations(
        params, hidden_activation, output_activation, who="gradient_check"
    )
    validate_activation_names(hidden, output)
    Y = validate_targets(Y, X.shape[1], np.shape(params[f"W{L}"])[0], output)
    lambd = validate_non_negative(lambd, "lambd")
    if grads is not None:
        validate_grads(params, grads, L)
        # A NaN gradient differs from every number: nothing to measure.
        validate_finite_params(grads, "grads")
    X, Y = X.astype(np.float64), Y.astype(np.float64)
    return {"epsilon": epsilon, "keep_prob": keep_prob, "seed": seed, "X": X, "Y": Y,
            "lambd": lambd}  # fmt: skip


@validated_by(_validate_gradient_check)
def gradient_check(
    params: Mapping[str, NDArray],
    X: NDArray,
    Y: NDArray,
    epsilon: float = 1e-6,
    grads: Mapping[str, NDArray] | None = None,
    *,
    hidden_activation: str | None = None,
    output_activation: str | None = None,
    lambd: float = 0.0,
    keep_prob: float = 1.0,
    seed: int | np.random.Generator | None = 0,
) -> float:
    """The relative difference of analytic and numerical gradients.

    Each parameter ``theta_i`` in turn is nudged by ``+epsilon`` and
    ``-epsilon``: ``(J(theta + epsilon e_i) - J(theta - epsilon e_i)) / (2 epsilon)``
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
    hidden_activation, output_activation : str, optional
        The network's activations, as in :func:`scratchnn.forward_prop`.
        Leave them out for a :class:`scratchnn.Network` from
        :func:`scratchnn.model`, which records them; for a plain dict they
        default to "sigmoid".
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
        Differences no larger than the rounding of ``AL`` to float64 can make
        in ``AL - Y`` do not count: where every output saturates, a correct
        network gives 0.0.

    Raises
    ------
    ValueError
        If epsilon is not in (0, 1], keep_prob is not in (0, 1], seed is a
        negative int, the inputs do not fit the network, an activation is
        unknown or contradicts what ``params`` records, ``grads`` holds NaN
        or infinity, or a pass overflows.
    TypeError
        If epsilon or keep_prob is not a number, or seed is not an int, a
        Generator or None.

    Notes
    -----
    Explained in the chapter "Check your gradients". Everything is computed in
    float64, whatever the parameters' dtype, since float32's rounding error
    would swamp the differences. The numerical cost is the cross-entropy
    computed from the output layer's pre-activation ``ZL``
    (``log(1 + e^-z)`` for a label 1, log-sum-exp minus the true logit for
    softmax), not from the clipped ``log(AL)`` of
    :func:`scratchnn.cost_function`: where a correct network's outputs
    saturate (AL rounds to 1), the clipped cost is flat and would report a
    false alarm.
    """
    if keep_prob < 1 and not isinstance(seed, int):
        # A Generator or None would draw new masks in every pass.
        seed = int(np.random.default_rng(seed).integers(2**63))
    # Those given, else those the network records, else sigmoid:
    activations = resolve_activations(
        params,
        hidden_activation,
        output_activation,
        who="gradient_check",
    )
    network = (*activations, lambd, keep_prob, seed)
    J = _cost_of_theta(params, X, Y, *network)
    g, rounding = _analytic_gradient(params, X, Y, grads, *network)
    theta = params_to_vector(params)
    n = np.empty_like(theta)  # the numerical gradient
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        n[i] = (J(plus) - J(minus)) / (2 * epsilon)
    return _relative_difference(g, n, within=rounding)
