"""Gradient descent: one step downhill on every layer.

Explained in the chapter "Gradient descent: step downhill".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    validate_bool,
    validate_finite_params,
    validate_grads,
    validate_params,
    validate_positive,
    validated_by,
)


def _validate_update_parameters(params, grads, learning_rate, inplace):
    learning_rate = validate_positive(learning_rate, "learning_rate")
    L = validate_params(params)
    validate_grads(params, grads, L)
    validate_finite_params(params)
    validate_finite_params({f"d{k}": grads[f"d{k}"] for k in params}, "grads")
    if validate_bool(inplace, "inplace"):
        for key, P in params.items():
            if not getattr(getattr(P, "flags", None), "writeable", True):
                raise ValueError(
                    f"params entry {key} is read-only, so inplace=True cannot "
                    "update it; pass inplace=False, or writable copies "
                    "(P.copy())"
                )
    return {"learning_rate": learning_rate}


@validated_by(
    _validate_update_parameters,
    cause="the learning rate is probably too large for these weights; lower it",
)
def update_parameters(
    params: Mapping[str, NDArray],
    grads: Mapping[str, NDArray],
    learning_rate: float,
    inplace: bool = False,
) -> dict[str, NDArray]:
    """One step of gradient descent: ``W - learning_rate * dW`` per layer.

    Parameters
    ----------
    params : dict of str to ndarray
        ``W1, b1, ..., WL, bL``.
    grads : dict of str to ndarray
        At least ``dW1, db1, ..., dWL, dbL``, shaped like the parameters, as
        :func:`scratchnn.backprop` returns them.
    learning_rate : float
        The step size, a finite positive number.
    inplace : bool, default False
        Write the new values into the arrays of ``params`` themselves, as
        :func:`scratchnn.model` does with the parameters it owns: it spares
        a new copy of every weight at every step.

    Returns
    -------
    dict of str to ndarray
        The new parameters. Unless ``inplace``, these are new arrays and
        ``params`` itself is not changed, so a reader can keep the old
        values to compare.

    Raises
    ------
    ValueError
        If the learning rate is not a finite positive number, ``params`` is
        not a valid network, a gradient is missing, or a gradient's shape
        differs from its parameter's.
    TypeError
        If the learning rate is not a number, ``params`` is not a dict of
        numpy arrays, ``grads`` is not a dict, or a gradient is not a numpy
        array of numbers.

    Notes
    -----
    Explained in the chapter "Gradient descent: step downhill".
    """
    new_params = {}
    for key, P in params.items():  # W1, b1, ..., WL, bL
        step = learning_rate * grads[f"d{key}"]
        new_params[key] = np.subtract(P, step, out=P if inplace else None)
    return new_params
