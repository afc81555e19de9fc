"""Precision and devices: the parameters in float32, or on a GPU.

The one place where scratchnn moves arrays to another device: every step of
the algorithm then runs wherever its arrays live (numpy's dispatch, NEP 13,
18 and 35), and makes its results there.

Explained in the chapter "Make it fast".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import DTypeLike, NDArray

from ._checks import (
    as_array,
    validate_dtype,
    validate_like,
    validate_params,
    validated_by,
)


def _validate_to_device(A, like) -> dict[str, Any]:
    validate_like(like)
    return {"A": as_array(A, "A")}


@validated_by(_validate_to_device)
def to_device(A: NDArray, like: NDArray | None) -> NDArray:
    """``A`` as an array of ``like``'s type: on ``like``'s device, if any.

    Parameters
    ----------
    A : ndarray
        A numpy array (or anything numpy turns into one).
    like : array or None
        With a CuPy array, ``A`` is copied to its GPU (numpy's ``like=``,
        NEP 35); with a numpy array or None, ``A`` comes back as it is.

    Returns
    -------
    ndarray
        ``A`` as an array of ``like``'s type.

    Raises
    ------
    TypeError
        If ``like`` is neither None nor an array.

    Notes
    -----
    Explained in the chapter "Make it fast": the one place where scratchnn
    uses ``like=``, for the parameters (:func:`convert_params`) and the
    dropout masks (:func:`scratchnn.dropout_mask`).
    """
    return np.asarray(A, like=like)


def _validate_convert_params(params, dtype, like) -> dict[str, Any]:
    validate_params(params)
    validate_like(like)
    return {"dtype": validate_dtype(dtype)}


@validated_by(_validate_convert_params)
def convert_params(
    params: Mapping[str, NDArray],
    dtype: DTypeLike = np.float64,
    like: NDArray | None = None,
) -> dict[str, NDArray]:
    """The parameters in ``dtype``, as arrays of ``like``'s type (its device).

    Parameters
    ----------
    params : dict of str to ndarray
        ``W1, b1, ..., WL, bL``, as :func:`scratchnn.init_params` makes them.
    dtype : numpy floating dtype, default float64
        The floating type of the result: float32 halves memory and time.
    like : array, optional
        An array whose type the parameters take, through numpy's ``like=``
        (NEP 35): with ``like=X`` and ``X`` a CuPy array, the parameters are
        copied to the GPU. None (default): numpy arrays.

    Returns
    -------
    dict of str to ndarray
        New arrays, each ``params``' entry rounded to ``dtype`` (float32
        weights are the float64 ones rounded, so a seed means the same
        network in both) and on ``like``'s device.

    Raises
    ------
    ValueError
        If ``params`` is not a valid network.
    TypeError
        If ``dtype`` is not a floating type, or ``like`` is not an array.

    Notes
    -----
    Explained in the chapter "Make it fast". ``model`` converts the
    parameters it initialises this way, to its ``dtype`` and to the device
    of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from scratchnn import convert_params, init_params
    >>> convert_params(init_params([2, 3, 1], seed=0), np.float32)["W1"].dtype
    dtype('float32')
    """
    return {key: to_device(P.astype(dtype), like) for key, P in params.items()}
