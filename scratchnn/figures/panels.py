"""The panels the animations and the live plot draw, once, then frame by frame.

Building blocks of :mod:`scratchnn.figures.animation` and
:mod:`scratchnn.figures.recording`, not part of the public figure API.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import FigureBase
from numpy.typing import NDArray

from ..model import predict_proba
from .style import PALETTE, padded_axis, style_axes

__all__ = ["PROBABILITY_CMAP", "BoundaryPanel", "CostPanel"]

#: Probability of class 1 from blue (class 0) through white (undecided) to
#: orange (class 1), the two first colours of the house palette.
PROBABILITY_CMAP = LinearSegmentedColormap.from_list(
    "scratchnn_probability", [PALETTE[0], "#FFFFFF", PALETTE[1]]
)


def grid_of(
    X: NDArray, resolution: int
) -> tuple[NDArray, tuple[float, float, float, float]]:
    lo, hi = X.min(axis=1), X.max(axis=1)
    x1 = padded_axis(float(lo[0]), float(hi[0]), resolution)
    x2 = padded_axis(float(lo[1]), float(hi[1]), resolution)
    G1, G2 = np.meshgrid(x1, x2)
    extent = (x1[0], x1[-1], x2[0], x2[-1])
    return np.vstack([G1.ravel(), G2.ravel()]), extent


class BoundaryPanel:
    """The probability of class 1 over the plane, its 0.5 line and the data."""

    def __init__(self, ax, X, Y, resolution, hidden, title=None, points=18):
        self.ax, self.hidden, self.resolution = ax, hidden, resolution
        self.grid, extent = grid_of(X, resolution)
        blank = np.full((resolution, resolution), 0.5)
        self.image = ax.imshow(
            blank, extent=extent, origin="lower", cmap=PROBABILITY_CMAP,
            vmin=0, vmax=1, alpha=0.6, aspect="auto", interpolation="bilinear",
        )  # fmt: skip
        for c in (0, 1):
            mask = Y == c
            ax.scatter(
                X[0, mask], X[1, mask], s=points, color=PALETTE[c],
                edgecolors="white", linewidths=0.4, label=f"class {c}",
            )  # fmt: skip
        ax.set_xlim(extent[:2])
        ax.set_ylim(extent[2:])
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        self.title, self.line = title, None
        # Titles change at every frame, maybe outside the style they were
        # drawn in: they keep the size of the axis labels.
        self.title_size = ax.xaxis.label.get_size()

    def draw(self, snapshot: Any) -> None:
        P = predict_proba(self.grid, snapshot.params, self.hidden, "sigmoid")
        P = P.reshape(self.resolution, self.resolution)
        self.image.set_data(P)
        if self.line is not None:
            self.line.remove()
        G1 = self.grid[0].reshape(P.shape)
        G2 = self.grid[1].reshape(P.shape)
        self.line = self.ax.contour(
            G1, G2, P, levels=[0.5], colors="black", linewidths=1.2
        )
        # A named panel (one run of a race) leaves the iteration to the
        # figure's title: name and iteration would not fit side by side.
        title = self.title or f"iteration {snapshot.i}"
        self.ax.set_title(title, fontsize=self.title_size, wrap=True)


class CostPanel:
    """Cost curves drawn up to the current iteration, with a dot there."""

    def __init__(self, ax, curves, log, ylabel="cost", xlabel="iteration"):
        self.ax, self.curves, self.lines, self.dots = ax, curves, [], []
        top = max(max(c) for _, c, _ in curves)
        bottom = min(min(c) for _, c, _ in curves)
        for k, (label, costs, iterations) in enumerate(curves):
            colour = PALETTE[k % len(PALETTE)]
            ax.plot(iterations, costs, color=colour, alpha=0.15)
            (line,) = ax.plot([], [], color=colour, label=label)
            (dot,) = ax.plot([], [], "o", color=colour, ms=5)
            self.lines.append(line)
            self.dots.append(dot)
        if log:
            ax.set_yscale("log")
        else:
            ax.set_ylim(min(0, bottom), 1.05 * top)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)

    def draw(self, i: int) -> None:
        for (_, costs, iterations), line, dot in zip(
            self.curves, self.lines, self.dots, strict=True
        ):
            n = int(np.searchsorted(iterations, i, side="right"))
            line.set_data(iterations[:n], costs[:n])
            dot.set_data(iterations[n - 1 : n], costs[n - 1 : n])


def curve(recorder: Any) -> tuple[NDArray, NDArray]:
    return np.arange(len(recorder.costs)), np.asarray(recorder.costs)


def styled(figure: FigureBase, *spec: Any) -> Axes:
    return style_axes(figure.add_subplot(*spec))
