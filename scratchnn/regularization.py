"""Regularisation: L2 weight decay and inverted dropout.

Both come in by composition, on top of the plain steps of chapters 3 to 5,
which know nothing of them: the L2 term is added to a cost and to its
gradients (:func:`cost_with_l2`, :func:`backprop_with_l2`), and dropout has
its own forward and backward passes (:func:`forward_prop_with_dropout`,
:func:`backprop_with_dropout`) built on ``linear_forward``,
``linear_backward`` and the activations. ``model`` picks them when
``lambd > 0`` or ``keep_prob < 1``.

Explained in the chapter "Regularise: L2 and dropout".
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from numbers import Integral
from typing import Any

import numpy as np
from numpy.typing import DTypeLike, NDArray

from ._checks import (
    STEP_REMEDY,
    Arguments,
    lookup,
    recorded_activations,
    validate_dtype,
    validate_finite,
    validate_finite_params,
    validate_keep_prob,
    validate_like,
    validate_non_negative,
    validate_numbers,
    validate_params,
    validate_positive_int,
    validate_recorded_activations,
    validate_seed,
    validate_size,
    validated_by,
)
from .activations import ACTIVATIONS
from .backprop import (
    backprop,
    layer_gradients,
    linear_backward,
    validate_backprop_inputs,
    validate_layer_backward_inputs,
)
from .cost import OUTPUT_COSTS, validate_cost_inputs
from .devices import to_device
from .forward import linear_forward, validate_forward_inputs

#: What an overflow of the L2 term most often means.
L2_CAUSE = "the weights or lambd are too large (did training diverge?); lower lambd"


def _examples(m: object) -> int | float:
    """``m`` as a count of examples; beyond the float range it is infinity,
    so that ``lambd / m`` is 0, as it is, not an OverflowError."""
    m = validate_positive_int(m, "m")
    return m if m < 2**1023 else math.inf


def _validate_l2_penalty(params, lambd, m) -> Arguments:
    lambd = validate_non_negative(lambd, "lambd")
    m = _examples(m)
    validate_params(params)
    validate_finite_params(params)  # one NaN weight would make the cost NaN
    return {"lambd": lambd, "m": m}


@validated_by(_validate_l2_penalty, cause=L2_CAUSE)
def l2_penalty(
    params: Mapping[str, NDArray],
    lambd: float,
    m: int,
) -> float:
    """The L2 term of the cost, ``lambd / (2 m) * sum_l ||W{l}||^2``.

    Parameters
    ----------
    params : dict of str to ndarray
        The network, keys ``W1, b1, ..., WL, bL``; biases are not penalised.
    lambd : float
        The regularisation strength, >= 0 (``lambda`` is a Python keyword).
    m : int
        The number of examples the cost is averaged over.

    Returns
    -------
    float
        The penalty, 0.0 when ``lambd`` is 0.

    Raises
    ------
    ValueError
        If ``lambd`` is negative or not finite, ``m`` is not an integer
        >= 1, ``params`` is not a valid network or holds NaN or infinity,
        or the penalty overflows (weights too large to square, or ``lambd``
        too large).
    TypeError
        If ``lambd`` is not a number, ``params`` is not a dict, or a weight
        or bias is not a numpy array of floats.

    Notes
    -----
    Explained in the chapter "Regularise: L2 and dropout" (Krogh and Hertz, 1992).
    """
    return lambd / (2 * m) * _sum_of_squares(params)


def _sum_of_squares(params: Mapping[str, NDArray]) -> float:
    """``sum_l ||W{l}||^2``, the squared weights of every layer added up."""
    L = len(params) // 2
    # A sum beyond the largest float is inf, which the guards turn into a
    # clear error.
    with np.errstate(over="ignore"):
        return sum(float(np.sum(_squares(params[f"W{l}"]))) for l in range(1, L + 1))


def _squares(W: NDArray) -> NDArray:
    # In float32 at least: 300 ** 2 overflows float16 though the penalty fits.
    return np.square(W, dtype=np.result_type(W.dtype, np.float32))


def _validate_l2_gradient(W, lambd, m) -> Arguments:
    lambd = validate_non_negative(lambd, "lambd")
    m, W = _examples(m), validate_numbers(W, "W")
    validate_finite(W, "W", hint="did training diverge?")  # 0 * inf is NaN
    if lambd / m > np.finfo(W.dtype).max:  # the factor is cast to W's dtype
        raise ValueError(
            f"lambd / m = {lambd / m:g} is beyond W's {W.dtype}, whose largest "
            f"value is {np.finfo(W.dtype).max:g}; use a smaller lambd or float32"
        )
    return {"lambd": lambd, "m": m, "W": W}


@validated_by(_validate_l2_gradient, cause=L2_CAUSE)
def l2_gradient(W: NDArray, lambd: float, m: int) -> NDArray:
    """The gradient of :func:`l2_penalty` with respect to one ``W``.

    Parameters
    ----------
    W : ndarray
        One layer's weights.
    lambd : float
        The regularisation strength, >= 0.
    m : int
        The number of examples the cost is averaged over.

    Returns
    -------
    ndarray
        ``(lambd / m) * W``, the same shape as ``W``: the term that backprop
        adds to ``dW`` and that makes every step shrink the weights ("weight
        decay").

    Raises
    ------
    ValueError
        If ``lambd`` is negative or not finite, ``m`` is not an integer
        >= 1, ``W`` holds NaN or infinity, or the result overflows.
    TypeError
        If ``lambd`` is not a number, or ``W`` does not hold numbers.
    """
    return (lambd / m) * W


def validate_keep_prob_fits(keep_prob: float, dtype: np.dtype) -> None:
    """Raise if ``1 / keep_prob``, the value of every kept unit of a mask, is
    beyond ``dtype`` (model checks it before training, too).

    A check of the arguments, not a prediction: an empty mask would never
    compute it.
    """
    if dtype.type(keep_prob) * np.finfo(dtype).max < 1:
        raise ValueError(
            f"keep_prob = {keep_prob:g} is too small for {dtype}: 1 / keep_prob "
            "overflows it; use a larger keep_prob"
        )


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


def _validate_dropout_mask(shape, keep_prob, rng, dtype, like=None) -> Arguments:
    keep_prob = validate_keep_prob(keep_prob)
    dtype = validate_dtype(dtype)
    validate_like(like)
    validate_keep_prob_fits(keep_prob, dtype)
    shape = _mask_shape(shape)
    validate_size(shape[0] * shape[1], f"a mask of shape {shape}", dtype.itemsize)
    return {
        "shape": shape,
        "keep_prob": keep_prob,
        "rng": validate_seed(rng, "rng"),
        "dtype": dtype,
    }


@validated_by(_validate_dropout_mask)
def dropout_mask(
    shape: tuple[int, int],
    keep_prob: float,
    rng: int | np.random.Generator | None,
    dtype: DTypeLike = np.float64,
    like: NDArray | None = None,
) -> NDArray:
    """An inverted-dropout mask, already divided by ``keep_prob``.

    Parameters
    ----------
    shape : tuple of two int
        The shape of the activations to drop, ``(n_l, m)``, each >= 0.
    keep_prob : float
        The probability of keeping a unit, in (0, 1].
    rng : int, numpy.random.Generator or None
        Where the mask is drawn from (a seed >= 0 or a generator), so that a
        seed fixes the masks.
    dtype : numpy floating dtype, default float64
        The mask's type, that of the activations it multiplies.
    like : array, optional
        The activations the mask multiplies: the mask becomes an array of
        their type (numpy's ``like=``, NEP 35), so that a CuPy ``A`` gets a
        CuPy mask. None (default): a numpy array.

    Returns
    -------
    D : ndarray of shape ``shape``
        ``1 / keep_prob`` where a unit is kept and 0 where it is dropped.
        Multiplying ``A`` by ``D`` drops units and rescales the others, so
        the expected activation is unchanged and nothing needs rescaling at
        prediction time (Srivastava et al., 2014). The backward step
        multiplies ``dA`` by the same ``D``.

    Raises
    ------
    ValueError
        If ``keep_prob`` is not in (0, 1] or so small that ``1 / keep_prob``
        overflows ``dtype``, an entry of ``shape`` is not an integer >= 0, or
        ``rng`` is a negative seed.
    TypeError
        If ``keep_prob`` is not a number, ``shape`` is not a tuple of two
        entries, ``rng`` is not an int, a Generator or None, or ``dtype`` is
        not a floating type.

    Notes
    -----
    Explained in the chapter "Regularise: L2 and dropout". The mask is drawn
    on the host with numpy's generator, whatever ``like`` is, so that a seed
    gives the same masks on every device. On a GPU that costs a copy of each
    mask to the device at every step (``n_l * m`` values per hidden layer),
    small beside the matrix products for the networks of this book.
    """
    keep = np.random.default_rng(rng).random(shape) < keep_prob
    return to_device(np.divide(keep, keep_prob, dtype=dtype), like)


def _validate_forward_prop_with_dropout(
    X, params, hidden_activation, output_activation, keep_prob, seed
) -> Arguments:
    given = hidden_activation, output_activation
    X = validate_forward_inputs(X, params, *given, "forward_prop_with_dropout")
    validate_seed(seed)
    keep_prob = validate_keep_prob(keep_prob)
    # The mask's kept units are 1 / keep_prob, in the activations' dtype.
    validate_keep_prob_fits(keep_prob, np.result_type(X.dtype, params["W1"].dtype))
    return {"X": X, "keep_prob": keep_prob}


@validated_by(_validate_forward_prop_with_dropout)
def forward_prop_with_dropout(
    X: NDArray,
    params: Mapping[str, NDArray],
    hidden_activation: str = "sigmoid",
    output_activation: str = "sigmoid",
    *,
    keep_prob: float,
    seed: int | np.random.Generator | None = None,
) -> tuple[NDArray, list[tuple]]:
    """Forward propagation with inverted dropout on hidden layers.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        The inputs, one column per example; never dropped.
    params : dict of str to ndarray
        ``W1, b1, ..., WL, bL``, as for :func:`scratchnn.forward_prop`.
    hidden_activation : str, default "sigmoid"
        The activation of layers 1 to L-1, a name in
        :data:`scratchnn.activations.ACTIVATIONS`.
    output_activation : {"sigmoid", "softmax"}
        The activation of layer L, whose output is never dropped.
    keep_prob : float
        The probability of keeping a hidden unit, in (0, 1].
    seed : int, numpy.random.Generator or None
        Where the masks come from: one generator draws every layer's mask in
        turn, so that a seed fixes them all.

    Returns
    -------
    AL : ndarray of shape (n_L, m)
        The output layer's activations.
    caches : list of tuple
        ``caches[l-1]`` is ``((A_prev, W, b), Z, D)`` for a hidden layer l,
        with ``D`` its mask (:func:`dropout_mask`), and ``((A_prev, W, b),
        Z)`` for the output layer: what :func:`backprop_with_dropout` needs.

    Raises
    ------
    ValueError
        As :func:`scratchnn.forward_prop`; and if keep_prob is not in (0, 1]
        or so small that 1 / keep_prob overflows, or seed is a negative int.
    TypeError
        If keep_prob is not a number, or seed is not an int, a Generator or
        None.

    Notes
    -----
    Explained in the chapter "Regularise: L2 and dropout". The same loop
    as :func:`scratchnn.forward_prop`, with a mask drawn after each hidden
    layer's activation and kept in its cache.
    """
    L = len(params) // 2
    g_hidden = ACTIVATIONS[hidden_activation].forward
    g_output = ACTIVATIONS[output_activation].forward
    rng = np.random.default_rng(seed)  # one generator for every mask
    A = X
    caches: list[tuple] = []
    for l in range(1, L + 1):
        A_prev = A
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z, linear_cache = linear_forward(A_prev, W, b)
        if l == L:  # the output layer is never dropped
            A, activation_cache = g_output(Z)
            caches.append((linear_cache, activation_cache))
        else:
            A, activation_cache = g_hidden(Z)
            D = dropout_mask(A.shape, keep_prob, rng, A.dtype, like=A)
            A = A * D  # 0 if dropped, A / keep_prob if kept
            caches.append((linear_cache, activation_cache, D))
    return A, caches


def _validate_one_layer_backward_with_dropout(dA, cache, activation) -> Arguments:
    return validate_layer_backward_inputs(dA, cache, activation, masked=True)


@validated_by(_validate_one_layer_backward_with_dropout)
def one_layer_backward_with_dropout(
    dA: NDArray, cache: tuple, activation: str = "sigmoid"
) -> tuple[NDArray, NDArray, NDArray]:
    """The backward step of a layer whose output was dropped out.

    Parameters
    ----------
    dA : ndarray of shape (n, m)
        Gradient of the summed loss with respect to the layer's output, the
        masked ``A``, one column per example.
    cache : tuple
        ``((A_prev, W, b), Z, D)``, the layer's cache from
        :func:`forward_prop_with_dropout`.
    activation : str, default "sigmoid"
        The activation the layer used in the forward pass.

    Returns
    -------
    dA_prev, dW, db : ndarray
        As :func:`scratchnn.one_layer_backward` returns them.

    Raises
    ------
    ValueError
        If the activation name is unknown, dA and Z differ in shape, or the
        cache is not ``((A_prev, W, b), Z, D)``.

    Notes
    -----
    Explained in the chapter "Regularise: L2 and dropout":
    ``dZ = (dA * D) * g'(Z)``, so a dropped unit gets no gradient and a kept
    one gets it scaled by ``1 / keep_prob``, the factor of the forward pass.
    """
    linear_cache, Z, D = cache
    dZ = ACTIVATIONS[activation].backward(dA * D, Z)
    return linear_backward(dZ, linear_cache)


def _validate_backprop_with_dropout(
    AL, Y, caches, hidden_activation, output_activation
) -> Arguments:
    return validate_backprop_inputs(
        AL, Y, caches, hidden_activation, output_activation, masked=True
    )


@validated_by(_validate_backprop_with_dropout)
def backprop_with_dropout(
    AL: NDArray,
    Y: NDArray,
    caches: list[tuple],
    hidden_activation: str = "sigmoid",
    output_activation: str = "sigmoid",
) -> dict[str, NDArray]:
    """Backpropagation through a forward pass with dropout.

    Parameters
    ----------
    AL : ndarray of shape (n_L, m)
        The output of :func:`forward_prop_with_dropout`.
    Y : ndarray of shape (n_L, m)
        True labels: 0/1 for a sigmoid output, one-hot for softmax.
    caches : list of tuple
        The caches of that forward pass, the hidden layers' with their masks.
    hidden_activation, output_activation : str
        The activations of that forward pass.

    Returns
    -------
    grads : dict of str to ndarray
        As :func:`scratchnn.backprop` returns them: ``dW{l}`` and ``db{l}``
        for l = 1..L, and ``dA{l-1}`` for l = L..2 (no ``dA0``: layer 1 has
        no layer below). :func:`one_layer_backward_with_dropout` on layer 1
        gives ``dA0`` where you want it.

    Raises
    ------
    ValueError
        As :func:`scratchnn.backprop`; and if a hidden layer's cache holds no
        mask.

    Notes
    -----
    Explained in the chapter "Regularise: L2 and dropout". The output layer
    has no mask, so its step is backprop's, ``dZ = AL - Y``; every hidden
    layer's step is :func:`one_layer_backward_with_dropout`'s,
    ``dZ = (dA * D) * g'(Z)``, without the ``W.T @ dZ`` of layer 1.
    """
    L = len(caches)
    g_hidden = ACTIVATIONS[hidden_activation].backward
    grads: dict[str, NDArray] = {}
    dZ = AL - Y  # layer L's, as in backprop: never dropped out
    for l in range(L, 0, -1):
        (A_prev, W, b), Z = caches[l - 1][:2]
        if l < L:  # a hidden layer: back through its mask D, then g
            D = caches[l - 1][2]
            dZ = g_hidden(grads[f"dA{l}"] * D, Z)
        if l > 1:  # layer 1 has no layer below: X needs no gradient
            grads[f"dA{l - 1}"] = W.T @ dZ
        grads[f"dW{l}"], grads[f"db{l}"] = layer_gradients(dZ, A_prev)
    return grads


def _validate_cost_with_l2(AL, Y, params, lambd, output_activation) -> Arguments:
    lookup(OUTPUT_COSTS, output_activation, "output activation", "output_activation")
    validate_recorded_activations(
        recorded_activations(params),
        (None, output_activation),
        "cost_with_l2",
        remedy=STEP_REMEDY,
    )
    arrays = validate_cost_inputs(AL, Y, output_activation)
    return {**arrays, "lambd": _validate_l2_penalty(params, lambd, 1)["lambd"]}


@validated_by(_validate_cost_with_l2, cause=L2_CAUSE)
def cost_with_l2(
    AL: NDArray,
    Y: NDArray,
    params: Mapping[str, NDArray],
    lambd: float,
    output_activation: str = "sigmoid",
) -> float:
    """The cost of chapter 4 (or 13) plus the L2 term of the weights.

    Parameters
    ----------
    AL : ndarray of shape (n_L, m)
        The network's output.
    Y : ndarray of shape (n_L, m)
        True labels: 0/1 for a sigmoid output, one-hot for softmax.
    params : dict of str to ndarray
        The network whose weights are penalised, ``W1, b1, ..., WL, bL``.
    lambd : float
        The regularisation strength, >= 0.
    output_activation : {"sigmoid", "softmax"}
        Which cross-entropy: :func:`scratchnn.cost_function` for a sigmoid
        output, :func:`scratchnn.categorical_cross_entropy` for softmax.

    Returns
    -------
    float
        ``J + lambd / (2 m) * sum_l ||W{l}||^2``, m the columns of Y.

    Raises
    ------
    ValueError
        As the plain cost does for AL and Y; and as :func:`l2_penalty` does
        for params and lambd, if output_activation has no cost, or params is
        a :class:`scratchnn.Network` that records another one.
    TypeError
        If AL, Y or a weight does not hold numbers, or lambd is not a number.

    Notes
    -----
    Explained in the chapter "Regularise: L2 and dropout".
    """
    cost = OUTPUT_COSTS[output_activation](AL, Y)
    return cost + l2_penalty(params, lambd, Y.shape[1])


def _validate_backprop_with_l2(
    AL, Y, caches, params, lambd, hidden_activation, output_activation, backward
) -> Arguments:
    masked = inspect.unwrap(backward) is inspect.unwrap(backprop_with_dropout)
    if not masked and inspect.unwrap(backward) is not inspect.unwrap(backprop):
        raise ValueError(
            "backward must be scratchnn.backprop or scratchnn.backprop_with_dropout, "
            f"the backward pass of the forward pass that made caches; got {backward!r}"
        )
    arrays = validate_backprop_inputs(
        AL, Y, caches, hidden_activation, output_activation, masked=masked
    )
    lambd = _validate_l2_penalty(params, lambd, 1)["lambd"]
    given = hidden_activation, output_activation
    validate_recorded_activations(
        recorded_activations(params), given, "backprop_with_l2", remedy=STEP_REMEDY
    )
    shapes = [params.get(f"W{l}") for l in range(1, len(params) // 2 + 1)]
    used = [cache[0][1] for cache in caches]  # the weights of the forward pass
    if [W.shape for W in shapes] != [W.shape for W in used]:
        raise ValueError(
            "params must be the network whose forward pass made caches; its "
            f"weights have shapes {[W.shape for W in shapes]} but the caches hold "
            f"weights of shapes {[W.shape for W in used]}"
        )
    return {**arrays, "lambd": lambd}


@validated_by(_validate_backprop_with_l2, cause=L2_CAUSE)
def backprop_with_l2(
    AL: NDArray,
    Y: NDArray,
    caches: list[tuple],
    params: Mapping[str, NDArray],
    lambd: float,
    hidden_activation: str = "sigmoid",
    output_activation: str = "sigmoid",
    backward: Callable[..., dict[str, NDArray]] = backprop,
) -> dict[str, NDArray]:
    """Backprop's gradients plus those of the L2 term, in every dW.

    Parameters
    ----------
    AL, Y, caches, hidden_activation, output_activation
        As for :func:`scratchnn.backprop`.
    params : dict of str to ndarray
        The network that made ``caches``, whose weights are penalised.
    lambd : float
        The regularisation strength, >= 0.
    backward : function, default scratchnn.backprop
        The backward pass that goes with the forward pass that made
        ``caches``: :func:`scratchnn.backprop`, or
        :func:`backprop_with_dropout` after :func:`forward_prop_with_dropout`.

    Returns
    -------
    grads : dict of str to ndarray
        ``backward``'s gradients with ``lambd / m * W{l}``
        (:func:`l2_gradient`) added to every ``dW{l}``; new arrays.

    Raises
    ------
    ValueError
        As ``backward`` does; as :func:`l2_penalty` does for params and
        lambd; if params and caches differ in their number of layers,
        backward is neither of the two backward passes, or params is a
        :class:`scratchnn.Network` that records other activations.

    Notes
    -----
    Explained in the chapter "Regularise: L2 and dropout". Only ``dW``
    changes: ``dZ``, ``dA`` and ``db`` do not involve the penalty.
    """
    activations = hidden_activation, output_activation
    grads = backward(AL, Y, caches, *activations)
    m = AL.shape[1]
    for l in range(1, len(caches) + 1):
        dW = grads[f"dW{l}"] + l2_gradient(params[f"W{l}"], lambd, m)
        grads[f"dW{l}"] = dW
    return grads
