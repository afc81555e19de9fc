"""Prepare data for a network: split, scale, and encode labels.

Every array follows the book's convention: ``X`` has shape ``(n_x, m)``, one
column per example; multi-class labels are either one-hot, shape
``(n_classes, m)``, or class indices, shape ``(1, m)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._validation import validated_by
from ._validation.data import (
    validate_class_indices,
    validate_from_one_hot,
    validate_standardize,
    validate_train_test_split,
)

Seed = int | np.random.Generator | None


# Splitting and scaling.


@validated_by(validate_train_test_split)
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


@validated_by(validate_standardize)
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
        ``X - mean`` or its quotient by ``std`` could overflow float64.
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


@validated_by(validate_class_indices)
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
    labels = labels.astype(np.int64)
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


@validated_by(validate_from_one_hot)
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
