"""Initialise the parameters of a fully connected network.

Explained in the chapters "Initialise the parameters" and "Initialise for depth".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    lookup,
    validate_layer_dims,
    validate_seed,
    validate_size,
    validated_by,
)

# --- init scales
#: The scale of the weights of a layer with ``n_prev`` inputs, per
#: method: the standard deviation of the normal draws of W{l}.
INIT_SCALES: dict[str, Callable[[int], float]] = {
    # Every weight equal: kept to show why symmetry cannot learn.
    "zeros": lambda n_prev: 0.0,
    # The original article's: fine for one hidden layer, too small
    # deeper.
    "small": lambda n_prev: 0.01,
    # Variance 1/n_prev keeps the variance of Z about that of A_prev.
    "xavier": lambda n_prev: 1.0 / math.sqrt(n_prev),
    # Variance 2/n_prev makes up for ReLU zeroing half of its inputs.
    "he": lambda n_prev: math.sqrt(2.0 / n_prev),
}
# --- end


def _validate_init_params(layer_dims, seed, method):
    lookup(INIT_SCALES, method, "initialisation method")
    validate_seed(seed)
    layer_dims = validate_layer_dims(layer_dims)
    validate_network_size(layer_dims, np.dtype(np.float64))
    return {"layer_dims": layer_dims}


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
        The standard deviation of the normal draws of ``W{l}``:
        ``"xavier"`` (default) is ``1 / sqrt(n_{l-1})``, a variance of
        ``1 / n_{l-1}``, so that every layer's ``Z`` starts with about the
        variance of its input, neither vanishing nor exploding as the network
        gets deeper. That is LeCun's fan-in rule (LeCun et al., 1998); Glorot
        and Bengio (2010), whose name the method carries as in much teaching
        code, settle between it and the backward condition ``1 / n_l`` on
        ``2 / (n_{l-1} + n_l)``, the same variance when consecutive layers are
        equally wide. ``"he"`` is ``sqrt(2 / n_{l-1})``, the same idea for
        ReLU layers (He et al., 2015); ``"small"`` is 0.01, the original
        article's choice; ``"zeros"`` sets every weight to 0, which cannot
        learn (every unit of a layer stays identical) and is there to show it.

    Returns
    -------
    params : dict of str to ndarray
        ``W{l}`` of shape ``(layer_dims[l], layer_dims[l-1])`` and ``b{l}`` of
        shape ``(layer_dims[l], 1)`` (zeros) for ``l = 1, ..., L``, numpy
        arrays of float64 (:func:`scratchnn.convert_params` turns them into
        float32, or puts them on a GPU).

    Raises
    ------
    ValueError
        If ``layer_dims`` has fewer than two entries or an entry that is not a
        positive integer, ``method`` is unknown, ``seed`` is negative, or the
        network would have more than 2**31 parameters (16 GiB in float64,
        scratchnn's limit for one allocation: almost surely a typo).
    TypeError
        If ``seed`` is not an int, a Generator or None.

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
        std = scale(n_prev)  # the standard deviation of the weights
        params[f"W{l}"] = rng.normal(0.0, std, size=(n, n_prev))
        params[f"b{l}"] = np.zeros((n, 1))
    return params
