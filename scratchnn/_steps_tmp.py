"""The guards of the steps of part 1: one validator per public function.

Each ``validate_<name>`` takes the arguments of the function ``<name>`` by
name, raises if one is wrong, and returns the ones it converted. The function
wears it as ``@validated_by(validate_<name>)`` (see the package's docstring).
"""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np

from . import (
    array_kind,
    as_array,
    largest,
    lookup,
    validate_backward,
    validate_backward_fits,
    validate_cache,
    validate_distributions,
    validate_dtype,
    validate_finite,
    validate_fits,
    validate_forward_fits,
    validate_grads,
    validate_inputs,
    validate_keep_prob,
    validate_labels,
    validate_layer_dims,
    validate_like,
    validate_linear_cache,
    validate_matrix,
    validate_non_negative,
    validate_numbers,
    validate_one_hot,
    validate_optimizer_options,
    validate_params,
    validate_positive,
    validate_positive_int,
    validate_probabilities,
    validate_seed,
    validate_size,
)

Arguments = dict[str, Any]


def _activation_names(hidden_activation: Any, output_activation: Any) -> None:
    from ..activations import ACTIVATIONS
    from ..cost import OUTPUT_COSTS

    lookup(ACTIVATIONS, hidden_activation, "activation")
    lookup(ACTIVATIONS, output_activation, "activation")
    # Only outputs with a paired cost have dZ = AL - Y in backprop.
    lookup(OUTPUT_COSTS, output_activation, "output activation")


# --- init


def validate_init_params(layer_dims, seed, method, dtype, like) -> Arguments:
    from ..init import INIT_SCALES

    lookup(INIT_SCALES, method, "initialisation method")
    validate_seed(seed)
    validate_like(like)
    layer_dims = validate_layer_dims(layer_dims)
    _network_size(layer_dims)
    return {
        "layer_dims": layer_dims,
        # An integer dtype would round every weight to 0.
        "dtype": validate_dtype(dtype),
    }


def _network_size(layer_dims: list[int]) -> None:
    pairs = zip(layer_dims[:-1], layer_dims[1:], strict=True)
    n_params = sum(n * (n_prev + 1) for n_prev, n in pairs)
    validate_size(n_params, f"a network with layer_dims {layer_dims}")


# --- activations


def validate_activation(Z) -> Arguments:
    return {"Z": validate_numbers(Z, "Z")}


def validate_softmax(Z) -> Arguments:
    Z = validate_numbers(Z, "Z")
    if Z.ndim == 0 or Z.shape[0] == 0:
        raise ValueError(
            f"softmax needs at least one class (a row of Z); got Z of shape {Z.shape}"
        )
    M = Z.max(axis=0) if Z.size else Z.sum(axis=0)
    if np.isinf(M).any():  # inf - inf would give NaN
        raise ValueError(
            "softmax needs finite logits; a column of Z has largest logit "
            f"{float(M[np.isinf(M)][0])}"
        )
    return {"Z": Z}


def validate_get_activation(name) -> None:
    from ..activations import ACTIVATIONS

    lookup(ACTIVATIONS, name, "activation")


def validate_get_cost(output_activation) -> None:
    from ..cost import OUTPUT_COSTS

    lookup(OUTPUT_COSTS, output_activation, "output activation")


def validate_activation_backward(dA, cache) -> Arguments:
    dA, cache = validate_backward(dA, cache)
    return {"dA": dA, "cache": cache}


def validate_softmax_backward(dA, cache) -> Arguments:
    dA, cache = validate_backward(dA, cache)
    # The step recomputes softmax(cache), which must be defined.
    return {"dA": dA, "cache": validate_softmax(cache)["Z"]}


# --- forward


def validate_linear_forward(A_prev, W, b) -> Arguments:
    A_prev = validate_matrix(A_prev, "A_prev")  # a 1-D A_prev would broadcast
    W, b = as_array(W), as_array(b)
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
    validate_fits(
        W.shape[1] * largest(W) * largest(A_prev) + largest(b),
        np.result_type(W, A_prev), "Z = W @ A_prev + b",
        "scale A_prev (standardize X) and keep the weights moderate",
    )  # fmt: skip
    return {"A_prev": A_prev, "W": W, "b": b}


def validate_forward_prop(
    X, params, hidden_activation, output_activation, keep_prob, seed
) -> Arguments:
    validate_params(params)
    X = validate_inputs(X, n_x=params["W1"].shape[1])
    _same_device(X, params)
    validate_finite(X, "X")
    _finite_params(params)
    _activation_names(hidden_activation, output_activation)
    validate_seed(seed)
    keep_prob = validate_keep_prob(keep_prob)
    validate_forward_fits(X, params, hidden_activation, output_activation, keep_prob)
    return {"X": X, "keep_prob": keep_prob, "seed": seed}


def _same_device(X: Any, params: Any) -> None:
    # numpy and CuPy arrays cannot meet in one operation: say so at the door.
    for key, P in params.items():
        if array_kind(P) != array_kind(X):
            raise TypeError(
                f"X is a {array_kind(X)} array but params entry {key} is a "
                f"{array_kind(P)} array; move them to one device, for example "
                "params = {k: np.asarray(P, like=X) for k, P in params.items()} "
                "(for CuPy: cupy.asarray(P))"
            )


def _finite_params(params: Any, name: str = "params") -> None:
    for key, P in params.items():
        validate_finite(P, f"{name} entry {key}", hint="did training diverge?")


# --- cost


def validate_cost_function(AL, Y, params, lambd) -> Arguments:
    Y = validate_labels(Y)
    return {"Y": Y, "AL": validate_probabilities(AL, Y), **_l2(params, lambd)}


def validate_categorical_cross_entropy(AL, Y, params, lambd) -> Arguments:
    Y = validate_one_hot(Y)
    AL = validate_probabilities(AL, Y)
    validate_distributions(AL)
    return {"Y": Y, "AL": AL, **_l2(params, lambd)}


def _l2(params, lambd) -> Arguments:
    from .extras import validate_l2_penalty

    lambd = validate_non_negative(lambd, "lambd")
    if lambd > 0:
        if params is None:
            raise ValueError("lambd > 0 needs the network: pass params=params")
        validate_l2_penalty(params, lambd, 1)  # what the penalty would check
    return {"lambd": lambd}


# --- backprop


def validate_linear_backward(dZ, linear_cache, compute_dA_prev) -> Arguments:
    validate_linear_cache(linear_cache)
    A_prev, W, b = linear_cache
    dZ = validate_matrix(dZ, "dZ")
    if dZ.shape != (W.shape[0], A_prev.shape[1]):
        raise ValueError(
            f"dZ has shape {dZ.shape} but the layer has {W.shape[0]} units and "
            f"A_prev {A_prev.shape[1]} examples; dZ must have shape "
            f"({W.shape[0]}, {A_prev.shape[1]}) (is the cache from the same layer?)"
        )
    validate_backward_fits(largest(dZ), A_prev, W, "this layer")
    return {"dZ": dZ}


def validate_one_layer_backward(dA, cache, activation, compute_dA_prev) -> Arguments:
    from ..activations import ACTIVATIONS

    dA = validate_matrix(dA, "dA")
    lookup(ACTIVATIONS, activation, "activation")
    validate_cache(cache)
    Z = cache[1]
    if dA.shape != Z.shape:
        raise ValueError(
            f"dA has shape {dA.shape} but the layer's Z has shape {Z.shape}; "
            "they must match (is the cache from the same layer?)"
        )
    # Every slope g'(Z) of the hidden activations is at most 1; D scales dA.
    dZ = largest(dA) * (largest(cache[2]) if len(cache) == 3 else 1.0)
    validate_backward_fits(dZ, cache[0][0], cache[0][1], "this layer")
    return {"dA": dA}


def validate_backprop(
    AL, Y, caches, hidden_activation, output_activation, lambd, compute_dA0
) -> Arguments:
    _activation_names(hidden_activation, output_activation)
    AL, Y = validate_matrix(AL, "AL"), validate_matrix(Y, "Y")
    if not isinstance(caches, list | tuple):
        raise TypeError(
            "caches must be the list of caches that forward_prop returned; got "
            f"{type(caches).__name__}"
        )
    if not caches:
        raise ValueError("caches is empty; pass the caches that forward_prop returned")
    for l, cache in enumerate(caches):
        validate_cache(cache, f"caches[{l}]")
    _caches_chain(caches, AL.shape)
    d = 1.0  # |AL - Y| <= 1, checked below
    for l in range(len(caches), 0, -1):  # slopes <= 1; dropout's D scales dA
        d = validate_backward_fits(d, *caches[l - 1][0][:2], f"layer {l}")
        d *= largest(caches[l - 2][2]) if l > 1 and len(caches[l - 2]) == 3 else 1
    if AL.shape != Y.shape:
        raise ValueError(
            f"AL and Y must have the same shape; got AL {AL.shape} and Y {Y.shape}"
        )
    # The same labels and probabilities as the cost that backprop differentiates.
    validate_cost = {
        "sigmoid": validate_cost_function,
        "softmax": validate_categorical_cross_entropy,
    }[output_activation]
    converted = validate_cost(AL, Y, None, 0.0)
    return {
        "AL": converted["AL"],
        "Y": converted["Y"],
        "lambd": validate_non_negative(lambd, "lambd"),
    }


def _caches_chain(caches: Any, AL_shape: tuple[int, ...]) -> None:
    shapes = [cache[0][1].shape for cache in caches]  # each layer's W
    for l in range(1, len(caches)):
        if shapes[l][1] != shapes[l - 1][0]:
            raise ValueError(
                f"caches[{l}] holds W of shape {shapes[l]} but caches[{l - 1}] "
                f"holds W of shape {shapes[l - 1]}; pass the caches of one "
                "forward_prop, in layer order"
            )
    if caches[-1][1].shape != AL_shape:
        raise ValueError(
            f"the last cache's Z has shape {caches[-1][1].shape} but AL has shape "
            f"{AL_shape}; pass AL and the caches of the same forward_prop"
        )


# --- update


def validate_update_parameters(params, grads, learning_rate, inplace) -> Arguments:
    learning_rate = validate_positive(learning_rate, "learning_rate")
    L = validate_params(params)
    validate_grads(params, grads, L)
    _finite_params(params)
    _finite_params({f"d{k}": grads[f"d{k}"] for k in params}, "grads")
    validate_step_fits(params, grads, learning_rate)
    return {"learning_rate": learning_rate}


def validate_step_fits(params: Any, steps: Any, learning_rate: float) -> None:
    """Raise if ``P - learning_rate * step`` could overflow for a parameter P."""
    for key, P in params.items():
        validate_fits(learning_rate, P.dtype, f"the learning rate in {key}'s dtype",
                      "lower it")  # fmt: skip
        validate_fits(
            largest(P) + learning_rate * largest(steps[f"d{key}"]), P.dtype,
            f"the update of {key}", "lower the learning rate",
        )  # fmt: skip


# --- model


def validate_model(X, Y, layer_dims, **settings) -> Arguments:
    from ..optimizers import OPTIMIZERS

    layer_dims = validate_layer_dims(layer_dims)
    X = validate_inputs(X, n_x=layer_dims[0])
    validate_finite(X, "X")
    output_activation = settings["output_activation"]
    _activation_names(settings["hidden_activation"], output_activation)
    Y = _targets(Y, X.shape[1], layer_dims[-1], output_activation)
    validate_positive(settings["learning_rate"], "learning_rate")
    validate_positive_int(settings["num_iterations"], "num_iterations")
    validate_positive_int(settings["print_every"], "print_every")
    if settings["batch_size"] is not None:
        validate_positive_int(settings["batch_size"], "batch_size")
    keep_prob = validate_keep_prob(settings["keep_prob"])
    lambd = validate_non_negative(settings["lambd"], "lambd")
    validate_non_negative(settings["decay_rate"], "decay_rate")
    lookup(OPTIMIZERS, settings["optimizer"], "optimizer")
    validate_optimizer_options({k: settings[k] for k in OPTIMIZER_OPTIONS})
    from ..init import INIT_SCALES

    lookup(INIT_SCALES, settings["init"], "initialisation method")
    validate_seed(settings["seed"])
    dtype = validate_dtype(settings["dtype"])
    if keep_prob < 1.0:  # the masks' 1 / keep_prob must fit in dtype
        from .extras import validate_dropout_mask

        validate_dropout_mask((0, 0), keep_prob, None, dtype)
    _reporting(settings["callback"], settings["progress"])
    with np.errstate(over="ignore"):  # a value too large for dtype becomes inf
        X_in, X, Y = X, X.astype(dtype, copy=False), Y.astype(dtype, copy=False)
    if X is not X_in:  # converted: X was checked above, its conversion not yet
        validate_finite(X, f"X in {X.dtype}", hint="standardise it, or use float64")
    return {"X": X, "Y": Y, "layer_dims": layer_dims, "dtype": dtype,
            "keep_prob": keep_prob, "lambd": lambd}  # fmt: skip


def _reporting(callback: Any, progress: Any) -> None:
    if callback is not None and not callable(callback):
        raise TypeError(
            "callback must be a function called as callback(i, cost, params); "
            f"got {callback!r}"
        )
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be True or False; got {progress!r}")
    if progress and importlib.util.find_spec("tqdm") is None:
        raise ImportError(
            "progress=True shows a bar with tqdm, which is not installed: "
            'pip install "scratchnn[progress]" (or pip install tqdm)'
        )


#: The optimisers' hyperparameters, keywords of ``model``.
OPTIMIZER_OPTIONS = ("beta", "beta1", "beta2", "epsilon")


def _targets(Y: Any, m: int, n_L: int, output_activation: str) -> np.ndarray:
    Y = (validate_labels if output_activation == "sigmoid" else validate_one_hot)(Y, m)
    if Y.shape[0] != n_L:
        raise ValueError(
            f"Y has {Y.shape[0]} rows but the output layer has {n_L} units "
            f"(layer_dims[-1]); a {output_activation} output needs them equal"
        )
    return Y


def validate_predict_proba(
    X, params, hidden_activation, output_activation
) -> Arguments:
    from ..network import _recorded_activations

    X = validate_matrix(X, "X")
    validate_finite(X, "X")
    chosen = {}
    for (name, given), recorded in zip(
        (
            ("hidden_activation", hidden_activation),
            ("output_activation", output_activation),
        ),
        _recorded_activations(params),
        strict=True,
    ):
        if given is not None and recorded is not None and given != recorded:
            raise ValueError(
                f"params were trained with {name}={recorded!r} but {name}="
                f"{given!r} was given; leave it out to use what the network records"
            )
        chosen[name] = given if given is not None else recorded or "sigmoid"
    validate_forward_prop(X, params, *chosen.values(), 1.0, None)
    return {"X": X, **chosen}


def validate_predict(X, params, hidden_activation, output_activation) -> Arguments:
    return validate_predict_proba(X, params, hidden_activation, output_activation)
