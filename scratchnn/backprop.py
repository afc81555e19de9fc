"""Backpropagation: the gradient of the cost with respect to every parameter.

Explained in the chapter "Backpropagation: send the error backwards".
"""

from __future__ import annotations

from numpy.typing import NDArray

from ._checks import (
    lookup,
    validate_cache,
    validate_distributions,
    validate_labels,
    validate_linear_cache,
    validate_matrix,
    validate_one_hot,
    validate_probabilities,
    validated_by,
)
from .activations import ACTIVATIONS
from .cost import validate_activation_names


def _validate_linear_backward(dZ, linear_cache):
    validate_linear_cache(linear_cache)
    A_prev, W, b = linear_cache
    dZ = validate_matrix(dZ, "dZ")
    if dZ.shape != (W.shape[0], A_prev.shape[1]):
        raise ValueError(
            f"dZ has shape {dZ.shape} but the layer has {W.shape[0]} units and "
            f"A_prev {A_prev.shape[1]} examples; dZ must have shape "
            f"({W.shape[0]}, {A_prev.shape[1]}) (is the cache from the same layer?)"
        )
    return {"dZ": dZ}


@validated_by(_validate_linear_backward)
def linear_backward(
    dZ: NDArray, linear_cache: tuple[NDArray, NDArray, NDArray]
) -> tuple[NDArray, NDArray, NDArray]:
    """The backward step of ``Z = W @ A_prev + b``.

    Parameters
    ----------
    dZ : ndarray of shape (n, m)
        Gradient of the summed loss with respect to the layer's ``Z``, one
        column per example: ``dZ = d(m J)/dZ``, column i being the gradient
        of example i's loss alone. The ``1/m`` of the cost's average is
        applied here, in ``dW`` and ``db``.
    linear_cache : tuple
        ``(A_prev, W, b)`` from the forward step, ``A_prev`` of shape
        ``(n_prev, m)`` and ``W`` of shape ``(n, n_prev)``.

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m)
        ``W.T @ dZ``, the gradient of the summed loss with respect to
        ``A_prev``, one column per example, passed on to the previous layer.
    dW, db : ndarray of shapes (n, n_prev) and (n, 1)
        The gradients of the cost (the average) with respect to ``W`` and
        ``b``, as :func:`layer_gradients` computes them.

    Raises
    ------
    ValueError
        If dZ is not a 2-D array of shape ``(n, m)`` for the cache's ``W``
        and ``A_prev``.

    Notes
    -----
    Explained in the chapter "Backpropagation: send the error backwards".
    """
    A_prev, W, b = linear_cache
    dW, db = layer_gradients(dZ, A_prev)
    dA_prev = W.T @ dZ
    return dA_prev, dW, db


def _validate_layer_gradients(dZ, A_prev):
    dZ, A_prev = validate_matrix(dZ, "dZ"), validate_matrix(A_prev, "A_prev")
    if dZ.shape[1] != A_prev.shape[1]:
        raise ValueError(
            f"dZ has {dZ.shape[1]} examples (columns) but A_prev has "
            f"{A_prev.shape[1]}; they must be the same layer's, one column per "
            "example"
        )
    return {"dZ": dZ, "A_prev": A_prev}


@validated_by(_validate_layer_gradients)
def layer_gradients(
    dZ: NDArray,
    A_prev: NDArray,
) -> tuple[NDArray, NDArray]:
    """The gradients dW and db of one layer from its dZ and input.

    Parameters
    ----------
    dZ : ndarray of shape (n, m)
        Gradient of the summed loss with respect to the layer's ``Z``, one
        column per example, as in :func:`linear_backward`.
    A_prev : ndarray of shape (n_prev, m)
        The layer's input, the previous layer's activations (``X`` for
        layer 1).

    Returns
    -------
    dW : ndarray of shape (n, n_prev)
        ``dZ @ A_prev.T / m``, the gradient of the cost with respect to ``W``.
    db : ndarray of shape (n, 1)
        The row sums of ``dZ`` divided by m, the gradient of the cost with
        respect to ``b``.

    Raises
    ------
    ValueError
        If dZ or A_prev is not a 2-D array, or they differ in their number of
        columns.

    Notes
    -----
    Explained in the chapter "Backpropagation: send the error backwards":
    the part of :func:`linear_backward` that every layer needs, layer 1
    included, whose input ``X`` needs no gradient.
    """
    m = A_prev.shape[1]
    dZ_avg = dZ / m  # the 1/m of the average, once for dW and db
    dW = dZ_avg @ A_prev.T
    db = dZ_avg.sum(axis=1, keepdims=True)
    return dW, db


def _validate_one_layer_backward(dA, cache, activation):
    return validate_layer_backward_inputs(dA, cache, activation, masked=False)


def validate_layer_backward_inputs(dA, cache, activation, masked):
    """Check what one layer's backward step takes (its cache, with a mask if
    ``masked``) and return ``{"dA": dA}`` as an array; shared with the
    dropout step of :mod:`scratchnn.regularization`."""
    dA = validate_matrix(dA, "dA")
    lookup(ACTIVATIONS, activation, "activation")
    validate_cache(cache, masked=masked)
    Z = cache[1]
    if dA.shape != Z.shape:
        raise ValueError(
            f"dA has shape {dA.shape} but the layer's Z has shape {Z.shape}; "
            "they must match (is the cache from the same layer?)"
        )
    return {"dA": dA}


@validated_by(_validate_one_layer_backward)
def one_layer_backward(
    dA: NDArray, cache: tuple, activation: str = "sigmoid"
) -> tuple[NDArray, NDArray, NDArray]:
    """The backward step of one layer: activation, then linear part.

    Parameters
    ----------
    dA : ndarray of shape (n, m)
        Gradient of the summed loss with respect to the layer's output ``A``,
        one column per example (``d(m J)/dA``, as ``dZ`` in
        :func:`linear_backward`).
    cache : tuple
        The layer's cache from :func:`scratchnn.forward_prop`,
        ``((A_prev, W, b), Z)``.
    activation : str, default "sigmoid"
        The activation the layer used in the forward pass.

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m)
        Gradient of the summed loss with respect to ``A_prev``, one column
        per example.
    dW : ndarray of shape (n, n_prev)
        Gradient of the cost with respect to ``W``.
    db : ndarray of shape (n, 1)
        Gradient of the cost with respect to ``b``.

    Raises
    ------
    ValueError
        If the activation name is unknown, dA and Z differ in shape, or the
        cache is not ``((A_prev, W, b), Z)`` (a cache with a dropout mask goes
        to :func:`scratchnn.one_layer_backward_with_dropout`).

    Notes
    -----
    Explained in the chapter "Backpropagation: send the error backwards".
    ``dZ = dA * g'(Z)`` needs the layer's ``Z``, which is why the forward
    pass keeps it.
    """
    linear_cache, Z = cache
    dZ = ACTIVATIONS[activation].backward(dA, Z)
    return linear_backward(dZ, linear_cache)


def validate_backprop_inputs(
    AL, Y, caches, hidden_activation, output_activation, masked=False
) -> dict:
    """Check what a backward pass takes (the caches of one forward pass, AL
    and the labels it is compared with) and return AL and Y as arrays; with
    ``masked``, the hidden layers' caches hold dropout masks. Shared with
    the dropout backward pass of :mod:`scratchnn.regularization`."""
    validate_activation_names(hidden_activation, output_activation)
    AL, Y = validate_matrix(AL, "AL"), validate_matrix(Y, "Y")
    if not isinstance(caches, list | tuple):
        raise TypeError(
            "caches must be the list of caches that forward_prop returned; got "
            f"{type(caches).__name__}"
        )
    if not caches:
        raise ValueError("caches is empty; pass the caches that forward_prop returned")
    for l, cache in enumerate(caches):
        # Only the hidden layers are masked: the output layer never is.
        validate_cache(cache, f"caches[{l}]", masked=masked and l < len(caches) - 1)
    _caches_chain(caches, AL.shape)
    if AL.shape != Y.shape:
        raise ValueError(
            f"AL and Y must have the same shape; got AL {AL.shape} and Y {Y.shape}"
        )
    # The same labels and probabilities as the cost that backprop differentiates.
    Y = (validate_labels if output_activation == "sigmoid" else validate_one_hot)(Y)
    AL = validate_probabilities(AL, Y)
    if output_activation == "softmax":
        validate_distributions(AL)
    return {"AL": AL, "Y": Y}


def _validate_backprop(AL, Y, caches, hidden_activation, output_activation):
    return validate_backprop_inputs(AL, Y, caches, hidden_activation, output_activation)


def _caches_chain(caches, AL_shape) -> None:
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


@validated_by(_validate_backprop)
def backprop(
    AL: NDArray,
    Y: NDArray,
    caches: list[tuple],
    hidden_activation: str = "sigmoid",
    output_activation: str = "sigmoid",
) -> dict[str, NDArray]:
    """Gradients of the cost with respect to every parameter.

    Parameters
    ----------
    AL : ndarray of shape (n_L, m)
        The network's output from :func:`scratchnn.forward_prop`.
    Y : ndarray of shape (n_L, m)
        True labels: 0/1 for a sigmoid output, one-hot for softmax.
    caches : list of tuple
        The caches from the same forward pass, ``caches[l-1]`` for layer l.
    hidden_activation : str, default "sigmoid"
        The activation of layers 1 to L-1 in that forward pass.
    output_activation : {"sigmoid", "softmax"}
        The output activation; its matching cost (binary or categorical
        cross-entropy) is the one differentiated.

    Returns
    -------
    grads : dict of str to ndarray
        ``dW{l}`` and ``db{l}`` (shaped like ``W{l}`` and ``b{l}``) for
        l = 1..L, the gradients of the cost; and ``dA{l-1}``, the gradient
        of the summed loss with respect to layer l's input (one column per
        example), for l = L..2. Layer 1's input is ``X``, which no parameter
        needs a gradient of: there is no ``dA0`` (``one_layer_backward`` on
        layer 1 gives it, if you want it).

    Raises
    ------
    ValueError
        If AL or Y is not a 2-D array, they differ in shape, caches is empty
        or holds a dropout mask, or an activation is unknown.

    Notes
    -----
    Explained in the chapter "Backpropagation: send the error backwards".
    For a sigmoid output with binary cross-entropy, and for softmax with
    categorical cross-entropy, the output layer's ``dZ`` simplifies to
    ``AL - Y``. Starting from it avoids dividing by ``AL`` or ``1 - AL``,
    which may be 0.
    """
    L = len(caches)
    g_hidden = ACTIVATIONS[hidden_activation].backward
    grads: dict[str, NDArray] = {}
    dZ = AL - Y  # layer L's, for both output/cost pairs (see Notes)
    for l in range(L, 0, -1):
        (A_prev, W, b), Z = caches[l - 1]
        if l < L:  # a hidden layer: back through its activation first
            dZ = g_hidden(grads[f"dA{l}"], Z)
        if l > 1:  # layer 1 has no layer below: X needs no gradient
            grads[f"dA{l - 1}"] = W.T @ dZ
        grads[f"dW{l}"], grads[f"db{l}"] = layer_gradients(dZ, A_prev)
    return grads
