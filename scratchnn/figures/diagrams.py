"""Pictures that are not curves: a network's diagram, digit images and the
confusion matrix.

Each helper draws in the house style of :mod:`scratchnn.figures.style` and
returns its Axes (or the Figure, for a grid of images).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle
from numpy.typing import NDArray

from .._checks import (
    Arguments,
    validate_count,
    validate_finite,
    validate_layer_dims,
    validate_matrix,
    validate_positive_int,
    validated_by,
)
from ..metrics import confusion_matrix, validate_class_labels, validate_label_pair
from .style import FIGSIZE, PALETTE, house_figure, validate_axes

__all__ = ["draw_network", "plot_confusion_matrix", "plot_digits"]


# draw_network shows at most this many units per layer; wider layers get a
# vertical ellipsis in place of the hidden ones.
_MAX_UNITS = 8

# plot_digits' titles, in points: a row of eight 1.1-inch images is shrunk to
# under half its size on a phone, where 10 points could no longer be read.
_DIGIT_LABEL_SIZE = 16


def _validate_draw_network(layer_dims, ax, labels) -> Arguments:
    validate_axes(ax)
    return {"layer_dims": validate_layer_dims(layer_dims)}


@validated_by(_validate_draw_network)
def draw_network(
    layer_dims: Sequence[int], ax: Axes | None = None, labels: bool = True
) -> Axes:
    """Draw a fully connected network: units as circles, weights as lines.

    Parameters
    ----------
    layer_dims : sequence of int, length L + 1
        Units per layer, input first, as passed to ``init_params``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    labels : bool, default True
        Name each layer beneath its column ("input X", "hidden layer 1", ...,
        "output ŷ", with its number of units) and each set of weights between
        columns ("W1, b1", ...), as the keys of ``params`` name them.

    Returns
    -------
    matplotlib.axes.Axes
        With one ``Circle`` patch per drawn unit and one ``LineCollection``
        per pair of consecutive layers.

    Raises
    ------
    ValueError
        If ``layer_dims`` has fewer than two entries or one is not a
        positive integer.
    TypeError
        If ``layer_dims`` is not a sequence.

    Notes
    -----
    A layer wider than 8 units is drawn as 7 circles with a vertical
    ellipsis in the middle.

    Used in the introduction.
    """
    dims = layer_dims
    L = len(dims) - 1
    dx, radius = 3.0, 0.3

    # y positions of the circles of each layer, centred on 0, one unit apart.
    # A wide layer keeps _MAX_UNITS slots with the middle one left for "⋮".
    units, gaps = [], []
    for n in dims:
        slots = min(n, _MAX_UNITS)
        ys = (slots - 1) / 2 - np.arange(slots)
        if n > _MAX_UNITS:
            gaps.append(ys[slots // 2])
            ys = np.delete(ys, slots // 2)
        else:
            gaps.append(None)
        units.append(ys)
    top = (min(max(dims), _MAX_UNITS) - 1) / 2

    # Room below the units for three lines of layer name at the size a phone
    # needs (the figure's text grows with its width).
    xlim, ylim = (-1.5, L * dx + 1.5), (-top - 2.8, top + 1.4)
    if ax is None:
        # Half an inch per unit of drawing keeps the layer names (in a fixed
        # font size) from running into each other, whatever the depth.
        w, h = xlim[1] - xlim[0], ylim[1] - ylim[0]
        scale = min(0.5, 12.0 / w)
        _, ax = house_figure(1, 1, (w * scale, h * scale))
    colours = [PALETTE[5]] + [PALETTE[1]] * (L - 1) + [PALETTE[2]]
    for l in range(L):
        segments = [
            [(l * dx, y0), ((l + 1) * dx, y1)] for y0 in units[l] for y1 in units[l + 1]
        ]
        ax.add_collection(
            LineCollection(segments, colors="0.6", linewidths=0.6, zorder=1)
        )
    for l, ys in enumerate(units):
        for y in ys:
            circle = Circle(
                (l * dx, y), radius, facecolor=colours[l], edgecolor="0.2", zorder=2
            )
            ax.add_patch(circle)
        if gaps[l] is not None:
            ax.text(l * dx, gaps[l], "⋮", ha="center", va="center", fontsize=16)

    if labels:
        for l, n in enumerate(dims):
            name = (
                "input X" if l == 0 else "output ŷ" if l == L else f"hidden\nlayer {l}"
            )
            unit = "unit" if n == 1 else "units"
            ax.text(
                l * dx,
                -top - 0.8,
                f"{name}\n{n} {unit}",
                ha="center",
                va="top",
                fontsize=10,
            )
        for l in range(1, L + 1):
            ax.text(
                (l - 0.5) * dx,
                top + 0.7,
                f"W{l}, b{l}",
                ha="center",
                va="bottom",
                fontsize=10,
            )
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _validate_plot_confusion_matrix(y_true, y_pred, n_classes, ax, normalize):
    validate_axes(ax)
    return validate_label_pair(y_true, y_pred, n_classes)


@validated_by(_validate_plot_confusion_matrix)
def plot_confusion_matrix(
    y_true: NDArray,
    y_pred: NDArray,
    n_classes: int | None = None,
    ax: Axes | None = None,
    normalize: bool = False,
) -> Axes:
    """Draw the confusion matrix with each cell's count written in it.

    Parameters
    ----------
    y_true, y_pred : ndarray of shape (1, m), (m,) or (n_classes, m)
        True and predicted class indices as rows, or one-hot columns.
    n_classes : int, optional
        Number of classes; one more than the largest label when omitted.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    normalize : bool, default False
        Divide each row by its total so a cell shows the fraction of that
        true class predicted as each class (a row with no examples stays 0).

    Returns
    -------
    matplotlib.axes.Axes
        Rows are true classes, columns predicted classes.

    Raises
    ------
    ValueError
        As :func:`scratchnn.metrics.confusion_matrix` does.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    C = confusion_matrix(y_true, y_pred, n_classes)
    values = C.astype(np.float64)
    if normalize:
        totals = values.sum(axis=1, keepdims=True)
        values = np.divide(values, totals, out=np.zeros_like(values), where=totals > 0)
    if ax is None:
        _, ax = house_figure(1, 1, (FIGSIZE[1] + 1, FIGSIZE[1]))
    top = values.max()  # > 0: there is at least one example
    ax.imshow(values, cmap="Blues", vmin=0, vmax=top)
    for i in range(C.shape[0]):
        for j in range(C.shape[1]):
            text = f"{values[i, j]:.2f}" if normalize else f"{C[i, j]}"
            # Dark cells get white text so every number stays readable.
            colour = "white" if values[i, j] > top / 2 else "black"
            ax.text(j, i, text, ha="center", va="center", color=colour, fontsize=9)
    ticks = np.arange(C.shape[0])
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    return ax


def _validate_plot_digits(X, labels, predictions, ncols, image_shape) -> Arguments:
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
    ncols = validate_count(ncols, "ncols", "ncols")
    rows = []
    for A, what in ((labels, "labels"), (predictions, "predictions")):
        if A is not None:
            A = validate_class_labels(A, what)
            if A.size != n:
                raise ValueError(f"X holds {n} images but {what} has {A.size} entries")
        rows.append(A)
    return {"X": X, "labels": rows[0], "predictions": rows[1], "ncols": ncols,
            "image_shape": (h, w)}  # fmt: skip


@validated_by(_validate_plot_digits)
def plot_digits(
    X: NDArray,
    labels: NDArray | None = None,
    predictions: NDArray | None = None,
    ncols: int = 8,
    image_shape: tuple[int, int] = (8, 8),
) -> Figure:
    """Show images (columns of X) in a grid, titled with label and prediction.

    Parameters
    ----------
    X : ndarray of shape (n_pixels, n)
        One flattened image per column, as ``load_digits`` returns; n <= 100.
    labels : ndarray of shape (1, n), (n,) or (n_classes, n), optional
        True classes 0, 1, ..., or one-hot columns (0s and a single 1 in
        each).
    predictions : ndarray of shape (1, n), (n,) or (n_classes, n), optional
        Predicted classes, in the same forms as ``labels``; softmax
        probabilities must first become labels with
        :func:`~scratchnn.preprocessing.from_one_hot`. With ``labels``, a title
        reads "7 → 1" (true → predicted) and is red when they differ.
    ncols : int, default 8
        Images per row.
    image_shape : (int, int), default (8, 8)
        Height and width, a tuple or list of two positive integers; their
        product must equal n_pixels.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If X, labels or predictions do not hold numbers.
    ValueError
        If image_shape is not two positive integers, X is not 2-D, does not
        have image_shape's number of rows, holds NaN or infinity or holds
        fewer than 1 or more than 100 images, or labels / predictions do not
        have n entries, hold labels that are not whole numbers >= 0 or have
        several rows that are not one-hot.

    Notes
    -----
    Used in the chapter "Many classes: softmax on handwritten digits".
    """
    h, w = image_shape
    n = X.shape[1]
    true, pred = labels, predictions  # vectors of class indices, from the guard

    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig, axes = house_figure(nrows, ncols, (1.1 * ncols, 1.3 * nrows), squeeze=False)
    vmax = X.max() if X.max() > 0 else 1.0
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(X[:, i].reshape(h, w), cmap="gray_r", vmin=0, vmax=vmax)
        wrong = true is not None and pred is not None and true[i] != pred[i]
        parts = [str(a[i]) for a in (true, pred) if a is not None]
        if parts:
            title = " → ".join(parts) if len(parts) == 2 else parts[0]
            ax.set_title(
                title,
                fontsize=_DIGIT_LABEL_SIZE,
                color=PALETTE[3] if wrong else "black",
            )
    return fig
