"""Gradient descent: one step downhill on every layer.

Explained in the chapter "Gradient descent: step downhill".
"""

from __future__ import annotations

from collections.abc import Mapping

from numpy.typing import NDArray

from ._checks import (
    validate_finite_params,
    validate_grads,
    validate_params,
    validate_positive,
    validated_by,
)


def validate_update_inputs(params, grads, learning_rate) -> float:
    """Check a gradient step's network, gradients and learning rate; return
    the learning rate as a float. Shared with the optimisers' in-place steps
    (:mod:`scratchnn.optimizers`)."""
    learning_rate = validate_positive(learning_rate, "learning_rate")
    L = validate_params(params)
    validate_grads(params, grads, L)
    validate_finite_params(params)
    validate_finite_params({f"d{k}": grads[f"d{k}"] for k in params}, "grads")
    return learning_rate


def _validate_update_parameters(params, grads, learning_rate):
    return {"learning_rate": validate_update_inputs(params, grads, learning_rate)}


@validated_by(
    _validate_update_parameters,
    cause="the learning rate is probably too large for these weights; lower it",
)
def update_parameters(
    params: Mapping[str, NDArray],
    grads: Mapping[str, NDArray],
    learning_rate: float,
) -> dict[str, NDArray]:
    """One step of gradient descent: ``W - learning_rate * dW``.

    Parameters
    ----------
    params : dict of str to ndarray
        ``W1, b1, ..., WL, bL``.
    grads : dict of str to ndarray
        At least ``dW1, db1, ..., dWL, dbL``, shaped like the parameters, as
        :func:`scratchnn.backprop` returns them.
    learning_rate : float
        The step size, a finite positive number.

    Returns
    -------
    dict of str to ndarray
        The new parameters, new arrays: ``params`` itself is not changed, so
        a reader can keep the old values to compare.

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
    L = len(params) // 2
    new_params = {}
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        dW, db = grads[f"dW{l}"], grads[f"db{l}"]
        new_params[f"W{l}"] = W - learning_rate * dW
        new_params[f"b{l}"] = b - learning_rate * db
    return new_params
