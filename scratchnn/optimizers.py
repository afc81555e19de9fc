"""Mini-batches and optimisers: gradient descent, momentum and Adam.

Explained in the chapter "Take better steps: mini-batches and optimisers".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    Arguments,
    lookup,
    validate_finite_params,
    validate_grads,
    validate_matrix,
    validate_non_negative,
    validate_optimizer_options,
    validate_params,
    validate_positive,
    validate_positive_int,
    validate_seed,
    validated_by,
)
from .update import update_parameters

Params = dict[str, NDArray]

#: What an overflow of an optimiser's step most often means.
STEP_CAUSE = "the learning rate is probably too large; lower it"
ADAM_CAUSE = (
    "the learning rate or the gradients are probably too large; lower the "
    "learning rate, or scale X"
)


def _validate_batch_indices(m, batch_size, rng) -> Arguments:
    return {
        "m": validate_positive_int(m, "m", minimum=0),
        "batch_size": validate_positive_int(batch_size, "batch_size"),
        # default_rng hands a Generator back unchanged, and seeds one from an int.
        "rng": np.random.default_rng(validate_seed(rng)),
    }


@validated_by(_validate_batch_indices)
def batch_indices(
    m: int,
    batch_size: int,
    rng: np.random.Generator,
) -> list[NDArray]:
    """Shuffle ``range(m)``, cut it into batches of ``batch_size``.

    The last batch holds the ``m % batch_size`` examples left over, if any.
    This is the one shuffling routine: :func:`random_mini_batches` and
    :func:`scratchnn.model` both use it, so a seed gives the same batches.
    """
    order = rng.permutation(m)
    return [order[k : k + batch_size] for k in range(0, m, batch_size)]


def _validate_random_mini_batches(X, Y, batch_size, seed) -> Arguments:
    X, Y = validate_matrix(X, "X"), validate_matrix(Y, "Y")
    batch_size = validate_positive_int(batch_size, "batch_size")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"X has {X.shape[1]} examples (columns) but Y has {Y.shape[1]}"
        )
    return {"X": X, "Y": Y, "batch_size": batch_size, "seed": validate_seed(seed)}


@validated_by(_validate_random_mini_batches)
def random_mini_batches(
    X: NDArray,
    Y: NDArray,
    batch_size: int = 64,
    seed: int | np.random.Generator | None = None,
) -> list[tuple[NDArray, NDArray]]:
    """Shuffle the examples and split them into mini-batches.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Inputs, one column per example.
    Y : ndarray of shape (n_y, m)
        Labels, one column per example (shuffled with the same order as X).
    batch_size : int, default 64
        Examples per batch, >= 1.
    seed : int, numpy.random.Generator or None
        Seed of the shuffle, an int >= 0; None draws a fresh one.

    Returns
    -------
    list of (X_batch, Y_batch)
        ``X_batch`` of shape ``(n_x, batch_size)``, ``Y_batch`` of shape
        ``(n_y, batch_size)``; the last pair is smaller when ``batch_size``
        does not divide m.

    Raises
    ------
    ValueError
        If X or Y is not a 2-D array with at least one column, X and Y have
        different numbers of columns, ``batch_size`` is not an integer >= 1
        or ``seed`` is a negative int.
    TypeError
        If X or Y does not hold numbers, or ``seed`` is not an int, a
        Generator or None.

    Notes
    -----
    Explained in the chapter "Take better steps: mini-batches and optimisers".
    """
    rng = np.random.default_rng(seed)
    batches = batch_indices(X.shape[1], batch_size, rng)
    return [(X[:, k], Y[:, k]) for k in batches]


def _validate_decayed_learning_rate(learning_rate, epoch, decay_rate) -> Arguments:
    return {
        "learning_rate": validate_positive(learning_rate, "learning_rate"),
        "decay_rate": validate_non_negative(decay_rate, "decay_rate"),
        # Beyond float's range the rate is 0 anyway: count it as 2**1023.
        "epoch": min(validate_positive_int(epoch, "epoch", minimum=0), 2**1023),
    }


@validated_by(_validate_decayed_learning_rate)
def decayed_learning_rate(
    learning_rate: float,
    epoch: int,
    decay_rate: float,
) -> float:
    """The learning rate at ``epoch``, by inverse-time decay.

    ``learning_rate / (1 + decay_rate * epoch)``: large steps early move
    fast; smaller ones later let the parameters settle instead of bouncing
    around a minimum.

    Parameters
    ----------
    learning_rate : float
        The learning rate at epoch 0, finite and positive.
    epoch : int
        The epoch (iteration of :func:`scratchnn.model`), an integer
        counting from 0.
    decay_rate : float
        How fast the rate falls, finite and >= 0; 0 keeps it constant.

    Returns
    -------
    float
        The learning rate for this epoch.

    Raises
    ------
    ValueError
        If ``learning_rate`` is not finite and positive, ``decay_rate`` is
        not finite and >= 0, or ``epoch`` is not an integer >= 0.
    TypeError
        If ``learning_rate`` or ``decay_rate`` is not a number.

    Notes
    -----
    Explained in the chapter "Take better steps: mini-batches and optimisers".
    """
    return learning_rate / (1.0 + decay_rate * epoch)


def _validate_initialize_velocity(params) -> None:
    validate_params(params)


@validated_by(_validate_initialize_velocity)
def initialize_velocity(params: Mapping[str, NDArray]) -> Params:
    """Zero velocities ``dW{l}``, ``db{l}``, keyed as the gradients.

    Raises
    ------
    TypeError
        If ``params`` is not a dict of numpy arrays.
    ValueError
        If ``params`` lacks a key ``W{l}`` or ``b{l}``, has others, or holds
        arrays of shapes that do not fit together.
    """
    return {f"d{k}": np.zeros_like(P) for k, P in params.items()}


def _validate_update_parameters_with_momentum(
    params, grads, v, learning_rate, beta
) -> Arguments:
    validate_optimizer_options({"beta": beta})
    L = validate_params(params)
    validate_grads(params, grads, L)
    validate_grads(params, v, L, "v", "initialize_velocity")
    validate_finite_params(params)
    validate_finite_params(grads, "grads")
    validate_finite_params(v, "v")
    return {"learning_rate": validate_positive(learning_rate, "learning_rate")}


@validated_by(_validate_update_parameters_with_momentum, cause=STEP_CAUSE)
def update_parameters_with_momentum(
    params: Mapping[str, NDArray],
    grads: Mapping[str, NDArray],
    v: Mapping[str, NDArray],
    learning_rate: float,
    beta: float = 0.9,
) -> tuple[Params, Params]:
    """One step of gradient descent with momentum (Polyak, 1964).

    ``v = beta * v + (1 - beta) * dP`` then ``P = P - learning_rate * v``,
    for every parameter P: the step follows an exponentially weighted
    average of recent gradients, which damps zig-zags across a valley.

    Parameters
    ----------
    params, grads : dict of str to ndarray
        As for :func:`scratchnn.update_parameters`.
    v : dict of str to ndarray
        The velocities, keyed like ``grads`` (from :func:`initialize_velocity`).
    learning_rate : float
        Step size, finite and positive.
    beta : float, default 0.9
        How much of the previous velocity is kept, in [0, 1).

    Returns
    -------
    params, v : dict of str to ndarray
        New parameters and velocities, new arrays: the inputs are not
        changed.

    Raises
    ------
    ValueError
        If ``beta`` is not in [0, 1), ``learning_rate`` is not finite and
        positive, ``grads`` or ``v`` lacks a parameter's entry or has one
        of another shape, an entry holds NaN or infinity, or the step
        overflows (a learning rate that is too large).
    TypeError
        If ``beta`` or ``learning_rate`` is not a number, ``params`` is not a
        dict of numpy arrays, or ``grads`` or ``v`` is not a dict.
    """
    v = {k: beta * v[k] + (1 - beta) * grads[k] for k in v}
    return update_parameters(params, v, learning_rate), v


def _validate_initialize_adam(params) -> None:
    validate_params(params)


@validated_by(_validate_initialize_adam)
def initialize_adam(
    params: Mapping[str, NDArray],
) -> tuple[Params, Params]:
    """Zero first and second moment estimates ``v`` and ``s``.

    Raises
    ------
    TypeError
        If ``params`` is not a dict of numpy arrays.
    ValueError
        If ``params`` lacks a key ``W{l}`` or ``b{l}``, has others, or holds
        arrays of shapes that do not fit together.
    """
    return initialize_velocity(params), initialize_velocity(params)


def _validate_update_parameters_with_adam(
    params, grads, v, s, t, learning_rate, beta1, beta2, epsilon
) -> Arguments:
    t = validate_positive_int(t, "t")
    validate_optimizer_options({"beta1": beta1, "beta2": beta2, "epsilon": epsilon})
    L = validate_params(params)
    validate_grads(params, grads, L)
    validate_grads(params, v, L, "v", "initialize_adam")
    validate_grads(params, s, L, "s", "initialize_adam")
    validate_finite_params(params)
    for name, entries in (("grads", grads), ("v", v), ("s", s)):
        validate_finite_params(entries, name)
    learning_rate = validate_positive(learning_rate, "learning_rate")
    for key, P in params.items():
        if P.dtype.type(epsilon) == 0:  # then 0 / (0 + epsilon) is NaN
            raise ValueError(
                f"epsilon = {epsilon:g} is 0 in {P.dtype}, the dtype of {key}; use "
                "a larger epsilon, or float32 or float64 parameters"
            )
    return {"t": t, "learning_rate": learning_rate}


@validated_by(_validate_update_parameters_with_adam, cause=ADAM_CAUSE)
def update_parameters_with_adam(
    params: Mapping[str, NDArray],
    grads: Mapping[str, NDArray],
    v: Mapping[str, NDArray],
    s: Mapping[str, NDArray],
    t: int,
    learning_rate: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
) -> tuple[Params, Params, Params]:
    """One step of Adam (Kingma and Ba, 2015).

    ``v`` averages the gradients and ``s`` their squares; both start at 0,
    so they are divided by ``1 - beta**t`` (bias correction) before the step
    ``P = P - learning_rate * v_hat / (sqrt(s_hat) + epsilon)``, which gives
    each parameter its own step size.

    Parameters
    ----------
    params, grads : dict of str to ndarray
        As for :func:`scratchnn.update_parameters`.
    v, s : dict of str to ndarray
        Moment estimates keyed like ``grads`` (from :func:`initialize_adam`).
    t : int
        The number of this step, an integer counting from 1 (for bias
        correction).
    learning_rate : float
        Step size, finite and positive.
    beta1, beta2 : float, default 0.9 and 0.999
        Decay rates of the two averages, each in [0, 1).
    epsilon : float, default 1e-8
        Keeps the division finite where ``s`` is 0; finite and positive.

    Returns
    -------
    params, v, s : dict of str to ndarray
        New parameters and moment estimates, new arrays: the inputs are not
        changed.

    Raises
    ------
    ValueError
        If ``t`` is not an integer >= 1, ``beta1`` or ``beta2`` is not in
        [0, 1), ``epsilon`` or ``learning_rate`` is not finite and positive,
        ``grads``, ``v`` or ``s`` lacks a parameter's entry or has one of
        another shape, an entry holds NaN or infinity, ``epsilon`` is 0 in
        the parameters' dtype, or the step overflows (a learning rate or
        gradients that are too large).
    TypeError
        If ``beta1``, ``beta2``, ``epsilon`` or ``learning_rate`` is not a
        number, ``params`` is not a dict of numpy arrays, or ``grads``, ``v``
        or ``s`` is not a dict.
    """
    v = {k: beta1 * v[k] + (1 - beta1) * grads[k] for k in v}
    s = {k: beta2 * s[k] + (1 - beta2) * np.square(grads[k]) for k in s}
    v_hat = {k: v[k] / (1 - beta1**t) for k in v}  # bias-corrected
    s_hat = {k: s[k] / (1 - beta2**t) for k in s}
    steps = {k: v_hat[k] / (np.sqrt(s_hat[k]) + epsilon) for k in v}
    return update_parameters(params, steps, learning_rate), v, s


# --- optimizer table
class Optimizer(NamedTuple):
    """An optimiser as ``model`` uses it: a state, then its steps."""

    init: Callable[[Mapping[str, NDArray]], Any]
    step: Callable[..., tuple[Params, Any]]


# model's steps: it owns its parameters, so each step writes into them.
def _gd_step(params, grads, state, learning_rate, options):
    for key, P in params.items():
        P -= learning_rate * grads[f"d{key}"]  # into P itself
    return params, state


def _momentum_step(params, grads, v, learning_rate, options):
    new, v = update_parameters_with_momentum(
        params, grads, v, learning_rate, options["beta"]
    )
    return write_into(params, new), v


def _adam_init(params):
    return (*initialize_adam(params), 0)


def _adam_step(params, grads, state, learning_rate, options):
    v, s, t = state
    new, v, s = update_parameters_with_adam(
        params, grads, v, s, t + 1, learning_rate,
        options["beta1"], options["beta2"], options["epsilon"],
    )  # fmt: skip
    return write_into(params, new), (v, s, t + 1)


#: Every optimiser by name.
OPTIMIZERS: dict[str, Optimizer] = {
    "gd": Optimizer(lambda params: None, _gd_step),
    "momentum": Optimizer(initialize_velocity, _momentum_step),
    "adam": Optimizer(_adam_init, _adam_step),
}


# --- end


def _validate_write_into(params, new) -> None:
    validate_params(params)
    validate_params(new, "new")
    for key, P in params.items():
        if key not in new or new[key].shape != P.shape:
            raise ValueError(
                f"new must hold every parameter in its shape; {key} has shape "
                f"{P.shape} but new has {getattr(new.get(key), 'shape', None)}"
            )
        if not getattr(getattr(P, "flags", None), "writeable", True):
            raise ValueError(
                f"params entry {key} is read-only, so it cannot be updated in "
                "place; pass writable copies (P.copy())"
            )


@validated_by(_validate_write_into)
def write_into(params: Params, new: Mapping[str, NDArray]) -> Params:
    """Write the values of ``new`` into the arrays of ``params``; return ``params``.

    Parameters
    ----------
    params : dict of str to ndarray
        The arrays to overwrite, ``W1, b1, ..., WL, bL``, writable.
    new : dict of str to ndarray
        Their new values, keyed and shaped like ``params`` (an optimiser's
        result).

    Returns
    -------
    dict of str to ndarray
        ``params`` itself, its arrays now holding ``new``'s values.

    Raises
    ------
    ValueError
        If either is not a valid network, their shapes differ, or an array of
        ``params`` is read-only.

    Notes
    -----
    Explained in the chapter "Take better steps: mini-batches and optimisers":
    ``model`` owns its parameters, so its optimisers' steps write into them
    rather than make new arrays at every step.
    """
    for key, P in params.items():
        P[...] = new[key]
    return params


def _validate_get_optimizer(name) -> None:
    lookup(OPTIMIZERS, name, "optimizer")


@validated_by(_validate_get_optimizer)
def get_optimizer(name: str) -> Optimizer:
    """Return the :class:`Optimizer` registered under ``name``.

    Raises
    ------
    ValueError
        If no optimiser has that name; the message lists the known ones.
    """
    return OPTIMIZERS[name]
