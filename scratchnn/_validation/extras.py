"""The guards of part 2: optimisers, regularisation and gradient checking.

Each ``validate_<name>`` takes the arguments of the function ``<name>`` by
name, raises if one is wrong, and returns the ones it converted; the function
wears it as ``@validated_by(validate_<name>)`` (see the package's docstring).
What the function's body calls runs unchecked, so a guard also checks what
those inner calls would have checked (``update_parameters_with_adam`` steps
through ``update_parameters``: its guard checks the learning rate).
"""

from __future__ import annotations

import math
from numbers import Integral
from typing import Any

import numpy as np

from . import (
    largest,
    lookup,
    validate_dtype,
    validate_finite,
    validate_fits,
    validate_forward_fits,
    validate_grads,
    validate_inputs,
    validate_keep_prob,
    validate_like,
    validate_matrix,
    validate_non_negative,
    validate_numbers,
    validate_optimizer_options,
    validate_params,
    validate_positive,
    validate_positive_int,
    validate_seed,
)
from .steps import _activation_names, _finite_params, _targets, validate_step_fits

Arguments = dict[str, Any]


# --- optimizers


def validate_batch_indices(m, batch_size, rng) -> Arguments:
    return {
        "m": validate_positive_int(m, "m", minimum=0),
        "batch_size": validate_positive_int(batch_size, "batch_size"),
        # default_rng hands a Generator back unchanged, and seeds one from an int.
        "rng": np.random.default_rng(validate_seed(rng)),
    }


def validate_random_mini_batches(X, Y, batch_size, seed) -> Arguments:
    X, Y = validate_matrix(X, "X"), validate_matrix(Y, "Y")
    batch_size = validate_positive_int(batch_size, "batch_size")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"X has {X.shape[1]} examples (columns) but Y has {Y.shape[1]}"
        )
    return {"X": X, "Y": Y, "batch_size": batch_size, "seed": validate_seed(seed)}


def validate_decayed_learning_rate(learning_rate, epoch, decay_rate) -> Arguments:
    return {
        "learning_rate": validate_positive(learning_rate, "learning_rate"),
        "decay_rate": validate_non_negative(decay_rate, "decay_rate"),
        "epoch": validate_positive_int(epoch, "epoch", minimum=0),
    }


def validate_initialize_velocity(params) -> None:
    validate_params(params)


def validate_initialize_adam(params) -> None:
    validate_params(params)


def validate_update_parameters_with_momentum(
    params, grads, v, learning_rate, beta, inplace
) -> Arguments:
    validate_optimizer_options({"beta": beta})
    L = validate_params(params)
    validate_grads(params, grads, L)
    validate_grads(params, v, L, "v", "initialize_velocity")
    _finite_params(params)
    _finite_params(grads, "grads")
    _finite_params(v, "v")
    learning_rate = validate_positive(learning_rate, "learning_rate")
    # The new velocity, beta * v + (1 - beta) * dP, is at most max(|v|, |dP|).
    velocity = {k: max(largest(v[k]), largest(grads[k])) for k in grads}
    validate_step_fits(params, velocity, learning_rate)
    return {"learning_rate": learning_rate}


def validate_update_parameters_with_adam(
    params, grads, v, s, t, learning_rate, beta1, beta2, epsilon, inplace
) -> Arguments:
    t = validate_positive_int(t, "t")
    validate_optimizer_options({"beta1": beta1, "beta2": beta2, "epsilon": epsilon})
    L = validate_params(params)
    validate_grads(params, grads, L)
    validate_grads(params, v, L, "v", "initialize_adam")
    validate_grads(params, s, L, "s", "initialize_adam")
    _finite_params(params)
    for name, entries in (("grads", grads), ("v", v), ("s", s)):
        _finite_params(entries, name)
    learning_rate = validate_positive(learning_rate, "learning_rate")
    steps = {}
    for key in params:
        if params[key].dtype.type(epsilon) == 0:  # then 0 / (0 + epsilon) is NaN
            raise ValueError(
                f"epsilon = {epsilon:g} is 0 in {params[key].dtype}, the dtype of "
                f"{key}; use a larger epsilon, or float32 or float64 parameters"
            )
        G, V = grads[f"d{key}"], v[f"d{key}"]
        validate_fits(
            largest(G) * largest(G), G.dtype, f"the square of d{key} in Adam's s",
            "the gradients are too large: clip them, or scale X",
        )  # fmt: skip
        # |v_hat| / (sqrt(s_hat) + epsilon) <= |v_hat| / epsilon.
        v_hat = max(largest(V), largest(G)) / (1 - beta1**t)
        steps[f"d{key}"] = v_hat / epsilon
    validate_step_fits(params, steps, learning_rate)
    return {"t": t, "learning_rate": learning_rate}


def validate_get_optimizer(name) -> None:
    from ..optimizers import OPTIMIZERS

    lookup(OPTIMIZERS, name, "optimizer")


# --- regularization


def validate_l2_penalty(params, lambd, m) -> Arguments:
    from ..regularization import _sum_of_squares

    lambd = validate_non_negative(lambd, "lambd")
    m = validate_positive_int(m, "m")
    validate_params(params)
    total = _sum_of_squares(params)
    if not math.isfinite(total):  # one NaN weight would make the cost NaN
        L = len(params) // 2
        sizes = [largest(params[f"W{l}"]) for l in range(1, L + 1)]
        cause = (
            f"the weights are too large to square (|W| up to {max(sizes):.3g})"
            if all(map(math.isfinite, sizes))
            else "the weights must be finite"
        )
        raise ValueError(
            f"{cause}; the sum of their squares is {total} (did training diverge?)"
        )
    validate_fits(lambd / (2 * m) * total, np.float64, "the L2 penalty",
                  "lower lambd")  # fmt: skip
    return {"lambd": lambd, "m": m}


def validate_l2_gradient(W, lambd, m) -> Arguments:
    lambd = validate_non_negative(lambd, "lambd")
    m, W = validate_positive_int(m, "m"), validate_numbers(W, "W")
    validate_finite(W, "W", hint="did training diverge?")  # 0 * inf is NaN
    validate_fits(lambd / m, W.dtype, f"lambd / m in {W.dtype}", "lower lambd")
    validate_fits(lambd / m * largest(W), W.dtype, "lambd / m * W", "lower lambd")
    return {"lambd": lambd, "m": m, "W": W}


def validate_dropout_mask(shape, keep_prob, rng, dtype, like=None) -> Arguments:
    keep_prob = validate_keep_prob(keep_prob)
    dtype = validate_dtype(dtype)
    validate_like(like)
    if dtype.type(keep_prob) * np.finfo(dtype).max < 1:
        raise ValueError(
            f"keep_prob = {keep_prob:g} is too small for {dtype}: 1 / keep_prob "
            "overflows it; use a larger keep_prob"
        )
    return {
        "shape": _mask_shape(shape),
        "keep_prob": keep_prob,
        "rng": validate_seed(rng),
        "dtype": dtype,
    }


def _mask_shape(shape: Any) -> tuple[int, int]:
    if not isinstance(shape, tuple) or len(shape) != 2:
        raise TypeError(
            "shape must be a tuple of two integers (n_l, m), such as A.shape; "
            f"got {shape!r}"
        )
    for n in shape:
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 0:
            raise ValueError(
                f"each entry of shape must be an integer >= 0; got {shape}"
            )
    return shape


# --- gradcheck


def validate_params_to_vector(params) -> None:
    validate_params(params)


def validate_vector_to_params(theta, like) -> Arguments:
    validate_params(like)
    theta = np.asarray(theta)  # a list of floats too
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


def validate_gradient_check(
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
    _finite_params(params)
    _activation_names(hidden_activation, output_activation)
    Y = _targets(Y, X.shape[1], np.shape(params[f"W{L}"])[0], output_activation)
    lambd = validate_non_negative(lambd, "lambd")
    # The nudged networks, whose weights can be up to epsilon larger.
    nudged = {k: np.abs(P) + epsilon for k, P in params.items()}
    validate_forward_fits(X, nudged, hidden_activation, output_activation, keep_prob)
    if grads is not None:
        validate_grads(params, grads, L)
    X, Y = X.astype(np.float64), Y.astype(np.float64)
    return {"epsilon": epsilon, "keep_prob": keep_prob, "seed": seed, "X": X, "Y": Y,
            "lambd": lambd}  # fmt: skip
