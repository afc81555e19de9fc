"""Measure a classifier: accuracy and the confusion matrix.

Labels come as a row of class indices, shape ``(1, m)``, or as one-hot
columns, shape ``(n_classes, m)``; softmax probabilities first become labels
with :func:`scratchnn.preprocessing.from_one_hot`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._validation import validated_by
from ._validation.data import validate_accuracy, validate_confusion_matrix
from .preprocessing import one_hot


@validated_by(validate_accuracy)
def accuracy(Y_pred: NDArray, Y: NDArray) -> float:
    """Fraction of examples whose predicted class is the true class.

    Parameters
    ----------
    Y_pred : ndarray of shape (1, m) or (n_classes, m)
        Predicted labels (0/1 or class indices) in one row, or one-hot
        columns. Softmax probabilities must first become labels with
        :func:`~scratchnn.preprocessing.from_one_hot`.
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
    return float(np.mean(Y_pred == Y))  # the guard made both label rows


@validated_by(validate_confusion_matrix)
def confusion_matrix(
    y_true: NDArray, y_pred: NDArray, n_classes: int | None = None
) -> NDArray[np.int64]:
    """Count how often each true class is predicted as each class.

    Parameters
    ----------
    y_true, y_pred : ndarray of shape (m,), (1, m) or (n_classes, m)
        Class indices, or one-hot columns (compared by argmax). Softmax
        probabilities must first become labels with
        :func:`~scratchnn.preprocessing.from_one_hot`.
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
    # The guard made both vectors of class indices.
    Y_true, Y_pred = one_hot(y_true, n_classes), one_hot(y_pred, n_classes)
    # Entry (i, j) of the product sums, over examples, "true class is i" times
    # "predicted class is j": exactly the count we want.
    return (Y_true @ Y_pred.T).astype(np.int64)
