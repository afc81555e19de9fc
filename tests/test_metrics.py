"""Tests for scratchnn.metrics: accuracy and the confusion matrix."""

import numpy as np
import pytest

from scratchnn.metrics import accuracy, confusion_matrix
from scratchnn.preprocessing import one_hot

# accuracy and confusion_matrix.


def test_accuracy_by_hand():
    acc = accuracy(np.array([[1, 0, 1, 1]]), np.array([[1.0, 1.0, 1.0, 0.0]]))
    assert acc == 0.5 and type(acc) is float
    assert accuracy(np.array([[True, False]]), np.array([[1.0, 0.0]])) == 1.0


def test_accuracy_compares_labels_with_one_hot():
    Y = one_hot([0, 2, 1, 1, 0])
    assert accuracy(np.array([[0, 2, 1, 0, 0]]), Y) == 0.8
    assert accuracy(one_hot([0, 2, 1, 0, 0], 3), Y) == 0.8
    assert accuracy(Y, np.array([[0, 2, 2, 2, 0]])) == 0.6


def test_accuracy_names_both_shapes_on_mismatch():
    with pytest.raises(
        ValueError, match=r"Y_pred has shape \(1, 4\) but Y has shape \(1, 5\)"
    ):
        accuracy(np.zeros((1, 4)), np.zeros((1, 5)))
    with pytest.raises(
        ValueError, match=r"Y_pred has shape \(3, 4\) but Y has shape \(4, 4\)"
    ):
        accuracy(np.eye(3, 4), np.eye(4))
    with pytest.raises(ValueError, match=r"Y_pred must be a 2-D array .* \(4,\)"):
        accuracy(np.zeros(4), np.zeros((1, 4)))


def test_accuracy_rejects_probabilities_and_empty_input():
    with pytest.raises(ValueError, match=r"Y_pred must hold whole-number.*AL > 0.5"):
        accuracy(np.array([[0.7, 0.2]]), np.array([[1.0, 0.0]]))
    with pytest.raises(ValueError, match="no examples"):
        accuracy(np.zeros((1, 0)), np.zeros((1, 0)))


COLUMN_PRED = np.array([[0], [1], [1], [0]])
COLUMN_TRUE = np.array([[1], [1], [0], [0]])


def test_accuracy_rejects_a_column_of_labels():
    """Regression: an (m, 1) column was read as one example of m classes, and
    accuracy returned 0.0 where the labels as a row give 0.5."""
    with pytest.raises(
        ValueError,
        match=r"Y_pred has shape \(4, 1\): a column of 4 labels, or one one-hot "
        r"example of 4 classes\? Pass labels as a row, Y_pred\.reshape\(1, -1\)",
    ):
        accuracy(COLUMN_PRED, COLUMN_TRUE)
    assert accuracy(COLUMN_PRED.reshape(1, -1), COLUMN_TRUE.reshape(1, -1)) == 0.5


@pytest.mark.parametrize(
    "Y_pred",
    [
        np.array([[1, 1], [1, 1]]),  # two 1s in a column
        np.array([[0, 1], [0, 0]]),  # no 1 in a column
        np.array([[0.7, 0.2], [0.3, 0.8]]),  # softmax probabilities
        np.array([[2, 0], [0, 1]]),  # not 0/1, even with one non-zero per column
    ],
    ids=["two_ones", "no_one", "probabilities", "not_binary"],
)
def test_accuracy_rejects_several_rows_that_are_not_one_hot(Y_pred):
    with pytest.raises(ValueError, match="must be one-hot .*from_one_hot"):
        accuracy(Y_pred, np.array([[0, 1]]))
    with pytest.raises(ValueError, match=r"Y has shape \(2, 2\), several rows"):
        accuracy(np.array([[0, 1]]), Y_pred)


def test_confusion_matrix_by_hand():
    C = confusion_matrix([0, 1, 2, 2, 1], [[0, 2, 2, 1, 1]])
    np.testing.assert_array_equal(C, [[1, 0, 0], [0, 1, 1], [0, 1, 1]])
    assert np.issubdtype(C.dtype, np.integer)


def test_confusion_matrix_accepts_one_hot_and_a_larger_n_classes():
    C = confusion_matrix(one_hot([0, 1, 1]), np.array([[0, 1, 0]]), n_classes=4)
    assert C.shape == (4, 4) and C.sum() == 3
    assert C[1, 0] == 1 and C[1, 1] == 1 and C[0, 0] == 1


def test_confusion_matrix_rejects_mismatched_lengths_and_bad_labels():
    with pytest.raises(ValueError, match="y_true holds 3 examples but y_pred holds 2"):
        confusion_matrix([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="y_pred must hold whole-number"):
        confusion_matrix([0, 1], [0.5, 1])
    with pytest.raises(ValueError, match="y_true must be < n_classes = 2"):
        confusion_matrix([0, 2], [0, 1], n_classes=2)


def test_confusion_matrix_rejects_a_column_of_labels():
    """Regression: an (m, 1) column counted one example instead of m."""
    with pytest.raises(
        ValueError, match=r"y_true has shape \(4, 1\).*y_true\.reshape\(1, -1\)"
    ):
        confusion_matrix(COLUMN_TRUE, COLUMN_PRED)
    with pytest.raises(ValueError, match=r"y_pred has shape \(2, 2\), several rows"):
        confusion_matrix([0, 1], [[1, 1], [1, 1]])
    C = confusion_matrix(COLUMN_TRUE.reshape(1, -1), COLUMN_PRED.reshape(1, -1))
    np.testing.assert_array_equal(C, [[1, 1], [1, 1]])
