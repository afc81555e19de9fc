"""The book's figures, in one house style.

Every helper draws on a matplotlib Axes and returns it (or the Figure, for a
grid of images), so a chapter can add a title, a line or a legend afterwards.
None of them calls ``plt.show()``: a notebook shows the figure at the end of
the cell, and a script or a test with the Agg backend simply saves or closes it.

The house style is small: a fixed figure size, labelled axes, a light grid,
no top or right spine, and the Okabe-Ito palette, which stays distinguishable
for readers with the common forms of colour blindness.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Circle
from numpy.typing import NDArray

from ._validation import (
    validate_finite,
    validate_layer_dims,
    validate_matrix,
    validate_numbers,
    validate_positive_int,
)
from .datasets import _label_row, confusion_matrix, from_one_hot

__all__ = [
    "FIGSIZE",
    "PALETTE",
    "draw_network",
    "new_figure",
    "plot_activation",
    "plot_confusion_matrix",
    "plot_costs",
    "plot_decision_boundary",
    "plot_digits",
]

#: Okabe & Ito's colour-blind-safe palette, blue and orange first so that the
#: two classes of a binary problem get the most distinct pair.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Width and height in inches of a single-panel figure.
FIGSIZE: tuple[float, float] = (6.0, 4.0)

# draw_network shows at most this many units per layer; wider layers get a
# vertical ellipsis in place of the hidden ones.
_MAX_UNITS = 8


def _style(ax: Axes) -> Axes:
    ax.grid(True, color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def new_figure(
    ncols: int = 1, nrows: int = 1, figsize: tuple[float, float] | None = None
) -> tuple[Figure, Any]:
    """A figure in the house style, the starting point of every chapter's plot.

    Parameters
    ----------
    ncols, nrows : int, default 1
        Panels across and down.
    figsize : (float, float), optional
        Size in inches; by default ``FIGSIZE`` per panel, capped at 12 inches
        in each direction so that a row of panels still fits the page.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : matplotlib.axes.Axes or ndarray of shape (nrows, ncols)
        A single Axes for one panel; otherwise an array of them, squeezed to
        1-D for one row or one column, as ``plt.subplots`` does.

    Raises
    ------
    ValueError
        If ``ncols`` or ``nrows`` is not a positive integer.

    Notes
    -----
    Used in every chapter with a figure.
    """
    ncols, nrows = (
        validate_positive_int(ncols, "ncols"),
        validate_positive_int(nrows, "nrows"),
    )
    if figsize is None:
        figsize = (min(FIGSIZE[0] * ncols, 12.0), min(FIGSIZE[1] * nrows, 12.0))
    # Constrained layout keeps axis labels and titles inside the figure.
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, layout="constrained")
    for ax in np.atleast_1d(axes).ravel():
        _style(ax)
    return fig, axes


def _axes(ax: Axes | None) -> Axes:
    return new_figure()[1] if ax is None else ax


def _labels(A: Any, name: str) -> NDArray[np.int64]:
    """Class indices of shape (m,) from a row, a vector or one-hot columns."""
    A = np.asarray(A)
    if A.ndim not in (1, 2):
        raise ValueError(
            f"{name} must hold class labels of shape (1, m) or (m,), or one-hot "
            f"columns of shape (n_classes, m); got shape {A.shape}"
        )
    labels = _label_row(validate_matrix(np.atleast_2d(A), name), name)[0]
    if labels.min() < 0:
        raise ValueError(
            f"{name} must hold class indices 0, 1, ...; found {labels.min():g}. "
            "Map your classes to 0, 1, ..., n_classes - 1 first"
        )
    return labels.astype(np.int64)


def plot_costs(
    costs: Sequence[float] | NDArray,
    every: int = 1,
    ax: Axes | None = None,
    label: str | None = None,
    title: str | None = None,
    log: bool = False,
    xlabel: str | None = None,
) -> Axes:
    """Draw a cost curve; call again with the same ``ax`` to compare runs.

    Parameters
    ----------
    costs : sequence of float, length n
        Costs recorded during training, the first at iteration 0.
    every : int, default 1
        Iterations between two recorded costs, so cost ``i`` is drawn at
        iteration ``i * every``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new house-style figure when omitted.
    label : str, optional
        Legend entry for this curve; the legend lists every labelled curve.
    title : str, optional
    log : bool, default False
        Use a logarithmic cost axis, which shows slow late progress.
    xlabel : str, optional
        "iteration" unless ``ax`` already has a label (from an earlier call);
        use "epoch" when a cost is recorded per pass over the data.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``costs`` does not hold numbers (integers or floats).
    ValueError
        If ``costs`` is empty, not 1-D or holds NaN or infinity, ``every`` is
        not a positive integer, or ``log`` is set with a cost <= 0.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    costs = validate_numbers(costs, "costs")
    if costs.ndim != 1 or costs.size == 0:
        raise ValueError(
            f"costs must be a non-empty list of numbers; got shape {costs.shape}"
        )
    validate_finite(costs, "costs", "a training run records finite costs")
    every = validate_positive_int(every, "every")
    if log and np.any(costs <= 0):
        raise ValueError("a logarithmic axis needs costs > 0; use log=False")
    ax = _axes(ax)
    colour = PALETTE[len(ax.lines) % len(PALETTE)]
    ax.plot(every * np.arange(costs.size), costs, color=colour, label=label)
    if xlabel is not None or not ax.get_xlabel():
        ax.set_xlabel(xlabel or "iteration")
    ax.set_ylabel("cost")
    if log:
        ax.set_yscale("log")
    if title is not None:
        ax.set_title(title)
    if label is not None:
        ax.legend()
    return ax


def plot_decision_boundary(
    predict_fn: Callable[[NDArray], NDArray],
    X: NDArray,
    Y: NDArray,
    ax: Axes | None = None,
    resolution: int = 200,
    title: str | None = None,
) -> Axes:
    """Colour the plane by predicted class and draw the data on top.

    Parameters
    ----------
    predict_fn : callable
        Takes points of shape (2, k) and returns finite numbers: shape (1, k)
        class labels 0, 1, ... (whole numbers) or probabilities of class 1 in
        [0, 1] (cut at 0.5), or shape (n_classes, k) scores such as softmax
        probabilities or one-hot columns (the largest row wins).
    X : ndarray of shape (2, m)
        Two-feature inputs, one column per example, all finite.
    Y : ndarray of shape (1, m), (m,) or (n_classes, m)
        True class labels 0, 1, ..., or one-hot columns (0s and a single 1
        in each). Softmax probabilities must first become labels with
        :func:`~scratchnn.datasets.from_one_hot`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new house-style figure when omitted.
    resolution : int, default 200
        Grid points along each axis; the prediction runs on resolution**2
        points.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One filled contour for the regions and one scatter per class.

    Raises
    ------
    TypeError
        If X, Y or the output of ``predict_fn`` does not hold numbers.
    ValueError
        If X is not of shape (2, m) with m >= 1 or holds NaN or infinity, Y
        does not match X, holds labels that are not whole numbers >= 0 or
        has several rows that are not one-hot, ``resolution`` is not an
        integer >= 2, or ``predict_fn`` returns the wrong shape, NaN or
        infinity, or one row that is neither labels >= 0 nor probabilities.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
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
    # A margin of a tenth of the data's extent shows the boundary beyond the
    # outermost points, where a network's guesses are least constrained.
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = 0.1 * np.maximum(hi - lo, 1e-3)
    x1 = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    x2 = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    G1, G2 = np.meshgrid(x1, x2)
    grid = np.vstack([G1.ravel(), G2.ravel()])
    out = np.asarray(predict_fn(grid))
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
    if out.shape[0] > 1:
        regions = from_one_hot(out)[0]
    elif np.all(out == np.round(out)) and out.min() >= 0:
        regions = out[0].astype(np.int64)
    elif out.min() >= 0 and out.max() <= 1:
        regions = (out[0] > 0.5).astype(np.int64)
    else:
        raise ValueError(
            "predict_fn must return one row of class labels 0, 1, ... or of "
            f"probabilities in [0, 1]; it returned values from {out.min():g} "
            f"to {out.max():g}"
        )
    n_classes = int(max(y.max(), regions.max())) + 1
    colours = [PALETTE[c % len(PALETTE)] for c in range(n_classes)]

    ax = _axes(ax)
    ax.contourf(
        G1,
        G2,
        regions.reshape(G1.shape),
        levels=np.arange(n_classes + 1) - 0.5,
        cmap=ListedColormap(colours),
        alpha=0.25,
    )
    for c in range(n_classes):
        mask = y == c
        if mask.any():
            ax.scatter(
                X[0, mask],
                X[1, mask],
                s=18,
                color=colours[c],
                edgecolors="white",
                linewidths=0.4,
                label=f"class {c}",
            )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax


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
    dims = validate_layer_dims(layer_dims)
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

    xlim, ylim = (-1.5, L * dx + 1.5), (-top - 2.2, top + 1.4)
    if ax is None:
        # Half an inch per unit of drawing keeps the layer names (in a fixed
        # font size) from running into each other, whatever the depth.
        w, h = xlim[1] - xlim[0], ylim[1] - ylim[0]
        scale = min(0.5, 12.0 / w)
        _, ax = plt.subplots(figsize=(w * scale, h * scale), layout="constrained")
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
                "input X" if l == 0 else "output ŷ" if l == L else f"hidden layer {l}"
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


def plot_activation(
    fn_forward: Callable[[NDArray], tuple[NDArray, Any]],
    fn_backward: Callable[[NDArray, Any], NDArray],
    z: NDArray | None = None,
    ax: Axes | None = None,
    name: str = "",
) -> Axes:
    """Draw an activation g(z) and its slope g'(z) on the same axes.

    The slope comes from the package's own backward function: with an
    upstream gradient of ones, ``dZ = dA * g'(Z)`` is ``g'(Z)`` itself.

    Parameters
    ----------
    fn_forward : callable
        Takes Z and returns ``(A, cache)`` with A of Z's shape, such as
        ``sigmoid``.
    fn_backward : callable
        Takes ``(dA, cache)`` and returns dZ of A's shape, such as
        ``sigmoid_backward``.
    z : ndarray of shape (k,), optional
        Where to evaluate, k >= 1 finite numbers; 401 points from -6 to 6 by
        default. It is passed to ``fn_forward`` as a row of shape (1, k).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new house-style figure when omitted.
    name : str, optional
        Title, such as "sigmoid".

    Returns
    -------
    matplotlib.axes.Axes
        With two lines, labelled "g(z)" and "g'(z)" in the legend.

    Raises
    ------
    ValueError
        If ``z`` is empty, not 1-D or holds NaN or infinity, or A or dZ does
        not have Z's shape (1, k).
    TypeError
        If ``z`` does not hold numbers, or ``fn_forward`` does not return an
        ``(A, cache)`` pair.

    Notes
    -----
    Meant for element-wise activations; softmax mixes the entries of a column,
    so its slope is a matrix, not a curve.

    Used in the chapters "The sigmoid activation" and "Choose an activation function".
    """
    z = np.linspace(-6, 6, 401) if z is None else validate_numbers(z, "z")
    if z.ndim != 1 or z.size == 0:
        raise ValueError(
            f"z must be 1-D and non-empty, the points along the axis; got {z.shape}"
        )
    validate_finite(z, "z")
    out = fn_forward(z.reshape(1, -1))
    if not isinstance(out, tuple) or len(out) != 2:
        raise TypeError(
            "fn_forward must return a pair (A, cache), as the package's "
            f"activations do; it returned {type(out).__name__}"
        )
    A, cache = out
    if np.shape(A) != (1, z.size):
        raise ValueError(
            f"fn_forward was given Z of shape (1, {z.size}) and must return A of "
            f"the same shape; it returned A of shape {np.shape(A)}"
        )
    dZ = fn_backward(np.ones_like(A), cache)
    if np.shape(dZ) != np.shape(A):
        raise ValueError(
            f"fn_backward must return dZ of the shape of A, (1, {z.size}); it "
            f"returned shape {np.shape(dZ)}"
        )
    ax = _axes(ax)
    ax.plot(z, np.ravel(A), color=PALETTE[0], label="g(z)")
    ax.plot(z, np.ravel(dZ), color=PALETTE[1], linestyle="--", label="g'(z)")
    ax.set_xlabel("z")
    ax.set_ylabel("value")
    ax.legend()
    if name:
        ax.set_title(name)
    return ax


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
        As ``scratchnn.datasets.confusion_matrix`` does.

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
        _, ax = plt.subplots(figsize=(FIGSIZE[1] + 1, FIGSIZE[1]), layout="constrained")
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
        :func:`~scratchnn.datasets.from_one_hot`. With ``labels``, a title
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
    true, pred = rows

    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(1.1 * ncols, 1.3 * nrows),
        squeeze=False,
        layout="constrained",
    )
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
            ax.set_title(title, fontsize=10, color=PALETTE[3] if wrong else "black")
    return fig
