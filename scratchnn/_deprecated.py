"""The options 0.2.0 threaded through part 1's steps, for one more release.

Since 0.3.0 the steps of chapters 1 to 7 are the algorithm alone, and dropout,
L2, in-place updates, dtypes and devices come in by composition in part 2's
modules. What a 0.2.0 user wrote still works for one release: ``scratchnn``
exports, under each step's name, the thin alias below. Without an old option
it calls the plain step and nothing else; with one, it warns
(``DeprecationWarning``, naming the replacement) and calls the replacement.

Each alias wraps its plain step with :func:`functools.wraps`, so that
``show()``, ``inspect.signature`` and the API reference see the plain
function, which is what the chapters show. This module imports both parts;
no step imports it.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np

from . import backprop as _backprop
from . import cost as _cost
from . import forward as _forward
from . import init as _init
from . import optimizers as _optimizers
from . import update as _update
from ._checks import (
    validate_bool,
    validate_dtype,
    validate_keep_prob,
    validate_like,
    validate_non_negative,
    validate_seed,
)
from .devices import convert_params
from .regularization import (
    backprop_with_dropout,
    backprop_with_l2,
    cost_with_l2,
    forward_prop_with_dropout,
    one_layer_backward_with_dropout,
)

F = TypeVar("F", bound=Callable[..., Any])

#: An option the caller did not pass (None is a value some options take).
_UNSET: Any = object()


def _alias(plain: F) -> Callable[[Callable[..., Any]], F]:
    """Make the decorated function the deprecated alias of ``plain``, typed
    as ``plain`` for type checkers: the old options are for old code only."""

    def decorate(alias: Callable[..., Any]) -> F:
        wrapped = functools.wraps(plain)(alias)
        wrapped.__module__ = __name__  # scratchnn.<name> is this, not plain
        return cast(F, wrapped)

    return decorate


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated since scratchnn 0.3.0 and goes in 0.4.0; {new}",
        DeprecationWarning,
        stacklevel=3,  # the caller of the alias
    )


@_alias(_init.init_params)
def init_params(layer_dims, seed=None, method="xavier", dtype=_UNSET, like=_UNSET):
    if dtype is _UNSET and like is _UNSET:
        return _init.init_params(layer_dims, seed, method)
    _deprecated(
        "init_params(..., dtype=, like=)",
        "use convert_params(init_params(layer_dims, seed), dtype, like=X)",
    )
    dtype = validate_dtype(np.float64 if dtype is _UNSET else dtype)
    like = None if like is _UNSET else like
    validate_like(like)
    return convert_params(_init.init_params(layer_dims, seed, method), dtype, like)


@_alias(_forward.forward_prop)
def forward_prop(
    X,
    params,
    hidden_activation="sigmoid",
    output_activation="sigmoid",
    keep_prob=_UNSET,
    seed=_UNSET,
):
    activations = (hidden_activation, output_activation)
    if keep_prob is _UNSET and seed is _UNSET:
        return _forward.forward_prop(X, params, *activations)
    _deprecated(
        "forward_prop(..., keep_prob=, seed=)",
        "use forward_prop_with_dropout(X, params, ..., keep_prob=..., seed=...)",
    )
    keep_prob = validate_keep_prob(1.0 if keep_prob is _UNSET else keep_prob)
    seed = validate_seed(None if seed is _UNSET else seed)
    if keep_prob == 1:  # as in 0.2.0: no mask, nothing drawn
        return _forward.forward_prop(X, params, *activations)
    return forward_prop_with_dropout(
        X, params, *activations, keep_prob=keep_prob, seed=seed
    )


def _cost_alias(plain: F, output_activation: str) -> F:
    @_alias(plain)
    def cost(AL, Y, params=_UNSET, lambd=_UNSET):
        if params is _UNSET and lambd is _UNSET:
            return plain(AL, Y)
        name = plain.__name__
        _deprecated(
            f"{name}(..., params=, lambd=)",
            f"use cost_with_l2(AL, Y, params, lambd, {output_activation!r})",
        )
        lambd = validate_non_negative(0.0 if lambd is _UNSET else lambd, "lambd")
        if lambd == 0:
            return plain(AL, Y)
        if params is _UNSET or params is None:
            raise ValueError("lambd > 0 needs the network: pass params=params")
        return cost_with_l2(AL, Y, params, lambd, output_activation)

    return cost


cost_function = _cost_alias(_cost.cost_function, "sigmoid")
categorical_cross_entropy = _cost_alias(_cost.categorical_cross_entropy, "softmax")


def _masked(caches: Any) -> bool:
    """Caches of a forward pass with dropout: 0.2.0's backprop took them."""
    return isinstance(caches, list | tuple) and any(
        isinstance(cache, tuple) and len(cache) == 3 for cache in caches
    )


@_alias(_backprop.backprop)
def backprop(
    AL,
    Y,
    caches,
    hidden_activation="sigmoid",
    output_activation="sigmoid",
    lambd=_UNSET,
    compute_dA0=_UNSET,
):
    activations = (hidden_activation, output_activation)
    masked = _masked(caches)
    if lambd is _UNSET and compute_dA0 is _UNSET and not masked:
        return _backprop.backprop(AL, Y, caches, *activations)
    if masked:
        _deprecated(
            "backprop on caches with dropout masks",
            "use backprop_with_dropout(AL, Y, caches, ...)",
        )
    if lambd is not _UNSET:
        _deprecated(
            "backprop(..., lambd=)",
            "use backprop_with_l2(AL, Y, caches, params, lambd, ...)",
        )
    if compute_dA0 is not _UNSET:
        _deprecated(
            "backprop(..., compute_dA0=)",
            "backprop no longer computes dA0; one_layer_backward on layer 1 gives it",
        )
    lambd = validate_non_negative(0.0 if lambd is _UNSET else lambd, "lambd")
    compute_dA0 = validate_bool(
        masked if compute_dA0 is _UNSET else compute_dA0, "compute_dA0"
    )
    backward = backprop_with_dropout if masked else _backprop.backprop
    if lambd > 0:
        # 0.2.0 took the weights from the caches: the network that made them.
        params = {}
        for l, ((_, W, b), *_) in enumerate(caches, start=1):
            params[f"W{l}"], params[f"b{l}"] = W, b
        grads = backprop_with_l2(
            AL, Y, caches, params, lambd, *activations, backward=backward
        )
    else:
        grads = backward(AL, Y, caches, *activations)
    if compute_dA0 and "dA0" not in grads:
        grads["dA0"] = _dA0(AL, Y, caches, grads, hidden_activation)
    if not compute_dA0:
        grads.pop("dA0", None)
    return grads


def _dA0(AL, Y, caches, grads, hidden_activation):
    """The gradient with respect to X that 0.2.0's backprop returned."""
    if len(caches) == 1:  # the output layer is layer 1: dZ = AL - Y
        return _backprop.linear_backward(AL - Y, caches[0][0])[0]
    return _backprop.one_layer_backward(grads["dA1"], caches[0], hidden_activation)[0]


@_alias(_backprop.one_layer_backward)
def one_layer_backward(dA, cache, activation="sigmoid", compute_dA_prev=_UNSET):
    if compute_dA_prev is _UNSET and not _masked([cache]):
        return _backprop.one_layer_backward(dA, cache, activation)
    if _masked([cache]):
        _deprecated(
            "one_layer_backward on a cache with a dropout mask",
            "use one_layer_backward_with_dropout(dA, cache, activation)",
        )
        dA_prev, dW, db = one_layer_backward_with_dropout(dA, cache, activation)
    else:
        dA_prev, dW, db = _backprop.one_layer_backward(dA, cache, activation)
    return _without_dA_prev(compute_dA_prev, dA_prev, dW, db)


@_alias(_backprop.linear_backward)
def linear_backward(dZ, linear_cache, compute_dA_prev=_UNSET):
    if compute_dA_prev is _UNSET:
        return _backprop.linear_backward(dZ, linear_cache)
    return _without_dA_prev(
        compute_dA_prev, *_backprop.linear_backward(dZ, linear_cache)
    )


def _without_dA_prev(compute_dA_prev, dA_prev, dW, db):
    """0.2.0's ``compute_dA_prev=False``: ``(None, dW, db)``."""
    if compute_dA_prev is _UNSET:
        return dA_prev, dW, db
    _deprecated(
        "compute_dA_prev=",
        "use layer_gradients(dZ, A_prev) for dW and db alone",
    )
    return (dA_prev if validate_bool(compute_dA_prev, "compute_dA_prev") else None,
            dW, db)  # fmt: skip


def _in_place(name: str, inplace: Any) -> bool:
    if inplace is _UNSET:
        return False
    _deprecated(
        f"{name}(..., inplace=)",
        "use its result (new arrays); model's optimisers write into their "
        "own arrays (OPTIMIZERS, write_into)",
    )
    return validate_bool(inplace, "inplace")


@_alias(_update.update_parameters)
def update_parameters(params, grads, learning_rate, inplace=_UNSET):
    if not _in_place("update_parameters", inplace):
        return _update.update_parameters(params, grads, learning_rate)
    new = _update.update_parameters(params, grads, learning_rate)
    return dict(_optimizers.write_into(params, new))


@_alias(_optimizers.update_parameters_with_momentum)
def update_parameters_with_momentum(
    params, grads, v, learning_rate, beta=0.9, inplace=_UNSET
):
    plain = _optimizers.update_parameters_with_momentum
    in_place = _in_place("update_parameters_with_momentum", inplace)
    new, v = plain(params, grads, v, learning_rate, beta)
    return (dict(_optimizers.write_into(params, new)) if in_place else new), v


@_alias(_optimizers.update_parameters_with_adam)
def update_parameters_with_adam(
    params,
    grads,
    v,
    s,
    t,
    learning_rate,
    beta1=0.9,
    beta2=0.999,
    epsilon=1e-8,
    inplace=_UNSET,
):
    plain = _optimizers.update_parameters_with_adam
    in_place = _in_place("update_parameters_with_adam", inplace)
    new, v, s = plain(params, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
    return (dict(_optimizers.write_into(params, new)) if in_place else new), v, s
