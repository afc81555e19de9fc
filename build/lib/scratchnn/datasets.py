"""Small data sets, splitting, scaling, labels and accuracy.

Every array follows the book's convention: ``X`` has shape ``(n_x, m)``, one
column per example; binary labels ``Y`` have shape ``(1, m)`` and hold 0.0 and
1.0; multi-class labels are either one-hot, shape ``(n_classes, m)``, or class
indices, shape ``(1, m)``.

The four 2-D generators (moons, circles, spirals, XOR) are seeded and cheap, so
a chapter can draw the same picture on every machine. The two loaders wrap data
that ships inside scikit-learn's wheel: nothing is downloaded.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._validation import (
    validate_finite,
    validate_matrix,
    validate_non_negative,
    validate_positive_int,
    validate_seed,
)

__all__ = [
    "accuracy",
    "confusion_matrix",
    "from_one_hot",
    "load_breast_cancer",
    "load_digits",
    "make_circles",
    "make_moons",
    "make_spirals",
    "make_xor",
    "one_hot",
    "standardize",
    "train_test_split",
]

Seed = int | np.random.Generator | None


# Private checks: each public function validates what enters it once, here.


def _rng(seed: Any) -> np.random.Generator:
    """Turn ``seed`` into a Generator, never touching numpy's global state."""
    return np.random.default_rng(validate_seed(seed))


def _whole(A: NDArray, name: str) -> None:
    """Raise unless every entry of ``A`` is a whole number (a class label)."""
    if not np.all(np.isfinite(A)) or not np.all(A == np.round(A)):
        bad = A[~np.isfinite(A) | (A != np.round(A))].ravel()[:3]
        raise ValueError(
            f"{name} must hold whole-number class labels; found {bad.tolist()}. "
            "Turn probabilities into labels first, for example (AL > 0.5) for "
            "one output unit or from_one_hot(AL) for softmax outputs"
        )


def _shuffled(X: NDArray, Y: NDArray, rng: np.random.Generator):
    # Generators build the classes one after another; shuffling the columns
    # means any slice X[:, :k] holds a mix of classes.
    order = rng.permutation(X.shape[1])
    return X[:, order], Y[:, order]


# Seeded 2-D generators.


def make_moons(
    m: int = 400, noise: float = 0.2, seed: Seed = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Two interleaving half circles, a classic non-linear binary problem.

    Class 0 lies on the upper half of the unit circle, class 1 on a lower half
    circle of the same radius shifted to centre (1, 0.5). Gaussian noise of
    standard deviation ``noise`` is added to both coordinates.

    Parameters
    ----------
    m : int, default 400
        Number of points, at least 2; class 0 gets ``m // 2`` of them.
    noise : float, default 0.2
        Standard deviation of the noise; 0 puts every point on its arc.
    seed : int, numpy.random.Generator or None
        Seed for ``numpy.random.default_rng``; the same seed gives the same
        points on every machine.

    Returns
    -------
    X : ndarray of shape (2, m)
        Points, one column per example, in shuffled order.
    Y : ndarray of shape (1, m)
        Labels 0.0 and 1.0.

    Raises
    ------
    ValueError
        If ``m`` is not an integer >= 2, ``noise`` is negative or not finite,
        or ``seed`` is a negative int.
    TypeError
        If ``noise`` is not a number, or ``seed`` is not an int, a
        ``numpy.random.Generator`` or None.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    m = validate_positive_int(m, "m", 2)
    noise = validate_non_negative(noise, "noise")
    rng = _rng(seed)
    m0 = m // 2
    t0 = np.linspace(0, np.pi, m0)
    t1 = np.linspace(0, np.pi, m - m0)
    X = np.hstack(
        [
            np.vstack([np.cos(t0), np.sin(t0)]),
            np.vstack([1 - np.cos(t1), 0.5 - np.sin(t1)]),
        ]
    )
    Y = np.hstack([np.zeros((1, m0)), np.ones((1, m - m0))])
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(X, Y, rng)


def make_circles(
    m: int = 400, noise: float = 0.1, factor: float = 0.5, seed: Seed = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Two concentric circles: no straight line separates the classes.

    Class 0 lies on the unit circle, class 1 on a circle of radius ``factor``;
    points are evenly spaced in angle before Gaussian noise of standard
    deviation ``noise`` is added to both coordinates.

    Parameters
    ----------
    m : int, default 400
        Number of points, at least 2; class 0 gets ``m // 2`` of them.
    noise : float, default 0.1
        Standard deviation of the noise; 0 puts every point on its circle.
    factor : float, default 0.5
        Radius of the inner circle, in (0, 1).
    seed : int, numpy.random.Generator or None
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray of shape (2, m)
        Points, one column per example, in shuffled order.
    Y : ndarray of shape (1, m)
        Labels: 0.0 for the outer circle, 1.0 for the inner one.

    Raises
    ------
    ValueError
        If ``m`` is not an integer >= 2, ``noise`` is negative or not finite,
        ``factor`` is not in (0, 1), or ``seed`` is a negative int.
    TypeError
        If ``noise`` or ``factor`` is not a number, or ``seed`` is not an int,
        a ``numpy.random.Generator`` or None.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    m = validate_positive_int(m, "m", 2)
    noise = validate_non_negative(noise, "noise")
    if isinstance(factor, bool) or not isinstance(factor, Real):
        raise TypeError(f"factor must be a number in (0, 1); got {factor!r}")
    if not 0 < factor < 1:
        raise ValueError(
            f"factor is the inner radius over the outer one and must be in (0, 1); "
            f"got {factor!r}"
        )
    rng = _rng(seed)
    m0 = m // 2
    t0 = np.linspace(0, 2 * np.pi, m0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, m - m0, endpoint=False)
    X = np.hstack(
        [
            np.vstack([np.cos(t0), np.sin(t0)]),
            factor * np.vstack([np.cos(t1), np.sin(t1)]),
        ]
    )
    Y = np.hstack([np.zeros((1, m0)), np.ones((1, m - m0))])
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(X, Y, rng)


def make_spirals(
    m: int = 400, n_classes: int = 2, noise: float = 0.2, seed: Seed = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Interleaved spiral arms, one per class, as in Stanford's CS231n notes.

    Arm ``k`` runs from the origin (radius 0) to radius 1 while its angle turns
    by 4 radians, starting at ``2 * pi * k / n_classes``. Unlike the other
    generators, the noise goes into the angle, so points near the centre
    (where the arms meet) move little and points on the rim move most.

    Parameters
    ----------
    m : int, default 400
        Total number of points, at least ``n_classes``. They are split as
        evenly as possible: the first ``m % n_classes`` classes get one more.
    n_classes : int, default 2
        Number of arms (classes), at least 2.
    noise : float, default 0.2
        Standard deviation of the noise added to each angle, in radians.
    seed : int, numpy.random.Generator or None
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray of shape (2, m)
        Points, one column per example, in shuffled order.
    Y : ndarray of shape (1, m)
        Class indices 0.0, 1.0, ..., ``n_classes - 1`` as floats; use
        ``one_hot(Y)`` for a softmax output layer.

    Raises
    ------
    ValueError
        If ``n_classes`` is not an integer >= 2, ``m`` is smaller than
        ``n_classes``, ``noise`` is negative or not finite, or ``seed`` is a
        negative int.
    TypeError
        If ``noise`` is not a number, or ``seed`` is not an int, a
        ``numpy.random.Generator`` or None.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    n_classes = validate_positive_int(n_classes, "n_classes", 2)
    m = validate_positive_int(m, "m", n_classes)
    noise = validate_non_negative(noise, "noise")
    rng = _rng(seed)
    Xs, Ys = [], []
    for k in range(n_classes):
        n_k = m // n_classes + (k < m % n_classes)
        r = np.linspace(0, 1, n_k)
        t = 2 * np.pi * k / n_classes + 4 * r + noise * rng.standard_normal(n_k)
        Xs.append(r * np.vstack([np.cos(t), np.sin(t)]))
        Ys.append(np.full((1, n_k), float(k)))
    return _shuffled(np.hstack(Xs), np.hstack(Ys), rng)


def make_xor(
    m: int = 400, noise: float = 0.1, seed: Seed = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The XOR problem: label 1 where the two coordinates differ in sign.

    Points are drawn uniformly from the square [-1, 1] x [-1, 1], the same
    number in each quadrant, and labelled before the noise is added: 0 in the
    first and third quadrants (signs equal), 1 in the second and fourth (signs
    differ), the exclusive or of ``x1 > 0`` and ``x2 > 0``. Gaussian noise of
    standard deviation ``noise`` then moves points near an axis across it, so
    the classes overlap a little there.

    Parameters
    ----------
    m : int, default 400
        Number of points, at least 2. Quadrants take turns for the remainder
        of ``m / 4``, so the two classes differ in size by at most one.
    noise : float, default 0.1
        Standard deviation of the noise; 0 keeps every point in its quadrant.
    seed : int, numpy.random.Generator or None
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray of shape (2, m)
        Points, one column per example, in shuffled order.
    Y : ndarray of shape (1, m)
        Labels 0.0 and 1.0.

    Raises
    ------
    ValueError
        If ``m`` is not an integer >= 2, ``noise`` is negative or not finite,
        or ``seed`` is a negative int.
    TypeError
        If ``noise`` is not a number, or ``seed`` is not an int, a
        ``numpy.random.Generator`` or None.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    m = validate_positive_int(m, "m", 2)
    noise = validate_non_negative(noise, "noise")
    rng = _rng(seed)
    # Quadrants in the order (+,+), (+,-), (-,-), (-,+) so labels alternate
    # 0, 1, 0, 1 and the remainder of m / 4 cannot unbalance the classes.
    quadrants = [(1, 1, 0.0), (1, -1, 1.0), (-1, -1, 0.0), (-1, 1, 1.0)]
    Xs, Ys = [], []
    for i, (s1, s2, label) in enumerate(quadrants):
        n_q = m // 4 + (i < m % 4)
        Xs.append(np.array([[s1], [s2]]) * rng.uniform(0, 1, size=(2, n_q)))
        Ys.append(np.full((1, n_q), label))
    X = np.hstack(Xs)
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(X, np.hstack(Ys), rng)


# Splitting and scaling.


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
        if not 0 < test_size < 1:
            raise ValueError(
                f"test_size as a float must be in (0, 1); got {test_size!r}"
            )
        m_test = round(test_size * m)
        if not 1 <= m_test <= m - 1:
            raise ValueError(
                f"test_size={test_size!r} of m = {m} examples gives {m_test} test "
                "examples, leaving one set empty; pass an int number instead"
            )
    order = _rng(seed).permutation(m)
    test, train = order[:m_test], order[m_test:]
    return X[:, train], X[:, test], Y[:, train], Y[:, test]


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
        If X is not 2-D or holds NaN or infinity, or ``mean`` or ``std`` has
        the wrong shape, is not finite, or ``std`` is negative.
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
    X = validate_matrix(X, "X").astype(np.float64)  # also: no columns, no examples
    validate_finite(X, "X")
    n_x = X.shape[0]
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
    mean = _statistic(own_mean * scale if mean is None else mean, "mean", n_x)
    std = _statistic(own_std * scale if std is None else std, "std", n_x)
    if np.any(std < 0):
        raise ValueError(f"std must be >= 0; got {std.ravel().tolist()}")
    safe = np.where(std > 0, std, 1.0)
    return (X - mean) / safe, mean, std


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


# Labels and accuracy.


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
        numbers, ``n_classes`` is not an integer >= 1, or a label is >=
        ``n_classes``.
    TypeError
        If ``labels`` holds something other than bools, ints or floats, such
        as strings or complex numbers.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[0] == 1:
        labels = labels[0]
    if labels.ndim != 1:
        raise ValueError(
            f"labels must have shape (m,) or (1, m); got {labels.shape}. One-hot "
            "labels are already one-hot; class indices come as one row"
        )
    if labels.size == 0:
        raise ValueError("labels is empty; there is nothing to encode")
    if labels.dtype.kind not in "biuf":
        raise TypeError(
            "labels must hold numbers (bools, ints or floats); got dtype "
            f"{labels.dtype}"
        )
    _whole(labels, "labels")
    # As exact Python numbers: a cast to int64 first would wrap large labels.
    low, high = labels.min().item(), labels.max().item()
    if low < 0:
        raise ValueError(
            f"labels must be class indices >= 0; found {low:g}. Map your "
            "classes to 0, 1, ..., n_classes - 1 first"
        )
    if n_classes is None:
        n_classes = int(high) + 1
    n_classes = validate_positive_int(n_classes, "n_classes", 1)
    if high >= n_classes:
        raise ValueError(
            f"labels must be < n_classes = {n_classes}; found {high}. "
            "Increase n_classes or leave it out to infer it"
        )
    labels = labels.astype(np.int64)
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


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
    return np.argmax(Y, axis=0).reshape(1, -1)


def _label_row(A: NDArray, name: str) -> NDArray:
    """Class indices of shape (1, m) from a label row or from one-hot columns."""
    if A.shape[0] == 1:
        labels = A
    elif np.all((A == 0) | (A == 1)) and np.all(A.sum(axis=0) == 1):
        labels = from_one_hot(A)
    else:
        raise ValueError(
            f"{name} has shape {A.shape}, several rows, so it must be one-hot "
            "(0s and a single 1 in each column), and it is not. Turn a column "
            f"of m labels into a row with {name}.reshape(1, -1), and softmax "
            "probabilities into labels with from_one_hot"
        )
    _whole(labels, name)
    return labels


def accuracy(Y_pred: NDArray, Y: NDArray) -> float:
    """Fraction of examples whose predicted class is the true class.

    Parameters
    ----------
    Y_pred : ndarray of shape (1, m) or (n_classes, m)
        Predicted labels (0/1 or class indices) in one row, or one-hot
        columns. Softmax probabilities must first become labels with
        :func:`from_one_hot`.
    Y : ndarray of shape (1, m) or (n_classes, m)
        True labels in either form. One-hot columns are compared through
        their argmax, so ``accuracy(labels_row, Y_one_hot)`` works.

    Returns
    -------
    float
        A Python float in [0, 1].

    Raises
    ------
    ValueError
        If either array is not 2-D, the two have different numbers of columns
        or are one-hot with different numbers of classes, there are no
        examples, a label row holds probabilities instead of labels, or an
        array of several rows is not one-hot (0/1 entries, a single 1 per
        column): a column of m labels, shape (m, 1), must be reshaped to
        (1, m).

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    Y_pred = validate_matrix(Y_pred, "Y_pred")
    Y = validate_matrix(Y, "Y")
    rows_differ = Y_pred.shape[0] != Y.shape[0] and 1 not in (
        Y.shape[0],
        Y_pred.shape[0],
    )
    if Y_pred.shape[1] != Y.shape[1] or rows_differ:
        raise ValueError(
            f"Y_pred has shape {Y_pred.shape} but Y has shape {Y.shape}; both need "
            "one column per example, as a (1, m) row of labels or (n_classes, m) "
            "one-hot columns"
        )
    pred, true = _label_row(Y_pred, "Y_pred"), _label_row(Y, "Y")
    return float(np.mean(pred == true))


def confusion_matrix(
    y_true: NDArray, y_pred: NDArray, n_classes: int | None = None
) -> NDArray[np.int64]:
    """Count how often each true class is predicted as each class.

    Parameters
    ----------
    y_true, y_pred : ndarray of shape (m,), (1, m) or (n_classes, m)
        Class indices, or one-hot columns (compared by argmax). Softmax
        probabilities must first become labels with :func:`from_one_hot`.
    n_classes : int, optional
        Size of the matrix; one more than the largest label when omitted.

    Returns
    -------
    C : ndarray of shape (n_classes, n_classes)
        ``C[i, j]`` is the number of examples of true class ``i`` predicted as
        class ``j``; the diagonal holds the correct predictions.

    Raises
    ------
    ValueError
        If the two have different numbers of examples, hold negative or
        non-whole labels, or a label is >= ``n_classes``, or an array of
        several rows is not one-hot (0/1 entries, a single 1 per column): a
        column of m labels, shape (m, 1), must be reshaped to (1, m).

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    true, pred = (
        _label_row(validate_matrix(np.atleast_2d(A), name), name)
        for A, name in ((y_true, "y_true"), (y_pred, "y_pred"))
    )
    if true.shape != pred.shape:
        raise ValueError(
            f"y_true holds {true.shape[1]} examples but y_pred holds "
            f"{pred.shape[1]}; they must match"
        )
    n_seen = int(max(true.max(initial=0), pred.max(initial=0))) + 1
    Y_true = one_hot(true, n_seen if n_classes is None else n_classes)
    Y_pred = one_hot(pred, Y_true.shape[0])
    # Entry (i, j) of the product sums, over examples, "true class is i" times
    # "predicted class is j": exactly the count we want.
    return (Y_true @ Y_pred.T).astype(np.int64)


# Data shipped with scikit-learn.


def _sklearn_datasets(caller: str):
    # scikit-learn is imported here, not at the top, so the rest of scratchnn
    # keeps numpy and matplotlib as its only dependencies.
    try:
        import sklearn.datasets
    except ImportError as err:
        raise ImportError(
            f"{caller} reads data bundled with scikit-learn, which is not "
            "installed; install it with `pip install scikit-learn`"
        ) from err
    return sklearn.datasets


def load_breast_cancer() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The Wisconsin breast cancer data: 569 tumours, 30 features, 2 classes.

    The data ship inside scikit-learn; nothing is downloaded. The features
    (radius, texture, area, ...) have very different scales, from about 0.001
    to about 4000, so standardise them before training.

    Returns
    -------
    X : ndarray of shape (30, 569)
        Features, one column per tumour.
    Y : ndarray of shape (1, 569)
        1.0 for a benign tumour (357 of them), 0.0 for a malignant one (212),
        as in scikit-learn.

    Raises
    ------
    ImportError
        If scikit-learn is not installed.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    data = _sklearn_datasets("load_breast_cancer").load_breast_cancer()
    X = np.asarray(data.data, dtype=np.float64).T
    Y = np.asarray(data.target, dtype=np.float64).reshape(1, -1)
    return X, Y


def load_digits(scale: bool = True) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Scikit-learn's handwritten digits: 1797 images of 8 x 8 pixels, 10 classes.

    The data ship inside scikit-learn; nothing is downloaded. Pixel values
    are whole numbers from 0 (blank) to 16 (full ink).

    Parameters
    ----------
    scale : bool, default True
        Divide the pixels by 16 so they lie in [0, 1].

    Returns
    -------
    X : ndarray of shape (64, 1797)
        Images, one flattened image per column (row by row, so
        ``X[:, i].reshape(8, 8)`` shows image ``i``).
    y : ndarray of shape (1, 1797)
        Integer digits 0 to 9; ``one_hot(y)`` gives shape (10, 1797).

    Raises
    ------
    TypeError
        If ``scale`` is not True or False.
    ImportError
        If scikit-learn is not installed.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    if not isinstance(scale, bool | np.bool_):
        raise TypeError(f"scale must be True or False; got {scale!r}")
    data = _sklearn_datasets("load_digits").load_digits()
    X = np.asarray(data.data, dtype=np.float64).T
    if scale:
        X = X / 16.0
    y = np.asarray(data.target, dtype=np.int64).reshape(1, -1)
    return X, y
