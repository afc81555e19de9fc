"""The house style of the book's figures: one size, one palette, light axes.

The style is small: a fixed figure size, labelled axes, a light grid, no top
or right spine, and the Okabe-Ito palette, which stays distinguishable for
readers with the common forms of colour blindness. Every figure helper of
:mod:`scratchnn.figures` draws in it: the helpers below are shared by the
curves, the diagrams, the animation panels and the live plot.
"""

from __future__ import annotations

import math
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

if TYPE_CHECKING:  # matplotlib >= 3.9; this module runs with 3.8 too
    from matplotlib.typing import RcKeyType

from .._checks import validate_count, validate_figsize, validated_by

__all__ = ["FIGSIZE", "PALETTE", "new_figure"]

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

# The house's smallest text, in points. The page shrinks a wide figure (a row
# of panels) to the column's width, and its text with it: its text is larger
# (readable_text_size, shown_text_size).
_LABEL_SIZE = 10.0

# Text a reader can read on a phone: at least PHONE_TEXT_PX CSS pixels once a
# figure is shown no wider than a cell output on a 390 px screen. The browser
# test measures 327 CSS px there (260 inside an exercise's solution, whose
# figures are drawn narrower); 320 leaves room for a picture the notebook trims
# a little narrower than its figure, whose text is then sized for more width.
PHONE_TEXT_PX = 8.0
PHONE_OUTPUT_PX = 320.0

# A notebook shows a figure trimmed to its drawing with a margin of this many
# inches on each side (the inline backend's bbox_inches="tight" and its
# pad_inches), so its picture is this much wider than the figure twice over.
_INLINE_PAD = 0.1


def padded_axis(lo: float, hi: float, resolution: int) -> np.ndarray:
    """``resolution`` points from ``lo`` to ``hi`` with a margin of a tenth of
    the range on each side, for any finite bounds: the margin is clipped to
    the largest float, and the points are mixed as ``(1 - t) lo + t hi``, so
    nothing overflows even under ``np.seterr(all="raise")``."""
    largest = np.finfo(np.float64).max
    pad = max(0.1 * hi - 0.1 * lo, 1e-4)  # never hi - lo: it may overflow
    start, stop = max(lo, -largest + pad) - pad, min(hi, largest - pad) + pad
    t = np.linspace(0.0, 1.0, resolution)
    return (1 - t) * start + t * stop


def style_axes(ax: Axes) -> Axes:
    """Give ``ax`` the house style: a light grid, no top or right spine."""
    ax.grid(True, color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _validate_new_figure(ncols, nrows, figsize) -> dict[str, Any]:
    return {
        "ncols": validate_count(ncols, "ncols", "ncols"),
        "nrows": validate_count(nrows, "nrows", "ncols"),
        "figsize": None if figsize is None else validate_figsize(figsize),
    }


@validated_by(_validate_new_figure)
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
        in each direction so that a row of panels still fits the page. Every
        text of the figure (ticks, labels, titles, legends) is drawn at least
        ``shown_text_size(width)`` points, larger for a wider figure, so that it
        stays at least 8 CSS pixels once a phone shrinks it to its column.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : matplotlib.axes.Axes or ndarray of shape (nrows, ncols)
        A single Axes for one panel; otherwise an array of them, squeezed to
        1-D for one row or one column, as ``plt.subplots`` does.

    Raises
    ------
    ValueError
        If ``ncols`` or ``nrows`` is not a positive integer or is above the
        ``ncols`` limit (50 by default, see :func:`scratchnn.set_limits`), or
        a side of ``figsize`` is not positive or above the ``inches`` limit
        (100).
    TypeError
        If ``figsize`` is not a pair of numbers.

    Notes
    -----
    Used in every chapter with a figure.
    """
    if figsize is None:
        figsize = (min(FIGSIZE[0] * ncols, 12.0), min(FIGSIZE[1] * nrows, 12.0))
    fig, axes = house_figure(nrows, ncols, figsize)
    for ax in np.atleast_1d(axes).ravel():
        style_axes(ax)
    return fig, axes


class ReadableFigure(Figure):
    """A Figure whose every text is at least :func:`shown_text_size` points
    when it is drawn: titles, axis and tick labels, legends, colour bars and
    ``ax.text`` alike, whenever and at whatever size the chapter set them. A
    phone shrinks a wide figure to its column, and its text with it; larger
    text stays at its size."""

    def draw(self, renderer) -> None:
        floor = shown_text_size(self.get_figwidth())
        for ax in self.axes:
            for axis in (ax.xaxis, ax.yaxis):
                ticks = axis.get_major_ticks() + axis.get_minor_ticks()
                if any(float(t.label1.get_fontsize()) < floor for t in ticks):
                    # Kept by the ticks the drawing creates as well.
                    axis.set_tick_params(which="both", labelsize=floor)
        for text in self.findobj(Text):
            if float(text.get_fontsize()) < floor:
                text.set_fontsize(floor)
        # The layout (constrained) runs in Figure.draw, with the new sizes.
        super().draw(renderer)

    def __repr__(self) -> str:
        # As a Figure's: notebooks store "<Figure size 600x400 with 1 Axes>".
        return Figure.__repr__(self).replace(type(self).__name__, "Figure", 1)


def house_figure(nrows: int, ncols: int, figsize: tuple[float, float], **kwargs):
    """``plt.subplots`` for a :class:`ReadableFigure` in constrained layout,
    which keeps axis labels and titles inside the figure: every figure the
    package draws in a notebook starts here."""
    return plt.subplots(
        nrows,
        ncols,
        figsize=figsize,
        layout="constrained",
        FigureClass=ReadableFigure,
        **kwargs,
    )


def shown_text_size(width: float) -> float:
    """The smallest font size, in points, of a figure ``width`` inches wide
    that a notebook shows trimmed and padded (``bbox_inches="tight"``):
    :func:`readable_text_size` of the picture's width, never below the
    house's 10 points."""
    return readable_text_size(width + 2 * _INLINE_PAD)


def readable_text_size(width: float) -> float:
    """The font size, in points, of every text of a figure ``width`` inches
    wide that a phone scales down to its column: PHONE_TEXT_PX or more there,
    and never below the house's 10 points."""
    points = PHONE_TEXT_PX * 72 * width / PHONE_OUTPUT_PX
    return max(_LABEL_SIZE, math.ceil(2 * points) / 2)


def readable_text(width: float) -> AbstractContextManager:
    """matplotlib settings that give every text (titles, labels, ticks,
    legends, colour bars) :func:`readable_text_size` points: wrap the drawing
    of a figure ``width`` inches wide in them."""
    size = readable_text_size(width)
    keys: tuple[RcKeyType, ...] = (
        "font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize",
        "ytick.labelsize", "legend.fontsize", "legend.title_fontsize",
        "figure.titlesize")  # fmt: skip
    return matplotlib.rc_context(dict.fromkeys(keys, size))


def axes_or_new_figure(ax: Axes | None) -> Axes:
    """``ax`` itself, or the Axes of a new house-style figure when it is None."""
    return new_figure()[1] if ax is None else ax


def validate_axes(ax: Any) -> None:
    """Raise unless ``ax`` is a matplotlib Axes or None, as the figures take it."""
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(
            "ax must be a matplotlib Axes, such as the second value of "
            f"new_figure(), or None for a new figure; got {ax!r:.60}"
        )
