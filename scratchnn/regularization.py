"""Regularisation: L2 weight decay and inverted dropout.

The cost and backprop modules call these when ``lambd > 0`` or
``keep_prob < 1``; with the defaults they are never called, so the core
chapters' network is unchanged.

Explained in the chapter "Regularise: L2 and dropout".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral
from typing import Any

import numpy as np
from numpy.typing import DTypeLike, NDArray

from ._checks import (
    Arguments,
    validate_dtype,
    validate_finite,
    validate_finite_params,
    validate_keep_prob,
    validate_like,
    validate_non_negative,
    validate_numbers,
    validate_params,
    validate_positive_int,
    validate_seed,
    validate_size,
    validated_by,
)

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
def l2_penalty(params: Mapping[str, NDArray], lambd: float, m: int) -> float:
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
    """Draw an inverted-dropout mask, already divided by ``keep_prob``.

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
    return np.asarray(np.divide(keep, keep_prob, dtype=dtype), like=like)
