"""Prepare data for a network: split, scale, and encode labels.

Every array follows the book's convention: ``X`` has shape ``(n_x, m)``, one
column per example; multi-class labels are either one-hot, shape
``(n_classes, m)``, or class indices, shape ``(1, m)``.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    Arguments,
    as_array,
    validate_finite,
    validate_matrix,
    validate_not_masked,
    validate_positive_int,
    validate_seed,
    validate_size,
    validated_by,
)

Seed = int | np.random.Generator | None


# Splitting and scaling.


def _validate_train_test_split(X, Y, test_size, seed) -> Arguments:
    """Returns ``test_size`` as the number of test examples, an int."""
    X = validate_matrix(X, "X")
    Y = validate_matrix(Y, "Y")
    m = X.shape[1]
    if Y.shape[1] != m:
        raise ValueError(
            f"X has {m} columns (examples) but Y has {Y.shape[1]}; both must have "
            f"one column per example. X has shape {X.shape}, Y has shape {Y.shape}: "
            "did you pass a transposed array?"
        )
    if m < 2:
        raise ValueError(f"splitting needs at least 2 examples; got {m}")
    if isinstance(test_size, bool) or not isinstance(test_size, Real):
        raise TypeError(
            f"test_size must be a float in (0, 1) or an int; got {test_size!r}"
        )
    if isinstance(test_size, Integral):
        m_test = int(test_size)
        if not 1 <= m_test <= m - 1:
            raise ValueError(
                f"test_size as an int must be in [1, {m - 1}] for m = {m}; got {m_test}"
            )
    else:
        if not 0 < float(test_size) < 1:
            raise ValueError(
                f"test_size as a float must be in (0, 1); got {test_size!r}"
            )
        m_test = round(test_size * m)
        if not 1 <= m_test <= m - 1:
            raise ValueError(
                f"test_size={test_size!r} of m = {m} examples gives {m_test} test "
                "examples, leaving one set empty; pass an int number instead"
            )
    return {"X": X, "Y": Y, "test_size": m_test, "seed": validate_seed(seed)}


@validated_by(_validate_train_test_split)
def train_test_split(
    X: NDArray, Y: NDArray, test_size: float | int = 0.25, seed: Seed = None
) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """Split the examples (columns) at random into a training and a test set.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Inputs, one column per example.
    Y : ndarray of shape (n_y, m)
        Labels: a row of 0/1 or class indices, or one-hot columns.
    test_size : float or int, default 0.25
        A float in (0, 1) is the fraction of examples to hold out: the test
        set gets ``round(test_size * m)`` of them, and Python's ``round``
        sends a half to the even number (0.25 of 10 examples gives 2, of 6
        gives 2). An int in [1, m - 1] is their number.
    seed : int, numpy.random.Generator or None
        Seed for the permutation of the columns.

    Returns
    -------
    X_train : ndarray of shape (n_x, m - m_test)
    X_test : ndarray of shape (n_x, m_test)
    Y_train : ndarray of shape (n_y, m - m_test)
    Y_test : ndarray of shape (n_y, m_test)

    Raises
    ------
    ValueError
        If X or Y is not 2-D, their column counts differ, or ``test_size``
        leaves the training or the test set empty.
    TypeError
        If ``test_size`` is neither an int nor a float.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    # The guard turned a fraction test_size into a number of examples.
    order = np.random.default_rng(seed).permutation(X.shape[1])
    test, train = order[:test_size], order[test_size:]
    return X[:, train], X[:, test], Y[:, train], Y[:, test]


#: What an overflow in standardize most often means.
STANDARDIZE_CAUSE = (
    "X's values are too far apart, or std too small, for float64: divide X by a "
    "power of 10 first, and pass the std that standardize returned on the "
    "training set"
)


def _statistic(value: Any, name: str, n_x: int) -> NDArray[np.float64]:
    value = np.asarray(value, dtype=np.float64)
    if value.shape != (n_x, 1):
        raise ValueError(
            f"{name} must have shape ({n_x}, 1), one value per feature (row of X); "
            f"got shape {value.shape}. Use the {name} returned by standardize on "
            "the training set, or reshape with .reshape(-1, 1)"
        )
    validate_finite(value, name, hint=f"pass the {name} that standardize returned")
    return value


def _validate_standardize(X, mean, std) -> Arguments:
    X = validate_matrix(X, "X").astype(np.float64)  # also: no columns, no examples
    validate_finite(X, "X")
    n_x = X.shape[0]
    if mean is not None:
        mean = _statistic(mean, "mean", n_x)
    if std is not None:
        std = _statistic(std, "std", n_x)
        if np.any(std < 0):
            raise ValueError(f"std must be >= 0; got {std.ravel().tolist()}")
    return {"X": X, "mean": mean, "std": std}


@validated_by(_validate_standardize, cause=STANDARDIZE_CAUSE)
def standardize(
    X: NDArray, mean: NDArray | None = None, std: NDArray | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Centre each feature (row) on 0 and scale it to standard deviation 1.

    Compute ``mean`` and ``std`` on the training set, then pass them back in
    for the test set, so both are scaled the same way and nothing about the
    test set leaks into training::

        X_train, mean, std = standardize(X_train)
        X_test, _, _ = standardize(X_test, mean, std)

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Inputs, one column per example.
    mean : ndarray of shape (n_x, 1), optional
        Per-feature means; computed from X over its columns when omitted.
    std : ndarray of shape (n_x, 1), optional
        Per-feature standard deviations, >= 0; computed from X when omitted.

    Returns
    -------
    X_std : ndarray of shape (n_x, m)
        ``(X - mean) / std``, except that a feature with std 0 is only centred.
    mean : ndarray of shape (n_x, 1)
    std : ndarray of shape (n_x, 1)
        The statistics used, with std 0 for a constant feature.

    Raises
    ------
    ValueError
        If X is not 2-D or holds NaN or infinity, ``mean`` or ``std`` has
        the wrong shape, is not finite, or ``std`` is negative, or
        ``X - mean`` or its quotient by ``std`` overflows float64.
    TypeError
        If X does not hold numbers.

    Notes
    -----
    A feature that is constant on the training set (a pixel that is always
    blank, say) has std 0; dividing by it would give NaN or infinity and
    poison every later step. Such a feature carries no information, so it is
    only centred, which makes it 0 for every training example. So is a feature
    whose values differ only in their last digits (a std of at most 10 machine
    epsilons times its mean, about 2e-15 of it; scikit-learn has a similar
    rule): that spread is rounding noise, which dividing by the std would blow
    up to values near 1.

    Used in the chapter "Putting it together: the model".
    """
    # Each row divided by a power of 2 near its largest |x| (exact in binary):
    # the squares inside std then neither overflow (for values of 1e300) nor
    # underflow (for values of 1e-300).
    scale = np.ldexp(1.0, np.frexp(np.abs(X).max(axis=1, keepdims=True))[1] - 1)
    Xs = X / scale
    # Rounding makes the mean of a constant row differ from its value in the
    # last digit; use the exact value for such rows.
    constant = np.ptp(Xs, axis=1, keepdims=True) == 0
    own_mean = np.where(constant, Xs[:, :1], Xs.mean(axis=1, keepdims=True))
    # A std of a few rounding errors of the mean is noise, not spread: dividing
    # by it would blow differences in the last digit up to values near 1.
    own_std = Xs.std(axis=1, keepdims=True)
    noise = 10 * np.finfo(np.float64).eps * np.abs(own_mean)
    own_std[constant | (own_std <= noise)] = 0.0
    mean = own_mean * scale if mean is None else mean
    std = own_std * scale if std is None else std
    safe = np.where(std > 0, std, 1.0)
    return (X - mean) / safe, mean, std


# Labels.


def validate_class_indices(
    labels: Any, n_classes: Any, name: str = "labels"
) -> Arguments:
    """Check class indices, as one_hot takes them (and the metrics, which
    call it, with ``name`` the argument): return the labels as a vector of
    shape (m,) and ``n_classes`` as an int, one more than the largest label
    when None."""
    validate_not_masked(labels, name)
    labels = as_array(labels, name)
    if labels.ndim == 2 and labels.shape[0] == 1:
        labels = labels[0]
    if labels.ndim != 1:
        raise ValueError(
            f"{name} must have shape (m,) or (1, m); got {labels.shape}. One-hot "
            "labels are already one-hot; class indices come as one row"
        )
    if labels.size == 0:
        raise ValueError(f"{name} is empty; there is nothing to encode")
    if labels.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must hold numbers (bools, ints or floats); got dtype "
            f"{labels.dtype}"
        )
    validate_whole(labels, name)
    # As exact Python numbers: a cast to int64 first would wrap large labels.
    low, high = labels.min().item(), labels.max().item()
    if low < 0:
        raise ValueError(
            f"{name} must be class indices >= 0; found {low:g}. Map your "
            "classes to 0, 1, ..., n_classes - 1 first"
        )
    if n_classes is None:
        n_classes = int(high) + 1
    n_classes = validate_positive_int(n_classes, "n_classes", 1)
    if high >= n_classes:
        raise ValueError(
            f"{name} must be < n_classes = {n_classes}; found {high}. "
            "Increase n_classes or leave it out to infer it"
        )
    validate_size(n_classes * labels.size, f"one-hot {name} for {n_classes} classes")
    return {"labels": labels, "n_classes": n_classes}


def validate_whole(A: NDArray, name: str) -> None:
    """Raise unless every entry of ``A`` is a whole number (a class label)."""
    if not np.all(np.isfinite(A)) or not np.all(A == np.round(A)):
        bad = A[~np.isfinite(A) | (A != np.round(A))].ravel()[:3]
        raise ValueError(
            f"{name} must hold whole-number class labels; found {bad.tolist()}. "
            "Turn probabilities into labels first, for example (AL > 0.5) for "
            "one output unit or from_one_hot(AL) for softmax outputs"
        )


def _validate_one_hot(labels, n_classes) -> Arguments:
    return validate_class_indices(labels, n_classes)


@validated_by(_validate_one_hot)
def one_hot(labels: NDArray, n_classes: int | None = None) -> NDArray[np.float64]:
    """Turn class indices into one-hot columns.

    Parameters
    ----------
    labels : ndarray of shape (m,) or (1, m)
        Class indices 0, 1, ..., as ints or as whole-number floats.
    n_classes : int, optional
        Number of classes (rows of the result); ``labels.max() + 1`` when
        omitted. Give it when a small sample may miss the last classes.

    Returns
    -------
    Y : ndarray of shape (n_classes, m)
        ``Y[k, i]`` is 1.0 if example ``i`` is in class ``k``, else 0.0.

    Raises
    ------
    ValueError
        If ``labels`` has another shape, is empty, holds non-whole or negative
        numbers, ``n_classes`` is not an integer >= 1, a label is >=
        ``n_classes``, or the result would hold more than 2**31 numbers.
    TypeError
        If ``labels`` holds something other than bools, ints or floats, such
        as strings or complex numbers.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    assert n_classes is not None  # the validator filled it in
    labels = labels.astype(np.int64)
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def _validate_from_one_hot(Y) -> Arguments:
    Y = validate_matrix(Y, "Y")
    if Y.shape[0] == 0:
        raise ValueError(f"Y has shape {Y.shape}: no rows, so no classes to pick")
    if Y.shape[0] == 1:
        raise ValueError(
            f"Y has shape {Y.shape}, a single row, so its argmax is always 0. "
            "A one-unit (sigmoid) output gives labels with (AL > 0.5).astype(float)"
        )
    validate_finite(
        Y,
        "Y",
        hint="NaN in softmax outputs usually means training diverged: try a "
        "smaller learning rate",
    )
    return {"Y": Y}


@validated_by(_validate_from_one_hot)
def from_one_hot(Y: NDArray) -> NDArray[np.int64]:
    """Turn one-hot columns (or softmax probabilities) into class indices.

    Parameters
    ----------
    Y : ndarray of shape (n_classes, m)
        One-hot labels, or probabilities from a softmax output layer; the
        class of each column is the row of its largest entry, the lowest such
        row if several tie.

    Returns
    -------
    labels : ndarray of shape (1, m)
        Integer class indices.

    Raises
    ------
    ValueError
        If Y is not 2-D, has no rows or a single row (a binary output, whose
        argmax would always be 0; threshold it with ``AL > 0.5`` instead), or
        holds NaN or infinity (which has no largest entry).
    TypeError
        If Y does not hold numbers.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    return np.argmax(Y, axis=0).reshape(1, -1)
