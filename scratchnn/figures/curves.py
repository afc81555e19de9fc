"""The book's curves of training: cost curves, activations, decision boundaries.

Every helper draws on a matplotlib Axes and returns it, so a chapter can add
a title, a line or a legend afterwards. None of them calls ``plt.show()``: a
notebook shows the figure at the end of the cell, and a script or a test with
the Agg backend simply saves or closes it.

All of them draw in the house style of :mod:`scratchnn.figures.style`. The
other pictures, the network diagram, digit images and the confusion matrix,
live in :mod:`scratchnn.figures.diagrams`; import any of them from
:mod:`scratchnn.figures`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from numpy.typing import NDArray

from .._checks import (
    Arguments,
    as_array,
    call_checked,
    validate_callable,
    validate_count,
    validate_finite,
    validate_matrix,
    validate_not_masked,
    validate_numbers,
    validate_positive_int,
    validate_size,
    validated_by,
)
from ..metrics import validate_class_labels
from ..preprocessing import from_one_hot
from .style import PALETTE, axes_or_new_figure, padded_axis, validate_axes

__all__ = ["plot_activation", "plot_costs", "plot_decision_boundary"]


def _validate_plot_costs(costs, every, ax, label, title, log, xlabel) -> Arguments:
    validate_axes(ax)
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


@validated_by(_validate_plot_costs)
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
    ax = axes_or_new_figure(ax)
    colour = PALETTE[len(ax.lines) % len(PALETTE)]
    ax.plot(every * np.arange(len(costs)), costs, color=colour, label=label)
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


def _checked_predictions(out: Any, grid: NDArray) -> NDArray:
    """What predict_fn returned for ``grid``, if it is usable, as an array."""
    validate_not_masked(out, "the output of predict_fn")
    out = as_array(out, "the output of predict_fn")
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


def _validate_plot_decision_boundary(
    predict_fn, X, Y, ax, resolution, title
) -> Arguments:
    """Returns Y as a vector of class indices, shape (m,)."""
    validate_callable(predict_fn, "predict_fn", "predict_fn(X)", 1)
    X = np.asarray(validate_matrix(X, "X"), dtype=np.float64)
    if X.shape[0] != 2:
        raise ValueError(
            f"X must have shape (2, m), one 2-D point per column; got {X.shape}"
        )
    validate_finite(X, "X")
    y = validate_class_labels(Y, "Y")
    if y.size != X.shape[1]:
        raise ValueError(
            f"X has {X.shape[1]} examples (columns) but Y has {y.size}; they must match"
        )
    resolution = validate_count(resolution, "resolution", "resolution", minimum=2)
    validate_size(2 * resolution**2, f"a grid of {resolution} x {resolution} points")
    validate_axes(ax)
    return {"X": X, "Y": y, "resolution": resolution}


@validated_by(_validate_plot_decision_boundary)
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
        :func:`~scratchnn.preprocessing.from_one_hot`.
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
        If ``predict_fn`` is not callable, X, Y or the output of
        ``predict_fn`` does not hold numbers, or ``ax`` is not a matplotlib
        Axes.
    ValueError
        If X is not of shape (2, m) with m >= 1 or holds NaN or infinity, Y
        does not match X, holds labels that are not whole numbers >= 0 or
        has several rows that are not one-hot, ``resolution`` is not an
        integer >= 2 or its grid would hold more than 2**31 numbers, or
        ``predict_fn`` returns the wrong shape, NaN or
        infinity, or one row that is neither labels >= 0 nor probabilities.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    # A margin of a tenth of the data's extent shows the boundary beyond the
    # outermost points, where a network's guesses are least constrained.
    lo, hi = X.min(axis=1), X.max(axis=1)
    x1 = padded_axis(float(lo[0]), float(hi[0]), resolution)
    x2 = padded_axis(float(lo[1]), float(hi[1]), resolution)
    G1, G2 = np.meshgrid(x1, x2)
    grid = np.vstack([G1.ravel(), G2.ravel()])
    # The user's function runs as if called by the user; its answer is checked.
    out = _checked_predictions(call_checked(predict_fn, grid), grid)
    if out.shape[0] > 1:
        regions = from_one_hot(out)[0]
    elif np.all(out == np.round(out)):  # class labels
        regions = out[0].astype(np.int64)
    else:  # probabilities of class 1
        regions = (out[0] > 0.5).astype(np.int64)
    n_classes = int(max(Y.max(), regions.max())) + 1
    colours = [PALETTE[c % len(PALETTE)] for c in range(n_classes)]

    ax = axes_or_new_figure(ax)
    ax.contourf(
        G1,
        G2,
        regions.reshape(G1.shape),
        levels=np.arange(n_classes + 1) - 0.5,
        cmap=ListedColormap(colours),
        alpha=0.25,
    )
    for c in range(n_classes):
        mask = Y == c
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


def _checked_forward(out: Any, Z: NDArray) -> tuple[Any, Any]:
    """What fn_forward returned for ``Z``, if it is an ``(A, cache)`` pair."""
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


def _checked_backward(dZ: Any, dA: NDArray) -> Any:
    """What fn_backward returned for ``dA``, if it has dA's shape."""
    if np.shape(dZ) != np.shape(dA):
        raise ValueError(
            f"fn_backward must return dZ of the shape of A, (1, {np.size(dA)}); "
            f"it returned shape {np.shape(dZ)}"
        )
    return dZ


def _validate_plot_activation(fn_forward, fn_backward, z, ax, name) -> Arguments:
    validate_axes(ax)
    validate_callable(fn_forward, "fn_forward", "fn_forward(Z)", 1)
    validate_callable(fn_backward, "fn_backward", "fn_backward(dA, cache)", 2)
    if z is not None:
        z = validate_numbers(z, "z")
        if z.ndim != 1 or z.size == 0:
            raise ValueError(
                f"z must be 1-D and non-empty, the points along the axis; got {z.shape}"
            )
        validate_finite(z, "z")
    return {"z": z}


@validated_by(_validate_plot_activation)
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
        If ``fn_forward`` or ``fn_backward`` is not callable, ``z`` does not
        hold numbers, or ``fn_forward`` does not return an ``(A, cache)``
        pair.

    Notes
    -----
    Meant for element-wise activations; softmax mixes the entries of a column,
    so its slope is a matrix, not a curve.

    Used in the chapters "The sigmoid activation" and "Choose an activation function".
    """
    z = np.linspace(-6, 6, 401) if z is None else z
    # The user's functions run as if called by the user; their answers are
    # checked.
    Z = z.reshape(1, -1)
    A, cache = _checked_forward(call_checked(fn_forward, Z), Z)
    dA = np.ones_like(A)
    dZ = _checked_backward(call_checked(fn_backward, dA, cache), dA)
    ax = axes_or_new_figure(ax)
    ax.plot(z, np.ravel(A), color=PALETTE[0], label="g(z)")
    ax.plot(z, np.ravel(dZ), color=PALETTE[1], linestyle="--", label="g'(z)")
    ax.set_xlabel("z")
    ax.set_ylabel("value")
    ax.legend()
    if name:
        ax.set_title(name)
    return ax
