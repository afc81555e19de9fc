"""Backpropagation: the gradient of the cost with respect to every parameter.

Explained in the chapter "Backpropagation: send the error backwards".
"""

from __future__ import annotations

from numpy.typing import NDArray

from ._checks import (
    lookup,
    validate_bool,
    validate_cache,
    validate_distributions,
    validate_labels,
    validate_linear_cache,
    validate_matrix,
    validate_non_negative,
    validate_one_hot,
    validate_probabilities,
    validated_by,
)
from .activations import ACTIVATIONS
from .cost import validate_activation_names
from .regularization import l2_gradient


def _validate_linear_backward(dZ, linear_cache, compute_dA_prev):
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
    dZ: NDArray,
    linear_cache: tuple[NDArray, NDArray, NDArray],
    compute_dA_prev: bool = True,
) -> tuple[NDArray | None, NDArray, NDArray]:
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
    compute_dA_prev : bool, default True
        False skips ``dA_prev`` (returned as None): the first layer's
        ``dA0`` is the gradient with respect to X, which training never uses.

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m)
        ``W.T @ dZ``, the gradient of the summed loss with respect to
        ``A_prev``, one column per example, passed on to the previous layer.
    dW : ndarray of shape (n, n_prev)
        ``dZ @ A_prev.T / m``, the gradient of the cost (the average) with
        respect to ``W``.
    db : ndarray of shape (n, 1)
        The row sums of ``dZ`` divided by m, the gradient of the cost with
        respect to ``b``.

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
    m = A_prev.shape[1]
    dZ_avg = dZ / m  # the 1/m of the average, once for dW and db
    dW = dZ_avg @ A_prev.T
    db = dZ_avg.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ if compute_dA_prev else None
    return dA_prev, dW, db


def _validate_one_layer_backward(dA, cache, activation, compute_dA_prev):
    dA = validate_matrix(dA, "dA")
    lookup(ACTIVATIONS, activation, "activation")
    validate_cache(cache)
    Z = cache[1]
    if dA.shape != Z.shape:
        raise ValueError(
            f"dA has shape {dA.shape} but the layer's Z has shape {Z.shape}; "
            "they must match (is the cache from the same layer?)"
        )
    return {"dA": dA}


@validated_by(_validate_one_layer_backward)
def one_layer_backward(
    dA: NDArray,
    cache: tuple,
    activation: str = "sigmoid",
    compute_dA_prev: bool = True,
) -> tuple[NDArray | None, NDArray, NDArray]:
    """The backward step of a whole layer: activation, then linear part.

    Parameters
    ----------
    dA : ndarray of shape (n, m)
        Gradient of the summed loss with respect to the layer's output ``A``,
        one column per example (``d(m J)/dA``, as ``dZ`` in
        :func:`linear_backward`).
    cache : tuple
        The layer's cache from :func:`scratchnn.forward_prop`,
        ``((A_prev, W, b), Z)``, or ``((A_prev, W, b), Z, D)`` for a layer
        with dropout, whose mask ``D`` zeroes the gradient of dropped units.
    activation : str, default "sigmoid"
        The activation the layer used in the forward pass.
    compute_dA_prev : bool, default True
        As in :func:`linear_backward`.

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
        If the activation name is unknown, or dA and Z differ in shape.

    Notes
    -----
    Explained in the chapter "Backpropagation: send the error backwards".
    ``dZ = dA * g'(Z)`` needs the layer's ``Z``, which is why the forward
    pass keeps it.
    """
    linear_cache, Z = cache[0], cache[1]
    # --- dropout
    if len(cache) == 3:  # dropout: dropped units get no gradient
        dA = dA * cache[2]
    # --- end
    dZ = ACTIVATIONS[activation].backward(dA, Z)
    return linear_backward(dZ, linear_cache, compute_dA_prev)


def _validate_backprop(
    AL, Y, caches, hidden_activation, output_activation, lambd, compute_dA0
):
    validate_activation_names(hidden_activation, output_activation)
    validate_bool(compute_dA0, "compute_dA0")
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
    if AL.shape != Y.shape:
        raise ValueError(
            f"AL and Y must have the same shape; got AL {AL.shape} and Y {Y.shape}"
        )
    # The same labels and probabilities as the cost that backprop differentiates.
    Y = (validate_labels if output_activation == "sigmoid" else validate_one_hot)(Y)
    AL = validate_probabilities(AL, Y)
    if output_activation == "softmax":
        validate_distributions(AL)
    return {"AL": AL, "Y": Y, "lambd": validate_non_negative(lambd, "lambd")}


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
    lambd: float = 0.0,
    compute_dA0: bool = True,
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
    lambd : float, default 0.0
        L2 strength; adds ``lambd / m * W`` to each ``dW``.
    compute_dA0 : bool, default True
        Whether to compute ``dA0``, the gradient with respect to the input
        ``X``. No parameter needs it, so training skips it to save a matrix
        product.

    Returns
    -------
    grads : dict of str to ndarray
        ``dW{l}`` and ``db{l}`` (shaped like ``W{l}`` and ``b{l}``) for
        l = 1..L, the gradients of the cost; and ``dA{l-1}``, the gradient
        of the summed loss with respect to layer l's input (one column per
        example), for l = L..2 (and 1 with ``compute_dA0``).

    Raises
    ------
    ValueError
        If AL or Y is not a 2-D array, they differ in shape, caches is empty,
        an activation is unknown or lambd < 0.

    Notes
    -----
    Explained in the chapter "Backpropagation: send the error backwards".
    For a sigmoid output with binary cross-entropy, and for softmax with
    categorical cross-entropy, the output layer's ``dZ`` simplifies to
    ``AL - Y``. Starting from it avoids dividing by ``AL`` or ``1 - AL``,
    which may be 0.
    """
    L = len(caches)
    m = AL.shape[1]
    grads = {}

    # Layer L: for both output/cost pairs dZ = AL - Y (see Notes).
    dA_prev, dW, db = linear_backward(AL - Y, caches[L - 1][0], L > 1 or compute_dA0)
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = dA_prev, dW, db

    # Layers L-1 down to 1: each takes the dA the layer above passed back.
    for l in range(L - 1, 0, -1):
        dA_prev, dW, db = one_layer_backward(
            grads[f"dA{l}"], caches[l - 1], hidden_activation,
            compute_dA_prev=l > 1 or compute_dA0,
        )  # fmt: skip
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db

    # --- l2
    if lambd > 0:
        for l in range(1, L + 1):
            W = caches[l - 1][0][1]
            grads[f"dW{l}"] += l2_gradient(W, lambd, m)
    # --- end
    if not compute_dA0:
        del grads["dA0"]
    return grads
