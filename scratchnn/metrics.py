"""Measure a classifier: accuracy and the confusion matrix.

Labels come as a row of class indices, shape ``(1, m)``, or as one-hot
columns, shape ``(n_classes, m)``; softmax probabilities first become labels
with :func:`scratchnn.preprocessing.from_one_hot`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    Arguments,
    as_array,
    validate_matrix,
    validate_not_masked,
    validate_size,
    validated_by,
)
from .preprocessing import one_hot, validate_class_indices, validate_whole


def validate_label_row(A: NDArray, name: str) -> NDArray:
    """Class indices of shape (1, m) from a label row or from one-hot columns."""
    if A.shape[0] == 1:
        labels = A
    elif A.shape[1] == 1:
        raise ValueError(
            f"{name} has shape {A.shape}: a column of {A.shape[0]} labels, or one "
            f"one-hot example of {A.shape[0]} classes? Pass labels as a row, "
            f"{name}.reshape(1, -1), or one-hot labels for two or more examples"
        )
    elif np.all((A == 0) | (A == 1)) and np.all(A.sum(axis=0) == 1):
        labels = np.argmax(A, axis=0).reshape(1, -1)  # from_one_hot's labels
    else:
        raise ValueError(
            f"{name} has shape {A.shape}, several rows, so it must be one-hot "
            "(0s and a single 1 in each column), and it is not. Turn a column "
            f"of m labels into a row with {name}.reshape(1, -1), and softmax "
            "probabilities into labels with from_one_hot"
        )
    validate_whole(labels, name)
    return labels


def validate_class_labels(A: Any, name: str) -> NDArray[np.int64]:
    """Class indices of shape (m,) from a row, a vector or one-hot columns,
    as the figures take them."""
    validate_not_masked(A, name)
    A = as_array(A, name)
    if A.ndim not in (1, 2):
        raise ValueError(
            f"{name} must hold class labels of shape (1, m) or (m,), or one-hot "
            f"columns of shape (n_classes, m); got shape {A.shape}"
        )
    labels = validate_label_row(validate_matrix(np.atleast_2d(A), name), name)[0]
    if labels.min() < 0:
        raise ValueError(
            f"{name} must hold class indices 0, 1, ...; found {labels.min():g}. "
            "Map your classes to 0, 1, ..., n_classes - 1 first"
        )
    return labels.astype(np.int64)


def _validate_accuracy(Y_pred, Y) -> Arguments:
    """Returns both as rows of class indices, shape (1, m)."""
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
    Y_pred, Y = validate_label_row(Y_pred, "Y_pred"), validate_label_row(Y, "Y")
    return {"Y_pred": Y_pred, "Y": Y}


@validated_by(_validate_accuracy)
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


def validate_label_pair(y_true: Any, y_pred: Any, n_classes: Any) -> Arguments:
    """Check true and predicted labels, as confusion_matrix takes them (and
    plot_confusion_matrix): return both as vectors of class indices, and
    ``n_classes`` as an int."""
    true, pred = (
        validate_label_row(validate_matrix(np.atleast_2d(A), name), name)
        for A, name in ((y_true, "y_true"), (y_pred, "y_pred"))
    )
    if true.shape != pred.shape:
        raise ValueError(
            f"y_true holds {true.shape[1]} examples but y_pred holds "
            f"{pred.shape[1]}; they must match"
        )
    if n_classes is None:
        n_classes = int(max(true.max(initial=0), pred.max(initial=0))) + 1
    true_classes = validate_class_indices(true, n_classes, "y_true")
    pred_classes = validate_class_indices(pred, true_classes["n_classes"], "y_pred")
    # The matrix itself is n_classes x n_classes.
    n = true_classes["n_classes"]
    validate_size(n**2, f"a confusion matrix of n_classes = {n}")
    return {"y_true": true_classes["labels"], "y_pred": pred_classes["labels"],
            "n_classes": n}  # fmt: skip


def _validate_confusion_matrix(y_true, y_pred, n_classes) -> Arguments:
    return validate_label_pair(y_true, y_pred, n_classes)


@validated_by(_validate_confusion_matrix)
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
