"""Small data sets: four seeded 2-D generators and two loaders.

Every array follows the book's convention: ``X`` has shape ``(n_x, m)``, one
column per example; binary labels ``Y`` have shape ``(1, m)`` and hold 0.0 and
1.0; multi-class labels are either one-hot, shape ``(n_classes, m)``, or class
indices, shape ``(1, m)``.

The four 2-D generators (moons, circles, spirals, XOR) are seeded and cheap, so
a chapter can draw the same picture on every machine. The two loaders wrap data
that ships inside scikit-learn's wheel: nothing is downloaded.

Splitting, scaling and labels live in :mod:`scratchnn.preprocessing`, accuracy
and the confusion matrix in :mod:`scratchnn.metrics`. Importing their names
from here (``from scratchnn.datasets import accuracy``), as when this module
held them all, is deprecated since 0.3.0: it still works until 0.4.0, with a
``DeprecationWarning``.
"""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import metrics, preprocessing
from ._checks import (
    Arguments,
    validate_non_negative,
    validate_positive_int,
    validate_seed,
    validate_size,
    validated_by,
)
from ._moved import moved_names

__all__ = [
    "load_breast_cancer",
    "load_digits",
    "make_circles",
    "make_moons",
    "make_spirals",
    "make_xor",
]

# Names this module re-exported up to 0.2.0; they warn, then go in 0.4.0.
__getattr__, _moved_dir = moved_names(
    __name__,
    {
        "accuracy": metrics,
        "confusion_matrix": metrics,
        "from_one_hot": preprocessing,
        "one_hot": preprocessing,
        "standardize": preprocessing,
        "train_test_split": preprocessing,
    },
)

Seed = int | np.random.Generator | None


def _shuffled(X: NDArray, Y: NDArray, rng: np.random.Generator):
    # Generators build the classes one after another; shuffling the columns
    # means any slice X[:, :k] holds a mix of classes.
    order = rng.permutation(X.shape[1])
    return X[:, order], Y[:, order]


# Seeded 2-D generators.


#: The largest noise of the data generators: a standard deviation a million
#: times the data's scale (about 1) leaves nothing of the data.
MAX_NOISE = 1e6


def _noise(noise: Any) -> float:
    noise = validate_non_negative(noise, "noise")
    if noise > MAX_NOISE:
        raise ValueError(
            f"noise is the standard deviation of the noise added to each "
            f"coordinate, whose scale is about 1, and must be at most "
            f"{MAX_NOISE:g}; got {noise!r}"
        )
    return noise


def _points(m, noise, seed, minimum: int = 2) -> Arguments:
    return {
        "m": _point_count(m, minimum),
        "noise": _noise(noise),
        "seed": validate_seed(seed),
    }


def _point_count(m: Any, minimum: int) -> int:
    m = validate_positive_int(m, "m", minimum)
    validate_size(3 * m, f"{m} points (X and Y)")  # two coordinates and a label
    return m


def _validate_make_moons(m, noise, seed) -> Arguments:
    return _points(m, noise, seed)


@validated_by(_validate_make_moons)
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
        If ``m`` is not an integer >= 2 or above 2**31 / 3 (scratchnn's
        allocation limit), ``noise`` is negative or above 1e6,
        or ``seed`` is a negative int.
    TypeError
        If ``noise`` is not a number, or ``seed`` is not an int, a
        ``numpy.random.Generator`` or None.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    rng = np.random.default_rng(seed)
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


def _validate_make_circles(m, noise, factor, seed) -> Arguments:
    m = _point_count(m, 2)
    noise = _noise(noise)
    if isinstance(factor, bool) or not isinstance(factor, Real):
        raise TypeError(f"factor must be a number in (0, 1); got {factor!r}")
    if not 0 < float(factor) < 1:
        raise ValueError(
            f"factor is the inner radius over the outer one and must be in (0, 1); "
            f"got {factor!r}"
        )
    return {"m": m, "noise": noise, "seed": validate_seed(seed)}


@validated_by(_validate_make_circles)
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
        If ``m`` is not an integer >= 2 or above 2**31 / 3 (scratchnn's
        allocation limit), ``noise`` is negative or above 1e6,
        ``factor`` is not in (0, 1), or ``seed`` is a negative int.
    TypeError
        If ``noise`` or ``factor`` is not a number, or ``seed`` is not an int,
        a ``numpy.random.Generator`` or None.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    rng = np.random.default_rng(seed)
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


def _validate_make_spirals(m, n_classes, noise, seed) -> Arguments:
    n_classes = validate_positive_int(n_classes, "n_classes", 2)
    return {"n_classes": n_classes, **_points(m, noise, seed, minimum=n_classes)}


@validated_by(_validate_make_spirals)
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
        ``n_classes`` or above 2**31 / 3, ``noise`` is negative or above 1e6,
        or ``seed`` is a negative int.
    TypeError
        If ``noise`` is not a number, or ``seed`` is not an int, a
        ``numpy.random.Generator`` or None.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    rng = np.random.default_rng(seed)
    Xs, Ys = [], []
    for k in range(n_classes):
        n_k = m // n_classes + (k < m % n_classes)
        r = np.linspace(0, 1, n_k)
        t = 2 * np.pi * k / n_classes + 4 * r + noise * rng.standard_normal(n_k)
        Xs.append(r * np.vstack([np.cos(t), np.sin(t)]))
        Ys.append(np.full((1, n_k), float(k)))
    return _shuffled(np.hstack(Xs), np.hstack(Ys), rng)


def _validate_make_xor(m, noise, seed) -> Arguments:
    return _points(m, noise, seed)


@validated_by(_validate_make_xor)
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
        If ``m`` is not an integer >= 2 or above 2**31 / 3 (scratchnn's
        allocation limit), ``noise`` is negative or above 1e6,
        or ``seed`` is a negative int.
    TypeError
        If ``noise`` is not a number, or ``seed`` is not an int, a
        ``numpy.random.Generator`` or None.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    rng = np.random.default_rng(seed)
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


# Data shipped with scikit-learn.


def _scikit_learn(caller: str) -> None:
    # scikit-learn is imported only here and in the loaders, not at the top,
    # so the rest of scratchnn keeps numpy and matplotlib as its only
    # dependencies.
    try:
        import sklearn.datasets  # noqa: F401
    except ImportError as err:
        raise ImportError(
            f"{caller} reads data bundled with scikit-learn, which is not "
            "installed; install it with `pip install scikit-learn`"
        ) from err


def _validate_load_breast_cancer() -> None:
    _scikit_learn("load_breast_cancer")


@validated_by(_validate_load_breast_cancer)
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
    import sklearn.datasets  # here, not at the top: see the guard

    data = sklearn.datasets.load_breast_cancer()
    X = np.asarray(data.data, dtype=np.float64).T
    Y = np.asarray(data.target, dtype=np.float64).reshape(1, -1)
    return X, Y


def _validate_load_digits(scale) -> None:
    if not isinstance(scale, bool | np.bool_):
        raise TypeError(f"scale must be True or False; got {scale!r}")
    _scikit_learn("load_digits")


@validated_by(_validate_load_digits)
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
    import sklearn.datasets  # here, not at the top: see the guard

    data = sklearn.datasets.load_digits()
    X = np.asarray(data.data, dtype=np.float64).T
    if scale:
        X = X / 16.0
    y = np.asarray(data.target, dtype=np.int64).reshape(1, -1)
    return X, y
