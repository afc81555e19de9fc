"""Initialise the parameters of a fully connected network.

Explained in the chapters "Initialise the parameters" and "Initialise for depth".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import DTypeLike, NDArray

from ._checks import (
    lookup,
    validate_dtype,
    validate_layer_dims,
    validate_like,
    validate_seed,
    validate_size,
    validated_by,
)

# --- init scales
#: The scale of the weights of a layer with ``n_prev`` inputs, per method.
#: Each W{l} is drawn as ``scale(n_prev) * standard_normal``.
INIT_SCALES: dict[str, Callable[[int], float]] = {
    # Every weight equal: kept to show why symmetric weights cannot learn.
    "zeros": lambda n_prev: 0.0,
    # The original article's choice; fine for one hidden layer, too small deeper.
    "small": lambda n_prev: 0.01,
    # Variance 1/n_prev keeps the variance of Z about that of A_prev.
    "xavier": lambda n_prev: 1.0 / math.sqrt(n_prev),
    # Variance 2/n_prev makes up for ReLU zeroing half of its inputs.
    "he": lambda n_prev: math.sqrt(2.0 / n_prev),
}
# --- end


def _validate_init_params(layer_dims, seed, method, dtype, like):
    lookup(INIT_SCALES, method, "initialisation method")
    validate_seed(seed)
    validate_like(like)
    layer_dims = validate_layer_dims(layer_dims)
    # An integer dtype would round every weight to 0.
    dtype = validate_dtype(dtype)
    validate_network_size(layer_dims, dtype)
    return {"layer_dims": layer_dims, "dtype": dtype}


def validate_network_size(layer_dims: list[int], dtype: np.dtype) -> None:
    """Raise if the parameters of ``layer_dims`` in ``dtype`` would need more
    than the ``memory`` limit (:func:`scratchnn.set_limits`)."""
    pairs = zip(layer_dims[:-1], layer_dims[1:], strict=True)
    n_params = sum(n * (n_prev + 1) for n_prev, n in pairs)
    validate_size(n_params, f"a network with layer_dims {layer_dims}", dtype.itemsize)


@validated_by(_validate_init_params)
def init_params(
    layer_dims: Sequence[int],
    seed: int | np.random.Generator | None = None,
    method: str = "xavier",
    dtype: DTypeLike = np.float64,
    like: NDArray | None = None,
) -> dict[str, NDArray]:
    """Create the weights and biases of every layer.

    Parameters
    ----------
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``: the input size, then the number of units of
        each layer. ``[2, 4, 1]`` is a network with 2 inputs, one hidden layer
        of 4 units and one output unit.
    seed : int, numpy.random.Generator or None
        Seed for the random weights; the same seed gives the same weights.
    method : {"xavier", "he", "small", "zeros"}
        How to scale the standard normal draws of ``W{l}``:
        ``"xavier"`` (default) divides by ``sqrt(n_{l-1})``, a variance of
        ``1 / n_{l-1}``, so that every layer's ``Z`` starts with about the
        variance of its input, neither vanishing nor exploding as the network
        gets deeper. That is LeCun's fan-in rule (LeCun et al., 1998); Glorot
        and Bengio (2010), whose name the method carries as in much teaching
        code, settle between it and the backward condition ``1 / n_l`` on
        ``2 / (n_{l-1} + n_l)``, the same variance when consecutive layers are
        equally wide. ``"he"`` multiplies by
        ``sqrt(2 / n_{l-1})``, the same idea for ReLU layers
        (He et al., 2015); ``"small"`` multiplies by 0.01, the original
        article's choice; ``"zeros"`` sets every weight to 0, which cannot
        learn (every unit of a layer stays identical) and is there to show it.
    dtype : numpy dtype, default float64
        The floating type of the parameters (float32 halves memory and time).
    like : array, optional
        An array whose type the parameters take, through numpy's ``like=``
        (NEP 35): pass ``like=X`` with ``X`` a CuPy array and the parameters
        are CuPy arrays, on the GPU. The weights are drawn on the host
        whatever ``like`` is, so a seed gives the same network on every
        device. None (default): numpy arrays.

    Returns
    -------
    params : dict of str to ndarray
        ``W{l}`` of shape ``(layer_dims[l], layer_dims[l-1])`` and ``b{l}`` of
        shape ``(layer_dims[l], 1)`` (zeros) for ``l = 1, ..., L``.

    Raises
    ------
    ValueError
        If ``layer_dims`` has fewer than two entries or an entry that is not a
        positive integer, ``method`` is unknown, ``seed`` is negative, or the
        network would have more than 2**31 parameters (16 GiB in float64,
        scratchnn's limit for one allocation: almost surely a typo).
    TypeError
        If ``dtype`` is not a floating type, ``seed`` is not an int, a
        Generator or None, or ``like`` is not an array.

    Notes
    -----
    Explained in the chapter "Initialise the parameters".

    Examples
    --------
    >>> params = init_params([2, 4, 1], seed=0)
    >>> params["W1"].shape, params["b1"].shape, params["W2"].shape
    ((4, 2), (4, 1), (1, 4))
    """
    scale = INIT_SCALES[method]
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        # Draw in float64 whatever the dtype, so float32 weights are the
        # float64 ones rounded, and a seed means the same network in both.
        W = scale(n_prev) * rng.standard_normal((n, n_prev))
        W = W.astype(dtype) + 0.0  # + 0.0 turns -0.0 into 0.0
        params[f"W{l}"] = np.asarray(W, like=like)  # to like's device, if any
        params[f"b{l}"] = np.zeros((n, 1), dtype=dtype, like=like)
    return params
