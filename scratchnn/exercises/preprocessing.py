"""The checker for the exercise of :mod:`scratchnn.preprocessing`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..preprocessing import one_hot
from ._harness import (
    CheckResult,
    _agrees,
    _run_check,
    checker,
)


def _bounds_hint(error: BaseException) -> str:
    """Which axis an index ran past: the classes (too few rows) or the examples."""
    if "axis 0" in str(error):
        return (
            "Y has too few rows for the largest label: the classes are 0 to "
            "labels.max(), so n_classes = labels.max() + 1"
        )
    return (
        "Y[labels, np.arange(m)] = 1: the row is the class and the column the "
        "example; swapped indices run past the end"
    )


@checker
def check_one_hot(fn: Callable) -> CheckResult:
    """Check your ``one_hot(labels, n_classes=None) -> Y`` of shape (n_classes, m).

    Cases: labels ``[0, 2, 1, 2]`` to check by hand, labels as a row
    ``(1, m)``, an explicit ``n_classes`` larger than the labels need, and
    labels given as floats, labels where a class is absent (its row stays
    zero); your function is called as ``fn(labels)`` and
    ``fn(labels, n_classes)``.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """

    def case(*args: Any) -> Callable:
        Y = one_hot(*args)
        wrong: dict[str, list[tuple[Any, str]]] = {
            "Y": [
                (
                    Y.T,
                    "one column per example: shape (n_classes, m), not (m, n_classes)",
                ),
            ]
        }
        if len(args) == 2:
            wrong["Y"].append((one_hot(args[0]), "give Y n_classes rows when asked"))
        labels = np.asarray(args[0]).ravel().astype(int)
        wrong["Y"].append(
            (
                lambda got: (
                    np.ndim(got) == 2
                    and got.shape[0] == np.unique(labels).size
                    and got.shape[0] < Y.shape[0]
                ),
                "n_classes is labels.max() + 1: counting the distinct labels "
                "(np.unique) misses a class absent from the labels",
            )
        )
        wrong["Y"].append(
            (
                lambda got: np.ndim(got) == 2 and got.shape[0] == labels.max(),
                "the classes are 0 to labels.max(), so there are labels.max() + "
                "1 of them, not labels.max()",
            )
        )
        return _agrees(fn, one_hot, args, ("Y",), wrong)

    return _run_check(
        "check_one_hot",
        [
            ("labels [0, 2, 1, 2]", case(np.array([0, 2, 1, 2]))),
            ("labels as a row [[1, 0, 3]]", case(np.array([[1, 0, 3]]))),
            ("labels [0, 2, 1, 2] with n_classes = 5", case(np.array([0, 2, 1, 2]), 5)),
            ("labels as floats [1.0, 0.0, 1.0]", case(np.array([1.0, 0.0, 1.0]))),
            ("labels [3, 0, 3, 1, 0], class 2 absent", case(np.array([3, 0, 3, 1, 0]))),
        ],
        "Y has shape (n_classes, m): one row per class, one column per example, "
        "so Y[labels, np.arange(m)] = 1 (class first, example second)",
        {
            (IndexError, "integer"): "the labels are floats, and array indices "
            "must be integers: labels.astype(int)",
            (IndexError, "out of bounds"): _bounds_hint,
        },
    )
