"""Tests for scratchnn.figures.style: the house style every figure draws in."""

import io
import struct

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text

from scratchnn.figures import (
    FIGSIZE,
    PALETTE,
    draw_network,
    new_figure,
    plot_activation,
    plot_confusion_matrix,
    plot_costs,
    plot_decision_boundary,
    plot_digits,
)
from scratchnn.figures.style import (
    readable_text,
    readable_text_size,
    shown_text_size,
    validate_axes,
)

# No display in CI; switching after pyplot's import is allowed.
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# The house style.


def test_palette_is_okabe_ito():
    assert len(PALETTE) == 8 and len(set(PALETTE)) == 8
    assert {c.upper() for c in PALETTE} == {
        "#000000",
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
    }


def test_new_figure_single_panel_in_house_style():
    fig, ax = new_figure()
    assert tuple(fig.get_size_inches()) == FIGSIZE
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert ax.spines["left"].get_visible()
    assert all(line.get_visible() for line in ax.xaxis.get_gridlines())


def test_new_figure_grids_and_sizes():
    fig, axes = new_figure(ncols=2)
    assert axes.shape == (2,)
    assert tuple(fig.get_size_inches()) == (12.0, 4.0)
    fig, axes = new_figure(ncols=3, nrows=2)
    assert axes.shape == (2, 3)
    assert tuple(fig.get_size_inches()) == (12.0, 8.0)
    assert all(not ax.spines["top"].get_visible() for ax in axes.ravel())
    fig, _ = new_figure(figsize=(3, 2))
    assert tuple(fig.get_size_inches()) == (3.0, 2.0)


def test_new_figure_labels_grow_with_the_figure_width():
    # The page shrinks a wide figure to the column: its labels must be larger.
    fig, ax = new_figure()
    ax.set_xlabel("x")
    fig.draw_without_rendering()
    assert ax.xaxis.label.get_size() == 11.5
    fig, axes = new_figure(ncols=3, figsize=(12, 4))
    axes[0].set_xlabel("x")
    axes[0].set_xlim(0, 10)
    fig.draw_without_rendering()
    size = 22.0  # 8 px * 72 / 320 px * 12.2 inches = 21.96 points
    assert axes[0].xaxis.label.get_size() == size
    assert axes[0].yaxis.label.get_size() == size
    ticks = axes[0].xaxis.get_major_ticks()
    assert ticks and all(t.label1.get_size() == size for t in ticks)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_new_figure_rejects_bad_panel_counts(bad):
    with pytest.raises(ValueError, match="ncols must be an integer >= 1"):
        new_figure(ncols=bad)
    with pytest.raises(ValueError, match="nrows must be an integer >= 1"):
        new_figure(nrows=bad)


# No figure stays open when a helper raises.


@pytest.mark.parametrize(
    "call",
    [
        lambda: new_figure(figsize=(-1, 2)),
    ],
    ids=[
        "new_figure size",
    ],
)
def test_helpers_leave_no_figure_open_when_they_raise(call):
    before = plt.get_fignums()
    with pytest.raises((ValueError, TypeError)):
        call()
    assert plt.get_fignums() == before


def test_readable_text_size_shows_8_css_pixels_in_a_phones_output():
    # 8 px * 72 / 320 px per inch of width, rounded up to half a point, and
    # never below the house's 10 points.
    assert readable_text_size(8.0) == 14.5  # 14.4 points
    assert readable_text_size(9.0) == 16.5  # 16.2
    assert readable_text_size(6.0) == 11.0  # 10.8
    assert readable_text_size(2.0) == 10.0  # 3.6: the house's size
    with readable_text(8.0):
        _, ax = new_figure()
        ax.set_title("t")
        ax.plot([0, 1], label="a")
        ax.legend()
    assert ax.title.get_fontsize() == 14.5
    assert ax.get_legend().get_texts()[0].get_fontsize() == 14.5


# Text a phone can read (issue 23): a notebook shows a figure trimmed to its
# drawing (bbox_inches="tight", 0.1 inch of margin), and a 390 px phone shrinks
# that picture to its cell output, 327 CSS px wide (measured by the browser
# test, tests/site; the package sizes its text for 320 px, to have a margin).

PHONE_OUTPUT_PX = 327


def smallest_text_shown_on_a_phone(fig):
    """The smallest visible text of ``fig``, in CSS pixels, once the PNG a
    notebook stores for it is shown no wider than a phone's cell output."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    width = struct.unpack(">I", buffer.getvalue()[16:20])[0]  # PNG's IHDR
    sizes = [
        t.get_fontsize()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    return min(sizes) * 100 / 72 * min(1.0, PHONE_OUTPUT_PX / width)


def _crowded(fig, axes):
    """Every kind of text a chapter writes, at the sizes chapters ask for."""
    flat = np.atleast_1d(axes).ravel()
    for ax in flat:
        ax.plot([0, 1], [0, 1], label="cost")
        ax.set_title("title")
        ax.set_xlabel("iteration")
        ax.legend(fontsize="small", title="legend")
        ax.text(0.5, 0.5, "note", fontsize=6)
    fig.suptitle("figure")
    image = flat[0].imshow([[0, 1], [1, 0]])
    fig.colorbar(image, ax=flat[0], label="activation")
    return fig


def _sigmoid(z):
    return 1 / (1 + np.exp(-z)), z


def _sigmoid_backward(dA, z):
    s = 1 / (1 + np.exp(-z))
    return dA * s * (1 - s)


X_PLANE = np.array([[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
Y_PLANE = np.array([[0, 1, 1, 0]])
DIGITS = np.random.default_rng(0).random((64, 24))


@pytest.mark.parametrize(
    "draw",
    [
        lambda: _crowded(*new_figure()),
        lambda: _crowded(*new_figure(nrows=2)),
        lambda: _crowded(*new_figure(ncols=2)),
        lambda: _crowded(*new_figure(ncols=3, figsize=(12, 3.6))),
        lambda: _crowded(*new_figure(ncols=3, nrows=2, figsize=(9, 5.5))),
        lambda: _crowded(*new_figure(ncols=2, nrows=2, figsize=(10, 9))),
        lambda: _crowded(*new_figure(figsize=(3, 2))),
        lambda: plot_costs([3.0, 2.0, 1.0], label="gd", title="t").figure,
        lambda: plot_activation(_sigmoid, _sigmoid_backward).figure,
        lambda: (
            plot_decision_boundary(
                lambda X: (X[0:1] > 0.5).astype(float),
                X_PLANE,
                Y_PLANE,
                resolution=8,
                title="boundary",
            ).figure
        ),  # fmt: skip
        lambda: draw_network([2, 4, 1]).figure,
        lambda: draw_network([64, 32, 16, 16, 10]).figure,
        lambda: (
            plot_confusion_matrix(
                np.array([0, 1, 2, 2]), np.array([0, 2, 2, 1]), 3
            ).figure
        ),
        lambda: plot_digits(DIGITS, np.arange(24) % 10, ncols=12),
        lambda: plot_digits(DIGITS[:, :8], np.arange(8), np.arange(8)[::-1]),
    ],
    ids=[
        "one panel",
        "two rows",
        "two panels",
        "three 12-inch panels",
        "2 x 3 panels",
        "2 x 2 panels",
        "small",
        "plot_costs",
        "plot_activation",
        "plot_decision_boundary",
        "draw_network",
        "draw_network deep",
        "plot_confusion_matrix",
        "plot_digits 12 columns",
        "plot_digits with predictions",
    ],  # fmt: skip
)
def test_every_text_of_a_figure_is_at_least_8_css_pixels_on_a_phone(draw):
    """Regression (issue 23): 10-point text showed at 3.6 to 7.8 CSS px on a
    phone, 3.6 px on the 12-inch rows of panels of chapters 6 and 14."""
    assert smallest_text_shown_on_a_phone(draw()) >= 8


def test_readable_figure_keeps_larger_text_and_its_repr():
    fig, ax = new_figure()
    ax.set_title("big", fontsize=30)
    fig.draw_without_rendering()
    assert ax.title.get_fontsize() == 30
    assert ax.xaxis.get_major_ticks()[0].label1.get_fontsize() == 11.5
    assert repr(fig) == "<Figure size 600x400 with 1 Axes>"


def test_shown_text_size_counts_the_notebooks_margin():
    # 8 px * 72 / 320 px of a picture 6 + 2 x 0.1 inches wide: 11.16 points.
    assert shown_text_size(6.0) == 11.5
    assert shown_text_size(12.0) == 22.0  # 21.96
    assert shown_text_size(2.0) == 10.0  # the house's size


def test_validate_axes_takes_an_axes_or_none():
    _, ax = new_figure()
    assert validate_axes(ax) is None
    assert validate_axes(None) is None
    with pytest.raises(TypeError, match=r"ax must be a matplotlib Axes.*got 'plot'"):
        validate_axes("plot")
