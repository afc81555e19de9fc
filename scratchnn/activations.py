"""Activation functions and their backward steps.

Each activation ``g`` takes ``Z`` and returns ``(A, cache)`` with
``A = g(Z)`` and ``cache = Z``; its backward step takes ``dA`` (the gradient
of the cost with respect to ``A``) and that cache and returns
``dZ = dA * g'(Z)``. All of them work elementwise on arrays of any shape,
except softmax, which works on each column. A backward step raises a
``ValueError`` if ``dA`` and the cache differ in shape.

Explained in the chapters "The sigmoid activation" and "Choose an activation function".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from ._checks import lookup, validate_backward, validate_numbers, validated_by

#: The slope of leaky ReLU for negative inputs (kappa in the book).
LEAKY_SLOPE = 0.01


def _validate_activation(Z):
    return {"Z": validate_numbers(Z, "Z")}


def _validate_activation_backward(dA, cache):
    dA, cache = validate_backward(dA, cache)
    return {"dA": dA, "cache": cache}


@validated_by(_validate_activation)
def sigmoid(Z: NDArray) -> tuple[NDArray, NDArray]:
    """The logistic sigmoid ``1 / (1 + exp(-Z))``, elementwise.

    Parameters
    ----------
    Z : ndarray
        Pre-activations, any shape (usually ``(n_l, m)``).

    Returns
    -------
    A : ndarray
        ``sigmoid(Z)``, same shape as ``Z``, every entry in [0, 1].
    cache : ndarray
        ``Z`` itself, kept for :func:`sigmoid_backward`.

    Notes
    -----
    Explained in the chapter "The sigmoid activation". The textbook formula
    overflows in ``exp(-Z)`` for ``Z < -709``; here ``exp`` only ever sees
    ``-|Z|``, which cannot overflow, and for ``Z < 0`` the equal form
    ``exp(Z) / (1 + exp(Z))`` keeps tiny results exact. Below about
    ``Z = -745`` the result underflows to exactly 0, silently.

    Examples
    --------
    >>> A, cache = sigmoid(np.array([[-1000.0, 0.0, 1000.0]]))
    >>> A
    array([[0. , 0.5, 1. ]])
    """
    E = np.exp(-np.abs(Z))  # in [0, 1]: never overflows
    A = np.where(Z >= 0, 1.0, E) / (1.0 + E)
    return A, Z


@validated_by(_validate_activation_backward)
def sigmoid_backward(dA: NDArray, cache: NDArray) -> NDArray:
    """The backward step of the sigmoid: ``dZ = dA * s * (1 - s)``.

    Parameters
    ----------
    dA : ndarray
        Gradient of the summed loss with respect to the sigmoid's output
        ``A``, one column per example (``d(m J)/dA``).
    cache : ndarray
        The ``Z`` that :func:`sigmoid` returned as its cache, same shape.

    Returns
    -------
    dZ : ndarray
        Gradient of the summed loss with respect to ``Z``, one column per
        example, same shape as ``dA``.

    Raises
    ------
    ValueError
        If ``dA`` and ``cache`` differ in shape.

    Notes
    -----
    Explained in the chapter "The sigmoid activation". The cache holds ``Z``,
    not ``A``: the slope is ``s(Z) * (1 - s(Z))`` with ``s(Z)`` recomputed.
    """
    s, _ = sigmoid(cache)
    return dA * s * (1.0 - s)


@validated_by(_validate_activation)
def relu(Z: NDArray) -> tuple[NDArray, NDArray]:
    """The rectified linear unit ``max(0, Z)``, elementwise.

    Returns ``(A, cache)`` with ``A`` shaped like ``Z`` and ``cache = Z``.

    Notes
    -----
    Explained in the chapter "Choose an activation function" (Nair and Hinton, 2010).
    """
    # max(0, Z) written as a clip from below: the same numbers as
    # np.maximum(Z, 0), with less fixed cost per call, which small
    # arrays (one layer of a mini-batch) feel; on large arrays the two
    # take about as long.
    return Z.clip(0, np.inf), Z


@validated_by(_validate_activation_backward)
def relu_backward(dA: NDArray, cache: NDArray) -> NDArray:
    """The backward step of ReLU: ``dA`` where ``Z > 0``, else 0.

    The backward step of :func:`relu`; the slope at exactly 0 is taken as 0.
    """
    return dA * (cache > 0)


@validated_by(_validate_activation)
def leaky_relu(Z: NDArray) -> tuple[NDArray, NDArray]:
    """Leaky ReLU: ``Z`` where ``Z > 0``, else ``LEAKY_SLOPE * Z``.

    Returns ``(A, cache)`` with ``A`` shaped like ``Z`` and ``cache = Z``.

    Notes
    -----
    Explained in the chapter "Choose an activation function" (Maas et al., 2013).
    """
    return np.where(Z > 0, Z, LEAKY_SLOPE * Z), Z


@validated_by(_validate_activation_backward)
def leaky_relu_backward(dA: NDArray, cache: NDArray) -> NDArray:
    """The backward step of leaky ReLU: slope 1 or ``LEAKY_SLOPE``.

    The backward step of :func:`leaky_relu`: ``dZ = dA`` where ``Z > 0``, else
    ``LEAKY_SLOPE * dA``.
    """
    return np.where(cache > 0, dA, LEAKY_SLOPE * dA)  # keeps dA's dtype


@validated_by(_validate_activation)
def tanh(Z: NDArray) -> tuple[NDArray, NDArray]:
    """The hyperbolic tangent, elementwise, with values in [-1, 1].

    Returns ``(A, cache)`` with ``A`` shaped like ``Z`` and ``cache = Z``.

    Notes
    -----
    Explained in the chapter "Choose an activation function".
    """
    return np.tanh(Z), Z


@validated_by(_validate_activation_backward)
def tanh_backward(dA: NDArray, cache: NDArray) -> NDArray:
    """The backward step of tanh: ``dZ = dA * (1 - tanh(Z)**2)``.

    The backward step of :func:`tanh`.
    """
    T = np.tanh(cache)
    return dA * (1.0 - T * T)


def _validate_softmax(Z):
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


@validated_by(_validate_softmax)
def softmax(Z: NDArray) -> tuple[NDArray, NDArray]:
    """Softmax over each column: ``exp(Z) / sum(exp(Z))``.

    Parameters
    ----------
    Z : ndarray of shape (n_classes, m)
        One column of scores (logits) per example.

    Returns
    -------
    A : ndarray of shape (n_classes, m)
        Each column is a probability distribution over the classes.
    cache : ndarray
        ``Z`` itself.

    Raises
    ------
    ValueError
        If ``Z`` is a scalar or has no rows (no classes), or if a column's
        largest logit is infinite (``+inf``, or a column of only ``-inf``): its
        softmax would be NaN. A ``-inf`` beside finite logits simply gets
        probability 0.

    Notes
    -----
    Explained in the chapter "Many classes: softmax on handwritten digits"
    (Bridle, 1990). Subtracting each column's maximum changes nothing mathematically (it
    cancels between numerator and denominator) but keeps ``exp`` at most 1,
    so large logits cannot overflow.
    """
    M = Z.max(axis=0, keepdims=True)  # finite: softmax refuses inf
    # A column spanning more than the float range (1e308 and -1e308)
    # gives -inf in the shift, which is harmless: exp(-inf) is exactly
    # 0, and tiny probabilities that underflow to 0 are right too.
    with np.errstate(over="ignore", under="ignore"):
        E = np.exp(Z - M)
        return E / E.sum(axis=0, keepdims=True), Z


def _validate_softmax_backward(dA, cache):
    dA, cache = validate_backward(dA, cache)
    # The step recomputes softmax(cache), which must be defined.
    return {"dA": dA, "cache": _validate_softmax(cache)["Z"]}


@validated_by(_validate_softmax_backward)
def softmax_backward(dA: NDArray, cache: NDArray) -> NDArray:
    """The backward step of :func:`softmax`, column by column.

    With ``S = softmax(Z)``, ``dZ = S * (dA - sum(dA * S))``, the sum taken
    over each column: the product of softmax's Jacobian with ``dA``.
    """
    S, _ = softmax(cache)
    return S * (dA - np.sum(dA * S, axis=0, keepdims=True))


# --- activation table
class Activation(NamedTuple):
    """An activation's forward function and its backward step."""

    forward: Callable[[NDArray], tuple[NDArray, NDArray]]
    backward: Callable[[NDArray, NDArray], NDArray]


#: Every activation by name, one table instead of if/elif chains.
ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(sigmoid, sigmoid_backward),
    "relu": Activation(relu, relu_backward),
    "leaky_relu": Activation(leaky_relu, leaky_relu_backward),
    "tanh": Activation(tanh, tanh_backward),
    "softmax": Activation(softmax, softmax_backward),
}
# --- end


def _validate_get_activation(name):
    lookup(ACTIVATIONS, name, "activation")


@validated_by(_validate_get_activation)
def get_activation(name: str) -> Activation:
    """Return the :class:`Activation` registered under ``name``.

    Raises
    ------
    ValueError
        If no activation has that name; the message lists the known ones.
    """
    return ACTIVATIONS[name]
