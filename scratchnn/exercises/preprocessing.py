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


@checker
def check_one_hot(fn: Callable) -> CheckResult:
    """Check your ``one_hot(labels, n_classes=None) -> Y`` of shape (n_classes, m).

    Cases: labels ``[0, 2, 1, 2]`` to check by hand, labels as a row
    ``(1, m)``, an explicit ``n_classes`` larger than the labels need, and
    labels given as floats; your function is called as ``fn(labels)`` and
    ``fn(labels, n_classes)``.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """

    def case(*args: Any) -> Callable:
        Y = one_hot(*args)
        wrong = {
            "Y": [
                (
                    Y.T,
                    "one column per example: shape (n_classes, m), not (m, n_classes)",
                ),
            ]
        }
        if len(args) == 2:
            wrong["Y"].append((one_hot(args[0]), "give Y n_classes rows when asked"))
        return _agrees(fn, one_hot, args, ("Y",), wrong)

    return _run_check(
        "check_one_hot",
        [
            ("labels [0, 2, 1, 2]", case(np.array([0, 2, 1, 2]))),
            ("labels as a row [[1, 0, 3]]", case(np.array([[1, 0, 3]]))),
            ("labels [0, 2, 1, 2] with n_classes = 5", case(np.array([0, 2, 1, 2]), 5)),
            ("labels as floats [1.0, 0.0, 1.0]", case(np.array([1.0, 0.0, 1.0]))),
        ],
    )
