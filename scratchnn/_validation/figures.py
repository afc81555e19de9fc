"""The guards of the figures of :mod:`scratchnn.plotting` and its neighbours.

Each ``validate_<name>`` takes the arguments of the function ``<name>`` by
name, raises if one is wrong, and returns the ones it converted; the function
wears it as ``@validated_by(validate_<name>)`` (see the package's docstring).

A figure that calls the user's own function (``plot_decision_boundary``'s
``predict_fn``, ``plot_activation``'s ``fn_forward`` and ``fn_backward``) gets
it back from its guard wrapped: the wrapper runs it through
:func:`~scratchnn._validation.call_checked`, so the package's functions it
calls are checked as anywhere else, and then checks what it returned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import NDArray

from . import (
    call_checked,
    validate_finite,
    validate_layer_dims,
    validate_matrix,
    validate_numbers,
    validate_positive,
    validate_positive_int,
    validate_size,
)
from .data import validate_confusion_matrix, validate_label_row

Arguments = dict[str, Any]


def _labels(A: Any, name: str) -> NDArray[np.int64]:
    """Class indices of shape (m,) from a row, a vector or one-hot columns."""
    A = np.asarray(A)
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


# --- plotting


#: The largest figure side new_figure draws, in inches: 10,000 pixels at
#: matplotlib's 100 dpi.
MAX_INCHES = 100.0


def validate_new_figure(ncols, nrows, figsize) -> Arguments:
    if figsize is not None:
        figsize = _figsize(figsize)
    return {
        "ncols": validate_positive_int(ncols, "ncols"),
        "nrows": validate_positive_int(nrows, "nrows"),
        "figsize": figsize,
    }


def _figsize(figsize: Any) -> tuple[float, float]:
    if not isinstance(figsize, tuple | list) or len(figsize) != 2:
        raise TypeError(
            f"figsize must be a pair (width, height) in inches, such as (6, 4); "
            f"got {figsize!r}"
        )
    return tuple(  # type: ignore[return-value]
        validate_positive(side, f"figsize's {what}", upper=MAX_INCHES)
        for side, what in zip(figsize, ("width", "height"), strict=True)
    )


def _axes(ax: Any) -> None:
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(
            "ax must be a matplotlib Axes, such as the second value of "
            f"new_figure(), or None for a new figure; got {ax!r:.60}"
        )


def validate_plot_costs(costs, every, ax, label, title, log, xlabel) -> Arguments:
    _axes(ax)
    costs = validate_numbers(costs, "costs")
    if costs.ndim != 1 or costs.size == 0:
        raise ValueError(
            f"costs must be a non-empty list of numbers; got shape {costs.shape}"
        )
    validate_finite(costs, "costs", "a training run records finite costs")
    every = validate_positive_int(every, "every")
    if log and np.any(costs <= 0):
        raise ValueError("a logarithmic axis needs costs > 0; use log=False")
    return {"costs": costs, "every": every}


def validate_plot_decision_boundary(
    predict_fn, X, Y, ax, resolution, title
) -> Arguments:
    """Returns Y as a vector of class indices, shape (m,), and ``predict_fn``
    wrapped so that its answers are checked."""
    X = np.asarray(validate_matrix(X, "X"), dtype=np.float64)
    if X.shape[0] != 2:
        raise ValueError(
            f"X must have shape (2, m), one 2-D point per column; got {X.shape}"
        )
    validate_finite(X, "X")
    y = _labels(Y, "Y")
    if y.size != X.shape[1]:
        raise ValueError(
            f"X has {X.shape[1]} examples (columns) but Y has {y.size}; they must match"
        )
    resolution = validate_positive_int(resolution, "resolution", minimum=2)
    validate_size(2 * resolution**2, f"a grid of {resolution} x {resolution} points")
    _axes(ax)
    return {"predict_fn": _checked_predictions(predict_fn), "X": X, "Y": y,
            "resolution": resolution}  # fmt: skip


def _checked_predictions(predict_fn: Callable) -> Callable[[NDArray], NDArray]:
    def predict(grid: NDArray) -> NDArray:
        out = np.asarray(call_checked(predict_fn, grid))
        k = grid.shape[1]
        if out.ndim != 2 or out.shape[1] != k:
            raise ValueError(
                f"predict_fn was given points of shape {grid.shape} and must return "
                f"shape (1, {k}) or (n_classes, {k}); it returned shape {out.shape}"
            )
        if out.dtype.kind not in "biuf":
            raise TypeError(
                f"predict_fn must return numbers; it returned dtype {out.dtype}"
            )
        validate_finite(out, "the output of predict_fn", "did training diverge?")
        labels = np.all(out == np.round(out))
        if out.shape[0] == 1 and not (out.min() >= 0 and (labels or out.max() <= 1)):
            raise ValueError(
                "predict_fn must return one row of class labels 0, 1, ... or of "
                f"probabilities in [0, 1]; it returned values from {out.min():g} "
                f"to {out.max():g}"
            )
        return out

    return predict


def validate_plot_activation(fn_forward, fn_backward, z, ax, name) -> Arguments:
    """Returns the two functions wrapped so that their answers are checked."""
    _axes(ax)
    if z is not None:
        z = validate_numbers(z, "z")
        if z.ndim != 1 or z.size == 0:
            raise ValueError(
                f"z must be 1-D and non-empty, the points along the axis; got {z.shape}"
            )
        validate_finite(z, "z")
    return {"fn_forward": _checked_forward(fn_forward), "z": z,
            "fn_backward": _checked_backward(fn_backward)}  # fmt: skip


def _checked_forward(fn_forward: Callable) -> Callable:
    def forward(Z: NDArray) -> tuple[Any, Any]:
        out = call_checked(fn_forward, Z)
        if not isinstance(out, tuple) or len(out) != 2:
            raise TypeError(
                "fn_forward must return a pair (A, cache), as the package's "
                f"activations do; it returned {type(out).__name__}"
            )
        if np.shape(out[0]) != Z.shape:
            raise ValueError(
                f"fn_forward was given Z of shape (1, {Z.size}) and must return A of "
                f"the same shape; it returned A of shape {np.shape(out[0])}"
            )
        return out

    return forward


def _checked_backward(fn_backward: Callable) -> Callable:
    def backward(dA: NDArray, cache: Any) -> Any:
        dZ = call_checked(fn_backward, dA, cache)
        if np.shape(dZ) != np.shape(dA):
            raise ValueError(
                f"fn_backward must return dZ of the shape of A, (1, {np.size(dA)}); "
                f"it returned shape {np.shape(dZ)}"
            )
        return dZ

    return backward


# --- pictures


def validate_draw_network(layer_dims, ax, labels) -> Arguments:
    _axes(ax)
    return {"layer_dims": validate_layer_dims(layer_dims)}


def validate_plot_confusion_matrix(y_true, y_pred, n_classes, ax, normalize):
    _axes(ax)
    return validate_confusion_matrix(y_true, y_pred, n_classes)


def validate_plot_digits(X, labels, predictions, ncols, image_shape) -> Arguments:
    """Returns labels and predictions as vectors of class indices, shape (n,)."""
    if not isinstance(image_shape, tuple | list) or len(image_shape) != 2:
        raise ValueError(
            f"image_shape must be a pair (height, width); got {image_shape!r}"
        )
    h = validate_positive_int(image_shape[0], "image_shape[0], the height,")
    w = validate_positive_int(image_shape[1], "image_shape[1], the width,")
    X = np.asarray(validate_matrix(X, "X"), dtype=np.float64)
    if X.shape[0] != h * w:
        raise ValueError(
            f"X must have shape ({h * w}, n), one flattened {h} x {w} image per "
            f"column; got {X.shape}. Pass image_shape if your images are not 8 x 8"
        )
    validate_finite(X, "X")
    n = X.shape[1]
    if n > 100:
        raise ValueError(
            f"plot_digits shows 1 to 100 images; got {n}. Pass a slice such as "
            "X[:, :32]"
        )
    ncols = validate_positive_int(ncols, "ncols")
    rows = []
    for A, what in ((labels, "labels"), (predictions, "predictions")):
        if A is not None:
            A = _labels(A, what)
            if A.size != n:
                raise ValueError(f"X holds {n} images but {what} has {A.size} entries")
        rows.append(A)
    return {"X": X, "labels": rows[0], "predictions": rows[1], "ncols": ncols,
            "image_shape": (h, w)}  # fmt: skip
